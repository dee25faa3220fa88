package tracking

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// refValue reads body as encoding/json does with UseNumber: the reference
// the hand-written reader is held to.
func refValue(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil || dec.More() {
		return nil, errSyntax // more than one value
	}
	if !json.Valid(body) {
		return nil, errSyntax
	}
	return v, nil
}

// The grammar's corners, which the fuzzers reach rarely or never: every
// document reads as encoding/json reads it, or fails where it fails.
func TestReaderMatchesEncodingJSON(t *testing.T) {
	docs := []string{
		``, ` `, `{}`, `[]`, ` { } `, "\t[\r\n1 ,\n2 ]\n", `{"a":1,}`, `[1,]`, `[,1]`, `{,"a":1}`, `{"a" 1}`, `{"a":}`, `{1:2}`,
		`{"a":1 "b":2}`, `[1 2]`, `{"a":1}}`, `[1]]`, `{"a":[}`, `"x"`, `"x" "y"`, `{} {}`, "{}\x00",
		`0`, `-0`, `-`, `01`, `-01`, `1.`, `.5`, `1.5`, `1e`, `1e+`, `1E-5`, `1e5x`, `-1.25e+300`, `1.0e400`, `+1`,
		`123456789012345678901234567890`, `[0,-0.0,1e-0]`,
		`true`, `false`, `null`, `tru`, `nul`, `truex`, `[true,false,null]`, `nulll`, `True`,
		`"\u0041\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`,
		`"\ud83d\`, `"\ud83d\u12"`, `"\u12"`, `"\u00zz"`, `"\x"`, `"\"\\\/\b\f\n\r\t"`, `"a`, `"a\"`, "\"a\tb\"", "\"a\x01\"",
		"\"\u2028\u00e9\"", `"\u0000"`, `{"a":1,"a":2}`, `{"a":{"b":1},"a":[2]}`, `{"\u0061":1,"a":2}`,
		"\ufeff{}", `{"a":[1,{"b":[null,"c"]}]}`,
	}
	for _, depth := range []int{maxDepth - 1, maxDepth, maxDepth + 1} {
		docs = append(docs, strings.Repeat("[", depth)+strings.Repeat("]", depth),
			strings.Repeat(`{"a":`, depth-1)+"{}"+strings.Repeat("}", depth-1))
	}
	for _, doc := range docs {
		r := &reader{buf: []byte(doc)}
		got, err := r.value()
		if err == nil {
			err = r.end()
		}
		want, wantErr := refValue([]byte(doc))
		name := doc
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		if (err == nil) != (wantErr == nil) {
			t.Errorf("%q: error %v, encoding/json %v", name, err, wantErr)
			continue
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%q: read %#v, encoding/json %#v", name, got, want)
		}
		if err == nil && r.depth != 0 {
			t.Errorf("%q: depth %d after the document", name, r.depth)
		}
	}
}

// A name in commonNames reads as the list's own string, any other as a
// copy of the bytes: the body can be reused without changing what was read.
func TestReaderNamesDoNotShareTheBody(t *testing.T) {
	body := []byte(`{"context":{"uncommonName":"value","page":{"path":"/"}}}`)
	val, _, err := readDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	for i := range body {
		body[i] = 'x'
	}
	want := map[string]any{"context": map[string]any{"uncommonName": "value", "page": map[string]any{"path": "/"}}}
	if !reflect.DeepEqual(val, want) {
		t.Fatalf("after the body changed, read %#v", val)
	}
}
