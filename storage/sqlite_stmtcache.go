package storage

import (
	"container/list"
	"context"
	"database/sql/driver"
	"fmt"
	"reflect"

	"modernc.org/sqlite"
)

// sqliteStmtCacheSize is how many compiled statements each SQLite connection
// keeps at most, least recently used first out.
const sqliteStmtCacheSize = 128

// sqliteStmtCacheText bounds the statement texts a connection keeps
// compiled, in bytes. A compiled program takes about 30 times its text
// (900 KB for the processor's 500-row VALUES list of 31 KB), so this keeps a
// connection's programs to about 30 MB.
const sqliteStmtCacheText = 1 << 20

// sqliteStmtCacheMaxText is the longest statement text a connection keeps
// compiled; a longer one is compiled for each preparation.
const sqliteStmtCacheMaxText = 64 << 10

// sqliteConnector opens SQLite connections that keep their prepared
// statements compiled across transactions, as pgx does on PostgreSQL.
//
// database/sql cannot reuse a statement prepared in a transaction: Tx.Stmt
// prepares it again on the connection, and the transaction's end closes it.
// GORM prepares every statement of a transaction that way, so the processor
// compiled each of its statements again in every batch (prepareV2 was 8% of
// a SQLite ingest run's CPU, all of it on the one writer connection that
// every write waits for). With this connector, preparing a text the
// connection has compiled before hands out that compiled statement, and
// closing it keeps it compiled.
type sqliteConnector struct {
	driver.Connector
}

func newSQLiteConnector(dsn string) (driver.Connector, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sqliteConnector{c}, nil
}

// sqliteDriverConn is what every connection modernc opens implements; a
// wrapper must pass each on (sqlite.NewConnector's documentation).
type sqliteDriverConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

func (c sqliteConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(sqliteDriverConn)
	if !ok {
		_ = conn.Close()
		return nil, fmt.Errorf("storage: the sqlite driver's connection %T lacks an interface the statement cache passes on", conn)
	}
	return &cachingConn{sqliteDriverConn: inner, stmts: map[string]*cachedStmt{}, size: sqliteStmtCacheSize, textBudget: sqliteStmtCacheText}, nil
}

// cachingConn is a SQLite connection with its compiled statements. Like any
// driver.Conn it is used by one goroutine at a time: database/sql holds the
// connection's lock around every call into it and into its statements and
// rows, so the cache needs no lock of its own.
type cachingConn struct {
	sqliteDriverConn
	stmts map[string]*cachedStmt
	lru   list.List // of *cachedStmt, most recently used first
	// size and textBudget bound the statements kept and their texts' bytes.
	size, textBudget int
	text             int // bytes of the texts kept
	// compiled counts the statements this connection has compiled.
	compiled int
}

// cachedStmt is one compiled statement of a connection. Executing it runs
// it to the end and resets it; a query's rows hold it until they are closed,
// and meanwhile a use of the same text compiles another.
type cachedStmt struct {
	query   string
	stmt    driver.Stmt
	elem    *list.Element
	busy    bool // rows from it are open
	evicted bool // closed and out of the cache
}

// Unwrap returns the driver's own connection (sqlite.Limit looks for it).
func (c *cachingConn) Unwrap() driver.Conn { return c.sqliteDriverConn }

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext returns a handle on the text's compiled statement,
// compiling it now if the connection does not hold it.
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if len(query) > sqliteStmtCacheMaxText {
		return c.compile(ctx, query)
	}
	e, err := c.entry(ctx, query)
	if err != nil {
		return nil, err
	}
	return &stmtHandle{c: c, e: e, inputs: e.stmt.NumInput()}, nil
}

func (c *cachingConn) compile(ctx context.Context, query string) (driver.Stmt, error) {
	c.compiled++
	return c.sqliteDriverConn.PrepareContext(ctx, query)
}

