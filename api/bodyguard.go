package api

import (
	"bytes"
	"encoding/json"
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
			body, err := readAll(io.LimitReader(req.Body, lim.MaxBytes+1), req.ContentLength)
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
			req.Body = checkedBody{bytes.NewReader(body), body}
			req.ContentLength = int64(len(body))
			return next(c)
		}
	}
}

// checkedBody is a body bodyGuard has read and checked, for the handler to
// read again or to take whole (requestBody).
type checkedBody struct {
	*bytes.Reader
	body []byte
}

func (checkedBody) Close() error { return nil }

// requestBody is the request's body, read to its end: the bytes bodyGuard
// read and checked when nothing has read them since, without a copy (a
// tracked batch is up to 500 KB).
func requestBody(req *http.Request) ([]byte, error) {
	if b, ok := req.Body.(checkedBody); ok && b.Len() == len(b.body) {
		_, err := b.Seek(0, io.SeekEnd)
		return b.body, err
	}
	return io.ReadAll(req.Body)
}

// readAll is io.ReadAll with room for size bytes from the start, when the
// request says how long it is: io.ReadAll starts at 512 bytes and grows,
// copying, to a batch's size. Up to 64 KB (a hundred tracked events) is
// taken on the request's word; a client that says more without sending it
// would hold that much memory for nothing.
func readAll(r io.Reader, size int64) ([]byte, error) {
	if size < 0 || size > 64<<10 {
		size = 512
	}
	b := make([]byte, 0, size+1) // +1: a body longer than said is read to its end all the same
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
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

// CheckJSON validates raw JSON against the limits in one pass over its
// bytes. It is on the path of every tracked event, so it scans instead of
// tokenising (encoding/json's Decoder.Token allocated for each token and was
// a quarter of an ingest request's CPU); FuzzCheckJSONAgrees holds it to the
// tokenising version's answers.
func CheckJSON(body []byte, lim JSONLimits) error {
	if !utf8.Valid(body) {
		return newAPIError(http.StatusBadRequest, "invalid_utf8", "the body is not valid UTF-8")
	}
	s := jsonScanner{b: body, lim: lim}
	if err := s.value(0); err != nil {
		return err
	}
	if s.space(); s.i != len(s.b) {
		return malformed("unexpected data after the JSON value")
	}
	return nil
}

func malformed(detail string) error {
	return newAPIError(http.StatusBadRequest, "malformed_json", detail)
}

var errSyntax = malformed("the body is not valid JSON")

// jsonScanner walks a UTF-8 document once, checking RFC 8259's grammar and
// the limits.
type jsonScanner struct {
	b   []byte
	i   int
	lim JSONLimits
	key []byte // the key just read, decoded
}

func (s *jsonScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScanner) value(depth int) error {
	if s.space(); s.i == len(s.b) {
		return errSyntax
	}
	switch c := s.b[s.i]; {
	case c == '{' || c == '[':
		if depth+1 > s.lim.MaxDepth {
			return newAPIError(http.StatusBadRequest, "too_deep", fmt.Sprintf("JSON nests deeper than %d levels", s.lim.MaxDepth))
		}
		s.i++
		if c == '{' {
			return s.object(depth + 1)
		}
		return s.array(depth + 1)
	case c == '"':
		return s.str(false)
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || ('0' <= c && c <= '9'):
		return s.number()
	}
	return errSyntax
}

func (s *jsonScanner) array(depth int) error {
	if s.space(); s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return nil
	}
	for {
		if err := s.value(depth); err != nil {
			return err
		}
		if more, err := s.more(']'); !more {
			return err
		}
	}
}

// more reads what follows an element: a comma (true: another comes) or the
// closing delimiter.
func (s *jsonScanner) more(closing byte) (bool, error) {
	if s.space(); s.i < len(s.b) {
		switch s.b[s.i] {
		case ',':
			s.i++
			return true, nil
		case closing:
			s.i++
			return false, nil
		}
	}
	return false, errSyntax
}

func (s *jsonScanner) object(depth int) error {
	if s.space(); s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return nil
	}
	// The keys so far, while there are few, as they are in the body (or
	// decoded, when escaped): compared without a string each. Past that, a
	// set, so that a large object stays linear.
	var few [16][]byte
	keys := few[:0]
	var seen map[string]bool
	for {
		if s.space(); s.i == len(s.b) || s.b[s.i] != '"' {
			return errSyntax
		}
		if err := s.str(true); err != nil {
			return err
		}
		dup := seen[string(s.key)]
		for _, k := range keys {
			dup = dup || bytes.Equal(k, s.key)
		}
		if dup {
			return newAPIError(http.StatusBadRequest, "duplicate_key", fmt.Sprintf("the key %q appears twice in one object", s.key))
		}
		if len(keys) == len(few) {
			if seen == nil {
				seen = make(map[string]bool, 2*len(keys))
			}
			for _, k := range keys {
				seen[string(k)] = true
			}
			keys = keys[:0]
		}
		keys = append(keys, s.key)
		if len(keys)+len(seen) > s.lim.MaxKeys {
			return newAPIError(http.StatusBadRequest, "too_many_keys", fmt.Sprintf("an object has more than %d keys", s.lim.MaxKeys))
		}
		if s.space(); s.i == len(s.b) || s.b[s.i] != ':' {
			return errSyntax
		}
		s.i++
		if err := s.value(depth); err != nil {
			return err
		}
		if more, err := s.more('}'); !more {
			return err
		}
	}
}

// str reads a string at s.i (its opening quote) and checks its decoded
// form; as a key it leaves that in s.key.
func (s *jsonScanner) str(key bool) error {
	start := s.i
	s.i++
	escaped := false
	for {
		// Skip the bytes that stand for themselves.
		for s.i < len(s.b) && plainStringByte[s.b[s.i]] {
			s.i++
		}
		if s.i >= len(s.b) {
			return errSyntax
		}
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			raw := s.b[start:s.i]
			decoded := raw[1 : len(raw)-1]
			if escaped {
				var v string
				if json.Unmarshal(raw, &v) != nil {
					return errSyntax
				}
				decoded = []byte(v)
			}
			if key {
				s.key = decoded
			}
			return s.checkString(decoded)
		case c < 0x20:
			return errSyntax
		case c == '\\':
			escaped = true
			s.i += 2 // the escape's letter; \u's digits are checked by Unmarshal
		default:
			s.i++
		}
	}
}

// plainStringByte marks the bytes that end nothing inside a JSON string:
// not the closing quote, not a backslash, not a control character.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (s *jsonScanner) checkString(v []byte) error {
	if bytes.IndexByte(v, 0) >= 0 {
		return &apiError{Status: http.StatusBadRequest, Code: "nul_character", Detail: "strings must not contain NUL characters",
			Fields: []domain.FieldError{{Field: "body", Code: "nul_character", Message: "must not contain NUL characters"}}}
	}
	if s.lim.MaxString > 0 && len(v) > s.lim.MaxString {
		return newAPIError(http.StatusBadRequest, "string_too_long", fmt.Sprintf("a string exceeds %d bytes", s.lim.MaxString))
	}
	return nil
}

func (s *jsonScanner) literal(word string) error {
	if !bytes.HasPrefix(s.b[s.i:], []byte(word)) {
		return errSyntax
	}
	s.i += len(word)
	return nil
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScanner) number() error {
	digits := func() int {
		n := 0
		for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case digits() == 0:
		return errSyntax
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if digits() == 0 {
			return errSyntax
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return errSyntax
		}
	}
	return nil
}

// jsonEncode writes v as compact JSON.
func jsonEncode(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}
