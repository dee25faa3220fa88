package tracking

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Reading a request is one pass over its bytes: reader checks the syntax
// and decodes each message's values as it goes. encoding/json scanned every
// byte four times here (the envelope, each message's fields, each object's
// decoder, and a validity check before each), and parsing was over a
// quarter of the server's CPU under a tracking load (docs/benchmarks.md).
// A streaming tokenizer (jsontext, from encoding/json/v2) then read it in
// one pass, but its tokens cost a state machine step each, and a string
// was scanned twice more to copy it out: reading by hand takes about half
// its time, with a third fewer allocations (docs/benchmarks.md, thirteenth
// session).
//
// The results are exactly encoding/json's with UseNumber, which the parser
// used before (FuzzParseMatchesReference): a later duplicate name wins,
// numbers are json.Number with the text sent, a lone surrogate escape reads
// as U+FFFD, and the envelope's names match in any case. Bytes of invalid
// UTF-8 are kept as they are: a request's were refused before
// (checkJSONText), and stored payloads have none.

// errSyntax is any way the bytes fail to be one JSON value.
var errSyntax = errors.New("tracking: not one JSON value")

// maxDepth is how deeply arrays and objects may nest, as in encoding/json.
const maxDepth = 10000

// reader reads JSON values from buf, at pos.
type reader struct {
	buf   []byte
	pos   int
	depth int
}

// space moves past white space and returns the next byte, 0 at the end.
func (r *reader) space() byte {
	for r.pos < len(r.buf) {
		switch c := r.buf[r.pos]; c {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return c
		}
	}
	return 0
}

// next moves past white space and the byte c, which must come next.
func (r *reader) next(c byte) error {
	if r.space() != c {
		return errSyntax
	}
	r.pos++
	return nil
}

// readDocument decodes body, which must hold one JSON value and nothing
// else, as a message: with the texts of its free-form objects.
func readDocument(body []byte) (any, sentTexts, error) {
	r := &reader{buf: body}
	val, texts, err := r.message(0)
	if err != nil {
		return nil, texts, err
	}
	return val, texts, r.end()
}

// end fails unless only white space is left.
func (r *reader) end() error {
	if r.space(); r.pos != len(r.buf) {
		return errSyntax
	}
	return nil
}

// value decodes the next value as encoding/json does into an any with
// UseNumber.
func (r *reader) value() (any, error) {
	switch r.space() {
	case '{':
		obj, err := r.object(nil, 0)
		if err != nil {
			return nil, err
		}
		return obj, nil
	case '[':
		if err := r.enter(); err != nil {
			return nil, err
		}
		arr := []any{}
		for n := 0; ; n++ {
			if more, err := r.more(']', n); err != nil {
				return nil, err
			} else if !more {
				break
			}
			val, err := r.value()
			if err != nil {
				return nil, err
			}
			arr = append(arr, val)
		}
		return arr, nil
	case '"':
		return r.str(false)
	case 't':
		return true, r.literal("true")
	case 'f':
		return false, r.literal("false")
	case 'n':
		return nil, r.literal("null")
	}
	return r.number()
}

// enter moves into an array or object, one level deeper.
func (r *reader) enter() error {
	r.pos++
	if r.depth++; r.depth > maxDepth {
		return errSyntax
	}
	return nil
}

// more moves to the nth element of the array or object entered last, past
// the comma before it, and reports true; or past the closing byte, out of
// the array or object, and reports false.
func (r *reader) more(closing byte, n int) (bool, error) {
	switch c := r.space(); {
	case c == closing:
		r.pos++
		r.depth--
		return false, nil
	case n == 0:
		return true, nil
	case c == ',':
		r.pos++
		return true, nil
	}
	return false, errSyntax
}

// name reads an object member's name and the colon after it.
func (r *reader) name() (string, error) {
	if r.space() != '"' {
		return "", errSyntax
	}
	name, err := r.str(true)
	if err != nil {
		return "", err
	}
	return name, r.next(':')
}

// commonNames are the member names of the Segment Spec and of the objects
// analytics.js and the mobile libraries send, each a string once: reading a
// name from the list does not copy it, and a message has dozens.
var commonNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Fields(`
		type messageId anonymousId userId previousId groupId event name category
		properties traits context integrations timestamp originalTimestamp sentAt receivedAt
		version writeKey channel batch
		page path url title referrer search keywords
		campaign source medium term content
		userAgent userAgentData locale timezone ip library app device os network screen location
		id manufacturer model advertisingId adTrackingEnabled token width height density
		brands mobile platform city country latitude longitude region speed
		bluetooth carrier cellular wifi namespace build
		email firstName lastName phone company website domain industry employees plan
		clickIds gclid fbclid msclkid li_fat_id
		revenue value currency price quantity product_id sku button All`) {
		m[n] = n
	}
	return m
}()

// literal moves past the word, which must come next.
func (r *reader) literal(word string) error {
	if end := r.pos + len(word); end > len(r.buf) || string(r.buf[r.pos:end]) != word {
		return errSyntax
	}
	r.pos += len(word)
	return nil
}

