package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzLimits are small so random inputs reach every limit.
var fuzzLimits = JSONLimits{MaxBytes: 1 << 20, MaxDepth: 4, MaxKeys: 4, MaxString: 32}

// limitCodes are the refusals of JSON that encoding/json itself accepts.
var limitCodes = map[string]bool{"too_deep": true, "too_many_keys": true, "duplicate_key": true, "nul_character": true, "string_too_long": true}

// FuzzCheckJSON holds CheckJSON to its contract on any input: it never panics,
// every refusal is a 400 problem with a stable code (never an internal error
// that would surface as 500), it accepts nothing encoding/json rejects, and
// what it accepts is within the limits. `go test` runs the seeds; `go test
// -fuzz FuzzCheckJSON` explores.
func FuzzCheckJSON(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Acme"}`, `[]`, `{}`, `"text"`, `42`, `null`, `true`, `  {"a" : [1, 2.5e3, -0, "x"]}  `,
		`{"a":{"b":{"c":{"d":1}}}}`, `{"a":{"b":{"c":{"d":{"e":1}}}}}`, `[[[[1]]]]`, `[[[[[1]]]]]`,
		`{"a":1,"b":2,"c":3,"d":4}`, `{"a":1,"b":2,"c":3,"d":4,"e":5}`, `{"a":1,"a":2}`, `{"a":{"x":1},"b":{"x":1}}`,
		`{"a":"\u0000"}`, `{"\u0000":1}`, `{"a":"` + strings.Repeat("x", 33) + `"}`, `{"` + strings.Repeat("k", 33) + `":1}`,
		`{"a":"\ud800"}`, `{"a":"\uDBFF\uDFFF"}`, "{\"a\":\"\xff\"}", "{\"a\":\"\xed\xa0\x80\"}", "\xef\xbb\xbf{}",
		`[1}`, `{"a":1]`, `{"a":1,}`, `[1,]`, `{"a"}`, `{1:2}`, `{"a":1} {}`, `{"a":1}]`, ``, ` `, `{`, `[`, `"`, `}`, `]`,
		`{"a":01}`, `{"a":1e}`, `{"a":tru}`, `{"a":"\x"}`, "{\"a\":\"\x01\"}", `{"a":NaN}`, `/* c */ {}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		err := CheckJSON(body, fuzzLimits)
		if err == nil {
			if !utf8.Valid(body) || !json.Valid(body) {
				t.Fatalf("accepted what encoding/json rejects: %q", body)
			}
			if why := beyondLimits(body, fuzzLimits); why != "" {
				t.Fatalf("accepted %q although %s", body, why)
			}
			return
		}
		var ae *apiError
		if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest || ae.Code == "" {
			t.Fatalf("%q: refusal %v is not a 400 problem with a code (it would answer 500)", body, err)
		}
		if utf8.Valid(body) && json.Valid(body) && !limitCodes[ae.Code] {
			t.Fatalf("%q is valid JSON but was refused as %q", body, ae.Code)
		}
		if ae.Code != "duplicate_key" && limitCodes[ae.Code] && utf8.Valid(body) && json.Valid(body) && beyondLimits(body, fuzzLimits) == "" {
			t.Fatalf("%q is within the limits but was refused as %q", body, ae.Code)
		}
	})
}

// beyondLimits measures a valid document independently of CheckJSON (by
// decoding it whole) and says which limit it breaks, or "".
func beyondLimits(body []byte, lim JSONLimits) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "it does not decode: " + err.Error()
	}
	return measure(v, 0, lim)
}

func measure(v any, depth int, lim JSONLimits) string {
	checkString := func(s string) string {
		switch {
		case strings.ContainsRune(s, 0):
			return "a string holds NUL"
		case lim.MaxString > 0 && len(s) > lim.MaxString:
			return "a string is too long"
		}
		return ""
	}
	switch t := v.(type) {
	case string:
		return checkString(t)
	case []any:
		if depth+1 > lim.MaxDepth {
			return "it nests too deep"
		}
		for _, e := range t {
			if why := measure(e, depth+1, lim); why != "" {
				return why
			}
		}
	case map[string]any:
		if depth+1 > lim.MaxDepth {
			return "it nests too deep"
		}
		if len(t) > lim.MaxKeys {
			return "an object has too many keys"
		}
		for k, e := range t {
			if why := checkString(k); why != "" {
				return why
			}
			if why := measure(e, depth+1, lim); why != "" {
				return why
			}
		}
	}
	return ""
}
