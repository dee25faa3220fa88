package storage

import (
	"context"
	"sync"
	"testing"
)

// Concurrent reads on SQLite reuse the reader connections instead of closing
// and reopening them (and re-preparing their statements) after each use.
func TestSQLiteReadersStayOpenUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	db := newTestSQLite(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				var n int
				if err := db.reader(ctx).Raw("SELECT 1").Scan(&n).Error; err != nil || n != 1 {
					t.Errorf("read: %v, %d", err, n)
					return
				}
			}
		})
	}
	wg.Wait()
	for i, s := range db.sqlDBs {
		if s.Stats().MaxIdleClosed > 0 {
			t.Errorf("pool %d closed %d connections for lack of idle room; each reopen costs the pragmas and prepares again", i, s.Stats().MaxIdleClosed)
		}
	}
}
