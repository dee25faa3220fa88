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
	// recentMaxAge is how long a message not claimed here is kept at most:
	// those another replica's processor claimed are never taken here, and
	// make room for new ones between recentMaxAge/2 and recentMaxAge.
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
// When it is full it keeps the messages it has and turns new ones away:
// the processor claims the oldest events first, so with a backlog larger
// than the capacity, dropping the oldest for the newest would drop every
// message before its claim.
//
// Messages are kept in two generations, each half of recentMaxAge long:
// the current one, which new messages join, and the one before. When the
// current one has lasted its half, the one before is forgotten whole,
// whatever of it was not taken, and the current one takes its place. (A
// list in the order added, trimmed from its oldest end, kept every message
// taken after an untaken one until that one's time was up: a message whose
// event another worker took held up the trimming, and the list grew with
// every event for 30 s, 2% of bench-ingest's CPU.)
type recentEvents struct {
	mu       sync.Mutex
	cur      map[queued]*tracking.Message
	prev     map[queued]*tracking.Message
	curFrom  time.Time // when cur began
	capacity int
	now      func() time.Time
	// committed has a value once ingest has committed events since the
	// processor last looked: an idle processor starts at once instead of
	// at its next poll.
	committed chan struct{}
}

func newRecentEvents(capacity int) *recentEvents {
	return &recentEvents{cur: map[queued]*tracking.Message{}, prev: map[queued]*tracking.Message{}, capacity: capacity, now: time.Now,
		committed: make(chan struct{}, 1)}
}

// add keeps the rows' messages, those that have one, while there is room,
// then tells the processor that events were committed (after, so that a
// processor it wakes finds them here).
func (r *recentEvents) add(rows []EventRow) {
	if len(rows) == 0 {
		return
	}
	r.keep(rows)
	select {
	case r.committed <- struct{}{}:
	default: // told already
	}
}

func (r *recentEvents) keep(rows []EventRow) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.age(r.now())
	for _, row := range rows {
		if row.Message == nil {
			continue
		}
		if len(r.cur)+len(r.prev) >= r.capacity {
			return
		}
		r.cur[queued{row.WorkspaceID, row.ID}] = row.Message
	}
}

// age starts a new generation once the current one has lasted half of
// recentMaxAge, forgetting the one before; after a whole recentMaxAge
// without one, both go.
func (r *recentEvents) age(now time.Time) {
	span := recentMaxAge / 2
	switch since := now.Sub(r.curFrom); {
	case since >= 2*span:
		clear(r.cur)
		clear(r.prev)
		r.curFrom = now
	case since >= span:
		r.prev, r.cur = r.cur, r.prev
		clear(r.cur)
		r.curFrom = now
	}
}

// take removes and returns the message of k, if it is kept.
func (r *recentEvents) take(k queued) (*tracking.Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, gen := range [2]map[queued]*tracking.Message{r.cur, r.prev} {
		if m, ok := gen[k]; ok {
			delete(gen, k)
			return m, true
		}
	}
	return nil, false
}
