package tracking

import (
	"strings"
	"testing"
)

// An object the client sent is stored as its text, key order and spacing
// kept; one merged with the batch's is encoded, keys sorted.
func TestStoredKeepsObjectsAsSent(t *testing.T) {
	props := `{"z": 1, "a": {"y": "<b>", "x": [2.50, true]}}`
	ctx := `{"page":{"url":"https://acme.io/"},"library":{"name":"analytics.js"}}`
	body := `{"batch":[{"type":"track","userId":"u","event":"E","properties":` + props + `,"context":` + ctx + `,"integrations":{"All":true}}],` +
		`"integrations":{"Mixpanel":false}}`
	msgs, err := ParseBatch([]byte(body), received)
	if err != nil || len(msgs) != 1 {
		t.Fatal(len(msgs), err)
	}
	payload, stored, err := msgs[0].Stored()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"properties":` + props,
		`"context":` + ctx,
		`"integrations":{"All":true,"Mixpanel":false}`, // merged: encoded again
	} {
		if !strings.Contains(string(payload), want) {
			t.Errorf("the payload does not hold %s:\n%s", want, payload)
		}
	}
	for _, o := range stored.sent {
		if o.text != nil {
			t.Error("the message handed on keeps the request's texts")
		}
	}
}

// A parsed message whose object is replaced or changed in size after parsing
// is stored with what it holds then, not with the text the client sent.
func TestStoredFollowsObjectsChangedAfterParsing(t *testing.T) {
	body := `{"type":"track","userId":"u","event":"E","properties":{"a":1},"traits":{"b":2}}`
	m, err := ParseMessage([]byte(body), "track", received)
	if err != nil {
		t.Fatal(err)
	}
	m.Properties = map[string]any{"replaced": true}
	m.Traits["added"] = "x"
	payload, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"properties":{"replaced":true}`, `"traits":{"added":"x","b":2}`} {
		if !strings.Contains(string(payload), want) {
			t.Errorf("the payload does not hold %s:\n%s", want, payload)
		}
	}
}

// A surrogate escape is not stored as sent: a lone one is stored as the
// U+FFFD it reads as, so the payload is JSON that strict readers (jsonb)
// take too, and a pair as the character it stands for.
func TestStoredEncodesSurrogateEscapes(t *testing.T) {
	body := `{"type":"track","userId":"u","event":"E","properties":{"lone":"\ud800","pair":"\ud83d\ude00"}}`
	m, err := ParseMessage([]byte(body), "track", received)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := `"properties":{"lone":"` + "\ufffd" + `","pair":"😀"}`; !strings.Contains(string(payload), want) {
		t.Errorf("the payload does not hold %s:\n%s", want, payload)
	}
	for _, text := range []string{`{"a":"\ud800"}`, `{"a":"\uDC00"}`, `{"a":"\\ud800"}`} {
		if !hasSurrogateEscape([]byte(text)) {
			t.Errorf("%s: no surrogate escape found", text)
		}
	}
	for _, text := range []string{`{"a":"\u00e9"}`, `{"a":"\ud7ff"}`, `{"a":"\u"}`, `{"a":"\ud"}`} {
		if hasSurrogateEscape([]byte(text)) {
			t.Errorf("%s: a surrogate escape found", text)
		}
	}
}
