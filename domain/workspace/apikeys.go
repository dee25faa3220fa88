package workspace

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// APIKeyResult carries the secret, shown once, with the key.
type APIKeyResult struct {
	APIKey
	Secret string
}

// CreateAPIKey makes a key for an integration.
func (s *Service) CreateAPIKey(ctx context.Context, p auth.Principal, name, scope string) (APIKeyResult, error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return APIKeyResult{}, err
	}
	v := &domain.ValidationError{}
	name = domain.CheckName(v, "name", name)
	if err := v.Err(); err != nil {
		return APIKeyResult{}, err
	}
	sc, err := auth.ParseScope(scope)
	if err != nil {
		return APIKeyResult{}, err
	}
	secret, err := auth.NewSecret(auth.APIKeyPrefix)
	if err != nil {
		return APIKeyResult{}, err
	}
	k := APIKey{
		WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Name: name, Scope: sc,
		Prefix: auth.APIKeyDisplayPrefix(secret), KeyHash: auth.HashSecret(secret), CreatedAt: s.now(),
	}
	if p.MemberID != "" {
		k.CreatedByID = &p.MemberID
	}
	return APIKeyResult{APIKey: k, Secret: secret}, s.st.CreateAPIKey(ctx, &k)
}

// ListAPIKeys pages through the workspace's live keys.
func (s *Service) ListAPIKeys(ctx context.Context, p auth.Principal, q domain.ListQuery) (domain.Page[APIKey], error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return domain.Page[APIKey]{}, err
	}
	return s.st.ListAPIKeys(ctx, p.WorkspaceID, q)
}

// RevokeAPIKey stops a key from working at once.
func (s *Service) RevokeAPIKey(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionManage); err != nil {
		return err
	}
	if !domain.ValidID(id) {
		return domain.ErrNotFound
	}
	return s.st.RevokeAPIKey(ctx, p.WorkspaceID, id, s.now())
}
