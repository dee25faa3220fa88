package tracking

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/onefunnel/onefunnel/domain"
)

var received = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// codes renders a validation error as "field:code,field:code" ("" for nil).
func codes(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *domain.ValidationError", err, err)
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return strings.Join(out, ",")
}

func TestParseMessageRules(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name string
		path string
		body string
		want string // the validation codes; "" means accepted
	}{
		{"track with a user", "track", `{"userId":"u1","event":"Ad Clicked"}`, ""},
		{"track with an anonymous visitor", "track", `{"anonymousId":"a1","event":"Ad Clicked"}`, ""},
		{"the body may repeat the path's type", "track", `{"type":"track","userId":"u1","event":"E"}`, ""},
		{"the type is not case-sensitive", "page", `{"type":"Page","anonymousId":"a1"}`, ""},
		{"a type other than the path's is refused", "track", `{"type":"identify","userId":"u1","event":"E"}`, "type:type_mismatch"},
		{"an unknown endpoint", "purchase", `{"userId":"u1"}`, "type:unknown_type"},
		{"no identity at all", "page", `{"name":"Home"}`, "userId:required"},
		{"blank ids are no identity", "page", `{"userId":"  ","anonymousId":""}`, "userId:required"},
		{"null ids are no identity", "page", `{"userId":null}`, "userId:required"},
		{"track without event", "track", `{"userId":"u1"}`, "event:required"},
		{"track with a blank event", "track", `{"userId":"u1","event":"  "}`, "event:required"},
		{"an event that is not a string", "track", `{"userId":"u1","event":42}`, "event:invalid_string,event:required"},
		{"alias needs previousId", "alias", `{"userId":"u1"}`, "previousId:required"},
		{"alias needs userId", "alias", `{"previousId":"a1","anonymousId":"a1"}`, "userId:required"},
		{"alias with both", "alias", `{"previousId":"a1","userId":"u1"}`, ""},
		{"group needs groupId", "group", `{"userId":"u1"}`, "groupId:required"},
		{"group with a numeric groupId", "group", `{"userId":"u1","groupId":42}`, ""},
		{"identify with traits only", "identify", `{"userId":"u1","traits":{"email":"a@b.co"}}`, ""},
		{"screen", "screen", `{"anonymousId":"a1","name":"Settings"}`, ""},
		{"messageId of 100 characters", "page", `{"userId":"u1","messageId":"` + long(100) + `"}`, ""},
		{"messageId of 101 characters", "page", `{"userId":"u1","messageId":"` + long(101) + `"}`, "messageId:too_long"},
		{"userId of 255 characters", "page", `{"userId":"` + long(255) + `"}`, ""},
		{"userId of 256 characters", "page", `{"userId":"` + long(256) + `"}`, "userId:too_long"},
		{"anonymousId of 256 characters", "page", `{"anonymousId":"` + long(256) + `"}`, "anonymousId:too_long"},
		{"an id that is an object", "page", `{"userId":{"id":1}}`, "userId:invalid_id,userId:required"},
		{"event name of 256 characters", "track", `{"userId":"u1","event":"` + long(256) + `"}`, "event:too_long"},
		{"NUL in the event name", "track", `{"userId":"u1","event":"a\u0000b"}`, "event:nul_character"},
		{"NUL in userId", "page", `{"userId":"a\u0000b"}`, "userId:nul_character"},
		{"NUL deep in properties", "track", `{"userId":"u1","event":"E","properties":{"a":{"b":["x","y\u0000"]}}}`, "properties.a.b[1]:nul_character"},
		{"NUL in a context key", "page", `{"userId":"u1","context":{"k\u0000":1}}`, "context:nul_character"},
		{"properties must be an object", "track", `{"userId":"u1","event":"E","properties":[1,2]}`, "properties:invalid_object"},
		{"null properties are absent", "track", `{"userId":"u1","event":"E","properties":null}`, ""},
		{"a string over 8 KiB", "track", `{"userId":"u1","event":"E","properties":{"s":"` + strings.Repeat("x", MaxStringBytes+1) + `"}}`, "properties.s:too_long"},
		{"a string of 8 KiB", "track", `{"userId":"u1","event":"E","properties":{"s":"` + strings.Repeat("x", MaxStringBytes) + `"}}`, ""},
		{"nesting 32 deep", "track", `{"userId":"u1","event":"E","properties":` + nested(MaxObjectDepth) + `}`, ""},
		{"nesting 33 deep", "track", `{"userId":"u1","event":"E","properties":` + nested(MaxObjectDepth+1) + `}`, "properties" + strings.Repeat(".a", MaxObjectDepth) + ":too_deep"},
		{"an object with 257 keys", "identify", `{"userId":"u1","traits":` + wide(MaxObjectKeys+1) + `}`, "traits:too_many_keys"},
		{"an object with 256 keys", "identify", `{"userId":"u1","traits":` + wide(MaxObjectKeys) + `}`, ""},
		{"a timestamp that is not ISO-8601", "page", `{"userId":"u1","timestamp":"2015-2-02T00:30:08.276Z"}`, "timestamp:invalid_timestamp"},
		{"a timestamp without a zone", "page", `{"userId":"u1","timestamp":"2026-03-02T09:00:00"}`, "timestamp:invalid_timestamp"},
		{"sentAt that is a number", "page", `{"userId":"u1","sentAt":1700000000}`, "sentAt:invalid_timestamp"},
		{"every problem is reported", "track", `{"messageId":"` + long(101) + `"}`, "messageId:too_long,event:required,userId:required"},
		{"not JSON", "track", `{"userId":`, "message:invalid_json"},
		{"a JSON array", "track", `[{"userId":"u1"}]`, "message:invalid_json"},
		{"JSON null", "track", `null`, "message:invalid_json"},
		{"invalid UTF-8 bytes", "track", "{\"userId\":\"u1\",\"event\":\"caf\xe9\"}", "body:invalid_utf8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMessage([]byte(tt.body), tt.path, received)
			if got := codes(t, err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// nested is an object nested depth levels deep: {"a":{"a":...{}}}.
func nested(depth int) string {
	return strings.Repeat(`{"a":`, depth-1) + "{}" + strings.Repeat("}", depth-1)
}

// wide is an object with n keys.
func wide(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func TestParseMessageFields(t *testing.T) {
	body := `{"type":"track","messageId":"m-1","anonymousId":"a-1","user_id":12345678901234567890,
		"event":"Webinar Attended","properties":{"seats":3,"big":12345678901234567890},
		"context":{"ip":"203.0.113.9","page":{"url":"https://acme.test/?utm_source=news&utm_medium=email"}},
		"integrations":{"All":false},"timestamp":"2026-03-02T09:59:00Z","version":2}`
	m, err := ParseMessage([]byte(body), "track", received)
	if err != nil {
		t.Fatal(err)
	}
	if m.Type != TypeTrack || m.MessageID != "m-1" || m.AnonymousID != "a-1" || m.Event != "Webinar Attended" {
		t.Errorf("identity fields: %+v", m)
	}
	if m.UserID != "12345678901234567890" {
		t.Errorf("a numeric snake_case user_id must keep all its digits, got %q", m.UserID)
	}
	if n, ok := m.Properties["big"].(json.Number); !ok || n.String() != "12345678901234567890" {
		t.Errorf("large numbers must survive as json.Number, got %#v", m.Properties["big"])
	}
	if m.Integrations["All"] != false {
		t.Errorf("integrations: %#v", m.Integrations)
	}
	if !m.Timestamp.Equal(time.Date(2026, 3, 2, 9, 59, 0, 0, time.UTC)) || !m.ReceivedAt.Equal(received) {
		t.Errorf("timestamp %v, receivedAt %v", m.Timestamp, m.ReceivedAt)
	}
	if string(m.Raw) != body {
		t.Errorf("Raw must be the bytes received")
	}
	if got := Classify(m.Touch()); got != ChannelEmail {
		t.Errorf("channel from context.page.url = %q, want Email", got)
	}
}

func TestParseMessageGeneratesAMessageID(t *testing.T) {
	a, err := ParseMessage([]byte(`{"userId":"u1"}`), "identify", received)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ParseMessage([]byte(`{"userId":"u1"}`), "identify", received)
	u, err := uuid.Parse(a.MessageID)
	if err != nil || u.Version() != 7 {
		t.Errorf("generated messageId %q is not a UUIDv7", a.MessageID)
	}
	if a.MessageID == b.MessageID {
		t.Errorf("two messages without ids got the same generated id %q", a.MessageID)
	}
}

func TestParseMessageSizeLimit(t *testing.T) {
	// JSON allows trailing whitespace, which makes a body of any exact size.
	sized := func(n int) []byte {
		b := []byte(`{"userId":"u1","event":"E"}`)
		return append(b, strings.Repeat(" ", n-len(b))...)
	}
	if _, err := ParseMessage(sized(MaxMessageBytes), "track", received); err != nil {
		t.Errorf("a message of exactly %d bytes must pass: %v", MaxMessageBytes, err)
	}
	_, err := ParseMessage(sized(MaxMessageBytes+1), "track", received)
	if got := codes(t, err); got != "body:too_large" {
		t.Errorf("one byte over: got %q, want body:too_large", got)
	}
}

// treeOK is checkTree's shortcut: it must see a problem exactly where
// walkValue names one. Random trees near every limit, with bad strings and
// keys at random places.
func TestTreeOKAgreesWithWalkValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	leaf := func() any {
		switch rng.IntN(9) {
		case 0:
			return "nul\x00"
		case 1:
			return "bad \xff"
		case 2:
			return strings.Repeat("x", MaxStringBytes+rng.IntN(2))
		case 3:
			return json.Number("1")
		case 4:
			return nil
		case 5:
			return true
		}
		return "fine"
	}
	var tree func(depth int) any
	tree = func(depth int) any {
		if depth > 6 || rng.IntN(4) == 0 {
			return leaf()
		}
		if rng.IntN(2) == 0 {
			arr := make([]any, rng.IntN(3))
			for i := range arr {
				arr[i] = tree(depth + 1)
			}
			return arr
		}
		n, wide := rng.IntN(3), rng.IntN(8) == 0
		if wide { // near the key limit, with leaves only
			n = MaxObjectKeys - 1 + rng.IntN(3)
		}
		obj := make(map[string]any, n)
		for i := range n {
			k := fmt.Sprint("k", i)
			if !wide && rng.IntN(10) == 0 {
				k = "\x00"
			}
			if wide {
				obj[k] = "fine"
			} else {
				obj[k] = tree(depth + 1)
			}
		}
		return obj
	}
	bad := 0
	for range 20_000 {
		val := tree(0)
		if rng.IntN(3) == 0 { // nested to near the depth limit
			for range MaxObjectDepth - 3 + rng.IntN(5) {
				if rng.IntN(2) == 0 {
					val = []any{val}
				} else {
					val = map[string]any{"n": val}
				}
			}
		}
		if _, ok := val.(map[string]any); !ok {
			val = map[string]any{"v": val}
		}
		_, code, _ := walkValue(val, "properties", 1)
		if ok := treeOK(val, 1); ok != (code == "") {
			t.Fatalf("treeOK = %v, walkValue found %q in %v", ok, code, val)
		}
		if code != "" {
			bad++
		}
	}
	if bad < 2_000 || bad > 18_000 {
		t.Fatalf("%d of 20,000 trees had a problem: the generator does not test both sides", bad)
	}
}
