package storage

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

// EventMaps stores each workspace's own event mappings.
type EventMaps struct{ db *DB }

var _ tracking.EventMapStore = EventMaps{}

// EventMaps returns the store of workspaces' event maps.
func (db *DB) EventMaps() EventMaps { return EventMaps{db} }

type eventMapRow struct {
	WorkspaceID    string
	EventKey       string
	Event          string
	TouchpointType string
	CreatedAt      time.Time
}

func (eventMapRow) TableName() string { return "event_map_entries" }

func (s EventMaps) CustomEventMappings(ctx context.Context, ws string) ([]tracking.EventMapping, error) {
	var rows []eventMapRow
	if err := s.db.reader(ctx).Where("workspace_id = ?", ws).Order("event_key").Find(&rows).Error; err != nil {
		return nil, translate(err, "event map")
	}
	out := make([]tracking.EventMapping, len(rows))
	for i, r := range rows {
		out[i] = tracking.EventMapping{Event: r.Event, Type: tracking.TouchpointType(r.TouchpointType), Custom: true}
	}
	return out, nil
}

func (s EventMaps) ReplaceCustomEventMappings(ctx context.Context, ws string, m []tracking.EventMapping, at time.Time) error {
	return s.db.Tx(ctx, func(ctx context.Context) error {
		tx := s.db.writer(ctx)
		if err := tx.Where("workspace_id = ?", ws).Delete(&eventMapRow{}).Error; err != nil {
			return translate(err, "event map")
		}
		if len(m) == 0 {
			return nil
		}
		rows := make([]eventMapRow, len(m))
		for i, e := range m {
			rows[i] = eventMapRow{WorkspaceID: ws, EventKey: tracking.NormalizeEventName(e.Event), Event: e.Event, TouchpointType: string(e.Type), CreatedAt: at}
		}
		return translate(tx.Create(&rows).Error, "event map")
	})
}

// CustomEventMappings reads the map in the processor's transaction: a batch
// uses the map as committed when it starts processing.
func (s processorStore) CustomEventMappings(ctx context.Context, ws string) ([]tracking.EventMapping, error) {
	return EventMaps(s).CustomEventMappings(ctx, ws)
}
