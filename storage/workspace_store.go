package storage

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/workspace"
)

// Tenancy stores workspaces, members, invites, refresh tokens and API keys.
type Tenancy struct {
	*DB
	stages Stages
}

var _ workspace.Store = Tenancy{}

func (s Tenancy) CreateWorkspace(ctx context.Context, w *workspace.Workspace) error {
	return translate(s.writer(ctx).Create(w).Error, "workspace")
}

func (s Tenancy) GetWorkspace(ctx context.Context, id string) (workspace.Workspace, error) {
	var w workspace.Workspace
	return w, translate(s.reader(ctx).Where("id = ?", id).Take(&w).Error, "workspace")
}

func (s Tenancy) UpdateWorkspace(ctx context.Context, w *workspace.Workspace, cols ...string) error {
	return affected(s.writer(ctx).Model(w).Where("id = ?", w.ID).Select(cols).Updates(w), "workspace")
}

func (s Tenancy) CountWorkspaces(ctx context.Context) (int64, error) {
	var n int64
	return n, translate(s.reader(ctx).Model(&workspace.Workspace{}).Count(&n).Error, "workspaces")
}

func (s Tenancy) SeedPipeline(ctx context.Context, ws string, now time.Time) error {
	return s.stages.SeedPipeline(ctx, ws, now)
}

func (s Tenancy) CreateMember(ctx context.Context, m *workspace.Member) error {
	return translate(s.writer(ctx).Create(m).Error, "member")
}

// GetMember runs on every request a member's token makes (the member row, not
// the token, says what they may do), so it reads through takeOne and, on
// PostgreSQL outside a transaction, through the member cache.
func (s Tenancy) GetMember(ctx context.Context, ws, id string) (workspace.Member, error) {
	k := memberKey{ws, id}
	var gen uint64
	cached := s.members != nil && !inTx(ctx)
	if cached {
		m, g, ok := s.members.get(k)
		if ok {
			return m, nil
		}
		gen = g
	}
	m, err := takeOne[workspace.Member](s.reader(ctx).Model(&workspace.Member{}).Where("workspace_id = ? AND id = ?", ws, id))
	if err != nil {
		return m, translate(err, "member")
	}
	if cached {
		s.members.put(k, m, gen)
	}
	return m, nil
}

// MemberExists backs crm.MemberChecker.
func (s Tenancy) MemberExists(ctx context.Context, ws, id string) (bool, error) {
	var n int64
	err := s.reader(ctx).Model(&workspace.Member{}).Where("workspace_id = ? AND id = ?", ws, id).Count(&n).Error
	return n > 0, translate(err, "member")
}

func (s Tenancy) MembersByEmail(ctx context.Context, email string) ([]workspace.Member, error) {
	var ms []workspace.Member
	err := s.reader(ctx).Where("email = ?", email).Order("created_at, id").Limit(20).Find(&ms).Error
	return ms, translate(err, "members")
}

func (s Tenancy) UpdateMember(ctx context.Context, m *workspace.Member, cols ...string) error {
	err := affected(s.writer(ctx).Model(m).Where("workspace_id = ? AND id = ?", m.WorkspaceID, m.ID).Select(cols).Updates(m), "member")
	// After the write: outside a transaction it has committed by now, and a
	// drop before it would let a concurrent read store the old row again.
	s.dropMemberAfterCommit(ctx, m.WorkspaceID, m.ID)
	return err
}

// DeleteMember unassigns the member's records, then removes them (their refresh tokens cascade).
func (s Tenancy) DeleteMember(ctx context.Context, ws, id string) error {
	return s.Tx(ctx, func(ctx context.Context) error {
		s.dropMemberAfterCommit(ctx, ws, id)
		tx := s.writer(ctx)
		for _, table := range []string{"prospects", "activities"} {
			if err := tx.Exec("UPDATE "+table+" SET owner_id = NULL WHERE workspace_id = ? AND owner_id = ?", ws, id).Error; err != nil {
				return translate(err, "member")
			}
		}
		return affected(tx.Where("workspace_id = ? AND id = ?", ws, id).Delete(&workspace.Member{}), "member")
	})
}

var memberKeys = keyset[workspace.Member]{
	keys:  timeKeys(func(m workspace.Member) time.Time { return m.CreatedAt }, func(m workspace.Member) time.Time { return m.UpdatedAt }),
	def:   "created_at",
	rowID: func(m workspace.Member) string { return m.ID },
}

func (s Tenancy) ListMembers(ctx context.Context, ws string, q domain.ListQuery) (domain.Page[workspace.Member], error) {
	return memberKeys.page(s.reader(ctx).Model(&workspace.Member{}).Where("workspace_id = ?", ws), q)
}

func (s Tenancy) CountOwners(ctx context.Context, ws string) (int64, error) {
	var n int64
	err := s.reader(ctx).Model(&workspace.Member{}).Where("workspace_id = ? AND role = 'owner'", ws).Count(&n).Error
	return n, translate(err, "members")
}

func (s Tenancy) CreateInvite(ctx context.Context, i *workspace.Invite) error {
	return translate(s.writer(ctx).Create(i).Error, "invite")
}

