package workspace

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// Store persists tenancy. Lookups by a secret's hash are the only reads that
// are not scoped by workspace: the hash is what identifies the workspace.
type Store interface {
	Tx(ctx context.Context, fn func(ctx context.Context) error) error

	CreateWorkspace(ctx context.Context, w *Workspace) error
	GetWorkspace(ctx context.Context, id string) (Workspace, error)
	UpdateWorkspace(ctx context.Context, w *Workspace, columns ...string) error
	CountWorkspaces(ctx context.Context) (int64, error)
	// SeedPipeline gives a new workspace its default stages.
	SeedPipeline(ctx context.Context, workspaceID string, now time.Time) error

	CreateMember(ctx context.Context, m *Member) error
	GetMember(ctx context.Context, workspaceID, id string) (Member, error)
	MembersByEmail(ctx context.Context, email string) ([]Member, error)
	UpdateMember(ctx context.Context, m *Member, columns ...string) error
	DeleteMember(ctx context.Context, workspaceID, id string) error
	ListMembers(ctx context.Context, workspaceID string, q domain.ListQuery) (domain.Page[Member], error)
	CountOwners(ctx context.Context, workspaceID string) (int64, error)

	CreateInvite(ctx context.Context, i *Invite) error
	InviteByTokenHash(ctx context.Context, hash string) (Invite, error)
	AcceptInvite(ctx context.Context, workspaceID, id string, at time.Time) error
	ListInvites(ctx context.Context, workspaceID string, q domain.ListQuery) (domain.Page[Invite], error)
	DeleteInvite(ctx context.Context, workspaceID, id string) error

	CreateRefreshToken(ctx context.Context, t *RefreshToken) error
	RefreshTokenByHash(ctx context.Context, hash string) (RefreshToken, error)
	// UseRefreshToken marks a token used; false when it was already used (a replay).
	UseRefreshToken(ctx context.Context, workspaceID, id string, at time.Time) (bool, error)
	RevokeFamily(ctx context.Context, workspaceID, familyID string, at time.Time) error
	RevokeMemberTokens(ctx context.Context, workspaceID, memberID string, at time.Time) error

	CreateAPIKey(ctx context.Context, k *APIKey) error
	APIKeyByHash(ctx context.Context, hash string) (APIKey, error)
	ListAPIKeys(ctx context.Context, workspaceID string, q domain.ListQuery) (domain.Page[APIKey], error)
	RevokeAPIKey(ctx context.Context, workspaceID, id string, at time.Time) error
	TouchAPIKey(ctx context.Context, workspaceID, id string, at time.Time) error
}
