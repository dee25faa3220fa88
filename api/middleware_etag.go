package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// etag gives successful GETs a strong ETag over the body and answers a
// matching If-None-Match with 304, so clients revalidate cheaply.
func etag() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().Method != http.MethodGet {
				return next(c)
			}
			orig := c.Response().Writer
			buf := &bufferedWriter{header: orig.Header(), status: http.StatusOK}
			c.Response().Writer = buf
			err := next(c)
			c.Response().Writer = orig
			if err != nil {
				return err
			}
			if buf.status == http.StatusOK {
				sum := sha256.Sum256(buf.body.Bytes())
				tag := `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
				orig.Header().Set("ETag", tag)
				if matchETag(c.Request().Header.Get("If-None-Match"), tag) {
					orig.WriteHeader(http.StatusNotModified)
					return nil
				}
			}
			orig.WriteHeader(buf.status)
			_, err = orig.Write(buf.body.Bytes())
			return err
		}
	}
}

func matchETag(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// bufferedWriter holds a response until its ETag is known.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedWriter) WriteHeader(status int)      { b.status = status }
