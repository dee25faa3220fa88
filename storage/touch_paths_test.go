package storage_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// Two transactions writing touches of the same contact at once both end up
// in its touch path: the second waits for the first's fold and folds again
// with the first's touch in it. Without the lock in touch_path_refold, each
// would fold only its own touch and the later commit would drop the other.
func TestTouchPathsConcurrentWriters(t *testing.T) {
	u := storagetest.NewPostgresDatabase(t)
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	ws, contact, now := domain.NewID(), domain.NewID(), time.Now().UTC()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO workspaces (id, name, created_at, updated_at) VALUES ($1, 'W', $2, $2)`, []any{ws, now}},
		{`INSERT INTO contacts (workspace_id, id, email, created_at, updated_at) VALUES ($1, $2, 'ann@example.com', $3, $3)`, []any{ws, contact, now}},
	} {
		if _, err := db.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	insert := `INSERT INTO touchpoints (workspace_id, id, type, channel, occurred_at, contact_id, created_at)
		VALUES ($1, $2, 'session', $3, $4, $5, $4)`
	first, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = first.Rollback() }()
	if _, err := first.ExecContext(ctx, insert, ws, domain.NewID(), "Email", now.Add(-time.Hour), contact); err != nil {
		t.Fatal(err)
	}
	var firstPID int
	if err := first.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&firstPID); err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() {
		_, err := db.ExecContext(ctx, insert, ws, domain.NewID(), "Display", now, contact)
		second <- err
	}()
	// Wait until the second writer is blocked behind the first (not a sleep:
	// PostgreSQL says who waits for whom).
	for blocked := false; !blocked; {
		err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid)))`, firstPID).Scan(&blocked)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-second:
			t.Fatalf("the second writer finished before the first committed: %v", err)
		default:
		}
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	var channels string
	if err := db.QueryRowContext(ctx, `SELECT channels FROM touch_paths WHERE workspace_id = $1 AND owner_id = $2`, ws, contact).Scan(&channels); err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(channels, "\x1e"); len(got) != 2 || got[0] != "Email" || got[1] != "Display" {
		t.Errorf("touch path channels %q, want Email then Display", got)
	}
}

// Migrations 00007 and 00008 fill in the touch paths and the milestones of
// what was written before them: rolled back and applied again, they give
// the same milestones the moves recorded, and (checked when the test ends,
// on PostgreSQL) the touch paths of the touches already there.
func TestMigrationsFillInMilestonesAndTouchPaths(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ctx := context.Background()
		svc := crm.New(db.CRM())
		p := newWorkspace(t, db)
		stages, err := svc.ListStages(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]string{}
		for _, st := range stages {
			byName[st.Name] = st.ID
		}
		c, err := svc.CreateContact(ctx, p, crm.ContactInput{Email: domain.Some("ann@example.com")})
		if err != nil {
			t.Fatal(err)
		}
		pr, err := svc.CreateProspect(ctx, p, crm.ProspectInput{Title: domain.Some("Deal"),
			Contacts: domain.Some([]crm.ProspectContact{{ContactID: c.ID, Role: "champion"}})})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []string{"Discovery", "Won"} {
			if _, err := svc.MoveProspect(ctx, p, pr.ID, crm.MoveInput{StageID: byName[st]}); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Now().UTC()
		for i, ch := range []string{"Email", "Display"} {
			if d != storage.Postgres {
				break // only PostgreSQL keeps touch paths (and lets this reader write)
			}
			err := db.Gorm(ctx).Exec(`INSERT INTO touchpoints (workspace_id, id, type, channel, occurred_at, contact_id, created_at)
				VALUES (?, ?, 'session', ?, ?, ?, ?)`, p.WorkspaceID, domain.NewID(), ch, now.Add(time.Duration(i-2)*time.Hour), c.ID, now).Error
			if err != nil {
				t.Fatal(err)
			}
		}
		before, err := svc.GetProspect(ctx, p, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if before.Milestones.WonAt == nil || strings.Count(before.Milestones.EnteredStages, ",") != 2 {
			t.Fatalf("milestones as moved: %+v", before.Milestones)
		}
		if err := db.MigrateDownTo(ctx, 6); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		after, err := svc.GetProspect(ctx, p, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		m, w := after.Milestones, before.Milestones
		if m.EnteredStages != w.EnteredStages || !m.OpportunityAt.Equal(*w.OpportunityAt) || !m.WonAt.Equal(*w.WonAt) {
			t.Errorf("milestones filled in: %+v, as moved: %+v", m, w)
		}
	})
}
