package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// sessions_contact_idx holds only sessions with a contact: the identity
// link's lookup of a visitor's sessions with no contact yet cannot be
// planned through it (on a new database PostgreSQL did, walking every
// anonymous session), while the timeline's lookup by contact still uses it
// on both databases.
func TestSessionsContactIndexServesContactsOnly(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ws := newWorkspace(t, db).WorkspaceID
		contact := "01a24b06-1b72-7a4c-b79e-13a1b1b8af18"
		plan := func(ctx context.Context, query string, args ...any) string {
			t.Helper()
			return explain(t, ctx, db, d, query, args...)
		}
		rolledBack(t, db, func(ctx context.Context) error {
			// Take every other way away, so the plan shows whether the index
			// can serve: the link's own index (dropped only inside this
			// transaction) and, on PostgreSQL, sequential scans.
			if err := db.Gorm(ctx).Exec("DROP INDEX sessions_anonymous_idx").Error; err != nil {
				return err
			}
			if d == storage.Postgres {
				if err := db.Gorm(ctx).Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
					return err
				}
				// Anonymous sessions, not analyzed: as on a new database
				// under load, where the full index looked the best way.
				if err := db.Gorm(ctx).Exec(`INSERT INTO sessions (workspace_id, id, anonymous_id, number, started_at, last_at, channel)
					SELECT ?, gen_random_uuid(), 'anon-' || (i % 300), 1, now(), now(), 'Direct' FROM generate_series(1, 5000) AS i`, ws).Error; err != nil {
					return err
				}
			}
			link := plan(ctx, "UPDATE sessions SET contact_id = NULL WHERE workspace_id = ? AND anonymous_id = ? AND contact_id IS NULL", ws, "anon-1")
			if strings.Contains(link, "sessions_contact_idx") {
				t.Errorf("the link can be planned through sessions_contact_idx:\n%s", link)
			}
			timeline := plan(ctx, "SELECT id FROM sessions WHERE workspace_id = ? AND contact_id IN (?) ORDER BY started_at DESC", ws, []string{contact})
			if !strings.Contains(timeline, "sessions_contact_idx") {
				t.Errorf("the timeline's lookup by contact no longer uses sessions_contact_idx:\n%s", timeline)
			}
			return nil
		})
	})
}
