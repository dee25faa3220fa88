package tracking

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onefunnel/onefunnel/domain"
)

// batchDefaults are the batch-level fields that flow into every message.
type batchDefaults struct {
	SentAt       time.Time
	Context      map[string]any
	Integrations map[string]any
}

// fields is one message's top-level fields, decoded: strings, json.Number
// for numbers, map[string]any and []any, bool, and nil for null.
type fields map[string]any

// get returns the first present, non-null field among names. Segment's
// names are camelCase; the snake_case spellings some hand-written clients
// send are accepted after them.
func (f fields) get(names ...string) any {
	for _, n := range names {
		if v := f[n]; v != nil {
			return v
		}
	}
	return nil
}

// parseOne reads one message from its decoded value; raw is the JSON text
// it was decoded from, kept as the message's Raw, and texts where in raw
// its free-form objects are.
func parseOne(val any, texts sentTexts, raw []byte, pathType MessageType, defaults batchDefaults, receivedAt time.Time) (Message, error) {
	f, ok := val.(map[string]any)
	if !ok {
		return Message{}, domain.Invalid("message", "invalid_json", "must be a JSON object")
	}
	w := fields(f)
	v := &domain.ValidationError{}
	// Raw is a copy: the caller may reuse its request buffer.
	m := Message{Raw: bytes.Clone(raw), ReceivedAt: utcMicro(receivedAt)}

	m.Type = decodeType(v, w, pathType)
	m.MessageID = decodeID(v, w, "messageId", MaxMessageIDLen, "messageId", "message_id")
	m.AnonymousID = decodeID(v, w, "anonymousId", MaxIDLen, "anonymousId", "anonymous_id")
	m.UserID = decodeID(v, w, "userId", MaxIDLen, "userId", "user_id")
	m.PreviousID = decodeID(v, w, "previousId", MaxIDLen, "previousId", "previous_id")
	m.GroupID = decodeID(v, w, "groupId", MaxIDLen, "groupId", "group_id")
	m.Event = decodeText(v, w, "event", domain.MaxNameLen, "event")
	m.Name = decodeText(v, w, "name", domain.MaxNameLen, "name")
	m.Category = decodeText(v, w, "category", domain.MaxNameLen, "category")

	m.Properties = decodeObject(v, w, "properties", "properties")
	m.Traits = decodeObject(v, w, "traits", "traits")
	m.Context = mergeObjects(defaults.Context, decodeObject(v, w, "context", "context"))
	m.Integrations = mergeObjects(defaults.Integrations, decodeObject(v, w, "integrations", "integrations"))
	m.sent = texts.of(m.Raw, w, [...]map[string]any{m.Properties, m.Traits, m.Context, m.Integrations})

	client := decodeTime(v, w, "originalTimestamp", "originalTimestamp", "original_timestamp")
	if client.IsZero() {
		client = decodeTime(v, w, "timestamp", "timestamp")
	}
	m.OriginalTimestamp = client
	m.SentAt = decodeTime(v, w, "sentAt", "sentAt", "sent_at")
	if m.SentAt.IsZero() {
		m.SentAt = defaults.SentAt
	}
	m.Timestamp = correctTimestamp(m.OriginalTimestamp, m.SentAt, m.ReceivedAt)

	checkRules(v, &m)
	if err := v.Err(); err != nil {
		return Message{}, err
	}
	if m.MessageID == "" {
		m.MessageID = domain.NewID()
	}
	return m, nil
}

func decodeType(v *domain.ValidationError, w fields, pathType MessageType) MessageType {
	var s string
	if val := w.get("type"); val != nil {
		var ok bool
		if s, ok = val.(string); !ok {
			v.Add("type", "invalid_type", "must be a string")
			return ""
		}
	}
	return checkType(v, s, pathType)
}

// checkType reads the call a message names, s, against the endpoint's.
func checkType(v *domain.ValidationError, s string, pathType MessageType) MessageType {
	t := MessageType(strings.ToLower(strings.TrimSpace(s)))
	switch {
	case pathType != "" && t != "" && t != pathType:
		v.Add("type", "type_mismatch", "is %q but the endpoint is /v1/%s", s, pathType)
	case pathType != "":
		return pathType
	case t == "":
		v.Add("type", "required", "must name the call: track, page, screen, identify, group or alias")
	case !t.Valid():
		v.Add("type", "unknown_type", "unknown call %q", s)
	}
	return t
}

