package storage

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/onefunnel/onefunnel/domain/demo"
)

// demoCopyWorkers is how many chunks are written to PostgreSQL at once: a
// COPY keeps one server core busy maintaining indexes, so more writers use
// more of the server.
const demoCopyWorkers = 4

// WriteDemo writes a demo plan into its workspace, which must exist with the
// plan's stages and owners: first the campaigns and their spend, then each
// chunk in a transaction of its own, so memory stays flat at any scale.
// Chunks are independent (their rows refer only to each other and to the
// campaigns), so several workers each generate a chunk and write it: on
// PostgreSQL they COPY side by side, on SQLite one generates while another
// holds the single writer connection. SQLite gets GORM's batched inserts of
// the domain types, as the stores write them.
//
// A failure leaves the chunks already committed; DeleteWorkspace removes
// them with the workspace.
func (db *DB) WriteDemo(ctx context.Context, p demo.Plan) (demo.Counts, error) {
	n := demo.Counts{Campaigns: len(p.Campaigns), Spend: len(p.Spend)}
	write, workers := db.insertDemo, 2
	if db.dialect == Postgres {
		write, workers = db.copyDemo, demoCopyWorkers
	}
	if err := write(ctx, demoCampaignTables(p)); err != nil {
		return n, translate(err, "demo campaigns")
	}
	var next atomic.Int64
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	for range min(workers, p.NumChunks()) {
		g.Go(func() error {
			for i := int(next.Add(1) - 1); i < p.NumChunks() && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				c := p.Chunk(i)
				if err := write(ctx, demoChunkTables(c)); err != nil {
					return translate(err, "demo chunk")
				}
				mu.Lock()
				n.AddChunk(c)
				mu.Unlock()
			}
			return ctx.Err()
		})
	}
	if err := g.Wait(); err != nil {
		return n, err
	}
	// Fresh statistics for what was just bulk-written: without them both
	// planners guess that the new tables are small, and reports over them
	// pick nested scans that run past the statement budget.
	return n, translate(db.writer(context.WithoutCancel(ctx)).Exec("ANALYZE").Error, "analyze")
}

// DeleteWorkspace removes a workspace and everything in it; a demo that
// failed half way is cleared with it. The tables whose rows refer to each
// other go first, children before parents: PostgreSQL checks a cascade's
// references as each cascaded delete ends, so one DELETE of the workspace
// fails when it reaches members before the prospects they own. The event
// queue goes first of all: deleting it waits for a processor batch in flight
// to commit, whose visitors, sessions and touchpoints (which do not refer to
// their workspace on PostgreSQL, migration 20) are then deleted too. It runs
// even when ctx is already cancelled (an interrupted demo), for up to ten
// minutes: millions of rows take longer than the statement timeout.
func (db *DB) DeleteWorkspace(ctx context.Context, id string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Minute)
	defer cancel()
	return db.Tx(ctx, func(ctx context.Context) error {
		tx := db.writer(ctx)
		if db.dialect == Postgres {
			if err := tx.Exec("SET LOCAL statement_timeout = 0").Error; err != nil {
				return translate(err, "workspace")
			}
		}
		for _, table := range []string{
			"event_queue", "event_dedupe", "events", "touchpoints", "sessions", "visitors", "activities", "stage_changes",
			"prospect_contacts", "prospects", "contacts", "accounts", "campaign_spend", "campaigns", "idempotency_keys",
		} {
			if err := tx.Exec("DELETE FROM "+table+" WHERE workspace_id = ?", id).Error; err != nil {
				return translate(err, table)
			}
		}
		db.dropMembersAfterCommit(ctx)
		return affected(tx.Exec("DELETE FROM workspaces WHERE id = ?", id), "workspace")
	})
}
