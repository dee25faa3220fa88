package storage_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// eventually polls cond until it holds or five seconds pass: for what
// another replica learns through PostgreSQL's notifications.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func role(t *testing.T, db *storage.DB, p auth.Principal) auth.Role {
	t.Helper()
	m, err := db.Tenancy().GetMember(context.Background(), p.WorkspaceID, p.MemberID)
	if errors.Is(err, domain.ErrNotFound) {
		return ""
	} else if err != nil {
		t.Fatal(err)
	}
	return m.Role
}

// A replica's own change to a member is seen by its next read, at once, on
// both databases: inside the transaction's commit, not after a notification.
func TestMemberChangesAreSeenAtOnceWhereMade(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ctx := context.Background()
		p := newWorkspace(t, db)
		if d == storage.Postgres {
			eventually(t, "the member cache is live", db.MemberCacheLive)
		}
		for range 2 {
			if r := role(t, db, p); r != auth.RoleOwner {
				t.Fatalf("role %q, want owner", r)
			}
		}
		if d == storage.Postgres && !db.MemberCached(p.WorkspaceID, p.MemberID) {
			t.Fatal("the member read twice is not cached")
		}
		for _, r := range []auth.Role{auth.RoleViewer, auth.RoleAdmin} {
			err := db.Tx(ctx, func(ctx context.Context) error {
				m, err := db.Tenancy().GetMember(ctx, p.WorkspaceID, p.MemberID)
				if err != nil {
					return err
				}
				m.Role = r
				return db.Tenancy().UpdateMember(ctx, &m, "role")
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := role(t, db, p); got != r {
				t.Fatalf("right after the commit: role %q, want %q", got, r)
			}
		}
		second := workspace.Member{WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Email: "two@example.com", Name: "T", Role: auth.RoleOwner, PasswordHash: "x", CreatedAt: domain.Now(), UpdatedAt: domain.Now()}
		if err := db.Tenancy().CreateMember(ctx, &second); err != nil {
			t.Fatal(err)
		}
		if err := db.Tenancy().DeleteMember(ctx, p.WorkspaceID, p.MemberID); err != nil {
			t.Fatal(err)
		}
		if got := role(t, db, p); got != "" {
			t.Fatalf("right after removal: role %q, want not found", got)
		}
	})
}

// Changes made on another replica, or by hand in SQL, reach this replica's
// cache through the trigger's notification; a listener that is cut off
// stops the cache serving until it is back.
func TestMemberChangesReachEveryReplica(t *testing.T) {
	ctx := context.Background()
	u := storagetest.NewPostgresDatabase(t)
	var logs storagetest.LockedBuffer
	replica := func() *storage.DB {
		db, err := storage.Open(ctx, storage.Options{URL: u, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		eventually(t, "the member cache is live", db.MemberCacheLive)
		return db
	}
	a, b := replica(), replica()
	p := newWorkspace(t, a)
	warm := func() {
		t.Helper()
		role(t, a, p)
		if !a.MemberCached(p.WorkspaceID, p.MemberID) {
			t.Fatal("not cached")
		}
	}

	warm()
	m, err := b.Tenancy().GetMember(ctx, p.WorkspaceID, p.MemberID)
	if err != nil {
		t.Fatal(err)
	}
	m.Role = auth.RoleViewer
	if err := b.Tenancy().UpdateMember(ctx, &m, "role"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the other replica sees the new role", func() bool { return role(t, a, p) == auth.RoleViewer })

	warm()
	err = b.Tx(ctx, func(ctx context.Context) error {
		return b.Gorm(ctx).Exec("UPDATE members SET role = 'member' WHERE workspace_id = ? AND id = ?", p.WorkspaceID, p.MemberID).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "a change by hand in SQL reaches the cache", func() bool { return role(t, a, p) == auth.RoleMember })

	// Cut a's listener off: its cache empties and serves nothing until it
	// listens again, then serves again.
	warm()
	err = b.Gorm(ctx).Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN onefunnel_members' AND pid <> pg_backend_pid()").Error
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the cut listener empties the cache", func() bool { return !a.MemberCached(p.WorkspaceID, p.MemberID) })
	eventually(t, "the listener is back", a.MemberCacheLive)
	eventually(t, "the cut and the return are logged", func() bool {
		l := logs.String()
		return strings.Contains(l, "level=WARN msg=\"member cache not listening") && strings.Contains(l, "level=INFO msg=\"member cache listening again")
	})
	warm()

	second := workspace.Member{WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Email: "two@example.com", Name: "T", Role: auth.RoleOwner, PasswordHash: "x", CreatedAt: domain.Now(), UpdatedAt: domain.Now()}
	if err := b.Tenancy().CreateMember(ctx, &second); err != nil {
		t.Fatal(err)
	}
	if err := b.Tenancy().DeleteMember(ctx, p.WorkspaceID, p.MemberID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the other replica sees the removal", func() bool { return role(t, a, p) == "" })
}
