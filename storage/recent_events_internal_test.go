package storage

import (
	"fmt"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

// has reports whether the message of event i of workspace "w" is kept.
func (r *recentEvents) has(i int) bool {
	k := queued{"w", fmt.Sprint(i)}
	_, cur := r.cur[k]
	_, prev := r.prev[k]
	return cur || prev
}

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
			if ok := r.has(i); ok != w {
				t.Errorf("event %d kept: %v, want %v", i, ok, w)
			}
		}
	}
	r.add([]EventRow{row(1), row(2), {WorkspaceID: "w", ID: "no message"}})
	if n := len(r.cur) + len(r.prev); n != 2 {
		t.Fatalf("kept %d, want 2: a row without a message is not kept", n)
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
	// Half of recentMaxAge on, a new generation begins: the messages kept
	// stay, and still take the room.
	now = now.Add(recentMaxAge / 2)
	r.add([]EventRow{row(6)})
	kept(map[int]bool{2: true, 3: true, 4: true, 6: false})
	if _, ok := r.take(queued{"w", "3"}); !ok {
		t.Fatal("a message of the generation before was not handed over")
	}
	r.add([]EventRow{row(7)})
	kept(map[int]bool{2: true, 4: true, 7: true})
	// Another half on, the messages not claimed by then make room.
	now = now.Add(recentMaxAge / 2)
	r.add([]EventRow{row(8)})
	kept(map[int]bool{2: false, 4: false, 7: true, 8: true})
	for _, i := range []int{7, 8} {
		if _, ok := r.take(queued{"w", fmt.Sprint(i)}); !ok {
			t.Errorf("take %d failed", i)
		}
	}
	if n := len(r.cur) + len(r.prev); n != 0 {
		t.Errorf("%d kept after taking all", n)
	}
	// After a whole recentMaxAge without a message, nothing is left of before.
	r.add([]EventRow{row(9)})
	now = now.Add(recentMaxAge)
	r.add([]EventRow{row(10)})
	kept(map[int]bool{9: false, 10: true})
}

// Messages nobody here claims (another replica's processor took their
// events) give way in time: none is kept longer than recentMaxAge, full or
// not.
func TestRecentEventsStayBounded(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := start
	r := newRecentEvents(100)
	r.now = func() time.Time { return now }
	late := 0 // messages kept after the first ones waited recentMaxAge
	for i := range 100_000 {
		k := queued{"w", fmt.Sprint(i)}
		r.add([]EventRow{{WorkspaceID: "w", ID: k.EventID, Message: &tracking.Message{}}})
		if r.has(i) && now.Sub(start) > recentMaxAge {
			late++
		}
		if i%3 != 0 { // a third go to another replica
			r.take(k)
		}
		now = now.Add(time.Millisecond)
		if n := len(r.cur) + len(r.prev); n > 100 {
			t.Fatalf("%d kept, over the capacity", n)
		}
		if i >= int(recentMaxAge/time.Millisecond) && r.has(i-int(recentMaxAge/time.Millisecond)) {
			t.Fatalf("event %d kept for longer than %s", i, recentMaxAge)
		}
	}
	if late == 0 {
		t.Error("messages nobody took never gave way")
	}
}
