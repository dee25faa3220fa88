package tracking

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Reading a request is one pass over its bytes with a streaming tokenizer
// (jsontext, the syntax layer of encoding/json/v2): it checks the syntax and
// decodes each message's values as it goes. encoding/json scanned every
// byte four times here (the envelope, each message's fields, each object's
// decoder, and a validity check before each), and parsing was over a
// quarter of the server's CPU under a tracking load (docs/benchmarks.md).
//
// The results are exactly encoding/json's with UseNumber, which the parser
// used before (FuzzParseMatchesReference): a later duplicate name wins,
// numbers are json.Number with the text sent, a lone surrogate escape reads
// as U+FFFD, and the envelope's names match in any case.

// errSyntax is any way the bytes fail to be one JSON value.
var errSyntax = errors.New("tracking: not one JSON value")

func newReader(body []byte) *jsontext.Decoder {
	// A bytes.Buffer is read in place, without a copy. Invalid UTF-8 bytes
	// never reach here (checkJSONText); allowing them keeps encoding/json's
	// reading of escaped lone surrogates as U+FFFD.
	return jsontext.NewDecoder(bytes.NewBuffer(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
}

// readDocument decodes body, which must hold one JSON value and nothing
// else, as a message: with the texts of its free-form objects.
func readDocument(body []byte) (any, sentTexts, error) {
	dec := newReader(body)
	val, texts, err := readMessage(dec, body, 0)
	if err != nil {
		return nil, texts, err
	}
	return val, texts, readEnd(dec)
}

// readEnd fails unless only white space is left.
func readEnd(dec *jsontext.Decoder) error {
	if _, err := dec.ReadToken(); !errors.Is(err, io.EOF) {
		return errSyntax
	}
	return nil
}

// readValue decodes the next value as encoding/json does into an any with
// UseNumber.
func readValue(dec *jsontext.Decoder) (any, error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, errSyntax
	}
	switch tok.Kind() {
	case '{':
		obj := map[string]any{}
		for dec.PeekKind() != '}' {
			tok, err := dec.ReadToken()
			if err != nil {
				return nil, errSyntax
			}
			name := tok.String() // before the next read voids tok
			val, err := readValue(dec)
			if err != nil {
				return nil, err
			}
			obj[name] = val
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, errSyntax
		}
		return obj, nil
	case '[':
		arr := []any{}
		for dec.PeekKind() != ']' {
			val, err := readValue(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, val)
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, errSyntax
		}
		return arr, nil
	case '"':
		return tok.String(), nil
	case '0':
		return json.Number(tok.String()), nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	}
	return nil, nil // null
}

// readMessage decodes the next value as readValue does; when it is an
// object, it also finds the text of each of its free-form objects
// (properties, traits, context, integrations), as offsets from origin, the
// offset in body where the message's text starts. As in the decoded map, a
// name given twice counts as its last value.
func readMessage(dec *jsontext.Decoder, body []byte, origin int64) (any, sentTexts, error) {
	var texts sentTexts
	if dec.PeekKind() != '{' {
		val, err := readValue(dec)
		return val, texts, err
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, texts, errSyntax
	}
	obj := map[string]any{}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, texts, errSyntax
		}
		name := tok.String()
		start := skipSeparators(body, dec.InputOffset())
		val, err := readValue(dec)
		if err != nil {
			return nil, texts, err
		}
		obj[name] = val
		if i := sentObjectIndex(name); i >= 0 {
			texts[i] = textSpan{start - origin, dec.InputOffset() - origin}
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, texts, errSyntax
	}
	return obj, texts, nil
}

// envelope is a /v1/batch body read: each message's value and its JSON
// text (nil when there is no batch array, empty for []), and the
// batch-level fields.
type envelope struct {
	batch    []batchItem
	defaults fields // sentAt, context, integrations
}

type batchItem struct {
	val   any
	raw   []byte
	texts sentTexts
}

// envelopeNames are the batch-level fields, matched as encoding/json
// matches a struct's field names: in any case.
var envelopeNames = []string{"batch", "sentAt", "context", "integrations"}

// readEnvelope reads a batch body. As encoding/json reading it into a
// struct with a *[]json.RawMessage batch, a null body or batch counts as no
// batch, and a batch that is neither an array nor null is an error.
func readEnvelope(body []byte) (envelope, error) {
	var env envelope
	dec := newReader(body)
	tok, err := dec.ReadToken()
	if err != nil {
		return env, errSyntax
	}
	switch tok.Kind() {
	case 'n':
		return env, readEnd(dec)
	case '{':
	default:
		return env, errSyntax
	}
	env.defaults = fields{}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return env, errSyntax
		}
		name := envelopeName(tok.String())
		if name != "batch" {
			val, err := readValue(dec)
			if err != nil {
				return env, err
			}
			if name != "" {
				env.defaults[name] = val
			}
			continue
		}
		if env.batch, err = readBatch(dec, body); err != nil {
			return env, err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return env, errSyntax
	}
	return env, readEnd(dec)
}

func envelopeName(s string) string {
	for _, n := range envelopeNames {
		if strings.EqualFold(s, n) {
			return n
		}
	}
	return ""
}

// readBatch reads the batch array's messages, each with its text in body:
// nil for null, and never nil for an array.
func readBatch(dec *jsontext.Decoder, body []byte) ([]batchItem, error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, errSyntax
	}
	switch tok.Kind() {
	case 'n':
		return nil, nil
	case '[':
	default:
		return nil, errSyntax
	}
	items := []batchItem{}
	for dec.PeekKind() != ']' {
		start := skipSeparators(body, dec.InputOffset())
		val, texts, err := readMessage(dec, body, start)
		if err != nil {
			return nil, err
		}
		items = append(items, batchItem{val: val, raw: body[start:dec.InputOffset()], texts: texts})
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, errSyntax
	}
	return items, nil
}

// skipSeparators moves past the white space and the comma or colon before
// a value, to where its text starts.
func skipSeparators(body []byte, at int64) int64 {
	for at < int64(len(body)) {
		switch body[at] {
		case ' ', '\t', '\r', '\n', ',', ':':
			at++
		default:
			return at
		}
	}
	return at
}
