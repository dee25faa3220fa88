package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// The processor's statements that name rows by a batch's keys, or by a
// visitor's, look each up through an index, also in the generic plan a
// connection keeps for good, made here while the tables are (nearly) empty.
// Planned by such statistics without keyedPlans, the four that join a
// batch's keys read their tables whole with a hash join, and went on doing
// so once the tables had grown (docs/benchmarks.md, fourteenth session).
func TestProcessorLooksUpItsRowsByKey(t *testing.T) {
	db := storagetest.Open(t, storage.Postgres)
	ws, id := newWorkspace(t, db).WorkspaceID, domain.NewID()
	keys := "{" + ws + "}"
	args := map[string][]string{
		"visitors":   {keys, "{anon-1}"},
		"sessions":   {keys, "{" + id + "}"},
		"count hits": {keys, "{" + id + "}", "{1}", "{2026-12-07T05:00:00Z}"},
		"payloads":   {keys, "{" + id + "}"},
		// The link: contact, workspace, anonymousId (and account first).
		"link sessions":            {id, ws, "anon-1"},
		"link touchpoints":         {id, ws, "anon-1"},
		"link touchpoint accounts": {id, ws, "anon-1", id},
	}
	if len(args) != len(storage.ProcessorKeyedSQL) {
		t.Fatalf("arguments for %d statements, the processor has %d", len(args), len(storage.ProcessorKeyedSQL))
	}
	rolledBack(t, db, func(ctx context.Context) error {
		// A few rows: a table of one page, which is cheapest read whole.
		for _, insert := range []string{
			`INSERT INTO sessions (workspace_id, id, anonymous_id, number, started_at, last_at, channel)
				SELECT ?, gen_random_uuid(), 'anon-' || i, 1, now(), now(), 'Direct' FROM generate_series(1, 3) i`,
			`INSERT INTO touchpoints (workspace_id, id, type, channel, anonymous_id, occurred_at, created_at)
				SELECT ?, gen_random_uuid(), 'page_view', 'Direct', 'anon-' || i, now(), now() FROM generate_series(1, 3) i`,
		} {
			if err := db.Gorm(ctx).Exec(insert, ws).Error; err != nil {
				return err
			}
		}
		if err := storage.KeyedPlans(ctx, db); err != nil {
			return err
		}
		for name, query := range storage.ProcessorKeyedSQL {
			plan := genericPlan(t, ctx, db, query, args[name]...)
			for _, scan := range []string{"Seq Scan", "Hash Join", "Merge Join"} {
				if strings.Contains(plan, scan) {
					t.Errorf("%s: the generic plan has a %s:\n%s", name, scan, plan)
				}
			}
		}
		return nil
	})
}
