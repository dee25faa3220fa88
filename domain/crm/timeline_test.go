package crm

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// Merging newest-first sources must equal sorting their union, for any split.
func TestMergeTimelineEqualsSortedUnion(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for round := 0; round < 200; round++ {
		n := r.IntN(30)
		var all []TimelineItem
		sources := make([][]TimelineItem, 1+r.IntN(3))
		for i := 0; i < n; i++ {
			// Few distinct times, so ties broken by id are exercised.
			it := TimelineItem{ID: fmt.Sprintf("%04d", r.IntN(10000)), OccurredAt: base.Add(time.Duration(r.IntN(5)) * time.Minute)}
			all = append(all, it)
			k := r.IntN(len(sources))
			sources[k] = append(sources[k], it)
		}
		for _, s := range sources {
			sort.Slice(s, func(i, j int) bool { return Before(s[i], s[j]) })
		}
		sort.Slice(all, func(i, j int) bool { return Before(all[i], all[j]) })
		limit := r.IntN(n + 2)
		got := MergeTimeline(limit, sources...)
		want := all[:min(limit, len(all))]
		if len(got) != len(want) {
			t.Fatalf("round %d: %d items, want %d", round, len(got), len(want))
		}
		for i := range got {
			if got[i].ID != want[i].ID || !got[i].OccurredAt.Equal(want[i].OccurredAt) {
				t.Fatalf("round %d item %d: %v, want %v", round, i, got[i], want[i])
			}
		}
	}
}

func TestTimelineCursorRoundTrip(t *testing.T) {
	c := TimelineCursor{OccurredAt: time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC), ID: "01a2081e-de37-7a41-b829-65d430fe67b2"}
	got, err := DecodeTimelineCursor(EncodeTimelineCursor(c))
	if err != nil || !got.OccurredAt.Equal(c.OccurredAt) || got.ID != c.ID {
		t.Fatalf("round trip = %+v, %v", got, err)
	}
	for _, bad := range []string{"!!", "bm90LWEtY3Vyc29y", EncodeTimelineCursor(TimelineCursor{ID: "x"})} {
		if _, err := DecodeTimelineCursor(bad); err == nil {
			t.Errorf("cursor %q accepted", bad)
		}
	}
	if c, err := DecodeTimelineCursor(""); c != nil || err != nil {
		t.Errorf("empty cursor = %v, %v; want the first page", c, err)
	}
}
