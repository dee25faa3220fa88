package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// contacts_external_idx holds only contacts with an external id: on a table
// never analyzed, a lookup by primary key is planned through the primary key
// (with the old index, mostly NULL entries and the smallest on contacts,
// PostgreSQL read every contact of the workspace through it), while a
// lookup by external id still uses it on both databases.
func TestContactsExternalIndexLeavesPrimaryKeyLookupsAlone(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ws := newWorkspace(t, db).WorkspaceID
		rolledBack(t, db, func(ctx context.Context) error {
			if d == storage.Postgres {
				// Rows without external ids, never analyzed: a new database
				// under tracking, or a server with autovacuum off.
				if err := db.Gorm(ctx).Exec(`INSERT INTO contacts (workspace_id, id, email, first_name, last_name, created_at, updated_at)
					SELECT ?, gen_random_uuid(), 'c' || i || '@x.example', 'C', 'D', now(), now() FROM generate_series(1, 800) AS i`, ws).Error; err != nil {
					return err
				}
			}
			id := "01a24b06-1b72-7a4c-b79e-13a1b1b8af18"
			byID := explain(t, ctx, db, d, "SELECT * FROM contacts WHERE workspace_id = ? AND id = ?", ws, id)
			if strings.Contains(byID, "contacts_external_idx") {
				t.Errorf("a lookup by id is planned through contacts_external_idx:\n%s", byID)
			}
			byExternal := explain(t, ctx, db, d, "SELECT * FROM contacts WHERE workspace_id = ? AND external_id = ?", ws, "u-1")
			if !strings.Contains(byExternal, "contacts_external_idx") {
				t.Errorf("a lookup by external id no longer uses contacts_external_idx:\n%s", byExternal)
			}
			return nil
		})
	})
}

// explain is the plan of query on either database, one line a row.
func explain(t *testing.T, ctx context.Context, db *storage.DB, d storage.Dialect, query string, args ...any) string {
	t.Helper()
	prefix := "EXPLAIN "
	if d == storage.SQLite {
		prefix = "EXPLAIN QUERY PLAN "
	}
	_, rows := queryRows(t, db.Gorm(ctx).Raw(prefix+query, args...))
	var out strings.Builder
	for _, vals := range rows {
		for _, v := range vals {
			switch v := v.(type) {
			case string:
				out.WriteString(v + "\n")
			case []byte:
				out.WriteString(string(v) + "\n")
			}
		}
	}
	return out.String()
}

// indexScansOnly turns off PostgreSQL's sequential and bitmap scans for the
// rest of the transaction of ctx, so a plan shows whether an index can serve
// a query; SQLite needs no such help.
func indexScansOnly(ctx context.Context, db *storage.DB, d storage.Dialect) error {
	if d != storage.Postgres {
		return nil
	}
	for _, set := range []string{"SET LOCAL enable_seqscan = off", "SET LOCAL enable_bitmapscan = off"} {
		if err := db.Gorm(ctx).Exec(set).Error; err != nil {
			return err
		}
	}
	return nil
}

// rolledBack runs fn in a transaction that is then rolled back, so what it
// changes (rows it adds, an index it drops, a setting) stays with it.
func rolledBack(t *testing.T, db *storage.DB, fn func(ctx context.Context) error) {
	t.Helper()
	errRollback := errors.New("rolled back")
	err := db.Tx(context.Background(), func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
}

// queryRows runs q and reads every row as it comes from the driver, with
// the column names.
func queryRows(t *testing.T, q *gorm.DB) ([]string, [][]any) {
	t.Helper()
	rs, err := q.Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return cols, out
}
