package storage

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/marketing"
)

// Campaigns stores campaigns and their spend.
type Campaigns struct{ db *DB }

var _ marketing.CampaignStore = Campaigns{}

var campaignKeys = keyset[marketing.Campaign]{
	keys: func() map[string]sortKey[marketing.Campaign] {
		m := timeKeys(func(c marketing.Campaign) time.Time { return c.CreatedAt }, func(c marketing.Campaign) time.Time { return c.UpdatedAt })
		m["name"] = sortKey[marketing.Campaign]{column: "name", value: func(c marketing.Campaign) any { return c.Name }}
		return m
	}(),
	def:   "created_at",
	rowID: func(c marketing.Campaign) string { return c.ID },
}

func (s Campaigns) Create(ctx context.Context, c *marketing.Campaign) error {
	return translate(s.db.writer(ctx).Create(c).Error, "campaign")
}

func (s Campaigns) Get(ctx context.Context, ws, id string) (marketing.Campaign, error) {
	var c marketing.Campaign
	err := s.db.reader(ctx).Where("workspace_id = ? AND id = ?", ws, id).Take(&c).Error
	return c, translate(err, "campaign")
}

// GetForUpdate locks the row on PostgreSQL; SQLite's write transaction
// (BEGIN IMMEDIATE) already excludes other writers.
func (s Campaigns) GetForUpdate(ctx context.Context, ws, id string) (marketing.Campaign, error) {
	q := s.db.writer(ctx)
	if s.db.dialect == Postgres && inTx(ctx) {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var c marketing.Campaign
	err := q.Where("workspace_id = ? AND id = ?", ws, id).Take(&c).Error
	return c, translate(err, "campaign")
}

func (s Campaigns) ByKey(ctx context.Context, ws, key string) (marketing.Campaign, error) {
	var c marketing.Campaign
	err := s.db.reader(ctx).Where("workspace_id = ? AND utm_campaign = ?", ws, key).Take(&c).Error
	return c, translate(err, "campaign")
}

func (s Campaigns) Update(ctx context.Context, c *marketing.Campaign, cols ...string) error {
	res := s.db.writer(ctx).Model(c).Where("workspace_id = ? AND id = ?", c.WorkspaceID, c.ID).Select(cols).Updates(c)
	return affected(res, "campaign")
}

// Delete unlinks the campaign's touchpoints, then removes it (its spend cascades).
func (s Campaigns) Delete(ctx context.Context, ws, id string) error {
	return s.db.Tx(ctx, func(ctx context.Context) error {
		tx := s.db.writer(ctx)
		if err := tx.Exec("UPDATE touchpoints SET campaign_id = NULL WHERE workspace_id = ? AND campaign_id = ?", ws, id).Error; err != nil {
			return translate(err, "campaign")
		}
		return affected(tx.Where("workspace_id = ? AND id = ?", ws, id).Delete(&marketing.Campaign{}), "campaign")
	})
}

func (s Campaigns) List(ctx context.Context, ws string, f marketing.CampaignFilter) (domain.Page[marketing.Campaign], error) {
	q := s.db.reader(ctx).Model(&marketing.Campaign{}).Where("workspace_id = ?", ws)
	if f.Q != "" {
		q = q.Where("lower(name) LIKE ? ESCAPE '\\'", likePrefix(strings.TrimSpace(f.Q)))
	}
	if f.Channel != "" {
		q = q.Where("channel = ?", f.Channel)
	}
	if f.UTMCampaign != "" {
		q = q.Where("utm_campaign = ?", f.UTMCampaign)
	}
	return campaignKeys.page(q, f.ListQuery)
}

// linkByKeySQL links the unlinked touchpoints tagged with a key to a
// campaign. Its term that the campaign is not empty lets PostgreSQL use
// touchpoints_campaign_key_idx, which there holds only tagged touchpoints
// (migration 17).
const linkByKeySQL = "UPDATE touchpoints SET campaign_id = ? WHERE workspace_id = ? AND campaign = ? AND campaign <> '' AND campaign_id IS NULL"

func (s Campaigns) LinkTouchpoints(ctx context.Context, ws, id, key string) error {
	return s.db.Tx(ctx, func(ctx context.Context) error {
		tx := s.db.writer(ctx)
		if err := tx.Exec("UPDATE touchpoints SET campaign_id = NULL WHERE workspace_id = ? AND campaign_id = ? AND campaign <> ?", ws, id, key).Error; err != nil {
			return translate(err, "campaign touchpoints")
		}
		return translate(tx.Exec(linkByKeySQL, id, ws, key).Error, "campaign touchpoints")
	})
}

func (s Campaigns) AddSpend(ctx context.Context, sp *marketing.Spend) error {
	return translate(s.db.writer(ctx).Create(sp).Error, "spend")
}

func (s Campaigns) Spend(ctx context.Context, ws, campaignID string) ([]marketing.Spend, error) {
	var out []marketing.Spend
	err := s.db.reader(ctx).Where("workspace_id = ? AND campaign_id = ?", ws, campaignID).Order("period_start, id").Find(&out).Error
	return out, translate(err, "spend")
}

var spendKeys = keyset[marketing.Spend]{
	keys: map[string]sortKey[marketing.Spend]{
		"period_start": {column: "period_start", value: func(s marketing.Spend) any { return s.PeriodStart }, isTime: true},
	},
	def:   "period_start",
	rowID: func(s marketing.Spend) string { return s.ID },
}

func (s Campaigns) ListSpend(ctx context.Context, ws, campaignID string, q domain.ListQuery) (domain.Page[marketing.Spend], error) {
	q.Sort, q.UpdatedSince = "period_start", nil
	return spendKeys.page(s.db.reader(ctx).Model(&marketing.Spend{}).Where("workspace_id = ? AND campaign_id = ?", ws, campaignID), q)
}

func (s Campaigns) GetSpend(ctx context.Context, ws, campaignID, id string) (marketing.Spend, error) {
	var sp marketing.Spend
	err := s.db.reader(ctx).Where("workspace_id = ? AND campaign_id = ? AND id = ?", ws, campaignID, id).Take(&sp).Error
	return sp, translate(err, "spend")
}

// DeleteSpend removes the row only if it belongs to that campaign, so a
// spend id under another campaign's path is not found.
func (s Campaigns) DeleteSpend(ctx context.Context, ws, campaignID, id string) error {
	res := s.db.writer(ctx).Where("workspace_id = ? AND campaign_id = ? AND id = ?", ws, campaignID, id).Delete(&marketing.Spend{})
	return affected(res, "spend")
}
