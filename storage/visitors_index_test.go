package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// visitors_contact_idx holds only visitors with a contact: a lookup of the
// visitors with none cannot be planned through it, while the lookups by
// contact (a merge moving visitors, the timeline's visitors of a contact)
// still use it on both databases.
func TestVisitorsContactIndexServesContactsOnly(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ws := newWorkspace(t, db).WorkspaceID
		contact := "01a24b06-1b72-7a4c-b79e-13a1b1b8af18"
		rolledBack(t, db, func(ctx context.Context) error {
			// Take every other way away, so the plan shows whether the index
			// can serve: on PostgreSQL sequential scans, and on both the
			// primary key, whose first column would do for "workspace_id =".
			if err := indexScansOnly(ctx, db, d); err != nil {
				return err
			}
			if d == storage.Postgres {
				if err := db.Gorm(ctx).Exec(`INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at)
					SELECT ?, 'anon-' || i, now(), now() FROM generate_series(1, 2000) AS i`, ws).Error; err != nil {
					return err
				}
			}
			anonymous := explain(t, ctx, db, d, "SELECT anonymous_id FROM visitors WHERE workspace_id = ? AND contact_id IS NULL", ws)
			if strings.Contains(anonymous, "visitors_contact_idx") {
				t.Errorf("visitors without a contact can be found through visitors_contact_idx:\n%s", anonymous)
			}
			for _, q := range []string{
				"UPDATE visitors SET contact_id = NULL WHERE workspace_id = ? AND contact_id = ?",
				"SELECT anonymous_id FROM visitors WHERE workspace_id = ? AND contact_id IN (?)",
			} {
				if plan := explain(t, ctx, db, d, q, ws, contact); !strings.Contains(plan, "visitors_contact_idx") {
					t.Errorf("%s no longer uses visitors_contact_idx:\n%s", q, plan)
				}
			}
			return nil
		})
	})
}
