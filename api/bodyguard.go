package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/onefunnel/onefunnel/domain"
)

// JSONLimits bounds what a JSON body may be (SECURITY.md).
type JSONLimits struct {
	MaxBytes   int64 // whole body → 413
	MaxDepth   int   // nesting → 400
	MaxKeys    int   // keys per object → 400
	MaxString  int   // bytes per string value → 400 (0: no limit)
	AllowPlain bool  // accept text/plain bodies too (sendBeacon)
}

// APILimits are the REST API's limits.
var APILimits = JSONLimits{MaxBytes: 1 << 20, MaxDepth: 32, MaxKeys: 256}

// bodyGuard rejects, before any decoding, what JSON decoders would silently
// accept or mangle: wrong content types, oversize bodies, invalid UTF-8
// (encoding/json would replace it), NUL characters (PostgreSQL refuses them,
// SQLite keeps them), duplicate keys (parsers disagree on which wins), and
// excessive nesting. Requests without a body pass through.
func bodyGuard(lim JSONLimits) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.Method == http.MethodGet || req.Method == http.MethodHead || req.Method == http.MethodDelete || req.Method == http.MethodOptions {
				return next(c)
			}
			if req.ContentLength > lim.MaxBytes {
				return newAPIError(http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("the body exceeds %d bytes", lim.MaxBytes))
			}
			body, err := io.ReadAll(io.LimitReader(req.Body, lim.MaxBytes+1))
			if err != nil {
				return newAPIError(http.StatusBadRequest, "unreadable_body", "the body could not be read")
			}
			if int64(len(body)) > lim.MaxBytes {
				return newAPIError(http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("the body exceeds %d bytes", lim.MaxBytes))
			}
			if len(bytes.TrimSpace(body)) > 0 || req.Header.Get(echo.HeaderContentType) != "" {
				if err := checkContentType(req.Header.Get(echo.HeaderContentType), lim.AllowPlain); err != nil {
					return err
				}
				if err := CheckJSON(body, lim); err != nil {
					return err
				}
				req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
			}
			req.Body = io.NopCloser(bytes.NewReader(body))
			req.ContentLength = int64(len(body))
			return next(c)
		}
	}
}

func checkContentType(ct string, allowPlain bool) error {
	mt, params, err := mime.ParseMediaType(ct)
	ok := err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json") || (allowPlain && mt == "text/plain"))
	if cs, has := params["charset"]; ok && has && !strings.EqualFold(cs, "utf-8") {
		ok = false
	}
	if !ok {
		return newAPIError(http.StatusUnsupportedMediaType, "unsupported_media_type", "send JSON with Content-Type: application/json")
	}
	return nil
}

// CheckJSON validates raw JSON against the limits in one streaming pass.
func CheckJSON(body []byte, lim JSONLimits) error {
	if !utf8.Valid(body) {
		return newAPIError(http.StatusBadRequest, "invalid_utf8", "the body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	w := jsonWalker{dec: dec, lim: lim}
	if err := w.value(0); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return malformed("unexpected data after the JSON value")
	}
	return nil
}

type jsonWalker struct {
	dec *json.Decoder
	lim JSONLimits
}

func malformed(detail string) error {
	return newAPIError(http.StatusBadRequest, "malformed_json", detail)
}

func (w *jsonWalker) value(depth int) error {
	tok, err := w.dec.Token()
	if err != nil {
		return malformed("the body is not valid JSON")
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth+1 > w.lim.MaxDepth {
			return newAPIError(http.StatusBadRequest, "too_deep", fmt.Sprintf("JSON nests deeper than %d levels", w.lim.MaxDepth))
		}
		if t == '{' {
			return w.object(depth + 1)
		}
		if t == '[' {
			for w.dec.More() {
				if err := w.value(depth + 1); err != nil {
					return err
				}
			}
			return w.end()
		}
		return malformed("unexpected delimiter")
	case string:
		return w.str(t)
	}
	return nil
}

func (w *jsonWalker) object(depth int) error {
	seen := map[string]bool{}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return malformed("the body is not valid JSON")
		}
		key, _ := tok.(string)
		if err := w.str(key); err != nil {
			return err
		}
		if seen[key] {
			return newAPIError(http.StatusBadRequest, "duplicate_key", fmt.Sprintf("the key %q appears twice in one object", key))
		}
		seen[key] = true
		if len(seen) > w.lim.MaxKeys {
			return newAPIError(http.StatusBadRequest, "too_many_keys", fmt.Sprintf("an object has more than %d keys", w.lim.MaxKeys))
		}
		if err := w.value(depth); err != nil {
			return err
		}
	}
	return w.end()
}

// end reads the closing delimiter of an array or object. A mismatched one
// (`[1}`) is the client's syntax error, not ours: it must not become a 500.
func (w *jsonWalker) end() error {
	if _, err := w.dec.Token(); err != nil {
		return malformed("the body is not valid JSON")
	}
	return nil
}

func (w *jsonWalker) str(s string) error {
	if strings.ContainsRune(s, 0) {
		return &apiError{Status: http.StatusBadRequest, Code: "nul_character", Detail: "strings must not contain NUL characters",
			Fields: []domain.FieldError{{Field: "body", Code: "nul_character", Message: "must not contain NUL characters"}}}
	}
	if w.lim.MaxString > 0 && len(s) > w.lim.MaxString {
		return newAPIError(http.StatusBadRequest, "string_too_long", fmt.Sprintf("a string exceeds %d bytes", w.lim.MaxString))
	}
	return nil
}

// jsonEncode writes v as compact JSON.
func jsonEncode(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}