// decodeID reads an identifier sent as a string or a number (Segment coerces
// numeric ids to strings). Blank ids count as absent.
func decodeID(v *domain.ValidationError, w fields, field string, max int, names ...string) string {
	var s string
	switch x := w.get(names...).(type) {
	case nil:
		return ""
	case string:
		s = x
	case json.Number:
		s = x.String()
	default:
		v.Add(field, "invalid_id", "must be a string or a number")
		return ""
	}
	if strings.TrimSpace(s) == "" {
		return ""
	}
	domain.CheckText(v, field, s, max)
	return s
}

func decodeText(v *domain.ValidationError, w fields, field string, max int, names ...string) string {
	val := w.get(names...)
	if val == nil {
		return ""
	}
	s, ok := val.(string)
	if !ok {
		v.Add(field, "invalid_string", "must be a string")
		return ""
	}
	domain.CheckText(v, field, s, max)
	return s
}

func decodeObject(v *domain.ValidationError, w fields, field string, names ...string) map[string]any {
	val := w.get(names...)
	if val == nil {
		return nil
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.Add(field, "invalid_object", "must be a JSON object")
		return nil
	}
	checkTree(v, field, obj)
	return obj
}

func decodeTime(v *domain.ValidationError, w fields, field string, names ...string) time.Time {
	val := w.get(names...)
	if val == nil {
		return time.Time{}
	}
	s, ok := val.(string)
	if !ok {
		v.Add(field, "invalid_timestamp", "must be an ISO-8601 date-time string")
		return time.Time{}
	}
	t, err := parseTimestamp(s)
	if err != nil {
		v.Add(field, "invalid_timestamp", "must be an ISO-8601 date-time with a time zone, such as 2026-01-02T15:04:05.678Z")
		return time.Time{}
	}
	return t
}

func decodeBatchDefaults(w fields) (batchDefaults, error) {
	v := &domain.ValidationError{}
	d := batchDefaults{
		SentAt:       decodeTime(v, w, "sentAt", "sentAt"),
		Context:      decodeObject(v, w, "context", "context"),
		Integrations: decodeObject(v, w, "integrations", "integrations"),
	}
	return d, v.Err()
}

// mergeObjects deep-merges over onto base into a new map: over's values win,
// and nested objects present in both are merged the same way. Neither input
// is modified, so messages of one batch never share a map. Without a base
// it is over itself, which belongs to one message.
func mergeObjects(base, over map[string]any) map[string]any {
	if base == nil {
		return over
	}
	out := make(map[string]any, len(base)+len(over))
	for k, val := range base {
		out[k] = copyValue(val)
	}
	for k, val := range over {
		bo, bok := out[k].(map[string]any)
		oo, ook := val.(map[string]any)
		if bok && ook {
			out[k] = mergeObjects(bo, oo)
			continue
		}
		out[k] = val
	}
	return out
}

func copyValue(val any) any {
	switch x := val.(type) {
	case map[string]any:
		return mergeObjects(x, nil)
	case []any:
		c := make([]any, len(x))
		for i := range x {
			c[i] = copyValue(x[i])
		}
		return c
	}
	return val
}

// checkJSONText refuses bytes that are not UTF-8: encoding/json would
// silently replace them with U+FFFD, storing something the client never sent.
func checkJSONText(body []byte) error {
	if !utf8.Valid(body) {
		return domain.Invalid("body", "invalid_utf8", "must be valid UTF-8")
	}
	return nil
}

// peekMessageID names a rejected message for the client when it can.
func peekMessageID(raw []byte) string {
	var x struct {
		MessageID string `json:"messageId"`
	}
	_ = json.Unmarshal(raw, &x)
	if utf8.RuneCountInString(x.MessageID) > MaxMessageIDLen || !utf8.ValidString(x.MessageID) || strings.ContainsRune(x.MessageID, 0) {
		return ""
	}
	return x.MessageID
}
