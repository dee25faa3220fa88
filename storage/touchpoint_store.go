package storage

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/marketing"
)

// Touchpoints stores touchpoints.
type Touchpoints struct{ db *DB }

var _ marketing.TouchpointStore = Touchpoints{}

var touchpointKeys = keyset[marketing.Touchpoint]{
	keys: map[string]sortKey[marketing.Touchpoint]{
		"occurred_at": {column: "occurred_at", value: func(t marketing.Touchpoint) any { return t.OccurredAt }, isTime: true},
		"created_at":  {column: "created_at", value: func(t marketing.Touchpoint) any { return t.CreatedAt }, isTime: true},
	},
	def:   "occurred_at",
	rowID: func(t marketing.Touchpoint) string { return t.ID },
}

func (s Touchpoints) Create(ctx context.Context, t *marketing.Touchpoint) error {
	return translate(s.db.writer(ctx).Create(t).Error, "touchpoint")
}

func (s Touchpoints) Get(ctx context.Context, ws, id string) (marketing.Touchpoint, error) {
	var t marketing.Touchpoint
	err := s.db.reader(ctx).Where("workspace_id = ? AND id = ?", ws, id).Take(&t).Error
	return t, translate(err, "touchpoint")
}

func (s Touchpoints) Delete(ctx context.Context, ws, id string) error {
	return affected(s.db.writer(ctx).Where("workspace_id = ? AND id = ?", ws, id).Delete(&marketing.Touchpoint{}), "touchpoint")
}

// List filters touchpoints; from and to bound occurred_at as [from, to).
// Touchpoints never change, so there is no updated_since.
func (s Touchpoints) List(ctx context.Context, ws string, f marketing.TouchpointFilter) (domain.Page[marketing.Touchpoint], error) {
	q := s.db.reader(ctx).Model(&marketing.Touchpoint{}).Where("workspace_id = ?", ws)
	for col, v := range map[string]string{"contact_id": f.ContactID, "account_id": f.AccountID, "campaign_id": f.CampaignID, "type": string(f.Type), "channel": string(f.Channel)} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.From != nil {
		q = q.Where("occurred_at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("occurred_at < ?", f.To.UTC())
	}
	f.UpdatedSince = nil
	return touchpointKeys.page(q, f.ListQuery)
}

// Parties answers marketing's questions about CRM records.
type Parties struct{ db *DB }

var _ marketing.Parties = Parties{}

func (s Parties) ContactAccount(ctx context.Context, ws, contactID string) (*string, error) {
	var row struct{ AccountID *string }
	err := s.db.reader(ctx).Table("contacts").Select("account_id").Where("workspace_id = ? AND id = ?", ws, contactID).Take(&row).Error
	return row.AccountID, translate(err, "contact")
}

func (s Parties) AccountExists(ctx context.Context, ws, accountID string) error {
	var row struct{ ID string }
	return translate(s.db.reader(ctx).Table("accounts").Select("id").Where("workspace_id = ? AND id = ?", ws, accountID).Take(&row).Error, "account")
}
