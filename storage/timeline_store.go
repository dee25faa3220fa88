package storage

import (
	"context"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
)

// Timeline reads records' merged histories.
type Timeline struct{ db *DB }

var _ crm.TimelineStore = Timeline{}

// timelineSource reads up to limit of a subject's newest items of one kind
// older than after, newest first. A new kind of history is one more source.
type timelineSource func(db *gorm.DB, ws string, subj crm.TimelineSubject, after *crm.TimelineCursor, limit int) ([]crm.TimelineItem, error)

var timelineSources = []timelineSource{activityItems, stageChangeItems, touchpointItems, sessionItems, eventItems, mergeItems}

// Timeline reads each source (an indexed range scan each), then merges them.
func (s Timeline) Timeline(ctx context.Context, ws string, subj crm.TimelineSubject, after *crm.TimelineCursor, limit int) ([]crm.TimelineItem, error) {
	db := s.db.reader(ctx)
	sources := make([][]crm.TimelineItem, 0, len(timelineSources))
	for _, src := range timelineSources {
		items, err := src(db, ws, subj, after, limit)
		if err != nil {
			return nil, translate(err, "timeline")
		}
		sources = append(sources, items)
	}
	items := crm.MergeTimeline(limit, sources...)
	return items, translate(withPages(db, ws, items), "timeline")
}

// readItems pages q newest first by (col, id) and turns each row into an item.
func readItems[T any](q *gorm.DB, col string, after *crm.TimelineCursor, limit int, item func(*T) crm.TimelineItem) ([]crm.TimelineItem, error) {
	if after != nil {
		q = q.Where("("+col+", id) < (?, ?)", after.OccurredAt, after.ID)
	}
	var rows []T
	if err := q.Order(col + " DESC, id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]crm.TimelineItem, len(rows))
	for i := range rows {
		out[i] = item(&rows[i])
	}
	return out, nil
}

func activityItems(db *gorm.DB, ws string, subj crm.TimelineSubject, after *crm.TimelineCursor, limit int) ([]crm.TimelineItem, error) {
	return readItems(activitiesOf(db, ws, subj), "occurred_at", after, limit, func(a *crm.Activity) crm.TimelineItem {
		return crm.TimelineItem{Kind: crm.TimelineActivity, ID: a.ID, OccurredAt: a.OccurredAt, Activity: a}
	})
}

// activitiesOf: a prospect's, a contact's, or an account's with its
// contacts' and its prospects'.
func activitiesOf(db *gorm.DB, ws string, subj crm.TimelineSubject) *gorm.DB {
	q := db.Model(&crm.Activity{}).Where("workspace_id = ?", ws)
	switch subj.Kind {
	case "prospect":
		q = q.Where("prospect_id = ?", subj.ID)
	case "contact":
		q = q.Where("contact_id = ?", subj.ID)
	case "account":
		q = q.Where("(account_id = ? OR "+inSet(db, "contact_id", "SELECT id FROM contacts WHERE workspace_id = ? AND account_id = ?")+
			" OR "+inSet(db, "prospect_id", "SELECT id FROM prospects WHERE workspace_id = ? AND account_id = ?")+")", subj.ID, ws, subj.ID, ws, subj.ID)
	}
	return q
}

// inSet is col IN (sub), written so that PostgreSQL can look sub's values up
// in col's index also as one arm of an OR: as col = ANY (ARRAY(sub)), sub
// run once. With IN there, it read every row of the workspace and checked
// each against sub (a contact's timeline in a workspace of a million events
// took 100 ms, and grew with the workspace). SQLite, with its statistics,
// looks IN up either way.
func inSet(db *gorm.DB, col, sub string) string {
	if db.Name() == "postgres" {
		return col + " = ANY (ARRAY(" + sub + "))"
	}
	return col + " IN (" + sub + ")"
}

func stageChangeItems(db *gorm.DB, ws string, subj crm.TimelineSubject, after *crm.TimelineCursor, limit int) ([]crm.TimelineItem, error) {
	q := db.Model(&crm.StageChange{}).Where("workspace_id = ?", ws)
	switch subj.Kind {
	case "prospect":
		q = q.Where("prospect_id = ?", subj.ID)
	case "contact":
		q = q.Where("prospect_id IN (SELECT prospect_id FROM prospect_contacts WHERE workspace_id = ? AND contact_id = ?)", ws, subj.ID)
	case "account":
		q = q.Where("prospect_id IN (SELECT id FROM prospects WHERE workspace_id = ? AND account_id = ?)", ws, subj.ID)
	}
	return readItems(q, "changed_at", after, limit, func(sc *crm.StageChange) crm.TimelineItem {
		return crm.TimelineItem{Kind: crm.TimelineStageChange, ID: sc.ID, OccurredAt: sc.ChangedAt, StageChange: sc}
	})
}

func touchpointItems(db *gorm.DB, ws string, subj crm.TimelineSubject, after *crm.TimelineCursor, limit int) ([]crm.TimelineItem, error) {
	return readItems(touchpointsOf(db, ws, subj), "occurred_at", after, limit, func(t *marketing.Touchpoint) crm.TimelineItem {
		return crm.TimelineItem{Kind: crm.TimelineTouchpoint, ID: t.ID, OccurredAt: t.OccurredAt, Touchpoint: t}
	})
}

// touchpointsOf: a contact's own touches; an account's, and its contacts';
// a prospect's are those of its buying group and of its account.
func touchpointsOf(db *gorm.DB, ws string, subj crm.TimelineSubject) *gorm.DB {
	q := db.Model(&marketing.Touchpoint{}).Where("workspace_id = ?", ws)
	switch subj.Kind {
	case "contact":
		q = q.Where("contact_id = ?", subj.ID)
	case "account":
		q = q.Where("(account_id = ? OR "+inSet(db, "contact_id", "SELECT id FROM contacts WHERE workspace_id = ? AND account_id = ?")+")", subj.ID, ws, subj.ID)
	case "prospect":
		q = q.Where("("+inSet(db, "contact_id", "SELECT contact_id FROM prospect_contacts WHERE workspace_id = ? AND prospect_id = ?")+
			" OR "+inSet(db, "account_id", "SELECT account_id FROM prospects WHERE workspace_id = ? AND id = ?")+")", ws, subj.ID, ws, subj.ID)
	}
	return q
}
