package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// events_user_idx holds only events sent with a userId (migration 18), so
// anonymous events, most of them, cannot be found through it; a server-side
// visitor's hits are, on PostgreSQL also in a generic plan, which cannot
// look at the userId's value.
func TestEventsUserIndexHoldsUserEventsOnly(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ws := newWorkspace(t, db).WorkspaceID
		hits := "SELECT id FROM events WHERE workspace_id = ? AND " + storage.UserVisitorHits
		rolledBack(t, db, func(ctx context.Context) error {
			if err := indexScansOnly(ctx, db, d); err != nil {
				return err
			}
			if plan := explain(t, ctx, db, d, "SELECT id FROM events WHERE workspace_id = ? AND user_id = ''", ws); strings.Contains(plan, "events_user_idx") {
				t.Errorf("anonymous events can be found through events_user_idx:\n%s", plan)
			}
			plan := explain(t, ctx, db, d, hits, ws, "u-1")
			if d == storage.Postgres {
				plan = genericPlan(t, ctx, db, hits, ws, "u-1")
			}
			if !strings.Contains(plan, "events_user_idx") {
				t.Errorf("a server-side visitor's hits are not read through events_user_idx:\n%s", plan)
			}
			return nil
		})
	})
}

// genericPlan is PostgreSQL's generic plan of query (? placeholders) with
// args, text quoted as literals: the plan a connection caches once it has
// run a prepared statement often.
func genericPlan(t *testing.T, ctx context.Context, db *storage.DB, query string, args ...string) string {
	t.Helper()
	n := 0
	prepared := "PREPARE generic_plan_test AS " + replaceEach(query, "?", func() string { n++; return fmt.Sprintf("$%d", n) })
	g := db.Gorm(ctx)
	for _, stmt := range []string{"SET LOCAL plan_cache_mode = force_generic_plan", prepared} {
		if err := g.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	defer g.Exec("DEALLOCATE generic_plan_test")
	lits := make([]string, len(args))
	for i, a := range args {
		lits[i] = "'" + strings.ReplaceAll(a, "'", "''") + "'"
	}
	_, rows := queryRows(t, g.Raw("EXPLAIN EXECUTE generic_plan_test ("+strings.Join(lits, ", ")+")"))
	var out strings.Builder
	for _, r := range rows {
		fmt.Fprintln(&out, r...)
	}
	return out.String()
}

// replaceEach replaces each old in s by what next returns for it.
func replaceEach(s, old string, next func() string) string {
	parts := strings.Split(s, old)
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(next())
		}
		b.WriteString(p)
	}
	return b.String()
}
