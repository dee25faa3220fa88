package storage

import (
	"context"

	"gorm.io/gorm"
)

type txKey struct{}

// Tx runs fn in one transaction that stores find in ctx. fn's error rolls back;
// nested calls join the outer transaction.
func (db *DB) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	var hooks []func()
	err := db.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
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
