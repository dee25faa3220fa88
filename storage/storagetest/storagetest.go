// Package storagetest gives tests a fresh, migrated database of each dialect:
// a SQLite file in a temp dir, or a new PostgreSQL database cloned from a
// migrated template on a real server. The server is ONEFUNNEL_TEST_DATABASE_URL,
// else the one on 127.0.0.1:5432 if it answers, else a throwaway cluster
// started with initdb/pg_ctl as the postgres user.
package storagetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for admin statements

	"github.com/onefunnel/onefunnel/storage"
)

// Dialects are the databases every storage and API test runs on.
var Dialects = []storage.Dialect{storage.SQLite, storage.Postgres}

// Run runs fn as a subtest per dialect.
func Run(t *testing.T, fn func(t *testing.T, d storage.Dialect)) {
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) { fn(t, d) })
	}
}

// Open returns a fresh migrated database closed when the test ends.
func Open(t testing.TB, d storage.Dialect) *storage.DB {
	t.Helper()
	ctx := context.Background()
	if d == storage.SQLite {
		db, err := storage.Open(ctx, storage.Options{DataDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	u := NewPostgresDatabase(t)
	db, err := storage.Open(ctx, storage.Options{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	t.Cleanup(func() { checkReadModels(t, u) })
	return db
}

// checkReadModels fails the test if what is kept for reports (the touch
// paths PostgreSQL's triggers fold, the prospects' milestones the domain
// records) differs from the same folded afresh, by SQL written apart from
// the code that keeps them: every write a test made (tracking,
// identification, merges, imports, moves, deletions) is checked.
func checkReadModels(t testing.TB, u string) {
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Error(err)
		return
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stale(ctx, t, db, "touch path", touchPathsStale)
	stale(ctx, t, db, "prospect milestones", milestonesStale)
}

// milestonesStale lists the prospects whose milestones differ from their
// stage changes.
const milestonesStale = `WITH fresh AS (
		SELECT p.id,
			COALESCE((SELECT string_agg(x.id, ',' ORDER BY x.id COLLATE "C") FROM (SELECT DISTINCT CAST(sc.to_stage_id AS text) AS id FROM stage_changes sc
				WHERE sc.workspace_id = p.workspace_id AND sc.prospect_id = p.id) x), '') AS entered,
			(SELECT min(sc.changed_at) FROM stage_changes sc JOIN stages st ON st.workspace_id = sc.workspace_id AND st.id = sc.to_stage_id
				WHERE sc.workspace_id = p.workspace_id AND sc.prospect_id = p.id AND st.phase NOT IN ('lead', 'qualified', 'lost')) AS opp_at,
			(SELECT min(sc.changed_at) FROM stage_changes sc JOIN stages st ON st.workspace_id = sc.workspace_id AND st.id = sc.to_stage_id
				WHERE sc.workspace_id = p.workspace_id AND sc.prospect_id = p.id AND st.phase IN ('won', 'customer', 'churned')) AS won_at,
			p.entered_stages, p.opportunity_at, p.won_at AS kept_won_at
		FROM prospects p)
	SELECT CAST(id AS text), entered || ' ' || COALESCE(CAST(opp_at AS text), '-') || ' ' || COALESCE(CAST(won_at AS text), '-'),
		entered_stages || ' ' || COALESCE(CAST(opportunity_at AS text), '-') || ' ' || COALESCE(CAST(kept_won_at AS text), '-')
	FROM fresh WHERE (entered, opp_at, won_at) IS DISTINCT FROM (entered_stages, opportunity_at, kept_won_at)`

// stale reports each row of query (what, fresh, kept) as an error.
func stale(ctx context.Context, t testing.TB, db *sql.DB, what, query string) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		t.Errorf("checking %ss: %v", what, err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id, fresh, kept string
		if err := rows.Scan(&id, &fresh, &kept); err != nil {
			t.Error(err)
			return
		}
		t.Errorf("%s of %s is stale: kept %q, afresh %q", what, id, kept, fresh)
	}
	if err := rows.Err(); err != nil {
		t.Errorf("checking %ss: %v", what, err)
	}
}

// touchPathsStale lists the owners whose kept touch path differs.
const touchPathsStale = `WITH ordered AS (
			SELECT workspace_id, COALESCE(contact_id, account_id) AS owner_id,
				CASE WHEN contact_id IS NULL THEN 'account' ELSE 'contact' END AS kind,
				(date_part('epoch', occurred_at) * 1000000)::bigint::text AS at,
				replace(type, chr(30), '') AS type, replace(channel, chr(30), '') AS channel,
				replace(source, chr(30), '') AS source, replace(medium, chr(30), '') AS medium, replace(campaign, chr(30), '') AS campaign,
				occurred_at, row_number() OVER (PARTITION BY workspace_id, COALESCE(contact_id, account_id) ORDER BY occurred_at, id) AS n
			FROM touchpoints WHERE COALESCE(contact_id, account_id) IS NOT NULL),
		fresh AS (
			SELECT workspace_id, owner_id, min(kind) AS kind, max(occurred_at) AS last_at, string_agg(at, chr(30) ORDER BY n) AS times, string_agg(type, chr(30) ORDER BY n) AS types,
				string_agg(channel, chr(30) ORDER BY n) AS channels, string_agg(source, chr(30) ORDER BY n) AS sources,
				string_agg(medium, chr(30) ORDER BY n) AS mediums, string_agg(campaign, chr(30) ORDER BY n) AS campaigns
			FROM ordered GROUP BY workspace_id, owner_id)
		SELECT CAST(COALESCE(f.owner_id, k.owner_id) AS text), COALESCE(f.times, '(none)'), COALESCE(k.times, '(none)')
		FROM fresh f FULL JOIN touch_paths k ON k.workspace_id = f.workspace_id AND k.owner_id = f.owner_id
		WHERE (f.kind, f.last_at, f.times, f.types, f.channels, f.sources, f.mediums, f.campaigns) IS DISTINCT FROM
			(k.owner_kind, k.last_at, k.times, k.types, k.channels, k.sources, k.mediums, k.campaigns)`

var (
	pgOnce     sync.Once
	pgServer   string // URL of the admin database
	pgTemplate string
	pgErr      error
	pgSeq      atomic.Int64
	adminMu    sync.Mutex // CREATE DATABASE … TEMPLATE needs the template idle; serialise
)

// NewPostgresDatabase creates a database cloned from the migrated template and
// drops it when the test ends, unless ONEFUNNEL_TEST_KEEP_DATABASES is set
// (to look at a benchmark's data afterwards). It returns its URL.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	pgOnce.Do(setupPostgres)
	if pgErr != nil {
		t.Fatalf("PostgreSQL for tests: %v", pgErr)
	}
	name := fmt.Sprintf("of_test_%d_%d", os.Getpid(), pgSeq.Add(1))
	if err := adminExec(fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, pgTemplate)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if os.Getenv("ONEFUNNEL_TEST_KEEP_DATABASES") != "" {
			t.Logf("kept database %s", withDB(pgServer, name))
			return
		}
		_ = adminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return withDB(pgServer, name)
}

// NewEmptyPostgresDatabase creates a database with no schema, for tests of
// migrating and of readiness before migrations; it is dropped when the test ends.
func NewEmptyPostgresDatabase(t testing.TB) string {
	t.Helper()
	pgOnce.Do(setupPostgres)
	if pgErr != nil {
		t.Fatalf("PostgreSQL for tests: %v", pgErr)
	}
	name := fmt.Sprintf("of_empty_%d_%d", os.Getpid(), pgSeq.Add(1))
	if err := adminExec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = adminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	return withDB(pgServer, name)
}

func adminExec(stmt string) error {
	adminMu.Lock()
	defer adminMu.Unlock()
	db, err := sql.Open("pgx", pgServer)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

func setupPostgres() {
	pgServer, pgErr = findServer()
	if pgErr != nil {
		return
	}
	pgTemplate = fmt.Sprintf("of_tmpl_%d", os.Getpid())
	_ = adminExec("DROP DATABASE IF EXISTS " + pgTemplate + " WITH (FORCE)")
	if pgErr = adminExec("CREATE DATABASE " + pgTemplate); pgErr != nil {
		return
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Options{URL: withDB(pgServer, pgTemplate)})
	if err != nil {
		pgErr = err
		return
	}
	pgErr = db.Migrate(ctx)
	_ = db.Close()
}

// withDB swaps the database name in a postgres URL.
func withDB(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

func findServer() (string, error) {
	if u := os.Getenv("ONEFUNNEL_TEST_DATABASE_URL"); u != "" {
		return u, ping(u)
	}
	local := "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	if ping(local) == nil {
		return local, nil
	}
	return startCluster()
}

func ping(u string) error {
	db, err := sql.Open("pgx", u)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}
