// Package storage persists the domain in SQLite (embedded default) or
// PostgreSQL. It implements the store interfaces the domain declares; every
// query is scoped by workspace. Dialect differences live here only, each behind
// one function.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/libtnb/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the database behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options selects and tunes the database.
type Options struct {
	// URL is a postgres:// URL; empty means SQLite in DataDir.
	URL     string
	DataDir string
	// StatementTimeout bounds every PostgreSQL statement (SECURITY.md: 5 s).
	StatementTimeout time.Duration
	MaxOpenConns     int
	// Logger gets what goes wrong in the background (the member cache's
	// listener); nil discards it.
	Logger *slog.Logger
}

// DB is an open database. Writes go to w; reads outside a transaction go to r.
// On PostgreSQL both are the same pool. On SQLite w is one connection (SQLite
// has one writer; queueing in Go beats SQLITE_BUSY) and r is a pool of readers
// that WAL lets run beside the writer.
type DB struct {
	w, r    *gorm.DB
	dialect Dialect
	sqlDBs  []*sql.DB
	path    string

	recent          *recentEvents // messages ingest hands to the processor
	oneTripRows     int           // PostgreSQL: the largest group ingest stores in one round trip
	queueVacuumRows int           // PostgreSQL: events processed between VACUUMs of event_queue
	members         *memberCache  // PostgreSQL only
	stopListen      context.CancelFunc
	listenDone      chan struct{}
}

// Open connects and configures the database. It does not migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	if o.StatementTimeout == 0 {
		o.StatementTimeout = 5 * time.Second
	}
	cfg := &gorm.Config{
		SkipDefaultTransaction: true,
		PrepareStmt:            true,
		TranslateError:         true,
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		Logger:                 logger.Discard,
	}
	if o.URL != "" {
		return openPostgres(ctx, o, cfg)
	}
	return openSQLite(ctx, o, cfg)
}

