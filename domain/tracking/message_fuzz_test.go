package tracking

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
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

// FuzzParseMatchesReference: the one-pass parser answers as the reference
// parser (encoding/json, message_reference_test.go) does, for batches and
// for single calls: the same messages field for field, and the same errors.
func FuzzParseMatchesReference(f *testing.F) {
	for _, seed := range []string{
		`{"batch":[{"type":"track","userId":"u1","event":"E","messageId":"m1"}]}`,
		`{"Batch":[{"type":"page","anonymousId":"a"}],"SENTAT":"2026-03-02T09:00:01Z","Context":{"ip":"1.2.3.4"}}`,
		`{"batch":[{"type":"alias","userId":1,"previousId":2.50e1},{"type":"group","user_id":"u","userId":null,"groupId":"g","traits":{"a":[1,{"b":null}],"a":{}}}]}`,
		`{"batch":[{"type":"identify","userId":"\ud800x","traits":{"\u0000":1,"k":"\ud83d\ude00\udc00","l":"\ud800\u0041"}}]}`,
		`{"batch":[null,1,"x",[],{}]} `, `{"batch":[],"batch":null}`, `{"batch":{}}`, `null`, `[]`, `{}`, ``, ` {"batch":[]} {}`,
		`{"batch" : [ {"type":"track","anonymousId":"a","event":"E"} , {"type":"screen","anonymousId":"b","name":"N"} ] }`,
		`{"batch":[{"type":"track","anonymousId":"a","event":"E","context":{"x":1},"integrations":{"All":true}}],"context":{"x":{"y":2}},"integrations":"x"}`,
		`{"type":"track","userId":"u","event":"E","timestamp":"2026-03-02T09:00:00+01:00","originalTimestamp":null,"sent_at":"2026-03-02T09:00:00Z"}`,
	} {
		f.Add([]byte(seed), "")
		f.Add([]byte(seed), "track")
	}
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		if path == "" {
			got, gotErr := ParseBatch(body, received)
			want, wantErr := refParseBatch(body, received)
			sameParse(t, body, got, want, gotErr, wantErr)
			return
		}
		got, gotErr := ParseMessage(body, path, received)
		want, wantErr := refParseMessage(body, path, received)
		sameParse(t, body, []Message{got}, []Message{want}, gotErr, wantErr)
	})
}

