package workspace

import (
	"context"
	"errors"
	"fmt"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// Me returns the calling member and their workspace. API keys have no member.
func (s *Service) Me(ctx context.Context, p auth.Principal) (Member, Workspace, error) {
	if p.IsAPIKey() {
		return Member{}, Workspace{}, fmt.Errorf("%w: an API key is not a member", domain.ErrForbidden)
	}
	m, err := s.st.GetMember(ctx, p.WorkspaceID, p.MemberID)
	if err != nil {
		return Member{}, Workspace{}, err
	}
	w, err := s.st.GetWorkspace(ctx, p.WorkspaceID)
	return m, w, err
}

// UpdateMe renames the calling member.
func (s *Service) UpdateMe(ctx context.Context, p auth.Principal, name domain.Optional[string]) (Member, Workspace, error) {
	m, w, err := s.Me(ctx, p)
	if err != nil || !name.Set {
		return m, w, err
	}
	v := &domain.ValidationError{}
	m.Name = domain.CheckName(v, "name", name.Value)
	if err := v.Err(); err != nil {
		return Member{}, Workspace{}, err
	}
	m.UpdatedAt = s.now()
	return m, w, s.st.UpdateMember(ctx, &m, "name", "updated_at")
}

// ChangePassword checks the current password, sets the new one and ends every other session.
func (s *Service) ChangePassword(ctx context.Context, p auth.Principal, current, next string) error {
	m, _, err := s.Me(ctx, p)
	if err != nil {
		return err
	}
	ok, err := auth.CheckPassword(m.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Invalid("current_password", "wrong_password", "the current password is wrong")
	}
	if err := auth.ValidatePassword(next); err != nil {
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			for i := range ve.Fields {
				ve.Fields[i].Field = "new_password"
			}
		}
		return err
	}
	if m.PasswordHash, err = auth.HashPassword(next); err != nil {
		return err
	}
	return s.st.Tx(ctx, func(ctx context.Context) error {
		now := s.now()
		m.UpdatedAt = now
		if err := s.st.UpdateMember(ctx, &m, "password_hash", "updated_at"); err != nil {
			return err
		}
		return s.st.RevokeMemberTokens(ctx, m.WorkspaceID, m.ID, now)
	})
}

// GetWorkspace reads the caller's workspace.
func (s *Service) GetWorkspace(ctx context.Context, p auth.Principal) (Workspace, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Workspace{}, err
	}
	return s.st.GetWorkspace(ctx, p.WorkspaceID)
}

// RenameWorkspace changes the workspace's name (owners and admins).
func (s *Service) RenameWorkspace(ctx context.Context, p auth.Principal, name domain.Optional[string]) (Workspace, error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return Workspace{}, err
	}
	w, err := s.st.GetWorkspace(ctx, p.WorkspaceID)
	if err != nil || !name.Set {
		return w, err
	}
	v := &domain.ValidationError{}
	w.Name = domain.CheckName(v, "name", name.Value)
	if err := v.Err(); err != nil {
		return Workspace{}, err
	}
	w.UpdatedAt = s.now()
	return w, s.st.UpdateWorkspace(ctx, &w, "name", "updated_at")
}

// ListMembers pages through the workspace's members.
func (s *Service) ListMembers(ctx context.Context, p auth.Principal, q domain.ListQuery) (domain.Page[Member], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[Member]{}, err
	}
	return s.st.ListMembers(ctx, p.WorkspaceID, q)
}

// GetMember reads one member.
func (s *Service) GetMember(ctx context.Context, p auth.Principal, id string) (Member, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Member{}, err
	}
	if !domain.ValidID(id) {
		return Member{}, domain.ErrNotFound
	}
	return s.st.GetMember(ctx, p.WorkspaceID, id)
}

