package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// copyDemo writes tables in one transaction with COPY, the fastest way into
// PostgreSQL. Demo data can be generated again, so the transaction does not
// wait for its WAL to reach disk (synchronous_commit off risks only the last
// commits on a crash, never consistency), and a chunk may take longer than
// the statement timeout meant for requests.
func (db *DB) copyDemo(ctx context.Context, tables []demoTable) error {
	conn, err := db.sqlDBs[0].Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pg := dc.(*stdlib.Conn).Conn()
		return pgx.BeginFunc(ctx, pg, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SET LOCAL synchronous_commit = off; SET LOCAL statement_timeout = '10min'"); err != nil {
				return err
			}
			for _, t := range tables {
				if t.n == 0 {
					continue
				}
				if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, pgx.CopyFromSlice(t.n, func(i int) ([]any, error) {
					return t.values(i), nil
				})); err != nil {
					return fmt.Errorf("copy %s: %w", t.name, err)
				}
			}
			return nil
		})
	})
}
