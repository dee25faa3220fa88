package tracking

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseBatchRequestLimits(t *testing.T) {
	item := `{"type":"track","userId":"u1","event":"E"}`
	items := func(n int) string {
		return `{"batch":[` + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + `]}`
	}
	sized := func(n int) string { // a one-message batch of exactly n bytes
		b := `{"batch":[` + item + `]}`
		return b + strings.Repeat(" ", n-len(b))
	}
	bigItem := `{"type":"track","userId":"u1","event":"E"` + strings.Repeat(" ", MaxMessageBytes) + `}`
	tests := []struct {
		name string
		body string
		want string
	}{
		{"an empty batch is fine", `{"batch":[]}`, ""},
		{"500 messages", items(MaxBatchMessages), ""},
		{"501 messages", items(MaxBatchMessages + 1), "batch:too_many"},
		{"exactly 500 KB", sized(MaxBatchBytes), ""},
		{"one byte over 500 KB", sized(MaxBatchBytes + 1), "body:too_large"},
		{"one message over 32 KB fails the whole request", `{"batch":[` + item + `,` + bigItem + `]}`, "batch[1]:too_large"},
		{"no batch array", `{"messages":[]}`, "batch:required"},
		{"batch is not an array", `{"batch":{}}`, "body:invalid_json"},
		{"not JSON", `{"batch":[`, "body:invalid_json"},
		{"invalid UTF-8", "{\"batch\":[],\"context\":{\"x\":\"\xff\"}}", "body:invalid_utf8"},
		{"a batch sentAt that is not a date", `{"batch":[],"sentAt":"yesterday"}`, "sentAt:invalid_timestamp"},
		{"a batch context that is not an object", `{"batch":[],"context":"web"}`, "context:invalid_object"},
		{"NUL in the batch context", `{"batch":[],"context":{"ip":"\u0000"}}`, "context.ip:nul_character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := ParseBatch([]byte(tt.body), received)
			if got := codes(t, err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if err != nil && msgs != nil {
				t.Errorf("a refused request must yield no messages, got %d", len(msgs))
			}
		})
	}
}

func TestParseBatchRejectsBadMessagesOneByOne(t *testing.T) {
	body := `{"batch":[
		{"type":"track","userId":"u1","event":"First"},
		{"type":"track","userId":"u1","messageId":"m-no-event"},
		{"userId":"u1","event":"no type"},
		{"type":"purchase","userId":"u1"},
		{"type":"page","anonymousId":"a1","name":"Last"}
	]}`
	msgs, err := ParseBatch([]byte(body), received)
	var be *BatchError
	if !errors.As(err, &be) {
		t.Fatalf("want a *BatchError, got %v", err)
	}
	var got []string
	for _, r := range be.Rejected {
		got = append(got, fmt.Sprintf("%d %s %s", r.Index, r.MessageID, codes(t, r.Err)))
	}
	want := []string{"1 m-no-event event:required", "2  type:required", "3  type:unknown_type"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rejected:\n got %q\nwant %q", got, want)
	}
	if len(msgs) != 2 || msgs[0].Event != "First" || msgs[1].Name != "Last" {
		t.Errorf("the valid messages must come back in order, got %+v", msgs)
	}
	if !strings.Contains(err.Error(), "3 message(s) of the batch rejected; batch[1]:") {
		t.Errorf("error text: %v", err)
	}
}

func TestParseBatchMergesBatchLevelFields(t *testing.T) {
	body := `{
		"sentAt":"2026-03-02T10:05:00Z",
		"context":{"library":{"name":"analytics-node","version":"2.0"},"ip":"198.51.100.1","locale":"en-US"},
		"integrations":{"All":true,"Salesforce":false},
		"batch":[
			{"type":"track","userId":"u1","event":"A","timestamp":"2026-03-02T10:04:00Z",
			 "context":{"library":{"version":"2.1"},"ip":"203.0.113.7"},"integrations":{"Salesforce":true}},
			{"type":"track","userId":"u1","event":"B","timestamp":"2026-03-02T10:04:30Z",
			 "sentAt":"2026-03-02T10:04:45Z"}
		]}`
	msgs, err := ParseBatch([]byte(body), received)
	if err != nil {
		t.Fatal(err)
	}
	a, b := msgs[0], msgs[1]

	lib := a.Context["library"].(map[string]any)
	if lib["name"] != "analytics-node" || lib["version"] != "2.1" {
		t.Errorf("nested context must merge, the message winning: %v", lib)
	}
	if a.Context["ip"] != "203.0.113.7" || a.Context["locale"] != "en-US" {
		t.Errorf("message context wins, batch context fills: %v", a.Context)
	}
	if a.Integrations["All"] != true || a.Integrations["Salesforce"] != true {
		t.Errorf("integrations merge, the message winning: %v", a.Integrations)
	}
	if b.Context["ip"] != "198.51.100.1" {
		t.Errorf("a message without context gets the batch's: %v", b.Context)
	}

	// A inherits the batch sentAt, 1 minute after its timestamp, so it lands
	// 1 minute before arrival; B's own sentAt, 15 s after its timestamp, wins.
	if !a.SentAt.Equal(time.Date(2026, 3, 2, 10, 5, 0, 0, time.UTC)) {
		t.Errorf("A inherits the batch sentAt, got %v", a.SentAt)
	}
	if want := received.Add(-time.Minute); !a.Timestamp.Equal(want) {
		t.Errorf("A timestamp = %v, want %v (receivedAt - (sentAt - timestamp))", a.Timestamp, want)
	}
	if want := received.Add(-15 * time.Second); !b.Timestamp.Equal(want) {
		t.Errorf("B timestamp = %v, want %v (its own sentAt wins)", b.Timestamp, want)
	}

	// Messages of one batch must not share maps: storage or the processor may
	// change one message's context.
	b.Context["locale"] = "fr-FR"
	b.Context["library"].(map[string]any)["name"] = "changed"
	if a.Context["locale"] != "en-US" || a.Context["library"].(map[string]any)["name"] != "analytics-node" {
		t.Errorf("changing one message's context changed another's: %v", a.Context)
	}
}

func TestParseBatchKeepsEachRawMessage(t *testing.T) {
	item := `{"type":"identify","userId":"u1","traits":{"plan":"pro"},"custom":"kept"}`
	msgs, err := ParseBatch([]byte(`{"batch":[`+item+`],"context":{"ip":"x"}}`), received)
	if err != nil {
		t.Fatal(err)
	}
	if string(msgs[0].Raw) != item {
		t.Errorf("Raw = %s, want the element as sent", msgs[0].Raw)
	}
}

func TestParsedMessagesDoNotAliasTheRequestBuffer(t *testing.T) {
	body := []byte(`{"batch":[{"type":"identify","userId":"u1"}]}`)
	msgs, err := ParseBatch(body, received)
	if err != nil {
		t.Fatal(err)
	}
	for i := range body {
		body[i] = ' ' // the server reuses its buffer for the next request
	}
	if string(msgs[0].Raw) != `{"type":"identify","userId":"u1"}` {
		t.Errorf("Raw changed with the request buffer: %q", msgs[0].Raw)
	}
}
