package storage

import (
	"context"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// execPlanned runs a write that finds its rows by an index of a table the
// event processor grows fast (sessions, touchpoints).
//
// On PostgreSQL it goes as an unnamed statement (pgx's QueryExecModeExec),
// planned for the table as it is at each call. As a prepared statement it
// got a generic plan after five calls, and one made while the table was
// nearly empty and never analyzed scans it: linking a newly identified
// visitor's sessions then took 13-18 ms against 0.01 ms by the index, until
// autovacuum first analyzed the table (docs/benchmarks.md). SQLite plans
// every statement as it runs anyway.
func (db *DB) execPlanned(ctx context.Context, query string, args ...any) error {
	tx := db.writer(ctx)
	if db.dialect != Postgres {
		return tx.Exec(query, args...).Error
	}
	// GORM writes the statement as it would send it ($1, $2, …), then it
	// goes out through the same connection or transaction.
	st := tx.Session(&gorm.Session{DryRun: true}).Exec(query, args...).Statement
	_, err := tx.Statement.ConnPool.ExecContext(ctx, st.SQL.String(), append([]any{pgx.QueryExecModeExec}, st.Vars...)...)
	return err
}