// SetRole changes a member's role. Only an owner makes owners, and the last owner stays one.
func (s *Service) SetRole(ctx context.Context, p auth.Principal, id string, role domain.Optional[string]) (Member, error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return Member{}, err
	}
	if !domain.ValidID(id) {
		return Member{}, domain.ErrNotFound
	}
	var m Member
	err := s.st.Tx(ctx, func(ctx context.Context) error {
		var err error
		if m, err = s.st.GetMember(ctx, p.WorkspaceID, id); err != nil || !role.Set {
			return err
		}
		r, err := auth.ParseRole(role.Value)
		if err != nil {
			return err
		}
		if err := p.CanAssignRole(r); err != nil {
			return err
		}
		if m.Role == auth.RoleOwner && p.Role != auth.RoleOwner {
			return fmt.Errorf("%w: only an owner changes an owner's role", domain.ErrForbidden)
		}
		if m.Role == auth.RoleOwner && r != auth.RoleOwner {
			if err := s.keepAnOwner(ctx, p.WorkspaceID); err != nil {
				return err
			}
		}
		m.Role, m.UpdatedAt = r, s.now()
		if err := s.st.UpdateMember(ctx, &m, "role", "updated_at"); err != nil {
			return err
		}
		// Access tokens carry the role; end sessions so the new role applies at the next login.
		return s.st.RevokeMemberTokens(ctx, m.WorkspaceID, m.ID, m.UpdatedAt)
	})
	return m, err
}

func (s *Service) keepAnOwner(ctx context.Context, ws string) error {
	n, err := s.st.CountOwners(ctx, ws)
	if err != nil {
		return err
	}
	if n <= 1 {
		return fmt.Errorf("%w: a workspace keeps at least one owner", domain.ErrConflict)
	}
	return nil
}

// RemoveMember takes a member out of the workspace and revokes their sessions.
func (s *Service) RemoveMember(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionManage); err != nil {
		return err
	}
	if !domain.ValidID(id) {
		return domain.ErrNotFound
	}
	return s.st.Tx(ctx, func(ctx context.Context) error {
		m, err := s.st.GetMember(ctx, p.WorkspaceID, id)
		if err != nil {
			return err
		}
		if m.Role == auth.RoleOwner {
			if p.Role != auth.RoleOwner {
				return fmt.Errorf("%w: only an owner removes an owner", domain.ErrForbidden)
			}
			if err := s.keepAnOwner(ctx, p.WorkspaceID); err != nil {
				return err
			}
		}
		return s.st.DeleteMember(ctx, p.WorkspaceID, id)
	})
}

// InviteResult carries the one-time token with the invite.
type InviteResult struct {
	Invite
	Token string
}

// CreateInvite invites an email with a role; the token is returned once.
func (s *Service) CreateInvite(ctx context.Context, p auth.Principal, email, role string) (InviteResult, error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return InviteResult{}, err
	}
	v := &domain.ValidationError{}
	email = domain.NormalizeEmail(v, "email", email)
	if err := v.Err(); err != nil {
		return InviteResult{}, err
	}
	r, err := auth.ParseRole(role)
	if err != nil {
		return InviteResult{}, err
	}
	if err := p.CanAssignRole(r); err != nil {
		return InviteResult{}, err
	}
	token, err := auth.NewSecret("ofi_")
	if err != nil {
		return InviteResult{}, err
	}
	now := s.now()
	inv := Invite{WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Email: email, Role: r, TokenHash: auth.HashSecret(token), ExpiresAt: now.Add(s.cfg.InviteLifetime), CreatedAt: now}
	if p.MemberID != "" {
		inv.InvitedByID = &p.MemberID
	}
	return InviteResult{Invite: inv, Token: token}, s.st.CreateInvite(ctx, &inv)
}

// ListInvites pages through pending invites.
func (s *Service) ListInvites(ctx context.Context, p auth.Principal, q domain.ListQuery) (domain.Page[Invite], error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return domain.Page[Invite]{}, err
	}
	return s.st.ListInvites(ctx, p.WorkspaceID, q)
}

// DeleteInvite revokes an invite.
func (s *Service) DeleteInvite(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionManage); err != nil {
		return err
	}
	if !domain.ValidID(id) {
		return domain.ErrNotFound
	}
	return s.st.DeleteInvite(ctx, p.WorkspaceID, id)
}
