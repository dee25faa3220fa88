package storage

import (
	"sync"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

// recentCapacity bounds the messages ingest hands to this replica's
// processor: about two seconds of events at 10,000 a second, a few tens of
// megabytes. Past it the oldest are dropped and read back from the
// database when they are claimed.
const recentCapacity = 20_000

// recentEvents hands the messages ingest has just committed to the event
// processor of the same replica. A claim takes its events from here and
// reads from the events table only those it does not find (ingested by
// another replica, before a restart, or dropped for room), so reading each
// payload back and decoding it again is skipped, the processor's largest
// cost. A message here is what DecodeStored reads from the stored payload
// (tracking.Message.Stored), and stored events never change, so where a
// message comes from makes no difference to processing. (Read back from
// PostgreSQL, whose jsonb keeps its own spacing and key order and spells
// some numbers its own way, Raw and such a number differ in text only;
// processing reads neither.)
type recentEvents struct {
	mu    sync.Mutex
	byKey map[queued]*tracking.Message
	ring  []queued // insertion order; the slot written next holds the oldest
	next  int
}

func newRecentEvents(capacity int) *recentEvents {
	return &recentEvents{byKey: make(map[queued]*tracking.Message, capacity), ring: make([]queued, capacity)}
}

// add keeps the rows' messages, those that have one, dropping the oldest
// kept when full.
func (r *recentEvents) add(rows []EventRow) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, row := range rows {
		if row.Message == nil {
			continue
		}
		k := queued{row.WorkspaceID, row.ID}
		delete(r.byKey, r.ring[r.next]) // the oldest, if it is still here
		r.ring[r.next] = k
		r.next = (r.next + 1) % len(r.ring)
		r.byKey[k] = row.Message
	}
}

// take removes and returns the message of k, if it is kept.
func (r *recentEvents) take(k queued) (*tracking.Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, ok := r.byKey[k]
	if ok {
		delete(r.byKey, k)
	}
	return m, ok
}

// len is how many messages are kept.
func (r *recentEvents) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byKey)
}
