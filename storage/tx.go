package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

type txKey struct{}

// Tx runs fn in one transaction that stores find in ctx. fn's error rolls back;
// nested calls join the outer transaction.
func (db *DB) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	return db.txOn(ctx, db.w.WithContext(ctx), fn)
}

// txOn is Tx on g's connection pool.
func (db *DB) txOn(ctx context.Context, g *gorm.DB, fn func(ctx context.Context) error) error {
	var hooks []func()
	err := g.Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(context.WithValue(ctx, txKey{}, tx), commitHooksKey{}, &hooks))
	})
	if err == nil {
		for _, h := range hooks {
			h()
		}
	}
	return err
}

// writer is the connection for writes: the transaction in ctx, else the writer pool.
func (db *DB) writer(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	return db.w.WithContext(ctx)
}

// reader is the connection for reads: the transaction in ctx (to see its own
// writes), else the reader pool.
func (db *DB) reader(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	return db.r.WithContext(ctx)
}

// inTx reports whether ctx carries a transaction.
func inTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*gorm.DB)
	return ok
}

type copyConnKey struct{}

// copyConn is the connection copyTx holds, and whether a COPY on it failed.
type copyConn struct {
	conn   *sql.Conn
	failed bool
}

// copyTx is Tx on PostgreSQL with one connection held for the whole
// transaction, so that copyRows can COPY in it: database/sql does not hand
// out a transaction's connection, but a connection's (Conn.Raw) also while a
// transaction runs on it. Elsewhere, or nested, it is Tx.
func (db *DB) copyTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if db.dialect != Postgres || inTx(ctx) {
		return db.Tx(ctx, fn)
	}
	conn, err := db.sqlDBs[0].Conn(ctx)
	if err != nil {
		return translate(err, "database")
	}
	defer conn.Close()
	g := db.w.WithContext(ctx) // a session of its own, whose pool is the one connection
	g.Statement.ConnPool = conn
	cc := &copyConn{conn: conn}
	err = db.txOn(ctx, g, func(ctx context.Context) error {
		return fn(context.WithValue(ctx, copyConnKey{}, cc))
	})
	if cc.failed { // after the rollback, in which DEALLOCATE could not run
		_ = conn.Raw(func(dc any) error {
			forgetColumnTypes(ctx, dc.(*stdlib.Conn).Conn())
			return nil
		})
	}
	return err
}

// forgetColumnTypes has pg forget the statements and column descriptions it
// cached, after a COPY on it failed, outside the failed transaction. COPY
// encodes each column by the type a description cached on the connection
// says it has: if the table changed since (another replica migrated), every
// COPY on the connection would fail the same way.
func forgetColumnTypes(ctx context.Context, pg *pgx.Conn) {
	rctx, cancel := cleanupContext(ctx)
	defer cancel()
	_ = pg.DeallocateAll(rctx)
}

// cleanupContext is ctx for putting a connection right after a failure:
// it goes on when ctx is cancelled, for at most 5 seconds.
func cleanupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
}

// errNoCopy: ctx holds no connection to COPY on.
var errNoCopy = errors.New("storage: COPY outside copyTx")

// copyRows COPYs n rows into table's cols, in the transaction copyTx began
// for ctx. row returns row i's values; the slice may be reused.
func copyRows(ctx context.Context, table string, cols []string, n int, row func(i int) []any) error {
	cc, ok := ctx.Value(copyConnKey{}).(*copyConn)
	if !ok {
		return errNoCopy
	}
	return cc.conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			return row(i), nil
		}))
		if err != nil {
			cc.failed = true
		}
		return err
	})
}
