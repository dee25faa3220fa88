package tracking

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// Event is a stored event as members see it in lists: who, what and when,
// without the payload (which can be 32 KB of client input).
type Event struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Type        string
	Event       string // track: the event name; page and screen: the name
	AnonymousID string
	UserID      string
	Timestamp   time.Time
	ReceivedAt  time.Time
}

// EventFilter narrows an event list; empty fields do not filter.
type EventFilter struct {
	domain.ListQuery
	AnonymousID string
}

// EventStore reads the stored events of a workspace, newest first.
type EventStore interface {
	ListEvents(ctx context.Context, workspaceID string, f EventFilter) (domain.Page[Event], error)
}

// Events is the read side of the event log.
type Events struct{ st EventStore }

// NewEvents returns the event log reader.
func NewEvents(st EventStore) *Events { return &Events{st: st} }

// List pages through the workspace's events, newest first; anyone who may
// read records may read them.
func (e *Events) List(ctx context.Context, p auth.Principal, f EventFilter) (domain.Page[Event], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[Event]{}, err
	}
	return e.st.ListEvents(ctx, p.WorkspaceID, f)
}

// QueueStats is how the processing queue stands: whether processing keeps
// up with ingest.
type QueueStats struct {
	Waiting  int64 // events accepted and not yet processed
	SetAside int64 // events that failed MaxProcessAttempts times and wait for an operator
	// NextReceivedAt is when the event the processor takes next was
	// accepted; zero when none waits. Now minus it is the current lag.
	NextReceivedAt time.Time
}
