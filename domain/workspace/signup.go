package workspace

import (
	"context"
	"errors"
	"fmt"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// SignupInput creates a workspace and its owner.
type SignupInput struct {
	WorkspaceName string
	Name          string
	Email         string
	Password      string
	IP            string // the client's address, for the rate limit
}

// ErrSignupClosed: this server does not let strangers create workspaces.
var ErrSignupClosed = fmt.Errorf("%w: sign-up is closed on this server; ask for an invite", domain.ErrForbidden)

// Signup creates a workspace with its default pipeline and its owner, and logs the owner in.
func (s *Service) Signup(ctx context.Context, in SignupInput) (Tokens, error) {
	// Each signup costs a password hash and a workspace; bound them per address
	// like logins (SECURITY.md), in a bucket of their own.
	if ok, wait := s.byIP.Allow("signup-ip:" + in.IP); !ok {
		return Tokens{}, &RateLimitError{RetryAfter: wait}
	}
	v := &domain.ValidationError{}
	in.WorkspaceName = domain.CheckName(v, "workspace_name", in.WorkspaceName)
	in.Name = domain.CheckName(v, "name", in.Name)
	in.Email = domain.NormalizeEmail(v, "email", in.Email)
	if err := auth.ValidatePassword(in.Password); err != nil {
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			v.Fields = append(v.Fields, ve.Fields...)
		}
	}
	if err := v.Err(); err != nil {
		return Tokens{}, err
	}
	switch s.cfg.Signup {
	case SignupClosed:
		return Tokens{}, ErrSignupClosed
	case SignupFirst:
		n, err := s.st.CountWorkspaces(ctx)
		if err != nil {
			return Tokens{}, err
		}
		if n > 0 {
			return Tokens{}, ErrSignupClosed
		}
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return Tokens{}, err
	}
	var tokens Tokens
	err = s.st.Tx(ctx, func(ctx context.Context) error {
		now := s.now()
		w := Workspace{ID: domain.NewID(), Name: in.WorkspaceName, CreatedAt: now, UpdatedAt: now}
		if err := s.st.CreateWorkspace(ctx, &w); err != nil {
			return err
		}
		if err := s.st.SeedPipeline(ctx, w.ID, now); err != nil {
			return err
		}
		m := Member{WorkspaceID: w.ID, ID: domain.NewID(), Email: in.Email, Name: in.Name, Role: auth.RoleOwner, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		if err := s.st.CreateMember(ctx, &m); err != nil {
			return err
		}
		tokens, err = s.issue(ctx, m, "", now)
		return err
	})
	return tokens, err
}

// AcceptInvite turns an invite into a member and logs them in.
func (s *Service) AcceptInvite(ctx context.Context, token, name, password string) (Tokens, error) {
	v := &domain.ValidationError{}
	name = domain.CheckName(v, "name", name)
	if err := auth.ValidatePassword(password); err != nil {
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			v.Fields = append(v.Fields, ve.Fields...)
		}
	}
	if err := v.Err(); err != nil {
		return Tokens{}, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return Tokens{}, err
	}
	var tokens Tokens
	err = s.st.Tx(ctx, func(ctx context.Context) error {
		inv, err := s.st.InviteByTokenHash(ctx, auth.HashSecret(token))
		now := s.now()
		if errors.Is(err, domain.ErrNotFound) || (err == nil && (inv.AcceptedAt != nil || now.After(inv.ExpiresAt))) {
			return unauthenticated("the invite is unknown, used or expired")
		} else if err != nil {
			return err
		}
		if err := s.st.AcceptInvite(ctx, inv.WorkspaceID, inv.ID, now); err != nil {
			return err
		}
		m := Member{WorkspaceID: inv.WorkspaceID, ID: domain.NewID(), Email: inv.Email, Name: name, Role: inv.Role, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		if err := s.st.CreateMember(ctx, &m); err != nil {
			return err
		}
		tokens, err = s.issue(ctx, m, "", now)
		return err
	})
	return tokens, err
}

// CountWorkspaces tells whether the server has been set up.
func (s *Service) CountWorkspaces(ctx context.Context) (int64, error) {
	return s.st.CountWorkspaces(ctx)
}
