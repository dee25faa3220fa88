package storage

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// Events reads the event log. Event ids are UUIDv7, so id order is arrival
// order and the newest-first list needs no other sort key.
type Events struct{ *DB }

var _ tracking.EventStore = Events{}

var eventKeys = keyset[tracking.Event]{
	keys: map[string]sortKey[tracking.Event]{
		"id": {column: "id", value: func(e tracking.Event) any { return e.ID }},
	},
	def:   "-id",
	rowID: func(e tracking.Event) string { return e.ID },
}

func (s Events) ListEvents(ctx context.Context, ws string, f tracking.EventFilter) (domain.Page[tracking.Event], error) {
	f.Sort, f.UpdatedSince = "", nil
	q := s.reader(ctx).Model(&tracking.Event{}).
		Select("workspace_id, id, type, event, anonymous_id, user_id, timestamp, received_at").
		Where("workspace_id = ?", ws)
	if f.AnonymousID != "" {
		q = q.Where("anonymous_id = ?", f.AnonymousID)
	}
	return eventKeys.page(q, f.ListQuery)
}
