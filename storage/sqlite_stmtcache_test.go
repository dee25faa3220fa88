package storage

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// cacheOf runs fn with the cache of the connection conn holds.
func cacheOf(t *testing.T, conn *sql.Conn, fn func(c *cachingConn)) {
	t.Helper()
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*cachingConn)
		if !ok {
			return fmt.Errorf("the connection is a %T, not a cachingConn", dc)
		}
		fn(c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// compiled reads how many statements the writer's one connection has
// compiled.
func compiled(t *testing.T, db *DB) int {
	t.Helper()
	conn, err := db.sqlDBs[0].Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	cacheOf(t, conn, func(c *cachingConn) { n = c.compiled })
	return n
}

// A statement prepared in a transaction, by ingest directly or by GORM,
// is compiled in the first transaction only: database/sql prepares it again
// in each one, and the connection hands out the statement it compiled.
func TestSQLiteStatementsCompileOnce(t *testing.T) {
	ctx := context.Background()
	db := newTestSQLite(t)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var ws string
	if err := db.w.Raw(`INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'w', ?, ?) RETURNING id`, domain.NewID(), time.Now(), time.Now()).Scan(&ws).Error; err != nil {
		t.Fatal(err)
	}
	write := func(msg string) {
		t.Helper()
		now := time.Now().UTC()
		if _, err := db.insertEvents(ctx, []EventRow{{WorkspaceID: ws, ID: domain.NewID(), MessageID: msg, Type: "track",
			AnonymousID: "a", Timestamp: now, ReceivedAt: now, Payload: []byte(`{}`)}}); err != nil {
			t.Fatal(err)
		}
	}
	rename := func(name string) {
		t.Helper()
		err := db.Tx(ctx, func(ctx context.Context) error {
			return db.writer(ctx).Exec("UPDATE workspaces SET name = ? WHERE id = ?", name, ws).Error
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	write("m1")
	rename("a")
	before := compiled(t, db)
	write("m2")
	write("m3")
	rename("b")
	rename("c")
	if n := compiled(t, db) - before; n != 0 {
		t.Errorf("two more ingest groups and GORM transactions compiled %d statements, want none", n)
	}
	if n, err := db.CountEvents(ctx, ws); err != nil || n != 3 {
		t.Fatalf("stored %d events, %v; want 3", n, err)
	}
	var name string
	if err := db.r.Raw("SELECT name FROM workspaces WHERE id = ?", ws).Scan(&name).Error; err != nil || name != "c" {
		t.Fatalf("workspace named %q, %v; want c", name, err)
	}
}

// A query whose rows are still open keeps its statement: the same text run
// meanwhile, as a query or an execution, gets a statement compiled for it
// alone, and both read every row.
func TestSQLiteStatementCacheWithOpenRows(t *testing.T) {
	ctx := context.Background()
	db := newTestSQLite(t)
	w := db.sqlDBs[0]
	if _, err := w.ExecContext(ctx, "CREATE TABLE n (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExecContext(ctx, "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 10) INSERT INTO n SELECT x FROM s"); err != nil {
		t.Fatal(err)
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	const q = "SELECT x FROM n WHERE x > ? ORDER BY x"
	sum := func(rows *sql.Rows) (total int) {
		t.Helper()
		for rows.Next() {
			var x int
			if err := rows.Scan(&x); err != nil {
				t.Fatal(err)
			}
			total += x
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return total
	}
	outer, err := tx.PrepareContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := outer.QueryContext(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The driver's column types come through the cache's rows.
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	if name, scan := types[0].DatabaseTypeName(), types[0].ScanType(); name != "INTEGER" || scan == nil || scan.Kind() != reflect.Int64 {
		t.Errorf("the column reads as %q scanned into %v, want INTEGER into int64", name, scan)
	}
	if !rows.Next() {
		t.Fatal("no first row")
	}
	inner, err := tx.PrepareContext(ctx, q) // the same text, while rows are open
	if err != nil {
		t.Fatal(err)
	}
	innerRows, err := inner.QueryContext(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := sum(innerRows); got != 6+7+8+9+10 {
		t.Errorf("the inner query read a sum of %d, want 40", got)
	}
	if _, err := inner.ExecContext(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if got := sum(rows); got != 2+3+4+5+6+7+8+9+10 {
		t.Errorf("the outer query read on to a sum of %d, want 54", got)
	}
	// Its rows closed, the cached statement serves again.
	again, err := outer.QueryContext(ctx, 8)
	if err != nil {
		t.Fatal(err)
	}
	if got := sum(again); got != 9+10 {
		t.Errorf("a query after the rows closed read a sum of %d, want 19", got)
	}
}

// A connection keeps at most its cache's size of statements and bytes of
// their texts, closing the least recently used; a statement evicted under a
// prepared handle is compiled again at the handle's next use. Texts longer than the longest
// kept are compiled for each preparation and closed with it.
func TestSQLiteStatementCacheEvicts(t *testing.T) {
	ctx := context.Background()
	db := newTestSQLite(t)
	conn, err := db.sqlDBs[1].Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cacheOf(t, conn, func(c *cachingConn) { c.size = 4 })
	first, err := conn.PrepareContext(ctx, "SELECT 0 + ?")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		var got int
		if err := conn.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + ?", i), 1).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("SELECT %d + 1 = %d, %v", i, got, err)
		}
		st, err := conn.PrepareContext(ctx, fmt.Sprintf("SELECT %d + ?", i))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.QueryRowContext(ctx, 1).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("prepared SELECT %d + 1 = %d, %v", i, got, err)
		}
		_ = st.Close()
	}
	var kept []string
	cacheOf(t, conn, func(c *cachingConn) {
		for e := c.lru.Front(); e != nil; e = e.Next() {
			kept = append(kept, e.Value.(*cachedStmt).query)
		}
	})
	if want := []string{"SELECT 10 + ?", "SELECT 9 + ?", "SELECT 8 + ?", "SELECT 7 + ?"}; strings.Join(kept, "|") != strings.Join(want, "|") {
		t.Errorf("the connection keeps %q, want %q", kept, want)
	}
	var got int
	if err := first.QueryRowContext(ctx, 41).Scan(&got); err != nil || got != 41 {
		t.Fatalf("the evicted statement answered %d, %v; want 41", got, err)
	}
	// Texts beyond the byte budget push the oldest out too.
	cacheOf(t, conn, func(c *cachingConn) { c.textBudget = 2 * len("SELECT 10 + ?") })
	if err := conn.QueryRowContext(ctx, "SELECT 11 + ?", 1).Scan(&got); err != nil || got != 12 {
		t.Fatalf("SELECT 11 + 1 = %d, %v", got, err)
	}
	st, err := conn.PrepareContext(ctx, "SELECT 11 + ?")
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	kept = kept[:0]
	cacheOf(t, conn, func(c *cachingConn) {
		for e := c.lru.Front(); e != nil; e = e.Next() {
			kept = append(kept, e.Value.(*cachedStmt).query)
		}
		if want := len("SELECT 11 + ?") + len("SELECT 0 + ?"); c.text != want {
			t.Errorf("the kept texts count %d bytes, want %d", c.text, want)
		}
	})
	if want := []string{"SELECT 11 + ?", "SELECT 0 + ?"}; strings.Join(kept, "|") != strings.Join(want, "|") {
		t.Errorf("within the byte budget the connection keeps %q, want %q", kept, want)
	}
	// A busy statement is not evicted, nor is the one just compiled: the cache
	// exceeds its bound until rows close.
	cacheOf(t, conn, func(c *cachingConn) { c.size, c.textBudget = 1, sqliteStmtCacheText })
	busy, err := conn.PrepareContext(ctx, "SELECT 1 UNION ALL SELECT 2")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := busy.QueryContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Were the statement just compiled evicted, running it would compile and
	// evict it again for ever: a watchdog turns that into a failure.
	ran := make(chan error, 1)
	go func() {
		other, err := conn.PrepareContext(ctx, "SELECT 12 + ?")
		if err == nil {
			err = other.QueryRowContext(ctx, 1).Scan(&got)
		}
		ran <- err
	}()
	select {
	case err := <-ran:
		if err != nil || got != 13 {
			t.Fatalf("SELECT 12 + 1 = %d, %v", got, err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a statement run beside a busy one did not return in 20 s: the cache keeps evicting the statement it just compiled")
	}
	var held int
	cacheOf(t, conn, func(c *cachingConn) { held = len(c.stmts) })
	if held != 2 {
		t.Errorf("with one statement busy the cache holds %d, want it and the new one", held)
	}
	sum := 0
	for rows.Next() {
		var x int
		if err := rows.Scan(&x); err != nil {
			t.Fatal(err)
		}
		sum += x
	}
	if err := rows.Close(); err != nil || sum != 3 {
		t.Fatalf("the busy statement's rows summed %d, %v; want 3", sum, err)
	}
	long := "SELECT ? /*" + strings.Repeat("x", sqliteStmtCacheMaxText) + "*/"
	var before, after, size int
	cacheOf(t, conn, func(c *cachingConn) { before = c.compiled })
	for range 2 {
		st, err := conn.PrepareContext(ctx, long)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.QueryRowContext(ctx, 7).Scan(&got); err != nil || got != 7 {
			t.Fatalf("the long text answered %d, %v", got, err)
		}
		_ = st.Close()
	}
	cacheOf(t, conn, func(c *cachingConn) { after, size = c.compiled, len(c.stmts) })
	if after-before != 2 || size > 4 {
		t.Errorf("the long text compiled %d times and the cache holds %d; want 2 and at most 4", after-before, size)
	}
}
