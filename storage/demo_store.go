package storage

import (
	"context"
	"sync"
	"time"

	"github.com/onefunnel/onefunnel/domain/demo"
)

// WriteDemo writes a demo plan into its workspace, which must exist with the
// plan's stages and owners: first the campaigns and their spend, then each
// chunk in a transaction of its own, so memory stays flat at any scale. The
// next chunk is generated while one is written. On PostgreSQL rows go in by
// COPY; on SQLite by GORM's batched inserts of the domain types, as the
// stores write them.
//
// A failure leaves the chunks already committed; DeleteWorkspace removes
// them with the workspace.
func (db *DB) WriteDemo(ctx context.Context, p demo.Plan) (demo.Counts, error) {
	n := demo.Counts{Campaigns: len(p.Campaigns), Spend: len(p.Spend)}
	write := db.insertDemo
	if db.dialect == Postgres {
		write = db.copyDemo
	}
	if err := write(ctx, demoCampaignTables(p)); err != nil {
		return n, translate(err, "demo campaigns")
	}
	ctx, cancel := context.WithCancel(ctx)
	chunks := make(chan demo.Chunk, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(chunks)
		for c := range p.Chunks() {
			select {
			case chunks <- c:
			case <-ctx.Done():
				return
			}
		}
	})
	defer func() { cancel(); wg.Wait() }()
	for c := range chunks {
		if err := write(ctx, demoChunkTables(c)); err != nil {
			return n, translate(err, "demo chunk")
		}
		n.AddChunk(c)
	}
	return n, ctx.Err()
}

// DeleteWorkspace removes a workspace and everything in it; a demo that
// failed half way is cleared with it. The tables whose rows refer to each
// other go first, children before parents: PostgreSQL checks a cascade's
// references as each cascaded delete ends, so one DELETE of the workspace
// fails when it reaches members before the prospects they own. It runs even
// when ctx is already cancelled (an interrupted demo), for up to ten
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
			"touchpoints", "sessions", "visitors", "activities", "stage_changes", "prospect_contacts", "prospects",
			"contacts", "accounts", "campaign_spend", "campaigns", "event_queue", "event_dedupe", "events", "idempotency_keys",
		} {
			if err := tx.Exec("DELETE FROM "+table+" WHERE workspace_id = ?", id).Error; err != nil {
				return translate(err, table)
			}
		}
		return affected(tx.Exec("DELETE FROM workspaces WHERE id = ?", id), "workspace")
	})
}
