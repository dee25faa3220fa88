package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/storage"
)

// IdempotencyStore saves responses of POSTs sent with an Idempotency-Key.
type IdempotencyStore interface {
	Begin(ctx context.Context, r storage.IdempotentResponse) (storage.IdempotentResponse, bool, error)
	Finish(ctx context.Context, r storage.IdempotentResponse) error
	Release(ctx context.Context, r storage.IdempotentResponse) error
}

// idempotency gives POSTs Stripe's semantics: the same key and body replay the
// saved response; the same key with another body is 422; a key whose first
// request is still running is 409. Responses of 5xx are not saved, so the
// client may retry them with the same key. Keys are per caller.
func idempotency(store IdempotencyStore) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			key := req.Header.Get("Idempotency-Key")
			p, ok := auth.PrincipalFrom(req.Context())
			if req.Method != http.MethodPost || key == "" || !ok {
				return next(c)
			}
			// The key is stored as text: PostgreSQL refuses invalid UTF-8 and NUL (a 500) where SQLite keeps them.
			if len(key) > 255 || !utf8.ValidString(key) || strings.ContainsRune(key, 0) {
				return newAPIError(http.StatusBadRequest, "invalid_idempotency_key", "Idempotency-Key is at most 255 characters of valid UTF-8")
			}
			var body bytes.Buffer
			if _, err := body.ReadFrom(req.Body); err != nil {
				return err
			}
			req.Body = readCloser{bytes.NewReader(body.Bytes())}
			sum := sha256.Sum256(append([]byte(req.Method+" "+req.URL.Path+"\n"), body.Bytes()...))
			caller := p.MemberID
			if p.IsAPIKey() {
				caller = p.APIKeyID
			}
			rec := storage.IdempotentResponse{WorkspaceID: p.WorkspaceID, PrincipalID: caller, Key: key, Method: req.Method, Path: req.URL.Path, RequestHash: hex.EncodeToString(sum[:])}
			saved, fresh, err := store.Begin(req.Context(), rec)
			if err != nil {
				return err
			}
			if !fresh {
				switch {
				case saved.RequestHash != rec.RequestHash:
					return newAPIError(http.StatusUnprocessableEntity, "idempotency_key_reused", "this Idempotency-Key was used with another request")
				case saved.Status == 0:
					return newAPIError(http.StatusConflict, "idempotency_key_in_use", "a request with this Idempotency-Key is still running")
				}
				h := c.Response().Header()
				if saved.Location != "" {
					h.Set(echo.HeaderLocation, saved.Location)
				}
				h.Set("Idempotent-Replayed", "true")
				return c.Blob(saved.Status, saved.ContentType, saved.Body)
			}
			rw := &recorder{ResponseWriter: c.Response().Writer}
			c.Response().Writer = rw
			err = next(c)
			if err != nil || c.Response().Status >= 500 {
				// Detach from the request's deadline so the key is released even on a timeout.
				_ = store.Release(context.WithoutCancel(req.Context()), rec)
				return err
			}
			rec.Status, rec.Body = c.Response().Status, rw.buf.Bytes()
			rec.Location, rec.ContentType = c.Response().Header().Get(echo.HeaderLocation), c.Response().Header().Get(echo.HeaderContentType)
			return store.Finish(context.WithoutCancel(req.Context()), rec)
		}
	}
}

// recorder copies what a handler writes.
type recorder struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