// entry finds the text's compiled statement or compiles and keeps it,
// closing the least recently used idle statements beyond the cache's bounds.
func (c *cachingConn) entry(ctx context.Context, query string) (*cachedStmt, error) {
	if e, ok := c.stmts[query]; ok {
		c.lru.MoveToFront(e.elem)
		return e, nil
	}
	st, err := c.compile(ctx, query)
	if err != nil {
		return nil, err
	}
	e := &cachedStmt{query: query, stmt: st}
	e.elem = c.lru.PushFront(e)
	c.stmts[query] = e
	c.text += len(query)
	// The new statement stays, even past the bounds while every other is busy.
	for el := c.lru.Back(); el != e.elem && (len(c.stmts) > c.size || c.text > c.textBudget); {
		old := el.Value.(*cachedStmt)
		el = el.Prev()
		if !old.busy {
			c.evict(old)
		}
	}
	return e, nil
}

func (c *cachingConn) evict(e *cachedStmt) {
	c.lru.Remove(e.elem)
	delete(c.stmts, e.query)
	c.text -= len(e.query)
	e.evicted = true
	_ = e.stmt.Close()
}

// Close closes every compiled statement, then the connection.
func (c *cachingConn) Close() error {
	for _, e := range c.stmts {
		c.evict(e)
	}
	return c.sqliteDriverConn.Close()
}

// stmtHandle is what database/sql holds for a prepared statement: the
// connection's compiled statement for the text, used when it is free.
type stmtHandle struct {
	c      *cachingConn
	e      *cachedStmt // the text's, kept even once evicted
	inputs int
}

// Close leaves the statement compiled in the connection's cache.
func (h *stmtHandle) Close() error { return nil }

func (h *stmtHandle) NumInput() int { return h.inputs }

// acquire returns the statement to run: the cached one unless rows from it
// are open (or it was evicted and another query holds the text's new one),
// else one compiled for this use alone, which the caller closes.
func (h *stmtHandle) acquire(ctx context.Context) (st driver.Stmt, e *cachedStmt, err error) {
	if h.e.evicted {
		if h.e, err = h.c.entry(ctx, h.e.query); err != nil {
			return nil, nil, err
		}
	}
	if h.e.busy {
		st, err = h.c.compile(ctx, h.e.query)
		return st, nil, err
	}
	h.c.lru.MoveToFront(h.e.elem)
	return h.e.stmt, h.e, nil
}

func (h *stmtHandle) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	st, e, err := h.acquire(ctx)
	if err != nil {
		return nil, err
	}
	res, err := st.(driver.StmtExecContext).ExecContext(ctx, args)
	if e == nil {
		_ = st.Close()
	}
	return res, err
}

func (h *stmtHandle) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	st, e, err := h.acquire(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		if e == nil {
			_ = st.Close()
		}
		return nil, err
	}
	if e == nil {
		return &cachedRows{Rows: rows, own: st}, nil
	}
	e.busy = true
	return &cachedRows{Rows: rows, e: e}, nil
}

func (h *stmtHandle) Exec(args []driver.Value) (driver.Result, error) {
	return h.ExecContext(context.Background(), namedValues(args))
}

func (h *stmtHandle) Query(args []driver.Value) (driver.Rows, error) {
	return h.QueryContext(context.Background(), namedValues(args))
}

func namedValues(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// cachedRows frees its statement when closed: the cached one (e) for the
// next use, or the one compiled for this query alone (own).
type cachedRows struct {
	driver.Rows
	e   *cachedStmt
	own driver.Stmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	if r.e != nil {
		r.e.busy = false
		r.e = nil
	}
	if r.own != nil {
		if cerr := r.own.Close(); err == nil {
			err = cerr
		}
		r.own = nil
	}
	return err
}

// The column type interfaces modernc's rows implement, passed on.

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	return r.Rows.(driver.RowsColumnTypeDatabaseTypeName).ColumnTypeDatabaseTypeName(i)
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	return r.Rows.(driver.RowsColumnTypeLength).ColumnTypeLength(i)
}

func (r *cachedRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	return r.Rows.(driver.RowsColumnTypeNullable).ColumnTypeNullable(i)
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	return r.Rows.(driver.RowsColumnTypePrecisionScale).ColumnTypePrecisionScale(i)
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	return r.Rows.(driver.RowsColumnTypeScanType).ColumnTypeScanType(i)
}
