package storage

import (
	"fmt"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

func TestRecentEventsKeepTheOldestAndHandEachOnce(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := newRecentEvents(3)
	r.now = func() time.Time { return now }
	row := func(i int) EventRow {
		return EventRow{WorkspaceID: "w", ID: fmt.Sprint(i), Message: &tracking.Message{MessageID: fmt.Sprint("m", i)}}
	}
	kept := func(want map[int]bool) {
		t.Helper()
		for i, w := range want {
			if _, ok := r.byKey[queued{"w", fmt.Sprint(i)}]; ok != w {
				t.Errorf("event %d kept: %v, want %v", i, ok, w)
			}
		}
	}
	r.add([]EventRow{row(1), row(2), {WorkspaceID: "w", ID: "no message"}})
	if len(r.byKey) != 2 {
		t.Fatalf("kept %d, want 2: a row without a message is not kept", len(r.byKey))
	}
	if m, ok := r.take(queued{"w", "1"}); !ok || m.MessageID != "m1" {
		t.Fatalf("take 1: %v %v", m, ok)
	}
	if _, ok := r.take(queued{"w", "1"}); ok {
		t.Fatal("a message was handed over twice")
	}
	// Full at 3: the oldest are claimed first, so the newest are turned away.
	r.add([]EventRow{row(3), row(4), row(5)})
	kept(map[int]bool{2: true, 3: true, 4: true, 5: false})
	// Once the oldest has waited recentMaxAge, one makes room for one.
	now = now.Add(recentMaxAge)
	r.add([]EventRow{row(6)})
	kept(map[int]bool{2: false, 3: true, 4: true, 6: true})
	now = now.Add(recentMaxAge / 2)
	r.add([]EventRow{row(7)}) // 3 and 4 are as old as the limit, 6 is not
	kept(map[int]bool{3: false, 4: true, 6: true, 7: true})
	for _, i := range []int{4, 6, 7} {
		if _, ok := r.take(queued{"w", fmt.Sprint(i)}); !ok {
			t.Errorf("take %d failed", i)
		}
	}
	if len(r.byKey) != 0 || len(r.order)-r.head != 0 {
		t.Errorf("%d kept, %d in order after taking all", len(r.byKey), len(r.order)-r.head)
	}
}

// Messages nobody here claims (another replica's processor took their
// events) give way in time, and the order kept of taken ones stays small.
func TestRecentEventsStayBounded(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := start
	r := newRecentEvents(100)
	r.now = func() time.Time { return now }
	late := 0 // messages kept after the first ones waited recentMaxAge
	for i := range 100_000 {
		k := queued{"w", fmt.Sprint(i)}
		r.add([]EventRow{{WorkspaceID: "w", ID: k.EventID, Message: &tracking.Message{}}})
		if _, ok := r.byKey[k]; ok && now.Sub(start) > recentMaxAge {
			late++
		}
		if i%3 != 0 {
			r.take(k)
		}
		now = now.Add(time.Millisecond)
		if len(r.byKey) > 100 {
			t.Fatalf("%d kept, over the capacity", len(r.byKey))
		}
	}
	if n := len(r.order) - r.head; n > 100+int(recentMaxAge/time.Millisecond) {
		t.Errorf("%d entries in order", n)
	}
	if late == 0 {
		t.Error("messages nobody took never gave way")
	}
}
