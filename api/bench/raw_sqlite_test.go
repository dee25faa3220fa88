package bench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // the driver storage uses, as database/sql "sqlite"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/storage"
)

// sqliteLoader loads rows with multi-row INSERTs, one transaction per table.
type sqliteLoader struct{ db *sql.DB }

func newSQLiteLoader(path string) (*sqliteLoader, error) {
	db, err := sql.Open("sqlite", "file:"+path+storage.SQLitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return &sqliteLoader{db: db}, nil
}

func (l *sqliteLoader) load(ctx context.Context, table string, cols []string, rows [][]any) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	const batch = 500
	for start := 0; start < len(rows); start += batch {
		part := rows[start:min(start+batch, len(rows))]
		args := make([]any, 0, len(part)*len(cols))
		for _, r := range part {
			args = append(args, r...)
		}
		q := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", table, strings.Join(cols, ", "),
			strings.TrimSuffix(strings.Repeat(tuple+", ", len(part)), ", "))
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (l *sqliteLoader) close(ctx context.Context) error {
	_, err := l.db.ExecContext(ctx, "ANALYZE")
	if cerr := l.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// sqliteRaw is the baseline on SQLite: the same driver and the same pools as
// storage (one writer with BEGIN IMMEDIATE, four readers), prepared statements.
type sqliteRaw struct {
	w, r                      *sql.DB
	first, next               *sql.Stmt
	prospect, stage, upd, ins *sql.Stmt
}

func newSQLiteRaw(path string) (*sqliteRaw, error) {
	w, err := sql.Open("sqlite", "file:"+path+storage.SQLitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	r, err := sql.Open("sqlite", "file:"+path+storage.SQLitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	s := &sqliteRaw{w: w, r: r}
	for _, p := range []struct {
		db   *sql.DB
		q    string
		stmt **sql.Stmt
	}{
		{r, sqlFirstPage, &s.first}, {r, sqlNextPage, &s.next},
		{w, sqlProspect, &s.prospect}, {w, sqlStage, &s.stage}, {w, sqlUpdate, &s.upd}, {w, sqlInsert, &s.ins},
	} {
		if *p.stmt, err = p.db.Prepare(p.q); err != nil {
			s.close()
			return nil, err
		}
	}
	return s, nil
}

func (s *sqliteRaw) contactsPage(ctx context.Context, ws, account string, after *pageKey) (int, *pageKey, error) {
	var rows *sql.Rows
	var err error
	if after == nil {
		rows, err = s.first.QueryContext(ctx, ws, account, pageLimit+1)
	} else {
		rows, err = s.next.QueryContext(ctx, ws, account, after.createdAt, after.id, pageLimit+1)
	}
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	page := make([]crm.Contact, 0, pageLimit+1)
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return 0, nil, err
		}
		page = append(page, c)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, err
	}
	n, next := pageOf(page)
	return n, next, nil
}

func (s *sqliteRaw) move(ctx context.Context, ws, prospect, to, actor string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	p, err := scanProspect(tx.StmtContext(ctx, s.prospect).QueryRowContext(ctx, ws, prospect))
	if err != nil {
		return fmt.Errorf("read prospect: %w", err)
	}
	st, err := scanStage(tx.StmtContext(ctx, s.stage).QueryRowContext(ctx, ws, to))
	if err != nil {
		return fmt.Errorf("read stage: %w", err)
	}
	sc, err := applyMove(&p, st, actor)
	if err != nil {
		return err
	}
	res, err := tx.StmtContext(ctx, s.upd).ExecContext(ctx, p.StageID, p.Status, p.StageEnteredAt, p.ClosedAt, p.LostReason, p.UpdatedAt,
		p.Milestones.EnteredStages, p.Milestones.OpportunityAt, p.Milestones.WonAt, ws, prospect)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errNoRow
	}
	if _, err := tx.StmtContext(ctx, s.ins).ExecContext(ctx, sc.WorkspaceID, sc.ID, sc.ProspectID, sc.FromStageID, sc.ToStageID, sc.ChangedAt, sc.ChangedByKind, sc.ChangedByID); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *sqliteRaw) selectOne(ctx context.Context) error {
	var n int
	return s.r.QueryRowContext(ctx, "SELECT 1").Scan(&n)
}

func (s *sqliteRaw) close() {
	for _, st := range []*sql.Stmt{s.first, s.next, s.prospect, s.stage, s.upd, s.ins} {
		if st != nil {
			_ = st.Close()
		}
	}
	_ = s.w.Close()
	_ = s.r.Close()
}
