package tracking

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// JSON encodes the message in its stored, normalised form, kept in the
// events table: Segment's camelCase names, the merged context, and the
// corrected timestamp. It is storedMessage (message_reference_test.go) as
// encoding/json writes it, byte for byte (FuzzJSONMatchesReference), but
// written by hand, because encoding/json's reflection over the free-form
// objects was a third of parsing a batch. A free-form object the client sent
// and the parser kept as it was is written as the client's text
// (message_sent.go): the same value, which encoding/json would write with its
// keys sorted.
func (m Message) JSON() ([]byte, error) {
	b := make([]byte, 0, 256+len(m.Raw))
	b = append(b, `{"type":`...)
	b = domain.AppendJSONString(b, string(m.Type))
	b = append(b, `,"messageId":`...)
	b = domain.AppendJSONString(b, m.MessageID)
	for _, f := range [...]struct{ name, val string }{
		{`,"anonymousId":`, m.AnonymousID}, {`,"userId":`, m.UserID}, {`,"previousId":`, m.PreviousID},
		{`,"groupId":`, m.GroupID}, {`,"event":`, m.Event}, {`,"name":`, m.Name}, {`,"category":`, m.Category},
	} {
		if f.val != "" {
			b = append(b, f.name...)
			b = domain.AppendJSONString(b, f.val)
		}
	}
	var err error
	for i, obj := range [...]map[string]any{m.Properties, m.Traits, m.Context, m.Integrations} {
		if len(obj) == 0 {
			continue
		}
		b = append(b, ',', '"')
		b = append(b, sentNames[i]...)
		b = append(b, '"', ':')
		if text := m.sent[i].textOf(obj); text != nil {
			b = append(b, text...) // as the client sent it (message_sent.go)
		} else if b, err = appendJSONObject(b, obj); err != nil {
			return nil, err
		}
	}
	for _, f := range [...]struct {
		name     string
		val      time.Time
		required bool
	}{
		{`,"timestamp":`, m.Timestamp, true}, {`,"originalTimestamp":`, m.OriginalTimestamp, false},
		{`,"sentAt":`, m.SentAt, false}, {`,"receivedAt":`, m.ReceivedAt, true},
	} {
		if f.required || !f.val.IsZero() {
			b = append(b, f.name...)
			if b, err = domain.AppendJSONTime(b, f.val); err != nil {
				return nil, err
			}
		}
	}
	return append(b, '}'), nil
}

// appendJSONValue writes a decoded JSON value as encoding/json does. Values
// of other types than the parser makes go through encoding/json itself.
func appendJSONValue(b []byte, val any) ([]byte, error) {
	switch x := val.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return domain.AppendJSONString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case json.Number:
		if plainNumber(x) {
			return append(b, x...), nil
		}
	case map[string]any:
		if x != nil {
			return appendJSONObject(b, x)
		}
	case []any:
		if x != nil {
			b = append(b, '[')
			for i, v := range x {
				if i > 0 {
					b = append(b, ',')
				}
				var err error
				if b, err = appendJSONValue(b, v); err != nil {
					return nil, err
				}
			}
			return append(b, ']'), nil
		}
	}
	j, err := json.Marshal(val)
	if err != nil {
		return nil, err
	}
	return append(b, j...), nil
}

// appendJSONObject writes obj with its keys sorted, as encoding/json does.
func appendJSONObject(b []byte, obj map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = domain.AppendJSONString(b, k)
		b = append(b, ':')
		var err error
		if b, err = appendJSONValue(b, obj[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// plainNumber reports whether n is a JSON number that encoding/json writes
// as it is: one made only of number characters that is valid JSON can be
// nothing else. Others ("" is written 0, the invalid are refused) go
// through encoding/json.
func plainNumber(n json.Number) bool {
	for i := 0; i < len(n); i++ {
		switch c := n[i]; {
		case '0' <= c && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return n != "" && json.Valid([]byte(n))
}

// Stored encodes the message in its stored form, as JSON does, and returns
// it with the message exactly as DecodeStored reads that form back, so
// that ingest can hand the event processor a message it need not decode
// again (FuzzStored holds the two to each other).
func (m Message) Stored() ([]byte, Message, error) {
	payload, err := m.JSON()
	if err != nil {
		return nil, Message{}, err
	}
	s := m
	s.Raw, s.sent = payload, sentObjects{}
	s.Timestamp, s.ReceivedAt = s.Timestamp.UTC(), s.ReceivedAt.UTC()
	if !s.OriginalTimestamp.IsZero() {
		s.OriginalTimestamp = s.OriginalTimestamp.UTC()
	}
	if !s.SentAt.IsZero() {
		s.SentAt = s.SentAt.UTC()
	}
	// omitempty leaves empty objects out, and they come back as nil.
	for _, obj := range []*map[string]any{&s.Properties, &s.Traits, &s.Context, &s.Integrations} {
		if len(*obj) == 0 {
			*obj = nil
		}
	}
	return payload, s, nil
}

// DecodeStored reads a message back from its stored form (see JSON), for
// the event processor and the timelines. Numbers stay json.Number, as
// ParseMessage keeps them. It reads with the parser's one-pass reader
// (message_read.go), which reads JSON values as encoding/json does: decoding
// into a struct with encoding/json, as before, took twice as long
// (BenchmarkDecodeStored), and the processor decodes every event that
// ingest did not hand it (FuzzDecodeStoredMatchesReference).
func DecodeStored(payload []byte) (Message, error) {
	val, _, err := readDocument(payload)
	f, ok := val.(map[string]any)
	if err != nil || !ok {
		return Message{}, errors.New("stored message: not a JSON object")
	}
	m := Message{Raw: payload}
	for _, s := range [...]struct {
		name string
		to   *string
	}{
		{"type", (*string)(&m.Type)}, {"messageId", &m.MessageID}, {"anonymousId", &m.AnonymousID}, {"userId", &m.UserID},
		{"previousId", &m.PreviousID}, {"groupId", &m.GroupID}, {"event", &m.Event}, {"name", &m.Name}, {"category", &m.Category},
	} {
		switch v := f[s.name].(type) {
		case nil:
		case string:
			*s.to = v
		default:
			return Message{}, fmt.Errorf("stored message: %s is not a string", s.name)
		}
	}
	for _, o := range [...]struct {
		name string
		to   *map[string]any
	}{
		{"properties", &m.Properties}, {"traits", &m.Traits}, {"context", &m.Context}, {"integrations", &m.Integrations},
	} {
		switch v := f[o.name].(type) {
		case nil:
		case map[string]any:
			*o.to = v
		default:
			return Message{}, fmt.Errorf("stored message: %s is not an object", o.name)
		}
	}
	for _, t := range [...]struct {
		name string
		to   *time.Time
	}{
		{"timestamp", &m.Timestamp}, {"originalTimestamp", &m.OriginalTimestamp}, {"sentAt", &m.SentAt}, {"receivedAt", &m.ReceivedAt},
	} {
		switch v := f[t.name].(type) {
		case nil:
		case string:
			// As encoding/json reads a time.Time: RFC 3339, strictly.
			if err := t.to.UnmarshalText([]byte(v)); err != nil {
				return Message{}, fmt.Errorf("stored message: %s: %w", t.name, err)
			}
			*t.to = t.to.UTC()
		default:
			return Message{}, fmt.Errorf("stored message: %s is not a time", t.name)
		}
	}
	return m, nil
}