func (s Tenancy) InviteByTokenHash(ctx context.Context, hash string) (workspace.Invite, error) {
	var i workspace.Invite
	return i, translate(s.reader(ctx).Where("token_hash = ?", hash).Take(&i).Error, "invite")
}

func (s Tenancy) AcceptInvite(ctx context.Context, ws, id string, at time.Time) error {
	res := s.writer(ctx).Model(&workspace.Invite{}).Where("workspace_id = ? AND id = ? AND accepted_at IS NULL", ws, id).Update("accepted_at", at)
	return affected(res, "invite")
}

var inviteKeys = keyset[workspace.Invite]{
	keys: map[string]sortKey[workspace.Invite]{
		"created_at": {column: "created_at", value: func(i workspace.Invite) any { return i.CreatedAt }, isTime: true},
	},
	def:   "created_at",
	rowID: func(i workspace.Invite) string { return i.ID },
}

func (s Tenancy) ListInvites(ctx context.Context, ws string, q domain.ListQuery) (domain.Page[workspace.Invite], error) {
	q.UpdatedSince = nil
	db := s.reader(ctx).Model(&workspace.Invite{}).Where("workspace_id = ? AND accepted_at IS NULL AND expires_at > ?", ws, domain.Now())
	return inviteKeys.page(db, q)
}

func (s Tenancy) DeleteInvite(ctx context.Context, ws, id string) error {
	return affected(s.writer(ctx).Where("workspace_id = ? AND id = ?", ws, id).Delete(&workspace.Invite{}), "invite")
}

func (s Tenancy) CreateRefreshToken(ctx context.Context, t *workspace.RefreshToken) error {
	return translate(s.writer(ctx).Create(t).Error, "refresh token")
}

func (s Tenancy) RefreshTokenByHash(ctx context.Context, hash string) (workspace.RefreshToken, error) {
	var t workspace.RefreshToken
	return t, translate(s.reader(ctx).Where("token_hash = ?", hash).Take(&t).Error, "refresh token")
}

func (s Tenancy) UseRefreshToken(ctx context.Context, ws, id string, at time.Time) (bool, error) {
	res := s.writer(ctx).Model(&workspace.RefreshToken{}).Where("workspace_id = ? AND id = ? AND used_at IS NULL", ws, id).Update("used_at", at)
	return res.RowsAffected == 1, translate(res.Error, "refresh token")
}

func (s Tenancy) RevokeFamily(ctx context.Context, ws, family string, at time.Time) error {
	err := s.writer(ctx).Model(&workspace.RefreshToken{}).Where("workspace_id = ? AND family_id = ? AND revoked_at IS NULL", ws, family).Update("revoked_at", at).Error
	return translate(err, "refresh tokens")
}

func (s Tenancy) RevokeMemberTokens(ctx context.Context, ws, member string, at time.Time) error {
	err := s.writer(ctx).Model(&workspace.RefreshToken{}).Where("workspace_id = ? AND member_id = ? AND revoked_at IS NULL", ws, member).Update("revoked_at", at).Error
	return translate(err, "refresh tokens")
}

func (s Tenancy) CreateAPIKey(ctx context.Context, k *workspace.APIKey) error {
	return translate(s.writer(ctx).Create(k).Error, "api key")
}

func (s Tenancy) APIKeyByHash(ctx context.Context, hash string) (workspace.APIKey, error) {
	var k workspace.APIKey
	return k, translate(s.reader(ctx).Where("key_hash = ?", hash).Take(&k).Error, "api key")
}

var apiKeyKeys = keyset[workspace.APIKey]{
	keys: map[string]sortKey[workspace.APIKey]{
		"created_at": {column: "created_at", value: func(k workspace.APIKey) any { return k.CreatedAt }, isTime: true},
	},
	def:   "created_at",
	rowID: func(k workspace.APIKey) string { return k.ID },
}

func (s Tenancy) ListAPIKeys(ctx context.Context, ws string, q domain.ListQuery) (domain.Page[workspace.APIKey], error) {
	q.UpdatedSince = nil
	return apiKeyKeys.page(s.reader(ctx).Model(&workspace.APIKey{}).Where("workspace_id = ? AND revoked_at IS NULL", ws), q)
}

func (s Tenancy) RevokeAPIKey(ctx context.Context, ws, id string, at time.Time) error {
	res := s.writer(ctx).Model(&workspace.APIKey{}).Where("workspace_id = ? AND id = ? AND revoked_at IS NULL", ws, id).Update("revoked_at", at)
	return affected(res, "api key")
}

func (s Tenancy) TouchAPIKey(ctx context.Context, ws, id string, at time.Time) error {
	return translate(s.writer(ctx).Model(&workspace.APIKey{}).Where("workspace_id = ? AND id = ?", ws, id).Update("last_used_at", at).Error, "api key")
}

// WorkspaceIDByName finds a workspace by exact name, for operator commands.
func (s Tenancy) WorkspaceIDByName(ctx context.Context, name string) (string, error) {
	var w workspace.Workspace
	err := s.reader(ctx).Where("name = ?", name).Order("created_at").Take(&w).Error
	return w.ID, translate(err, "workspace")
}
