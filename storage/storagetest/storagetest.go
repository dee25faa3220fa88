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
	return db
}

var (
	pgOnce     sync.Once
	pgServer   string // URL of the admin database
	pgTemplate string
	pgErr      error
	pgSeq      atomic.Int64
	adminMu    sync.Mutex // CREATE DATABASE … TEMPLATE needs the template idle; serialise
)

// NewPostgresDatabase creates a database cloned from the migrated template and
// drops it when the test ends. It returns its URL.
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
	t.Cleanup(func() { _ = adminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
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
