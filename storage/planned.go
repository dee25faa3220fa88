package storage

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
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
	_, err := tx.Statement.ConnPool.ExecContext(ctx, numbered(query), append([]any{pgx.QueryExecModeExec}, args...)...)
	return err
}

// numbered turns query's ? placeholders into PostgreSQL's $1, $2, … (the
// queries given to it hold no ? in literals).
func numbered(query string) string {
	var b strings.Builder
	n := 0
	for {
		i := strings.IndexByte(query, '?')
		if i < 0 {
			b.WriteString(query)
			return b.String()
		}
		n++
		b.WriteString(query[:i])
		b.WriteString("$" + strconv.Itoa(n))
		query = query[i+1:]
	}
}
