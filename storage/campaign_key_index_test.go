package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// On PostgreSQL touchpoints_campaign_key_idx holds only touchpoints tagged
// with a campaign, so the touchpoints without one cannot be found through
// it (SQLite keeps the full index: migration 17); linking a campaign's
// touchpoints by its key uses it on both databases.
func TestCampaignKeyIndexServesTaggedTouchpointsOnly(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ws := newWorkspace(t, db).WorkspaceID
		rolledBack(t, db, func(ctx context.Context) error {
			if err := indexScansOnly(ctx, db, d); err != nil {
				return err
			}
			untagged := explain(t, ctx, db, d, "SELECT id FROM touchpoints WHERE workspace_id = ? AND campaign = ''", ws)
			if d == storage.Postgres && strings.Contains(untagged, "touchpoints_campaign_key_idx") {
				t.Errorf("touchpoints without a campaign can be found through touchpoints_campaign_key_idx:\n%s", untagged)
			}
			if plan := explain(t, ctx, db, d, storage.LinkByKeySQL, domain.NewID(), ws, "spring"); !strings.Contains(plan, "touchpoints_campaign_key_idx") {
				t.Errorf("linking by key no longer uses touchpoints_campaign_key_idx:\n%s", plan)
			}
			return nil
		})
	})
}
