package tracking

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// The reference parser: how ParseBatch and ParseMessage read a request
// before they decoded it in one pass, written with encoding/json the plain
// way (an envelope struct, a map of raw fields per message, a decoder with
// UseNumber per object). FuzzParseMatchesReference holds the one-pass
// parser to it: same messages, same errors, whatever the bytes.

func refParseMessage(body []byte, pathType string, receivedAt time.Time) (Message, error) {
	if len(body) > MaxMessageBytes {
		return Message{}, domain.Invalid("body", "too_large", "a message must be at most %d bytes, got %d", MaxMessageBytes, len(body))
	}
	if !MessageType(pathType).Valid() {
		return Message{}, domain.Invalid("type", "unknown_type", "unknown call %q", pathType)
	}
	if err := checkJSONText(body); err != nil {
		return Message{}, err
	}
	return refParseOne(body, MessageType(pathType), batchDefaults{}, receivedAt)
}

func refParseBatch(body []byte, receivedAt time.Time) ([]Message, error) {
	if len(body) > MaxBatchBytes {
		return nil, domain.Invalid("body", "too_large", "a batch must be at most %d bytes, got %d", MaxBatchBytes, len(body))
	}
	if err := checkJSONText(body); err != nil {
		return nil, err
	}
	var env struct {
		Batch        *[]json.RawMessage `json:"batch"`
		SentAt       json.RawMessage    `json:"sentAt"`
		Context      json.RawMessage    `json:"context"`
		Integrations json.RawMessage    `json:"integrations"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, domain.Invalid("body", "invalid_json", "must be a JSON object with a \"batch\" array")
	}
	if env.Batch == nil {
		return nil, domain.Invalid("batch", "required", "must be an array of messages")
	}
	items := *env.Batch
	if len(items) > MaxBatchMessages {
		return nil, domain.Invalid("batch", "too_many", "a batch holds at most %d messages, got %d", MaxBatchMessages, len(items))
	}
	for i, raw := range items {
		if len(raw) > MaxMessageBytes {
			return nil, domain.Invalid(fmt.Sprintf("batch[%d]", i), "too_large", "a message must be at most %d bytes, got %d", MaxMessageBytes, len(raw))
		}
	}
	w := refWire{"sentAt": env.SentAt, "context": env.Context, "integrations": env.Integrations}
	for k, raw := range w {
		if raw == nil {
			delete(w, k)
		}
	}
	v := &domain.ValidationError{}
	defaults := batchDefaults{
		SentAt:       refDecodeTime(v, w, "sentAt", "sentAt"),
		Context:      refDecodeObject(v, w, "context", "context"),
		Integrations: refDecodeObject(v, w, "integrations", "integrations"),
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	out := make([]Message, 0, len(items))
	var rejected []Rejected
	for i, raw := range items {
		m, err := refParseOne(raw, "", defaults, receivedAt)
		if err != nil {
			rejected = append(rejected, Rejected{Index: i, MessageID: peekMessageID(raw), Err: err})
			continue
		}
		out = append(out, m)
	}
	if len(rejected) > 0 {
		return out, &BatchError{Rejected: rejected}
	}
	return out, nil
}

type refWire map[string]json.RawMessage

func (w refWire) get(names ...string) json.RawMessage {
	for _, n := range names {
		if v, ok := w[n]; ok && !bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			return v
		}
	}
	return nil
}

func refParseOne(raw []byte, pathType MessageType, defaults batchDefaults, receivedAt time.Time) (Message, error) {
	var w refWire
	if err := json.Unmarshal(raw, &w); err != nil || w == nil {
		return Message{}, domain.Invalid("message", "invalid_json", "must be a JSON object")
	}
	v := &domain.ValidationError{}
	m := Message{Raw: bytes.Clone(raw), ReceivedAt: utcMicro(receivedAt)}
	m.Type = refDecodeType(v, w, pathType)
	m.MessageID = refDecodeID(v, w, "messageId", MaxMessageIDLen, "messageId", "message_id")
	m.AnonymousID = refDecodeID(v, w, "anonymousId", MaxIDLen, "anonymousId", "anonymous_id")
	m.UserID = refDecodeID(v, w, "userId", MaxIDLen, "userId", "user_id")
	m.PreviousID = refDecodeID(v, w, "previousId", MaxIDLen, "previousId", "previous_id")
	m.GroupID = refDecodeID(v, w, "groupId", MaxIDLen, "groupId", "group_id")
	m.Event = refDecodeText(v, w, "event", domain.MaxNameLen, "event")
	m.Name = refDecodeText(v, w, "name", domain.MaxNameLen, "name")
	m.Category = refDecodeText(v, w, "category", domain.MaxNameLen, "category")
	m.Properties = refDecodeObject(v, w, "properties", "properties")
	m.Traits = refDecodeObject(v, w, "traits", "traits")
	m.Context = mergeObjects(defaults.Context, refDecodeObject(v, w, "context", "context"))
	m.Integrations = mergeObjects(defaults.Integrations, refDecodeObject(v, w, "integrations", "integrations"))
	client := refDecodeTime(v, w, "originalTimestamp", "originalTimestamp", "original_timestamp")
	if client.IsZero() {
		client = refDecodeTime(v, w, "timestamp", "timestamp")
	}
	m.OriginalTimestamp = client
	m.SentAt = refDecodeTime(v, w, "sentAt", "sentAt", "sent_at")
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

func refText(raw json.RawMessage) (string, bool) {
	var s string
	return s, json.Unmarshal(raw, &s) == nil
}

func refDecodeType(v *domain.ValidationError, w refWire, pathType MessageType) MessageType {
	var s string
	if raw := w.get("type"); raw != nil {
		var ok bool
		if s, ok = refText(raw); !ok {
			v.Add("type", "invalid_type", "must be a string")
			return ""
		}
	}
	return checkType(v, s, pathType)
}

func refDecodeID(v *domain.ValidationError, w refWire, field string, max int, names ...string) string {
	raw := w.get(names...)
	if raw == nil {
		return ""
	}
	s, ok := refText(raw)
	if !ok {
		var n json.Number
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&n) != nil {
			v.Add(field, "invalid_id", "must be a string or a number")
			return ""
		}
		s = n.String()
	}
	if strings.TrimSpace(s) == "" {
		return ""
	}
	domain.CheckText(v, field, s, max)
	return s
}

func refDecodeText(v *domain.ValidationError, w refWire, field string, max int, names ...string) string {
	raw := w.get(names...)
	if raw == nil {
		return ""
	}
	s, ok := refText(raw)
	if !ok {
		v.Add(field, "invalid_string", "must be a string")
		return ""
	}
	domain.CheckText(v, field, s, max)
	return s
}

func refDecodeObject(v *domain.ValidationError, w refWire, field string, names ...string) map[string]any {
	raw := w.get(names...)
	if raw == nil {
		return nil
	}
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		v.Add(field, "invalid_object", "must be a JSON object")
		return nil
	}
	checkTree(v, field, obj)
	return obj
}

func refDecodeTime(v *domain.ValidationError, w refWire, field string, names ...string) time.Time {
	raw := w.get(names...)
	if raw == nil {
		return time.Time{}
	}
	s, ok := refText(raw)
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

// storedMessage is the stored form (Message.JSON) as encoding/json reads
// and writes it: the reference the hand-written encoder and decoder are
// held to.
type storedMessage struct {
	Type              MessageType    `json:"type"`
	MessageID         string         `json:"messageId"`
	AnonymousID       string         `json:"anonymousId,omitempty"`
	UserID            string         `json:"userId,omitempty"`
	PreviousID        string         `json:"previousId,omitempty"`
	GroupID           string         `json:"groupId,omitempty"`
	Event             string         `json:"event,omitempty"`
	Name              string         `json:"name,omitempty"`
	Category          string         `json:"category,omitempty"`
	Properties        map[string]any `json:"properties,omitempty"`
	Traits            map[string]any `json:"traits,omitempty"`
	Context           map[string]any `json:"context,omitempty"`
	Integrations      map[string]any `json:"integrations,omitempty"`
	Timestamp         time.Time      `json:"timestamp"`
	OriginalTimestamp *time.Time     `json:"originalTimestamp,omitempty"`
	SentAt            *time.Time     `json:"sentAt,omitempty"`
	ReceivedAt        time.Time      `json:"receivedAt"`
}

// refJSON is Message.JSON as encoding/json writes storedMessage.
func refJSON(m Message) ([]byte, error) {
	s := storedMessage{
		Type: m.Type, MessageID: m.MessageID, AnonymousID: m.AnonymousID, UserID: m.UserID, PreviousID: m.PreviousID,
		GroupID: m.GroupID, Event: m.Event, Name: m.Name, Category: m.Category, Properties: m.Properties,
		Traits: m.Traits, Context: m.Context, Integrations: m.Integrations, Timestamp: m.Timestamp, ReceivedAt: m.ReceivedAt,
	}
	if !m.OriginalTimestamp.IsZero() {
		s.OriginalTimestamp = &m.OriginalTimestamp
	}
	if !m.SentAt.IsZero() {
		s.SentAt = &m.SentAt
	}
	return json.Marshal(s)
}

// refDecodeStored is DecodeStored as it was written with encoding/json:
// the stored form decoded into storedMessage.
func refDecodeStored(payload []byte) (Message, error) {
	var s storedMessage
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&s); err != nil {
		return Message{}, err
	}
	m := Message{
		Type: s.Type, MessageID: s.MessageID, AnonymousID: s.AnonymousID, UserID: s.UserID, PreviousID: s.PreviousID,
		GroupID: s.GroupID, Event: s.Event, Name: s.Name, Category: s.Category, Properties: s.Properties,
		Traits: s.Traits, Context: s.Context, Integrations: s.Integrations, Timestamp: s.Timestamp.UTC(),
		ReceivedAt: s.ReceivedAt.UTC(), Raw: payload,
	}
	if s.OriginalTimestamp != nil {
		m.OriginalTimestamp = s.OriginalTimestamp.UTC()
	}
	if s.SentAt != nil {
		m.SentAt = s.SentAt.UTC()
	}
	return m, nil
}
