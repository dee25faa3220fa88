package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// The processor's statements that name rows by a batch's keys look each
// key up through an index, also in the generic plan a connection keeps for
// good, made here while the tables are empty: planned by the statistics of
// a new install, they read sessions whole with a hash join, and went on
// doing so once the table had grown (docs/benchmarks.md, fourteenth
// session).
func TestProcessorLooksUpItsRowsByKey(t *testing.T) {
	db := storagetest.Open(t, storage.Postgres)
	ws, id := newWorkspace(t, db).WorkspaceID, domain.NewID()
	keys := "{" + ws + "}"
	args := map[string][]string{
		"visitors":   {keys, "{anon-1}"},
		"sessions":   {keys, "{" + id + "}"},
		"count hits": {keys, "{" + id + "}", "{1}", "{2026-12-07T05:00:00Z}"},
		"payloads":   {keys, "{" + id + "}"},
	}
	if len(args) != len(storage.ProcessorKeyedSQL) {
		t.Fatalf("arguments for %d statements, the processor has %d", len(args), len(storage.ProcessorKeyedSQL))
	}
	rolledBack(t, db, func(ctx context.Context) error {
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
