package auth

import (
	"errors"
	"testing"

	"github.com/onefunnel/onefunnel/domain"
)

func TestPrincipalCan(t *testing.T) {
	member := func(r Role) Principal { return Principal{WorkspaceID: "w1", MemberID: "m1", Role: r} }
	key := func(s Scope) Principal { return Principal{WorkspaceID: "w1", APIKeyID: "k1", Scope: s} }
	for _, tc := range []struct {
		name                string
		p                   Principal
		read, write, manage bool
	}{
		{"owner", member(RoleOwner), true, true, true},
		{"admin", member(RoleAdmin), true, true, true},
		{"member", member(RoleMember), true, true, false},
		{"viewer", member(RoleViewer), true, false, false},
		{"unknown role", member("superuser"), false, false, false},
		{"zero principal", Principal{}, false, false, false},
		{"key read", key(ScopeRead), true, false, false},
		{"key read_write", key(ScopeReadWrite), true, true, false},
		{"key import", key(ScopeImport), true, true, false},
		{"key unknown scope", key("admin"), false, false, false},
		// A key's scope governs even if a role leaks into the principal.
		{"key read with owner role", Principal{WorkspaceID: "w1", APIKeyID: "k1", Role: RoleOwner, Scope: ScopeRead}, true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct {
				a    Action
				want bool
			}{{ActionRead, tc.read}, {ActionWrite, tc.write}, {ActionManage, tc.manage}, {Action(0), false}, {Action(99), false}} {
				err := tc.p.Can(c.a)
				if c.want && err != nil {
					t.Errorf("Can(%s) = %v, want nil", c.a, err)
				}
				if !c.want && !errors.Is(err, domain.ErrForbidden) {
					t.Errorf("Can(%s) = %v, want ErrForbidden", c.a, err)
				}
			}
		})
	}
}

func TestPrincipalCanAssignRole(t *testing.T) {
	all := []Role{RoleOwner, RoleAdmin, RoleMember, RoleViewer}
	for _, tc := range []struct {
		name    string
		p       Principal
		allowed []Role
	}{
		{"owner", Principal{MemberID: "m", Role: RoleOwner}, all},
		{"admin", Principal{MemberID: "m", Role: RoleAdmin}, []Role{RoleAdmin, RoleMember, RoleViewer}},
		{"member", Principal{MemberID: "m", Role: RoleMember}, nil},
		{"viewer", Principal{MemberID: "m", Role: RoleViewer}, nil},
		{"key read_write", Principal{APIKeyID: "k", Scope: ScopeReadWrite}, nil},
		{"key with owner role", Principal{APIKeyID: "k", Role: RoleOwner, Scope: ScopeReadWrite}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, target := range all {
				want := false
				for _, r := range tc.allowed {
					want = want || r == target
				}
				err := tc.p.CanAssignRole(target)
				if want && err != nil {
					t.Errorf("CanAssignRole(%s) = %v, want nil", target, err)
				}
				if !want && !errors.Is(err, domain.ErrForbidden) {
					t.Errorf("CanAssignRole(%s) = %v, want ErrForbidden", target, err)
				}
			}
			var ve *domain.ValidationError
			if err := tc.p.CanAssignRole("root"); !errors.As(err, &ve) {
				t.Errorf("CanAssignRole(root) = %v, want a validation error", err)
			}
		})
	}
}

func TestParseRoleAndScope(t *testing.T) {
	for _, tc := range []struct {
		in    string
		role  bool
		scope bool
	}{
		{"owner", true, false},
		{"admin", true, false},
		{"member", true, false},
		{"viewer", true, false},
		{"read", false, true},
		{"read_write", false, true},
		{"", false, false},
		{"Owner", false, false},
		{"write", false, false},
	} {
		r, err := ParseRole(tc.in)
		if tc.role && (err != nil || string(r) != tc.in) {
			t.Errorf("ParseRole(%q) = %q, %v", tc.in, r, err)
		}
		var ve *domain.ValidationError
		if !tc.role && (!errors.As(err, &ve) || ve.Fields[0].Field != "role" || ve.Fields[0].Code != "invalid") {
			t.Errorf("ParseRole(%q) error = %v, want role/invalid", tc.in, err)
		}
		s, err := ParseScope(tc.in)
		if tc.scope && (err != nil || string(s) != tc.in) {
			t.Errorf("ParseScope(%q) = %q, %v", tc.in, s, err)
		}
		if !tc.scope && (!errors.As(err, &ve) || ve.Fields[0].Field != "scope") {
			t.Errorf("ParseScope(%q) error = %v, want scope/invalid", tc.in, err)
		}
	}
}

func TestCanImportHistory(t *testing.T) {
	member := func(r Role) Principal { return Principal{WorkspaceID: "w1", MemberID: "m1", Role: r} }
	key := func(s Scope) Principal { return Principal{WorkspaceID: "w1", APIKeyID: "k1", Scope: s} }
	for _, tc := range []struct {
		name string
		p    Principal
		want bool
	}{
		{"owner", member(RoleOwner), true},
		{"admin", member(RoleAdmin), true},
		{"member", member(RoleMember), false},
		{"viewer", member(RoleViewer), false},
		{"key import", key(ScopeImport), true},
		{"key read_write", key(ScopeReadWrite), false},
		{"key read", key(ScopeRead), false},
		// A key's scope governs even if an owner's role leaks into it.
		{"key read_write with owner role", Principal{APIKeyID: "k1", Role: RoleOwner, Scope: ScopeReadWrite}, false},
	} {
		err := tc.p.CanImportHistory()
		if tc.want != (err == nil) || (!tc.want && !errors.Is(err, domain.ErrForbidden)) {
			t.Errorf("%s: CanImportHistory() = %v, want allowed=%v", tc.name, err, tc.want)
		}
	}
}