// number reads a number's text, which must follow JSON's grammar.
func (r *reader) number() (any, error) {
	b, start := r.buf, r.pos
	i := start
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return nil, errSyntax
	}
	if i < len(b) && b[i] == '.' {
		if i = digits(b, i+1); b[i-1] == '.' {
			return nil, errSyntax
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		at := i
		if i = digits(b, i); i == at {
			return nil, errSyntax
		}
	}
	r.pos = i
	return json.Number(b[start:i]), nil
}

// digits returns where the run of decimal digits at i ends.
func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// str reads a string, r.pos at its opening quote. One without escapes is
// copied out as it is, or when names is set and it is one of commonNames,
// not copied at all.
func (r *reader) str(names bool) (string, error) {
	b := r.buf
	for i := r.pos + 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			s, ok := "", false
			if names {
				s, ok = commonNames[string(b[r.pos+1:i])]
			}
			if !ok {
				s = string(b[r.pos+1 : i])
			}
			r.pos = i + 1
			return s, nil
		case c == '\\':
			return r.unquote(i)
		case c < ' ':
			return "", errSyntax
		}
	}
	return "", errSyntax
}

// unquote reads a string with escapes, the first at i, as encoding/json
// does: a surrogate escape not paired with the one after it reads as
// U+FFFD.
func (r *reader) unquote(i int) (string, error) {
	b := r.buf
	out := make([]byte, 0, i-r.pos+16)
	out = append(out, b[r.pos+1:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return string(out), nil
		case c < ' ':
			return "", errSyntax
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			return "", errSyntax
		}
		switch b[i+1] {
		case '"', '\\', '/':
			out = append(out, b[i+1])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			rr := hex4(b, i+2)
			if rr < 0 {
				return "", errSyntax
			}
			i += 6
			if utf16.IsSurrogate(rr) {
				if i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' {
					if dec := utf16.DecodeRune(rr, hex4(b, i+2)); dec != utf8.RuneError {
						out = utf8.AppendRune(out, dec)
						i += 6
						continue
					}
				}
				rr = utf8.RuneError
			}
			out = utf8.AppendRune(out, rr)
			continue
		default:
			return "", errSyntax
		}
		i += 2
	}
	return "", errSyntax
}

// hex4 reads the four hex digits at i as a rune, -1 when they are not.
func hex4(b []byte, i int) rune {
	if i+4 > len(b) {
		return -1
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// message decodes the next value as value does; when it is an object, it
// also finds the text of each of its free-form objects (properties,
// traits, context, integrations), as offsets from origin, the offset in
// buf where the message's text starts. As in the decoded map, a name given
// twice counts as its last value.
func (r *reader) message(origin int) (any, sentTexts, error) {
	var texts sentTexts
	if r.space() != '{' {
		val, err := r.value()
		return val, texts, err
	}
	obj, err := r.object(&texts, origin)
	if err != nil {
		return nil, texts, err
	}
	return obj, texts, nil
}

// object reads an object, r.pos at its opening brace. When texts is set, it
// records there the spans of the free-form objects among its members, as
// offsets from origin.
func (r *reader) object(texts *sentTexts, origin int) (map[string]any, error) {
	if err := r.enter(); err != nil {
		return nil, err
	}
	obj := map[string]any{}
	for n := 0; ; n++ {
		if more, err := r.more('}', n); err != nil {
			return nil, err
		} else if !more {
			return obj, nil
		}
		name, err := r.name()
		if err != nil {
			return nil, err
		}
		r.space()
		start := r.pos
		val, err := r.value()
		if err != nil {
			return nil, err
		}
		obj[name] = val
		if texts == nil {
			continue
		}
		if i := sentObjectIndex(name); i >= 0 {
			texts[i] = textSpan{int64(start - origin), int64(r.pos - origin)}
		}
	}
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
	r := &reader{buf: body}
	switch r.space() {
	case 'n':
		if err := r.literal("null"); err != nil {
			return env, err
		}
		return env, r.end()
	case '{':
	default:
		return env, errSyntax
	}
	if err := r.enter(); err != nil {
		return env, err
	}
	env.defaults = fields{}
	for n := 0; ; n++ {
		if more, err := r.more('}', n); err != nil {
			return env, err
		} else if !more {
			break
		}
		key, err := r.name()
		if err != nil {
			return env, err
		}
		name := envelopeName(key)
		if name != "batch" {
			val, err := r.value()
			if err != nil {
				return env, err
			}
			if name != "" {
				env.defaults[name] = val
			}
			continue
		}
		if env.batch, err = r.batch(); err != nil {
			return env, err
		}
	}
	return env, r.end()
}

func envelopeName(s string) string {
	for _, n := range envelopeNames {
		if strings.EqualFold(s, n) {
			return n
		}
	}
	return ""
}

// batch reads the batch array's messages, each with its text in buf: nil
// for null, and never nil for an array.
func (r *reader) batch() ([]batchItem, error) {
	switch r.space() {
	case 'n':
		return nil, r.literal("null")
	case '[':
	default:
		return nil, errSyntax
	}
	if err := r.enter(); err != nil {
		return nil, err
	}
	items := []batchItem{}
	for n := 0; ; n++ {
		if more, err := r.more(']', n); err != nil {
			return nil, err
		} else if !more {
			break
		}
		r.space()
		start := r.pos
		val, texts, err := r.message(start)
		if err != nil {
			return nil, err
		}
		items = append(items, batchItem{val: val, raw: r.buf[start:r.pos], texts: texts})
	}
	return items, nil
}
