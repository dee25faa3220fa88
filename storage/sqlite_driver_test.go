package storage

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"
)

// newTestSQLite opens a SQLite database in a temporary directory, closed
// when the test ends; it does not migrate.
func newTestSQLite(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// SQLite keeps times as text, and queries compare and order them as text:
// the driver must write every time in the one form databases written by
// earlier versions hold, and must not read an expression's date-like text
// (a report's day bucket) back as a time.
func TestSQLiteTimesKeepTheirStoredForm(t *testing.T) {
	ctx := context.Background()
	db := newTestSQLite(t)
	at := time.Date(2026, 12, 6, 13, 49, 31, 123456789, time.UTC)
	for name, g := range map[string]func(context.Context) *gorm.DB{"writer": db.writer, "reader": db.reader} {
		var stored string
		if err := g(ctx).Raw("SELECT CAST(? AS TEXT)", at).Scan(&stored).Error; err != nil {
			t.Fatal(err)
		}
		if want := "2026-12-06 13:49:31.123456789+00:00"; stored != want {
			t.Errorf("%s writes a time as %q, want %q", name, stored, want)
		}
		var day any
		if err := g(ctx).Raw("SELECT strftime('%Y-%m-%d', ?)", at).Row().Scan(&day); err != nil {
			t.Fatal(err)
		}
		if s, ok := day.(string); !ok || s != "2026-12-06" {
			t.Errorf("%s reads a day bucket as %T %v, want the text 2026-12-06", name, day, day)
		}
	}
}

// Every SQLite connection, writer and readers, reads the file through a
// memory map, and the writer checkpoints the WAL every 10,000 pages.
func TestSQLiteConnectionSettings(t *testing.T) {
	ctx := context.Background()
	db := newTestSQLite(t)
	for i, pool := range db.sqlDBs {
		for pragma, want := range map[string]int64{"mmap_size": 256 << 20, "wal_autocheckpoint": 10_000} {
			var n int64
			if err := pool.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("pool %d: %s is %d, want %d", i, pragma, n, want)
			}
		}
	}
}

// GORM keeps at most 512 statement texts prepared on SQLite: a text that
// grows with an IN list does not pile up.
func TestSQLiteStatementCacheIsBounded(t *testing.T) {
	ctx := context.Background()
	db := newTestSQLite(t)
	for n := 1; n <= 600; n++ {
		var got int
		if err := db.reader(ctx).Raw("SELECT count(*) FROM (SELECT 1) WHERE 1 IN ?", make([]int, n)).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
	}
	stmts, ok := db.r.ConnPool.(*gorm.PreparedStmtDB)
	if !ok {
		t.Fatalf("the reader pool is a %T, not GORM's prepared-statement cache", db.r.ConnPool)
	}
	if kept := len(stmts.Stmts.Keys()); kept == 0 || kept > 512 {
		t.Errorf("GORM keeps %d statement texts prepared, want 1 to 512", kept)
	}
}
