package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
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
	for n := 1; strings.Contains(query, "?"); n++ {
		query = strings.Replace(query, "?", fmt.Sprintf("$%d", n), 1)
	}
	prepared := "PREPARE generic_plan_test AS " + query
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

// A timeline reads each kind of item through the indexes of its keys, also
// where it gathers items by several (a contact's track calls by anonymousId
// or userId, an account's touchpoints by account or contact): each arm of the
// OR is an index lookup (PostgreSQL's BitmapOr, SQLite's MULTI-INDEX OR), not
// a read of every row of the workspace.
func TestTimelineLooksUpEachArmOfItsOr(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ws := newWorkspace(t, db).WorkspaceID
		rolledBack(t, db, func(ctx context.Context) error {
			// A workspace with many rows of others, as the planner sees it
			// once the tables have statistics.
			id := "'r' || i"
			if d == storage.Postgres {
				id = "md5('r' || i)::uuid"
			}
			now := time.Now()
			for table, cols := range map[string]string{
				"events":      "workspace_id, id, message_id, type, anonymous_id, user_id, event, timestamp, received_at, payload) SELECT ?, " + id + ", 'm' || i, 'track', 'anon-' || (i % 5000), '', 'Signup Clicked', ?, ?, '{}'",
				"touchpoints": "workspace_id, id, type, channel, occurred_at, created_at) SELECT ?, " + id + ", 'page_view', 'Direct', ?, ?",
				"activities":  "workspace_id, id, type, occurred_at, created_at, updated_at) SELECT ?, " + id + ", 'note', ?, ?, ?",
			} {
				args := []any{ws, now, now}
				if table == "activities" {
					args = append(args, now)
				}
				if err := db.Gorm(ctx).Exec(`WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 20000)
					INSERT INTO `+table+` (`+cols+` FROM s`, args...).Error; err != nil {
					return err
				}
				if err := db.Gorm(ctx).Exec("ANALYZE " + table).Error; err != nil {
					return err
				}
			}
			or := "BitmapOr"
			if d == storage.SQLite {
				or = "MULTI-INDEX OR"
			}
			for _, c := range []struct {
				kind, subject string
				indexes       []string
			}{
				{"events", "contact", []string{"events_anonymous_idx", "events_user_idx"}},
				{"events", "account", nil},
				{"events", "prospect", nil},
				{"touchpoints", "account", nil},
				{"touchpoints", "prospect", nil},
				{"activities", "account", nil},
			} {
				if c.kind == "activities" && d == storage.SQLite {
					// These activities have no contact, account or prospect,
					// and SQLite's statistics, which do not set NULLs apart,
					// then make each key look as unselective as the workspace.
					continue
				}
				plan := explain(t, ctx, db, d, db.TimelineSQL(ctx, c.kind, ws, crm.TimelineSubject{Kind: c.subject, ID: domain.NewID()}))
				for _, want := range append(c.indexes, or) {
					if !strings.Contains(plan, want) {
						t.Errorf("%s on the %s timeline: no %s in the plan:\n%s", c.kind, c.subject, want, plan)
					}
				}
			}
			return nil
		})
	})
}
