package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"testing/fstest"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// sqliteTypes maps PostgreSQL type names to SQLite's, and PostgreSQL's
// covering index (key columns INCLUDE payload columns) to SQLite's, where
// the payload joins the key; it drops what only PostgreSQL has (between
// "-- onefunnel: postgres only" and "-- onefunnel: end postgres only", such
// as the touch paths its triggers keep). This and postgresTypes are the only
// places the schema differs between the two.
var sqliteTypes = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?s)-- onefunnel: postgres only\n.*?-- onefunnel: end postgres only\n`), ""},
	{regexp.MustCompile(`\buuid\b`), "TEXT"},
	{regexp.MustCompile(`\btimestamptz\b`), "DATETIME"},
	{regexp.MustCompile(`\bbytea\b`), "BLOB"},
	{regexp.MustCompile(`\bjsonb\b`), "TEXT"},
	{regexp.MustCompile(`\(([^()]*)\) INCLUDE \(([^()]*)\)`), "($1, $2)"},
}

// postgresTypes drops what only SQLite has (between "-- onefunnel: sqlite
// only" and "-- onefunnel: end sqlite only": statements whose functions the
// two name differently).
var postgresTypes = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?s)-- onefunnel: sqlite only\n.*?-- onefunnel: end sqlite only\n`), ""},
}

// migrationFS returns the migrations as this dialect reads them.
func (db *DB) migrationFS() (fs.FS, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	rewrites := sqliteTypes
	if db.dialect == Postgres {
		rewrites = postgresTypes
	}
	out := fstest.MapFS{}
	err = fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, path)
		if err != nil {
			return err
		}
		s := string(b)
		for _, t := range rewrites {
			s = t.re.ReplaceAllString(s, t.with)
		}
		out[path] = &fstest.MapFile{Data: []byte(s)}
		return nil
	})
	return out, err
}

func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := db.migrationFS()
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
		// Replicas starting together take turns: one migrates, the others wait.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, db.sqlDBs[0], fsys, opts...)
}

// Migrate applies every pending migration.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("storage: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("storage: migrate: %w", err)
	}
	return nil
}

// Ready reports whether the database answers and no migration is pending.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.Ping(ctx); err != nil {
		return err
	}
	p, err := db.provider()
	if err != nil {
		return err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("storage: migration status: %w", err)
	}
	if pending {
		return fmt.Errorf("storage: migrations pending")
	}
	return nil
}

// Optimize refreshes the query planner's statistics where the database does
// not do it by itself. PostgreSQL's autovacuum analyzes tables as they
// change; SQLite never does, and without statistics its planner reads a
// report's joins in an order that scans whole tables. PRAGMA optimize with
// 0x10002 analyzes the tables whose size changed enough since the last time
// (all of them the first time); analysis_limit samples each index instead of
// reading it whole, so the write lock is held briefly even on a big file.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect != SQLite {
		return nil
	}
	w := db.writer(ctx) // the one writer connection: the limit applies to the optimize
	if err := w.Exec("PRAGMA analysis_limit = 1000").Error; err != nil {
		return translate(err, "optimize")
	}
	return translate(w.Exec("PRAGMA optimize = 0x10002").Error, "optimize")
}
