package storage

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// Prospects stores pipeline cards with their contacts and stage changes.
type Prospects struct{ db *DB }

var _ crm.ProspectStore = Prospects{}

// prospectRow adds the stage's phase, read through a correlated subquery so
// the prospect's own columns stay unambiguous for sorting and cursors.
type prospectRow struct {
	crm.Prospect `gorm:"embedded"`
	StagePhase   crm.Phase `gorm:"column:stage_phase"`
}

func (prospectRow) TableName() string { return "prospects" }

const prospectSelect = "prospects.*, (SELECT phase FROM stages s WHERE s.workspace_id = prospects.workspace_id AND s.id = prospects.stage_id) AS stage_phase"

var prospectKeys = keyset[prospectRow]{
	keys: func() map[string]sortKey[prospectRow] {
		m := timeKeys(func(p prospectRow) time.Time { return p.CreatedAt }, func(p prospectRow) time.Time { return p.UpdatedAt })
		m["amount"] = sortKey[prospectRow]{column: "amount", value: func(p prospectRow) any { return p.Amount }}
		m["title"] = sortKey[prospectRow]{column: "title", value: func(p prospectRow) any { return p.Title }}
		return m
	}(),
	def:   "created_at",
	rowID: func(p prospectRow) string { return p.ID },
}

func (s Prospects) Create(ctx context.Context, p *crm.Prospect) error {
	return translate(s.db.writer(ctx).Omit(clause.Associations).Create(p).Error, "prospect")
}

// row reads the prospect's own row and its phase.
func (s Prospects) row(q *gorm.DB, ws, id string) (prospectRow, error) {
	row, err := takeOne[prospectRow](q.Select(prospectSelect).Where("workspace_id = ? AND id = ?", ws, id))
	return row, translate(err, "prospect")
}

func (s Prospects) Get(ctx context.Context, ws, id string) (crm.Prospect, error) {
	row, err := s.row(s.db.reader(ctx).Model(&prospectRow{}), ws, id)
	if err != nil {
		return crm.Prospect{}, err
	}
	out := []prospectRow{row}
	if err := s.withContacts(ctx, ws, out); err != nil {
		return crm.Prospect{}, err
	}
	return toProspect(out[0]), nil
}

// GetForUpdate locks the row on PostgreSQL; SQLite's write transaction
// (BEGIN IMMEDIATE) already excludes other writers. It leaves the contacts
// out: the callers change the row, and every query saved is time the lock
// is not held.
func (s Prospects) GetForUpdate(ctx context.Context, ws, id string) (crm.Prospect, error) {
	q := s.db.writer(ctx).Model(&prospectRow{})
	if s.db.dialect == Postgres && inTx(ctx) {
		q = q.Clauses(clause.Locking{Strength: "UPDATE", Table: clause.Table{Name: "prospects"}})
	}
	row, err := s.row(q, ws, id)
	return toProspect(row), err
}

func (s Prospects) Update(ctx context.Context, p *crm.Prospect, cols ...string) error {
	res := s.db.writer(ctx).Model(p).Where("workspace_id = ? AND id = ?", p.WorkspaceID, p.ID).Select(cols).Updates(p)
	return affected(res, "prospect")
}

func (s Prospects) SetContacts(ctx context.Context, ws, prospectID string, links []crm.ProspectContact) error {
	return s.db.Tx(ctx, func(ctx context.Context) error {
		tx := s.db.writer(ctx)
		if err := tx.Where("workspace_id = ? AND prospect_id = ?", ws, prospectID).Delete(&crm.ProspectContact{}).Error; err != nil {
			return translate(err, "prospect contacts")
		}
		if len(links) == 0 {
			return nil
		}
		return translate(tx.Create(&links).Error, "prospect contacts")
	})
}

// Delete unlinks the prospect's activities, then removes it with its contacts and stage changes.
func (s Prospects) Delete(ctx context.Context, ws, id string) error {
	return s.db.Tx(ctx, func(ctx context.Context) error {
		tx := s.db.writer(ctx)
		if err := tx.Exec("UPDATE activities SET prospect_id = NULL WHERE workspace_id = ? AND prospect_id = ?", ws, id).Error; err != nil {
			return translate(err, "prospect")
		}
		return affected(tx.Where("workspace_id = ? AND id = ?", ws, id).Delete(&crm.Prospect{}), "prospect")
	})
}

func (s Prospects) List(ctx context.Context, ws string, f crm.ProspectFilter) (domain.Page[crm.Prospect], error) {
	q := s.db.reader(ctx).Model(&prospectRow{}).Select(prospectSelect).Where("workspace_id = ?", ws)
	if f.Q != "" {
		q = q.Where("lower(title) LIKE ? ESCAPE '\\'", likePrefix(strings.TrimSpace(f.Q)))
	}
	for col, v := range map[string]string{"stage_id": f.StageID, "account_id": f.AccountID, "owner_id": f.OwnerID, "status": string(f.Status)} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.ContactID != "" {
		q = q.Where("id IN (SELECT prospect_id FROM prospect_contacts WHERE workspace_id = ? AND contact_id = ?)", ws, f.ContactID)
	}
	rows, err := prospectKeys.page(q, f.ListQuery)
	if err != nil {
		return domain.Page[crm.Prospect]{}, err
	}
	if err := s.withContacts(ctx, ws, rows.Items); err != nil {
		return domain.Page[crm.Prospect]{}, err
	}
	out := domain.Page[crm.Prospect]{NextCursor: rows.NextCursor, Items: make([]crm.Prospect, len(rows.Items))}
	for i, r := range rows.Items {
		out.Items[i] = toProspect(r)
	}
	return out, nil
}

// withContacts loads the buying groups of a page of prospects in one query.
func (s Prospects) withContacts(ctx context.Context, ws string, rows []prospectRow) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]string, len(rows))
	at := make(map[string]int, len(rows))
	for i, r := range rows {
		ids[i], at[r.ID] = r.ID, i
		rows[i].Contacts = []crm.ProspectContact{}
	}
	var links []crm.ProspectContact
	err := s.db.reader(ctx).Where("workspace_id = ? AND prospect_id IN ?", ws, ids).Order("created_at, contact_id").Find(&links).Error
	if err != nil {
		return translate(err, "prospect contacts")
	}
	for _, l := range links {
		i := at[l.ProspectID]
		rows[i].Contacts = append(rows[i].Contacts, l)
	}
	return nil
}

func toProspect(r prospectRow) crm.Prospect {
	p := r.Prospect
	p.Phase = r.StagePhase
	return p
}

func (s Prospects) AddStageChange(ctx context.Context, sc *crm.StageChange) error {
	return translate(s.db.writer(ctx).Create(sc).Error, "stage change")
}

var stageChangeKeys = keyset[crm.StageChange]{
	keys: map[string]sortKey[crm.StageChange]{
		"changed_at": {column: "changed_at", value: func(s crm.StageChange) any { return s.ChangedAt }, isTime: true},
	},
	def:   "changed_at",
	rowID: func(s crm.StageChange) string { return s.ID },
}

func (s Prospects) ListStageChanges(ctx context.Context, ws, prospectID string, q domain.ListQuery) (domain.Page[crm.StageChange], error) {
	q.Sort, q.UpdatedSince = "changed_at", nil
	return stageChangeKeys.page(s.db.reader(ctx).Model(&crm.StageChange{}).Where("workspace_id = ? AND prospect_id = ?", ws, prospectID), q)
}
