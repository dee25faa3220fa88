package storage

import (
	"sync"
	"time"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

const (
	// recentCapacity bounds the messages ingest hands to this replica's
	// processor: two to three seconds of events at 7,500 a second, and at
	// most about 70 MB (bench-ingest's 600-byte messages take 3.4 KB each
	// parsed, their payload included).
	recentCapacity = 20_000
	// recentMaxAge is how long a message waits to be claimed before it may
	// make room for a newer one: those another replica's processor claimed
	// are never taken here.
	recentMaxAge = 30 * time.Second
)

// recentEvents hands the messages ingest has just committed to the event
// processor of the same replica. A claim takes its events from here and
// reads from the events table only those it does not find (ingested by
// another replica, before a restart, or not kept for want of room), so
// reading each payload back and decoding it again is skipped, the
// processor's largest cost. A message here is what DecodeStored reads from
// the stored payload (tracking.Message.Stored), and stored events never
// change, so where a message comes from makes no difference to processing:
// both databases keep the payload byte for byte (TestClaimedMessagesAreTheStoredOnes).
//
// When it is full it keeps the messages it has and turns new ones away,
// unless the oldest has waited recentMaxAge: the processor claims the
// oldest events first, so with a backlog larger than the capacity, dropping
// the oldest for the newest would drop every message before its claim.
type recentEvents struct {
	mu       sync.Mutex
	byKey    map[queued]*tracking.Message
	order    []recentKey // in the order added; taken ones stay until they reach the head
	head     int
	capacity int
	now      func() time.Time
}

type recentKey struct {
	k  queued
	at time.Time
}

func newRecentEvents(capacity int) *recentEvents {
	return &recentEvents{byKey: make(map[queued]*tracking.Message, capacity), capacity: capacity, now: time.Now}
}

// add keeps the rows' messages, those that have one, while there is room.
func (r *recentEvents) add(rows []EventRow) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	for _, row := range rows {
		if row.Message == nil {
			continue
		}
		if len(r.byKey) >= r.capacity && !r.dropExpired(now) {
			return
		}
		k := queued{row.WorkspaceID, row.ID}
		r.byKey[k] = row.Message
		r.order = append(r.order, recentKey{k, now})
	}
}

// dropExpired forgets the oldest message if it has waited recentMaxAge,
// and reports whether it did.
func (r *recentEvents) dropExpired(now time.Time) bool {
	for r.head < len(r.order) {
		e := r.order[r.head]
		if _, ok := r.byKey[e.k]; !ok { // taken
			r.advance()
			continue
		}
		if now.Sub(e.at) < recentMaxAge {
			return false
		}
		delete(r.byKey, e.k)
		r.advance()
		return true
	}
	return false
}

// advance moves the head on, and compacts order when half of it is behind.
func (r *recentEvents) advance() {
	r.order[r.head] = recentKey{}
	r.head++
	if r.head > len(r.order)/2 {
		r.order = append(r.order[:0], r.order[r.head:]...)
		r.head = 0
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
	// Taken messages at the head need not wait for the next full add.
	for r.head < len(r.order) {
		if _, live := r.byKey[r.order[r.head].k]; live {
			break
		}
		r.advance()
	}
	return m, ok
}
