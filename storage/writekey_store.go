package storage

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/workspace"
)

var _ workspace.WriteKeyStore = Tenancy{}

func (s Tenancy) CreateWriteKey(ctx context.Context, k *workspace.WriteKey) error {
	return translate(s.writer(ctx).Create(k).Error, "write key")
}

func (s Tenancy) WriteKeyByKey(ctx context.Context, key string) (workspace.WriteKey, error) {
	var k workspace.WriteKey
	return k, translate(s.reader(ctx).Where("key = ?", key).Take(&k).Error, "write key")
}

var writeKeyKeys = keyset[workspace.WriteKey]{
	keys: map[string]sortKey[workspace.WriteKey]{
		"created_at": {column: "created_at", value: func(k workspace.WriteKey) any { return k.CreatedAt }, isTime: true},
	},
	def:   "created_at",
	rowID: func(k workspace.WriteKey) string { return k.ID },
}

func (s Tenancy) ListWriteKeys(ctx context.Context, ws string, q domain.ListQuery) (domain.Page[workspace.WriteKey], error) {
	q.UpdatedSince = nil
	return writeKeyKeys.page(s.reader(ctx).Model(&workspace.WriteKey{}).Where("workspace_id = ? AND revoked_at IS NULL", ws), q)
}

func (s Tenancy) RevokeWriteKey(ctx context.Context, ws, id string, at time.Time) error {
	res := s.writer(ctx).Model(&workspace.WriteKey{}).Where("workspace_id = ? AND id = ? AND revoked_at IS NULL", ws, id).Update("revoked_at", at)
	return affected(res, "write key")
}
