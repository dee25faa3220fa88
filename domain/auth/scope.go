package auth

import (
	"fmt"

	"github.com/onefunnel/onefunnel/domain"
)

// Role is a member's role in a workspace.
type Role string

const (
	RoleOwner  Role = "owner"
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
	RoleViewer Role = "viewer"
)

// ParseRole accepts only the four known roles, so a typo never becomes a role
// that matches no rule.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleOwner, RoleAdmin, RoleMember, RoleViewer:
		return r, nil
	}
	return "", domain.Invalid("role", "invalid", "must be one of owner, admin, member, viewer")
}

// Scope is what an API key may do.
type Scope string

const (
	ScopeRead      Scope = "read"
	ScopeReadWrite Scope = "read_write"
	// ScopeImport is read_write plus recording history in the past, for a
	// team migrating from another CRM.
	ScopeImport Scope = "import"
)

// ParseScope accepts only the known scopes.
func ParseScope(s string) (Scope, error) {
	switch sc := Scope(s); sc {
	case ScopeRead, ScopeReadWrite, ScopeImport:
		return sc, nil
	}
	return "", domain.Invalid("scope", "invalid", "must be one of read, read_write, import")
}

// Action is a class of operation; routes declare which one they need.
type Action int

// The zero Action is deliberately not a valid action, so a route that forgets
// to declare one is forbidden rather than allowed.
const (
	// ActionRead reads records.
	ActionRead Action = iota + 1
	// ActionWrite creates, changes or deletes records.
	ActionWrite
	// ActionManage changes the workspace itself: stages, members, invites,
	// API keys and settings.
	ActionManage
)

func (a Action) String() string {
	switch a {
	case ActionRead:
		return "read"
	case ActionWrite:
		return "write"
	case ActionManage:
		return "manage"
	}
	return fmt.Sprintf("action(%d)", int(a))
}

// Principal is who is calling: a member (via an access token) or an API key.
// For an API key its Scope governs and Role is ignored, so a key never
// inherits more than its scope from the member who created it.
type Principal struct {
	WorkspaceID string
	MemberID    string
	APIKeyID    string
	Role        Role
	Scope       Scope
}

// IsAPIKey reports whether the caller authenticated with an API key.
func (p Principal) IsAPIKey() bool { return p.APIKeyID != "" }

// Can returns nil if p may perform a, else an error wrapping domain.ErrForbidden.
func (p Principal) Can(a Action) error {
	if p.allowed() >= a && a >= ActionRead {
		return nil
	}
	if p.IsAPIKey() {
		return fmt.Errorf("%w: api key scope %q cannot %s", domain.ErrForbidden, p.Scope, a)
	}
	return fmt.Errorf("%w: role %q cannot %s", domain.ErrForbidden, p.Role, a)
}

// allowed returns the highest action p may perform; the actions are ordered
// so each one implies those below it. Unknown roles and scopes get nothing.
func (p Principal) allowed() Action {
	if p.IsAPIKey() {
		switch p.Scope {
		case ScopeRead:
			return ActionRead
		case ScopeReadWrite, ScopeImport:
			// Keys automate record work; workspace configuration stays with people.
			return ActionWrite
		}
		return 0
	}
	switch p.Role {
	case RoleOwner, RoleAdmin:
		return ActionManage
	case RoleMember:
		return ActionWrite
	case RoleViewer:
		return ActionRead
	}
	return 0
}

// CanAssignRole returns nil if p may give a member the target role (in an
// invite or a role change). Only an owner may create another owner, so an
// admin cannot promote itself past the people who appointed it.
func (p Principal) CanAssignRole(target Role) error {
	if _, err := ParseRole(string(target)); err != nil {
		return err
	}
	if err := p.Can(ActionManage); err != nil {
		return err
	}
	if target == RoleOwner && p.Role != RoleOwner {
		return fmt.Errorf("%w: only an owner can grant the owner role", domain.ErrForbidden)
	}
	return nil
}

// CanImportHistory returns nil if p may record history in the past (a stage
// change or a prospect dated before now). Backdating rewrites what reports
// say happened, so it is kept to owners, admins and import-scoped keys.
func (p Principal) CanImportHistory() error {
	if p.IsAPIKey() {
		if p.Scope == ScopeImport {
			return nil
		}
		return fmt.Errorf("%w: api key scope %q cannot import history (use an import-scoped key)", domain.ErrForbidden, p.Scope)
	}
	if p.Role == RoleOwner || p.Role == RoleAdmin {
		return nil
	}
	return fmt.Errorf("%w: role %q cannot import history", domain.ErrForbidden, p.Role)
}
