package tracking

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// EventMapStore keeps each workspace's own event mappings.
type EventMapStore interface {
	// CustomEventMappings lists the workspace's own mappings; none is no error.
	CustomEventMappings(ctx context.Context, workspaceID string) ([]EventMapping, error)
	// ReplaceCustomEventMappings swaps them all in one transaction.
	ReplaceCustomEventMappings(ctx context.Context, workspaceID string, m []EventMapping, at time.Time) error
}

// EventMaps reads and sets a workspace's event map. The processor reads the
// stored map afresh for every batch it claims, so a change applies to every
// event processed after it is committed, on every replica.
type EventMaps struct{ st EventMapStore }

// NewEventMaps returns the event map service.
func NewEventMaps(st EventMapStore) *EventMaps { return &EventMaps{st: st} }

// Get is the workspace's effective map; anyone who may read records may read it.
func (s *EventMaps) Get(ctx context.Context, p auth.Principal) ([]EventMapping, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return nil, err
	}
	custom, err := s.st.CustomEventMappings(ctx, p.WorkspaceID)
	if err != nil {
		return nil, err
	}
	return EffectiveEventMappings(custom), nil
}

// Replace sets the workspace's own mappings (owners and admins: it changes
// how every later event is counted) and returns the effective map.
func (s *EventMaps) Replace(ctx context.Context, p auth.Principal, custom []EventMapping) ([]EventMapping, error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return nil, err
	}
	custom, err := CheckEventMappings(custom)
	if err != nil {
		return nil, err
	}
	if err := s.st.ReplaceCustomEventMappings(ctx, p.WorkspaceID, custom, domain.Now()); err != nil {
		return nil, err
	}
	return EffectiveEventMappings(custom), nil
}
