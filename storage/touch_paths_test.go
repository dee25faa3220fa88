package storage_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
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
