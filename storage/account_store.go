package storage

import (
	"context"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// Accounts stores companies.
type Accounts struct{ db *DB }

var _ crm.AccountStore = Accounts{}

var accountKeys = keyset[crm.Account]{
	keys: func() map[string]sortKey[crm.Account] {
		m := timeKeys(func(a crm.Account) time.Time { return a.CreatedAt }, func(a crm.Account) time.Time { return a.UpdatedAt })
		m["name"] = sortKey[crm.Account]{column: "name", value: func(a crm.Account) any { return a.Name }}
		return m
	}(),
	def:   "created_at",
	rowID: func(a crm.Account) string { return a.ID },
}

func (s Accounts) Create(ctx context.Context, a *crm.Account) error {
	return translate(s.db.writer(ctx).Create(a).Error, "account")
}

func (s Accounts) Get(ctx context.Context, ws, id string) (crm.Account, error) {
	var a crm.Account
	err := s.db.reader(ctx).Where("workspace_id = ? AND id = ?", ws, id).Take(&a).Error
	return a, translate(err, "account")
}

func (s Accounts) Update(ctx context.Context, a *crm.Account, cols ...string) error {
	res := s.db.writer(ctx).Model(a).Where("workspace_id = ? AND id = ?", a.WorkspaceID, a.ID).Select(cols).Updates(a)
	return affected(res, "account")
}

// Delete unlinks the account's contacts, prospects, activities and
// touchpoints, then removes it.
func (s Accounts) Delete(ctx context.Context, ws, id string) error {
	return s.db.Tx(ctx, func(ctx context.Context) error {
		tx := s.db.writer(ctx)
		for _, table := range []string{"contacts", "prospects", "activities", "touchpoints"} {
			if err := tx.Exec("UPDATE "+table+" SET account_id = NULL WHERE workspace_id = ? AND account_id = ?", ws, id).Error; err != nil {
				return translate(err, "account")
			}
		}
		return affected(tx.Where("workspace_id = ? AND id = ?", ws, id).Delete(&crm.Account{}), "account")
	})
}

func (s Accounts) List(ctx context.Context, ws string, f crm.AccountFilter) (domain.Page[crm.Account], error) {
	q := s.db.reader(ctx).Model(&crm.Account{}).Where("workspace_id = ?", ws)
	if f.Q != "" {
		q = q.Where("lower(name) LIKE ? ESCAPE '\\'", likePrefix(strings.TrimSpace(f.Q)))
	}
	if f.Domain != "" {
		q = q.Where("domain = ?", f.Domain)
	}
	return accountKeys.page(q, f.ListQuery)
}
