package domain

import (
	"encoding/json"
	"testing"
	"time"
	"unicode/utf8"
)

// AppendJSONString is encoding/json's string encoding for any input.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{
		"", "plain", `quote " and backslash \`, "<script>&amp;</script>", "tab\tnew\nline\rret\bbs\fff",
		"\x00\x01\x1f\x7f", "caf\u00e9 🦄 \u2028\u2029", "bad \xff\xfe utf8 \xc3", "\xe2\x80", "ünïcödé ü\u0301", "O'Brien",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		if !utf8.Valid(AppendJSONString(nil, s)) {
			t.Fatalf("%q: output is not UTF-8", s)
		}
	})
}

// A time encoding/json refuses is refused here too, not written.
func TestAppendTimeRefusesWhatJSONRefuses(t *testing.T) {
	for _, tm := range []time.Time{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if _, err := AppendJSONTime(nil, tm); err == nil {
			t.Fatalf("%v: written", tm)
		}
	}
	for _, tm := range []time.Time{time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)} {
		want, _ := json.Marshal(tm)
		got, err := AppendJSONTime(nil, tm)
		if err != nil || string(got) != string(want) {
			t.Fatalf("%v: got %s %v, want %s", tm, got, err, want)
		}
	}
}
