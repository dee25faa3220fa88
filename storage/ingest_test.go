package storage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

func eventRows(ws string, n int, msgPrefix string) []storage.EventRow {
	now := domain.Now()
	rows := make([]storage.EventRow, n)
	for i := range rows {
		rows[i] = storage.EventRow{
			WorkspaceID: ws, ID: domain.NewID(), MessageID: fmt.Sprintf("%s-%d", msgPrefix, i), Type: "track",
			AnonymousID: "anon-1", Event: "Signed Up", Timestamp: now, ReceivedAt: now, Payload: []byte(`{"event":"Signed Up"}`),
		}
	}
	return rows
}

func countEvents(t *testing.T, db *storage.DB, ws string) int {
	t.Helper()
	n, err := db.CountEvents(context.Background(), ws)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A messageId is stored once, whether repeated in one request or retried later.
func TestIngestDedupesMessageIDs(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		p := newWorkspace(t, db)
		b := db.NewBatcher(0)
		defer b.Close()
		ctx := context.Background()
		rows := eventRows(p.WorkspaceID, 10, "m")
		rows = append(rows, rows[3], rows[7]) // repeated inside the request
		n, err := b.Write(ctx, rows)
		if err != nil || n != 10 {
			t.Fatalf("first write stored %d, %v; want 10", n, err)
		}
		n, err = b.Write(ctx, eventRows(p.WorkspaceID, 15, "m")) // a retry with 5 new
		if err != nil || n != 5 {
			t.Fatalf("retry stored %d, %v; want 5", n, err)
		}
		if got := countEvents(t, db, p.WorkspaceID); got != 15 {
			t.Fatalf("%d events stored, want 15", got)
		}
		// The same messageId in another workspace is another event.
		other := newWorkspace(t, db)
		if n, err := b.Write(ctx, eventRows(other.WorkspaceID, 3, "m")); err != nil || n != 3 {
			t.Fatalf("other workspace stored %d, %v", n, err)
		}
		// After the window a messageId may be stored again.
		if err := db.SweepDedupe(ctx, time.Now().Add(storage.DedupeWindow+time.Minute)); err != nil {
			t.Fatal(err)
		}
		if n, err := b.Write(ctx, eventRows(p.WorkspaceID, 1, "m")); err != nil || n != 1 {
			t.Fatalf("after the window stored %d, %v; want 1", n, err)
		}
	})
}

// Concurrent writers are grouped into shared commits and every acknowledged
// event is stored exactly once.
func TestIngestGroupCommitUnderConcurrency(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		p := newWorkspace(t, db)
		b := db.NewBatcher(0)
		ctx := context.Background()
		const writers, per = 16, 40
		var wg sync.WaitGroup
		var mu sync.Mutex
		acked := 0
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				n, err := b.Write(ctx, eventRows(p.WorkspaceID, per, fmt.Sprintf("w%d", w)))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked += n
				mu.Unlock()
			}(w)
		}
		wg.Wait()
		b.Close()
		if acked != writers*per {
			t.Fatalf("acknowledged %d, want %d", acked, writers*per)
		}
		if got := countEvents(t, db, p.WorkspaceID); got != acked {
			t.Fatalf("stored %d, acknowledged %d", got, acked)
		}
		if _, err := b.Write(ctx, eventRows(p.WorkspaceID, 1, "late")); !errors.Is(err, storage.ErrBatcherClosed) {
			t.Fatalf("write after Close: %v", err)
		}
	})
}
