package tracking

import (
	"bytes"
	"reflect"
	"strings"
)

// A message's free-form objects are stored as the client sent them. The
// stored form (JSON) used to encode each object's decoded map again, keys
// sorted: under bench-ingest's load that was a third of the time spent
// parsing requests and encoding their payloads (docs/benchmarks.md,
// eleventh session). An object that is exactly one
// JSON text of the request (not merged with the batch's context or
// integrations) is now written as that text: the same JSON value, with the
// client's key order, spacing and escapes. DecodeStored reads it back as the
// very map the parser made (FuzzStored), since the parser reads JSON as
// encoding/json does (FuzzParseMatchesReference).
//
// The parser has already checked the text: valid UTF-8, one JSON value with
// no trailing bytes, and the object's rules (checkTree: no NUL, so no
// \u0000 either). A text with a UTF-16 surrogate escape (\ud83d\ude00) is
// encoded again as before: a lone one (\ud800) reads as U+FFFD, which the
// encoder writes, where PostgreSQL's jsonb and other strict readers refuse
// the escape itself.

// sentNames are the free-form objects whose text a message keeps, in the
// order of sentTexts and sentObjects.
var sentNames = [...]string{"properties", "traits", "context", "integrations"}

func sentObjectIndex(name string) int {
	for i, n := range sentNames {
		if n == name {
			return i
		}
	}
	return -1
}

// textSpan is where a value's text is, in bytes from the start of its
// message's text; the zero span is none.
type textSpan struct{ start, end int64 }

// sentTexts are the spans of a message's free-form objects.
type sentTexts [len(sentNames)]textSpan

// sentObject is an object as decoded: the map, its size then, and its text.
type sentObject struct {
	of   map[string]any
	keys int
	text []byte
}

// sentObjects are a message's sent objects, in sentNames' order.
type sentObjects [len(sentNames)]sentObject

// of keeps the text in raw of each object of objs that is the map decoded
// from it, unchanged: the very map the top-level fields w hold.
func (t sentTexts) of(raw []byte, w fields, objs [len(sentNames)]map[string]any) sentObjects {
	var s sentObjects
	for i, obj := range objs {
		span := t[i]
		decoded, _ := w[sentNames[i]].(map[string]any)
		if len(obj) == 0 || span.end <= span.start || span.end > int64(len(raw)) || !sameMap(obj, decoded) {
			continue
		}
		if text := raw[span.start:span.end]; !hasSurrogateEscape(text) {
			s[i] = sentObject{of: obj, keys: len(obj), text: text}
		}
	}
	return s
}

// textOf is the sent text of obj, or nil when obj is not the map that text
// was decoded into, or has changed size since.
func (o sentObject) textOf(obj map[string]any) []byte {
	if o.text == nil || len(obj) != o.keys || !sameMap(obj, o.of) {
		return nil
	}
	return o.text
}

// sameMap reports whether a and b are one map.
func sameMap(a, b map[string]any) bool {
	return a != nil && b != nil && reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// hasSurrogateEscape reports whether text holds a \u escape of a UTF-16
// surrogate (D800–DFFF), or what looks like one after an escaped backslash.
func hasSurrogateEscape(text []byte) bool {
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(`\u`))
		if j < 0 {
			return false
		}
		i += j + 2
		if i+1 < len(text) && text[i]|0x20 == 'd' && strings.IndexByte("89abcdefABCDEF", text[i+1]) >= 0 {
			return true
		}
	}
}