func sameParse(t *testing.T, body []byte, got, want []Message, gotErr, wantErr error) {
	t.Helper()
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || reflect.TypeOf(gotErr) != reflect.TypeOf(wantErr) {
		t.Fatalf("%q:\nerror  %T %v\nwanted %T %v", body, gotErr, gotErr, wantErr, wantErr)
	}
	if len(got) != len(want) {
		t.Fatalf("%q: %d messages, want %d", body, len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		// A message without a messageId gets a fresh one from each parser.
		if g.MessageID != w.MessageID && sentNoMessageID(w.Raw) && domain.ValidID(g.MessageID) {
			g.MessageID = w.MessageID
		}
		// The reference parser keeps no object texts (message_sent.go).
		g.sent = sentObjects{}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%q: message %d\n%#v\nwant\n%#v", body, i, g, w)
		}
	}
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

// FuzzDecodeStoredMatchesReference: DecodeStored reads whatever ingest
// stores as encoding/json reads it into storedMessage, also spaced out as
// PostgreSQL's jsonb printed the payloads it kept before migration 16.
func FuzzDecodeStoredMatchesReference(f *testing.F) {
	for _, seed := range []string{
		`{"batch":[{"type":"track","userId":"u1","event":"E","properties":{"a":[1,{"b":null}],"n":1e400,"s":"\u2028<"}}]}`,
		`{"batch":[{"type":"page","anonymousId":"a","timestamp":"2026-03-02T09:00:00.123456789+05:30","sentAt":"2026-03-02T09:00:01Z"}],"context":{"ip":"1.2.3.4"}}`,
		`{"batch":[{"type":"alias","userId":12345678901234567890,"previousId":"p","context":{"page":{"url":"https://acme.io/"}},"integrations":{"All":false}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msgs, _ := ParseBatch(body, received)
		for _, m := range msgs {
			payload, err := m.JSON()
			if err != nil {
				continue
			}
			var spaced bytes.Buffer
			if err := json.Indent(&spaced, payload, "", " "); err != nil {
				t.Fatalf("the stored form is not JSON: %v\n%s", err, payload)
			}
			for _, p := range [][]byte{payload, spaced.Bytes()} {
				got, gotErr := DecodeStored(p)
				want, wantErr := refDecodeStored(p)
				if (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s:\n got %#v %v\nwant %#v %v", p, got, gotErr, want, wantErr)
				}
			}
		}
	})
}

// sentNoMessageID reports whether the message raw holds has no usable
// messageId, as the reference parser reads it.
func sentNoMessageID(raw []byte) bool {
	var w refWire
	if json.Unmarshal(raw, &w) != nil {
		return false
	}
	return refDecodeID(&domain.ValidationError{}, w, "messageId", MaxMessageIDLen, "messageId", "message_id") == ""
}

// FuzzJSONMatchesReference: the hand-written stored form is encoding/json's,
// byte for byte, for whatever message the parser accepts; with the objects
// written as the client sent them (message_sent.go), it is the same JSON
// value.
func FuzzJSONMatchesReference(f *testing.F) {
	for _, seed := range []string{
		`{"batch":[{"type":"track","userId":"u1","event":"<b>E</b> & \u2028","properties":{"z":1,"a":[true,false,null,-0.5e-3,{}],"é":"\ud800","m":{"":""}}}]}`,
		`{"batch":[{"type":"page","anonymousId":"a","name":"N","category":"C","timestamp":"2026-03-02T09:00:00.123456789+05:30","originalTimestamp":"2026-03-02T09:00:00Z"}],"sentAt":"2026-03-02T09:00:01Z","context":{"ip":"1.2.3.4"},"integrations":{"All":false}}`,
		`{"batch":[{"type":"alias","userId":12345678901234567890,"previousId":"p","traits":{"\u0007":"\t\n\r\b\f"}},{"type":"group","userId":"u","groupId":"g","traits":{}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msgs, _ := ParseBatch(body, received)
		for _, m := range msgs {
			encoded := m
			encoded.sent = sentObjects{}
			got, gotErr := encoded.JSON()
			want, wantErr := refJSON(m)
			if string(got) != string(want) || (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("%q:\n got %s %v\nwant %s %v", body, got, gotErr, want, wantErr)
			}
			sent, sentErr := m.JSON()
			if (sentErr == nil) != (wantErr == nil) || (wantErr == nil && !sameJSONValue(t, sent, want)) {
				t.Fatalf("%q: as sent\n got %s %v\nwant the value of %s %v", body, sent, sentErr, want, wantErr)
			}
		}
	})
}

// Messages built in Go may hold values the parser never makes; those are
// written as encoding/json writes them, and refused where it refuses them.
func TestJSONOfGoValuesMatchesReference(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, props := range []map[string]any{
		{"f": 1.5, "i": 42, "u": uint8(7), "big": 1e21, "s": []string{"a", "<"}, "m": map[string]string{"k": "v"}},
		{"empty": json.Number(""), "nilSlice": []any(nil), "nilMap": map[string]any(nil), "nested": map[string]any{"x": []any{json.Number("1.0e+2")}}},
		{"bad": json.Number("1x")},
		{"nan": math.NaN()},
		{"ptr": (*int)(nil), "t": at, "raw": json.RawMessage(`{"b":1, "a":2}`)},
	} {
		for _, m := range []Message{
			{Type: TypeTrack, MessageID: "m", UserID: "u", Event: "E", Properties: props, Timestamp: at, ReceivedAt: at},
			{Type: TypeTrack, MessageID: "m", UserID: "u", Event: "E", Timestamp: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), ReceivedAt: at},
		} {
			got, gotErr := m.JSON()
			want, wantErr := refJSON(m)
			if string(got) != string(want) || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("%v:\n got %s %v\nwant %s %v", props, got, gotErr, want, wantErr)
			}
		}
	}
}

// sameJSONValue reports whether a and b are JSON texts of one value, as
// encoding/json reads them with UseNumber.
func sameJSONValue(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	for _, x := range []struct {
		text []byte
		val  *any
	}{{a, &va}, {b, &vb}} {
		dec := json.NewDecoder(bytes.NewReader(x.text))
		dec.UseNumber()
		if err := dec.Decode(x.val); err != nil {
			t.Fatalf("%s: %v", x.text, err)
		}
	}
	return reflect.DeepEqual(va, vb)
}
