package tracking

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/onefunnel/onefunnel/domain"
)

// The parsers take bytes from strangers. Whatever arrives, they must not
// panic, must fail only with the documented error types, and must hand on
// only messages that keep the rules. `go test -fuzz FuzzParseBatch` explores
// further; plain `go test` runs the seeds.

func FuzzParseBatch(f *testing.F) {
	for _, seed := range []string{
		`{"batch":[{"type":"track","userId":"u1","event":"E"}]}`,
		`{"batch":[{"type":"page","anonymousId":"a","timestamp":"2026-03-02T09:00:00Z"}],"sentAt":"2026-03-02T09:00:01Z","context":{"ip":"1.2.3.4"}}`,
		`{"batch":[{"type":"alias","userId":1,"previousId":2},{"type":"group","userId":"u","groupId":"g","traits":{"a":[1,{"b":null}]}}]}`,
		`{"batch":[{"type":"track"}],"integrations":{"All":false}}`,
		`{"batch":[null,1,"x",[]]}`,
		`{"batch":{}}`, `[]`, `{}`, ``, `{"batch":[{"type":"identify","userId":"a\u0000"}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msgs, err := ParseBatch(body, received)
		var ve *domain.ValidationError
		var be *BatchError
		switch {
		case err == nil:
		case errors.As(err, &be):
			for _, r := range be.Rejected {
				if !errors.As(r.Err, &ve) {
					t.Fatalf("rejection %d is %T, not a *domain.ValidationError", r.Index, r.Err)
				}
			}
		case errors.As(err, &ve):
			if msgs != nil {
				t.Fatalf("a refused request returned %d messages", len(msgs))
			}
		default:
			t.Fatalf("undocumented error type %T: %v", err, err)
		}
		for _, m := range msgs {
			checkInvariants(t, m)
		}
	})
}

func FuzzParseMessage(f *testing.F) {
	for _, seed := range []string{
		`{"userId":"u1","event":"E","properties":{"n":1.5e300}}`,
		`{"anonymousId":"a","type":"track","event":"x","sentAt":"2026-03-02T09:00:00Z","timestamp":"2030-01-01T00:00:00Z"}`,
		`{"user_id":"u","message_id":"m","context":{"page":{"url":"http://[::1]:x/?utm_source=%zz"}}}`,
		`{"userId":"u1","event":"\ud800"}`,
	} {
		f.Add([]byte(seed), "track")
		f.Add([]byte(seed), "page")
	}
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		m, err := ParseMessage(body, path, received)
		if err != nil {
			var ve *domain.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("undocumented error type %T: %v", err, err)
			}
			return
		}
		checkInvariants(t, m)
		_ = Classify(m.Touch()) // readers of client input must not panic either
		_ = m.Device()
	})
}

func checkInvariants(t *testing.T, m Message) {
	t.Helper()
	if !m.Type.Valid() {
		t.Fatalf("accepted type %q", m.Type)
	}
	if m.UserID == "" && m.AnonymousID == "" {
		t.Fatalf("accepted a message with no identity: %s", m.Raw)
	}
	if m.MessageID == "" || utf8.RuneCountInString(m.MessageID) > MaxMessageIDLen {
		t.Fatalf("accepted messageId %q", m.MessageID)
	}
	for _, s := range []string{m.MessageID, m.UserID, m.AnonymousID, m.PreviousID, m.GroupID, m.Event, m.Name, m.Category} {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			t.Fatalf("accepted unstorable text %q", s)
		}
	}
	if m.Timestamp.After(m.ReceivedAt) || m.Timestamp.IsZero() {
		t.Fatalf("timestamp %v is zero or after arrival %v", m.Timestamp, m.ReceivedAt)
	}
}

// FuzzJSONText: reading a string without encoding/json gives encoding/json's
// answer on any input, escapes, invalid UTF-8 and non-strings included.
func FuzzJSONText(f *testing.F) {
	for _, seed := range []string{`"anon-1"`, ` "x" `, `""`, `"a\"b"`, `"\u00e9"`, `"é"`, "\"\xff\"", "\"a\x01\"", `"a\\"`, `"a"b"`, `42`, `-1.5e3`, `true`, `null`, `{}`, `"`, `''`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var want string
		err := json.Unmarshal(raw, &want)
		got, ok := jsonText(raw)
		if ok != (err == nil) || got != want {
			t.Fatalf("%q: jsonText = %q, %v; encoding/json: %q, %v", raw, got, ok, want, err)
		}
	})
}

// FuzzStored: whatever message ingest accepts, Stored hands on the message
// DecodeStored reads from its payload, field for field.
func FuzzStored(f *testing.F) {
	for _, seed := range []string{
		`{"batch":[{"type":"track","userId":"u1","event":"E","properties":{}}]}`,
		`{"batch":[{"type":"page","anonymousId":"a","timestamp":"2026-03-02T09:00:00.123456789+05:30","originalTimestamp":"2026-03-02T09:00:00Z"}],"sentAt":"2026-03-02T09:00:01Z","context":{"ip":"1.2.3.4"}}`,
		`{"batch":[{"type":"group","userId":"u","groupId":"g","traits":{"a":[1,{"b":null}],"n":1e400,"m":-0.0,"h":"<a href='x'>&amp;</a>","e":{}}}]}`,
		`{"batch":[{"type":"identify","anonymousId":"a","traits":{"email":"ann@acme.io","seats":12345678901234567890},"integrations":{}}],"integrations":{"All":false}}`,
		`{"batch":[{"type":"alias","userId":"u2","previousId":"u1","context":{"page":{"url":"https://acme.io/?utm_source=g"},"userAgent":"Mozilla/5.0"}}]}`,
		`{"batch":[{"type":"screen","userId":"u","name":"Home","category":"c","properties":{"\u2028":"\ud83d\ude00"}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msgs, _ := ParseBatch(body, received)
		for _, m := range msgs {
			payload, got, err := m.Stored()
			if err != nil {
				if _, jerr := m.JSON(); jerr == nil {
					t.Fatalf("Stored failed where JSON did not: %v", err)
				}
				continue
			}
			want, err := DecodeStored(payload)
			if err != nil {
				t.Fatalf("the stored form does not decode: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Stored hands on\n%#v\nDecodeStored reads\n%#v", got, want)
			}
		}
	})
}
