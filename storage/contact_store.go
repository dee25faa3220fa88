package storage

import (
	"context"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// Contacts stores people.
type Contacts struct{ db *DB }

var _ crm.ContactStore = Contacts{}

var contactKeys = keyset[crm.Contact]{
	keys: func() map[string]sortKey[crm.Contact] {
		m := timeKeys(func(c crm.Contact) time.Time { return c.CreatedAt }, func(c crm.Contact) time.Time { return c.UpdatedAt })
		m["last_name"] = sortKey[crm.Contact]{column: "last_name", value: func(c crm.Contact) any { return c.LastName }}
		return m
	}(),
	def:   "created_at",
	rowID: func(c crm.Contact) string { return c.ID },
}

func (s Contacts) Create(ctx context.Context, c *crm.Contact) error {
	return translate(s.db.writer(ctx).Create(c).Error, "contact")
}

func (s Contacts) Get(ctx context.Context, ws, id string) (crm.Contact, error) {
	var c crm.Contact
	err := s.db.reader(ctx).Where("workspace_id = ? AND id = ?", ws, id).Take(&c).Error
	if err != nil {
		return c, s.db.mergedInto(ctx, ws, id, translate(err, "contact"))
	}
	return c, nil
}

func (s Contacts) Update(ctx context.Context, c *crm.Contact, cols ...string) error {
	res := s.db.writer(ctx).Model(c).Where("workspace_id = ? AND id = ?", c.WorkspaceID, c.ID).Select(cols).Updates(c)
	return affected(res, "contact")
}

// Delete unlinks the contact's activities, touchpoints, visitors and
// sessions, then removes it (prospect links cascade).
func (s Contacts) Delete(ctx context.Context, ws, id string) error {
	return s.db.Tx(ctx, func(ctx context.Context) error {
		tx := s.db.writer(ctx)
		for _, table := range []string{"activities", "touchpoints", "visitors", "sessions"} {
			if err := tx.Exec("UPDATE "+table+" SET contact_id = NULL WHERE workspace_id = ? AND contact_id = ?", ws, id).Error; err != nil {
				return translate(err, "contact")
			}
		}
		return s.db.mergedInto(ctx, ws, id, affected(tx.Where("workspace_id = ? AND id = ?", ws, id).Delete(&crm.Contact{}), "contact"))
	})
}

func (s Contacts) List(ctx context.Context, ws string, f crm.ContactFilter) (domain.Page[crm.Contact], error) {
	q := s.db.reader(ctx).Model(&crm.Contact{}).Where("workspace_id = ?", ws)
	if f.Q != "" {
		p := likePrefix(strings.TrimSpace(f.Q))
		q = q.Where("(lower(first_name) LIKE ? ESCAPE '\\' OR lower(last_name) LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')", p, p, p)
	}
	if f.Email != "" {
		q = q.Where("email = ?", f.Email)
	}
	if f.AccountID != "" {
		q = q.Where("account_id = ?", f.AccountID)
	}
	return contactKeys.page(q, f.ListQuery)
}
