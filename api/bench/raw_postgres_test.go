package bench

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/onefunnel/onefunnel/domain/crm"
)

// pgLoader loads rows with COPY.
type pgLoader struct{ conn *pgx.Conn }

func newPGLoader(ctx context.Context, url string) (*pgLoader, error) {
	conn, err := pgx.Connect(ctx, url)
	return &pgLoader{conn: conn}, err
}

func (l *pgLoader) load(ctx context.Context, table string, cols []string, rows [][]any) error {
	_, err := l.conn.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	return err
}

// close vacuums and analyses, as autovacuum would have long done on a live database.
func (l *pgLoader) close(ctx context.Context) error {
	_, err := l.conn.Exec(ctx, "VACUUM ANALYZE")
	if cerr := l.conn.Close(ctx); err == nil {
		err = cerr
	}
	return err
}

// pgRaw is the baseline on PostgreSQL: pgx's own pool, which caches prepared
// statements per connection as GORM's PrepareStmt does.
type pgRaw struct{ pool *pgxpool.Pool }

func newPGRaw(ctx context.Context, url string, conns int) (*pgRaw, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if conns == 0 {
		conns = 20 // storage.Open's default pool size
	}
	cfg.MaxConns = int32(conns)
	// The session settings storage.Open gives its connections.
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	cfg.ConnConfig.RuntimeParams["statement_timeout"] = "5000"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &pgRaw{pool: pool}, pool.Ping(ctx)
}

var (
	pgFirstPage = numbered(sqlFirstPage)
	pgNextPage  = numbered(sqlNextPage)
	pgProspect  = numbered(sqlProspect) + " FOR UPDATE"
	pgStage     = numbered(sqlStage)
	pgUpdate    = numbered(sqlUpdate)
	pgInsert    = numbered(sqlInsert)
)

func (r *pgRaw) contactsPage(ctx context.Context, ws, account string, after *pageKey) (int, *pageKey, error) {
	var rows pgx.Rows
	var err error
	if after == nil {
		rows, err = r.pool.Query(ctx, pgFirstPage, ws, account, pageLimit+1)
	} else {
		rows, err = r.pool.Query(ctx, pgNextPage, ws, account, after.createdAt, after.id, pageLimit+1)
	}
	if err != nil {
		return 0, nil, err
	}
	page, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (crm.Contact, error) { return scanContact(row) })
	if err != nil {
		return 0, nil, err
	}
	n, next := pageOf(page)
	return n, next, nil
}

func (r *pgRaw) move(ctx context.Context, ws, prospect, to, actor string) error {
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		p, err := scanProspect(tx.QueryRow(ctx, pgProspect, ws, prospect))
		if err != nil {
			return fmt.Errorf("lock prospect: %w", err)
		}
		st, err := scanStage(tx.QueryRow(ctx, pgStage, ws, to))
		if err != nil {
			return fmt.Errorf("read stage: %w", err)
		}
		sc, err := applyMove(&p, st, actor)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, pgUpdate, p.StageID, p.Status, p.StageEnteredAt, p.ClosedAt, p.LostReason, p.UpdatedAt,
			p.Milestones.EnteredStages, p.Milestones.OpportunityAt, p.Milestones.WonAt, ws, prospect)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return errNoRow
		}
		_, err = tx.Exec(ctx, pgInsert, sc.WorkspaceID, sc.ID, sc.ProspectID, sc.FromStageID, sc.ToStageID, sc.ChangedAt, sc.ChangedByKind, sc.ChangedByID)
		return err
	})
}

func (r *pgRaw) selectOne(ctx context.Context) error {
	var n int
	return r.pool.QueryRow(ctx, "SELECT 1").Scan(&n)
}

func (r *pgRaw) close() { r.pool.Close() }