func openPostgres(ctx context.Context, o Options, cfg *gorm.Config) (*DB, error) {
	if !strings.HasPrefix(o.URL, "postgres://") && !strings.HasPrefix(o.URL, "postgresql://") {
		return nil, errors.New("storage: the database URL must start with postgres://")
	}
	// pgx prepares and caches every statement per connection by itself, in
	// and outside transactions. GORM's own cache would bind statements first
	// seen in a transaction to that transaction, and database/sql then
	// prepares and closes them again in every later one: three round trips
	// per statement instead of one.
	pg := *cfg
	pg.PrepareStmt = false
	cfg = &pg
	dsn := withParam(o.URL, "statement_timeout", fmt.Sprint(o.StatementTimeout.Milliseconds()))
	dsn = withParam(dsn, "timezone", "UTC")
	g, err := gorm.Open(postgres.Open(dsn), cfg)
	if err != nil {
		return nil, fmt.Errorf("storage: open postgres: %w", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	n := o.MaxOpenConns
	if n == 0 {
		n = 20
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{w: g, r: g, dialect: Postgres, sqlDBs: []*sql.DB{sqlDB}, recent: newRecentEvents(recentCapacity), oneTripRows: oneTripRows,
		queueVacuumRows: queueVacuumRows}
	if err := db.Ping(ctx); err != nil {
		return db, err
	}
	listenCtx, stop := context.WithCancel(context.Background())
	db.members, db.stopListen, db.listenDone = newMemberCache(), stop, make(chan struct{})
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	go db.members.listen(listenCtx, dsn, log, db.listenDone)
	return db, nil
}

// SQLitePragmas are every SQLite connection's settings, as a DSN query
// (the benchmarks' raw SQL opens SQLite with them too).
//
// synchronous(FULL): a 2xx means committed, even across a power cut.
// mmap_size: connections read the file's first 256 MiB through one
// shared mapping rather than pread-ing each page into their own 2 MB
// cache (pread was a sixth of a contact list's CPU); as SQLite documents,
// an I/O error on the file then stops the process instead of failing a
// query. wal_autocheckpoint(10000): the writer copies the WAL into the
// file every 40 MB instead of every 4 MB, so a page written by many
// commits (an index's last leaf) is copied once per checkpoint; ingest
// and the processor spent a tenth of their CPU checkpointing.
// Times are written in UTC (_timezone) as
// "2006-01-02 15:04:05.999999999-07:00", which then sorts and compares as
// text in time order (a time written in another zone sorted apart from the
// same instant in UTC), and only columns declared as times are read back as
// time.Time (_texttotime would also turn any expression's
// text that looks like a date, a report's day bucket, into one), as is an
// integer in such a column (_inttotime, as GORM's dialector sets it when it
// opens the database itself).
const SQLitePragmas = "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)" +
	"&_pragma=mmap_size(268435456)&_pragma=wal_autocheckpoint(10000)&_time_format=sqlite&_timezone=UTC&_texttotime=0&_inttotime=1"

func openSQLite(ctx context.Context, o Options, cfg *gorm.Config) (*DB, error) {
	dir := o.DataDir
	if dir == "" {
		dir = "data"
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("storage: create data dir: %w", err)
	}
	path := filepath.Join(dir, "onefunnel.db")
	// GORM keeps every text it prepared outside a transaction for a day, and
	// a text grows with each length of an IN list: bound how many it keeps.
	// (What they compile to is bounded per connection, sqliteConnector.)
	lite := *cfg
	lite.PrepareStmtMaxSize = 512
	cfg = &lite
	w, wDB, err := openSQLitePool("file:"+path+SQLitePragmas+"&_txlock=immediate", cfg)
	if err != nil {
		return nil, fmt.Errorf("storage: open sqlite: %w", err)
	}
	r, rDB, err := openSQLitePool("file:"+path+SQLitePragmas+"&_pragma=query_only(1)", cfg)
	if err != nil {
		_ = wDB.Close()
		return nil, fmt.Errorf("storage: open sqlite reader: %w", err)
	}
	// Keep every connection idle between uses: database/sql keeps only two
	// by default and would close and reopen readers (file, pragmas, and
	// every prepared statement) under any concurrency.
	wDB.SetMaxOpenConns(1)
	wDB.SetMaxIdleConns(1)
	rDB.SetMaxOpenConns(4)
	rDB.SetMaxIdleConns(4)
	db := &DB{w: w, r: r, dialect: SQLite, sqlDBs: []*sql.DB{wDB, rDB}, path: path, recent: newRecentEvents(recentCapacity)}
	return db, db.Ping(ctx)
}

// openSQLitePool opens a pool of SQLite connections that keep their
// compiled statements (sqliteConnector) and GORM on it.
func openSQLitePool(dsn string, cfg *gorm.Config) (*gorm.DB, *sql.DB, error) {
	c, err := newSQLiteConnector(dsn)
	if err != nil {
		return nil, nil, err
	}
	pool := sql.OpenDB(c)
	g, err := gorm.Open(sqlite.New(sqlite.Config{Conn: pool}), cfg)
	if err != nil {
		_ = pool.Close()
		return nil, nil, err
	}
	return g, pool, nil
}

// withParam adds a query parameter to a URL unless it is already set.
func withParam(url, key, value string) string {
	if strings.Contains(url, key+"=") {
		return url
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + key + "=" + value
}

// Dialect tells which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	for _, s := range db.sqlDBs {
		if err := s.PingContext(ctx); err != nil {
			return fmt.Errorf("storage: ping: %w", err)
		}
	}
	return nil
}

// Close closes every pool.
func (db *DB) Close() error {
	if db.stopListen != nil {
		db.stopListen()
		<-db.listenDone
	}
	var errs []error
	for _, s := range db.sqlDBs {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// Backup writes a consistent copy of the database to path: VACUUM INTO on
// SQLite; on PostgreSQL the caller should use pg_dump (see deploy notes).
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return errors.New("storage: on PostgreSQL use pg_dump (see docs/deploy.md)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("storage: %s already exists", path)
	}
	return db.w.WithContext(ctx).Exec("VACUUM INTO ?", path).Error
}
