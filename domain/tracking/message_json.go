package tracking

import (
	"bytes"
	"encoding/json"
	"time"
)

// storedMessage is the normalised form kept in the events table: Segment's
// camelCase names, the merged context, and the corrected timestamp.
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

// JSON encodes the message in its stored, normalised form.
func (m Message) JSON() ([]byte, error) {
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
	s.Raw = payload
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
// the event processor. Numbers stay json.Number, as ParseMessage keeps them.
func DecodeStored(payload []byte) (Message, error) {
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
