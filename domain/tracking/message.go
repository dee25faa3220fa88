package tracking

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// MessageType is the Segment call a message records.
type MessageType string

// The six calls of the Segment Spec (https://segment.com/docs/connections/spec/).
const (
	TypeTrack    MessageType = "track"
	TypePage     MessageType = "page"
	TypeScreen   MessageType = "screen"
	TypeIdentify MessageType = "identify"
	TypeGroup    MessageType = "group"
	TypeAlias    MessageType = "alias"
)

// Valid reports whether t is one of the six Segment calls.
func (t MessageType) Valid() bool {
	switch t {
	case TypeTrack, TypePage, TypeScreen, TypeIdentify, TypeGroup, TypeAlias:
		return true
	}
	return false
}

// Size limits of Segment's HTTP Tracking API ("Max request size": 32KB per
// call and per event in a batch, 500KB per batch request), which we keep so
// that any Segment SDK that respects them works unchanged. The message count
// is ours: SDKs flush far smaller batches, and a cap bounds the work one
// request can cause.
const (
	MaxMessageBytes  = 32 << 10
	MaxBatchBytes    = 500 << 10
	MaxBatchMessages = 500
)

// Message is one normalised Segment call. Field names follow the Segment Spec
// (Common Fields). Identifiers sent as JSON numbers are kept as their decimal
// text, as Segment does.
type Message struct {
	Type        MessageType
	MessageID   string // the client's id, or a generated UUIDv7 when it sent none
	AnonymousID string
	UserID      string
	PreviousID  string // alias: the identity being merged into UserID
	GroupID     string // group: the account the user belongs to
	Event       string // track: the event name, e.g. "Ad Clicked"
	Name        string // page and screen: the page or screen name
	Category    string // page: the page category

	// The free-form objects, decoded with json.Number for numbers so that
	// large integers survive a round trip. Nil when absent.
	Properties   map[string]any
	Traits       map[string]any // identify and group traits (top-level "traits")
	Context      map[string]any // merged with the batch-level context
	Integrations map[string]any // merged with the batch-level integrations

	// Timestamp is when the event happened, corrected for the client's
	// clock skew (see correctTimestamp). OriginalTimestamp and SentAt are the
	// client's own clock readings, zero when it sent none; ReceivedAt is our
	// clock when the request arrived. All are UTC at microsecond precision.
	Timestamp         time.Time
	OriginalTimestamp time.Time
	SentAt            time.Time
	ReceivedAt        time.Time

	// Raw is the message exactly as the client sent it (for a batch, its
	// element before the batch-level context was merged in), so nothing the
	// client sent is lost even when we do not model it.
	Raw json.RawMessage

	// sent is, for each free-form object the parser decoded from one JSON
	// text in Raw and kept as it was (not merged with a batch's), that text,
	// which JSON writes instead of encoding the object again.
	sent sentObjects
}

// ParseMessage parses the body of a single-call endpoint (/v1/track,
// /v1/page, ...). pathType is the call named by the path; the body's "type",
// when present, must agree with it. receivedAt is the server clock when the
// request arrived.
//
// Every error is a *domain.ValidationError whose messages are safe to return
// to the caller.
func ParseMessage(body []byte, pathType string, receivedAt time.Time) (Message, error) {
	if len(body) > MaxMessageBytes {
		return Message{}, domain.Invalid("body", "too_large", "a message must be at most %d bytes, got %d", MaxMessageBytes, len(body))
	}
	if !MessageType(pathType).Valid() {
		return Message{}, domain.Invalid("type", "unknown_type", "unknown call %q", pathType)
	}
	if err := checkJSONText(body); err != nil {
		return Message{}, err
	}
	val, texts, err := readDocument(body)
	if err != nil {
		return Message{}, domain.Invalid("message", "invalid_json", "must be a JSON object")
	}
	return parseOne(val, texts, body, MessageType(pathType), batchDefaults{}, receivedAt)
}

// ParseBatch parses the body of /v1/batch: {"batch":[...], "sentAt":...,
// "context":{...}, "integrations":{...}}. As Segment's HTTP Tracking API
// documents for batch, the batch-level context and integrations "will be
// merged with" each message's own, the message's values winning, and the
// batch-level sentAt applies to messages that carry none.
//
// Two kinds of failure, following Segment, which answers 400 only for
// malformed JSON and exceeded limits and drops invalid events one by one:
//   - the request itself is unusable (not JSON, no batch array, over
//     MaxBatchBytes, more than MaxBatchMessages, one message over
//     MaxMessageBytes): no messages and a *domain.ValidationError;
//   - some messages break a content rule (no identity, unknown type, track
//     without event, ...): the valid messages, in order, and a *BatchError
//     naming each rejected one. The caller stores the valid ones.
func ParseBatch(body []byte, receivedAt time.Time) ([]Message, error) {
	if len(body) > MaxBatchBytes {
		return nil, domain.Invalid("body", "too_large", "a batch must be at most %d bytes, got %d", MaxBatchBytes, len(body))
	}
	if err := checkJSONText(body); err != nil {
		return nil, err
	}
	env, err := readEnvelope(body)
	if err != nil {
		return nil, domain.Invalid("body", "invalid_json", "must be a JSON object with a \"batch\" array")
	}
	if env.batch == nil {
		return nil, domain.Invalid("batch", "required", "must be an array of messages")
	}
	items := env.batch
	if len(items) > MaxBatchMessages {
		return nil, domain.Invalid("batch", "too_many", "a batch holds at most %d messages, got %d", MaxBatchMessages, len(items))
	}
	for i, it := range items {
		if len(it.raw) > MaxMessageBytes {
			return nil, domain.Invalid(fmt.Sprintf("batch[%d]", i), "too_large", "a message must be at most %d bytes, got %d", MaxMessageBytes, len(it.raw))
		}
	}
	defaults, err := decodeBatchDefaults(env.defaults)
	if err != nil {
		return nil, err
	}

	out := make([]Message, 0, len(items))
	var rejected []Rejected
	for i, it := range items {
		m, err := parseOne(it.val, it.texts, it.raw, "", defaults, receivedAt)
		if err != nil {
			rejected = append(rejected, Rejected{Index: i, MessageID: peekMessageID(it.raw), Err: err})
			continue
		}
		out = append(out, m)
	}
	if len(rejected) > 0 {
		return out, &BatchError{Rejected: rejected}
	}
	return out, nil
}
