package storage

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// Activities stores notes, calls, meetings, emails and tasks.
type Activities struct{ db *DB }

var _ crm.ActivityStore = Activities{}

var activityKeys = keyset[crm.Activity]{
	keys: func() map[string]sortKey[crm.Activity] {
		m := timeKeys(func(a crm.Activity) time.Time { return a.CreatedAt }, func(a crm.Activity) time.Time { return a.UpdatedAt })
		m["occurred_at"] = sortKey[crm.Activity]{column: "occurred_at", value: func(a crm.Activity) any { return a.OccurredAt }, isTime: true}
		m["due_at"] = sortKey[crm.Activity]{column: "due_at", value: func(a crm.Activity) any { return *a.DueAt }, isTime: true}
		return m
	}(),
	def:   "created_at",
	rowID: func(a crm.Activity) string { return a.ID },
}

func (s Activities) Create(ctx context.Context, a *crm.Activity) error {
	return translate(s.db.writer(ctx).Create(a).Error, "activity")
}

func (s Activities) Get(ctx context.Context, ws, id string) (crm.Activity, error) {
	var a crm.Activity
	err := s.db.reader(ctx).Where("workspace_id = ? AND id = ?", ws, id).Take(&a).Error
	return a, translate(err, "activity")
}

func (s Activities) Update(ctx context.Context, a *crm.Activity, cols ...string) error {
	res := s.db.writer(ctx).Model(a).Where("workspace_id = ? AND id = ?", a.WorkspaceID, a.ID).Select(cols).Updates(a)
	return affected(res, "activity")
}

func (s Activities) Delete(ctx context.Context, ws, id string) error {
	return affected(s.db.writer(ctx).Where("workspace_id = ? AND id = ?", ws, id).Delete(&crm.Activity{}), "activity")
}

// List filters activities. Sorting by due_at lists only activities that have a due date.
func (s Activities) List(ctx context.Context, ws string, f crm.ActivityFilter) (domain.Page[crm.Activity], error) {
	q := s.db.reader(ctx).Model(&crm.Activity{}).Where("workspace_id = ?", ws)
	for col, v := range map[string]string{"type": string(f.Type), "prospect_id": f.ProspectID, "contact_id": f.ContactID, "account_id": f.AccountID, "owner_id": f.OwnerID} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.Done != nil {
		q = q.Where("done = ?", *f.Done)
	}
	if f.DueBefore != nil {
		q = q.Where("due_at < ?", f.DueBefore.UTC())
	}
	if f.Sort == "due_at" || f.Sort == "-due_at" {
		q = q.Where("due_at IS NOT NULL")
	}
	return activityKeys.page(q, f.ListQuery)
}
