package storage

import (
	"fmt"
	"testing"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

func TestRecentEventsKeepTheNewestAndHandEachOnce(t *testing.T) {
	r := newRecentEvents(3)
	row := func(i int) EventRow {
		return EventRow{WorkspaceID: "w", ID: fmt.Sprint(i), Message: &tracking.Message{MessageID: fmt.Sprint("m", i)}}
	}
	r.add([]EventRow{row(1), row(2), {WorkspaceID: "w", ID: "no message"}})
	if r.len() != 2 {
		t.Fatalf("kept %d, want 2: a row without a message is not kept", r.len())
	}
	if m, ok := r.take(queued{"w", "1"}); !ok || m.MessageID != "m1" {
		t.Fatalf("take 1: %v %v", m, ok)
	}
	if _, ok := r.take(queued{"w", "1"}); ok {
		t.Fatal("a message was handed over twice")
	}
	r.add([]EventRow{row(3), row(4), row(5)}) // full at 3: 2 goes, then 3 stays beside 4 and 5
	for i, want := range map[int]bool{2: false, 3: true, 4: true, 5: true} {
		if _, ok := r.take(queued{"w", fmt.Sprint(i)}); ok != want {
			t.Errorf("event %d kept: %v, want %v", i, ok, want)
		}
	}
	if r.len() != 0 {
		t.Errorf("%d left", r.len())
	}
}
