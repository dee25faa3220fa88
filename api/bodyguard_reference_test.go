package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/onefunnel/onefunnel/domain"
)

// checkJSONTokens is CheckJSON as it was first written, on encoding/json's
// tokeniser: the reference FuzzCheckJSONAgrees holds the scanner to.
func checkJSONTokens(body []byte, lim JSONLimits) error {
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

// FuzzCheckJSONAgrees: the scanner gives every input the tokeniser's answer,
// down to the problem's code and detail.
func FuzzCheckJSONAgrees(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Acme"}`, `[]`, `{}`, `"text"`, `42`, `-0.5e+3`, `null`, `true`, `false`, `  {"a" : [1, 2.5e3, -0, "x"]}  `,
		`{"a":{"b":{"c":{"d":1}}}}`, `{"a":{"b":{"c":{"d":{"e":1}}}}}`, `[[[[1]]]]`, `[[[[[1]]]]]`, `[[[[[`, `{"a":[[[[1]]]]}`,
		`{"a":1,"b":2,"c":3,"d":4}`, `{"a":1,"b":2,"c":3,"d":4,"e":5}`, `{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `{"a":{"x":1},"b":{"x":1}}`,
		`{"a":"\u0000"}`, `{"\u0000":1}`, `{"a":"` + strings.Repeat("x", 33) + `"}`, `{"` + strings.Repeat("k", 33) + `":1}`,
		`{"a":"` + strings.Repeat(`\n`, 20) + `"}`, `{"a":"\ud800"}`, `{"a":"\uDBFF\uDFFF"}`, "{\"a\":\"\xff\"}", "\xef\xbb\xbf{}",
		`[1}`, `{"a":1]`, `{"a":1,}`, `[1,]`, `[,1]`, `{"a"}`, `{1:2}`, `{"a":1} {}`, `{"a":1}]`, ``, ` `, `{`, `[`, `"`, `}`, `]`, `"\`, `"\u12`,
		`{"a":01}`, `{"a":1e}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":+1}`, `{"a":tru}`, `{"a":nul}`, `{"a":"\x"}`, "{\"a\":\"\x01\"}",
		`{"a":NaN}`, `/* c */ {}`, "{\"a\"\t:\r\n1}", `{"a":1 "b":2}`, `["a" "b"]`, `{"a"::1}`, `{"a":1,,"b":2}`, `1 2`, `"\/\b\f\r\t\"\\"`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, want := CheckJSON(body, fuzzLimits), checkJSONTokens(body, fuzzLimits)
		if (got == nil) != (want == nil) {
			t.Fatalf("%q: scanner says %v, tokeniser %v", body, got, want)
		}
		if got == nil {
			return
		}
		var g, w *apiError
		if !errors.As(got, &g) || !errors.As(want, &w) || g.Code != w.Code || g.Detail != w.Detail {
			t.Fatalf("%q: scanner refuses with %v, tokeniser with %v", body, got, want)
		}
	})
}

// Objects with many keys, where the scanner keeps them in a map, answer as
// the tokeniser does: a duplicate found early, late or not at all.
func TestCheckJSONManyKeysAgrees(t *testing.T) {
	lim := JSONLimits{MaxBytes: 1 << 20, MaxDepth: 8, MaxKeys: 40}
	for _, n := range []int{15, 16, 17, 30, 40, 41} {
		for _, dup := range []int{-1, 1, 16, 17, n - 1} {
			var b strings.Builder
			b.WriteString("{")
			for i := range n {
				if i > 0 {
					b.WriteString(",")
				}
				k := i
				if i == dup {
					k = 0
				}
				fmt.Fprintf(&b, `"k%d":%d`, k, i)
			}
			b.WriteString("}")
			got, want := CheckJSON([]byte(b.String()), lim), checkJSONTokens([]byte(b.String()), lim)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%d keys, duplicate at %d: scanner %v, tokeniser %v", n, dup, got, want)
			}
		}
	}
}
