package storage

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// A group gathers what is queued up to its row and payload bounds, and
// leaves the rest queued for the next group.
func TestGatherStopsAtRowsAndBytes(t *testing.T) {
	req := func(rows, payload int) *ingestReq {
		r := &ingestReq{rows: make([]EventRow, rows)}
		for i := range r.rows {
			r.rows[i].Payload = bytes.Repeat([]byte("x"), payload)
		}
		return r
	}
	cases := []struct {
		name    string
		maxRows int
		queued  []*ingestReq
		want    int // requests in the group, counting the first
	}{
		{"all queued", 100, []*ingestReq{req(10, 10), req(10, 10), req(10, 10)}, 4},
		{"rows", 25, []*ingestReq{req(10, 10), req(10, 10), req(10, 10)}, 3},
		{"bytes", 1 << 20, []*ingestReq{req(100, 32<<10), req(100, 32<<10), req(100, 32<<10), req(1, 1)}, 4}, // 9.6 MB ≥ 8 MB: the last waits
	}
	for _, c := range cases {
		b := &Batcher{maxRows: c.maxRows, reqs: make(chan *ingestReq, len(c.queued))}
		for _, r := range c.queued {
			b.reqs <- r
		}
		group := b.gather(req(10, 10))
		if len(group) != c.want {
			t.Errorf("%s: the group took %d requests, want %d", c.name, len(group), c.want)
		}
		if left := len(b.reqs); left != len(c.queued)-(c.want-1) {
			t.Errorf("%s: %d requests left queued, want %d", c.name, left, len(c.queued)-(c.want-1))
		}
	}
}

// On SQLite ingest prepares its statements once, on the pool, and each
// group's transaction uses them there: a statement prepared in a
// transaction is compiled again in each one.
func TestSQLiteIngestPreparesOnce(t *testing.T) {
	ctx := context.Background()
	db := newTestSQLite(t)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var ws string
	if err := db.w.Raw(`INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'w', ?, ?) RETURNING id`, domain.NewID(), time.Now(), time.Now()).Scan(&ws).Error; err != nil {
		t.Fatal(err)
	}
	write := func(msg string) {
		now := time.Now().UTC()
		if _, err := db.insertEvents(ctx, []EventRow{{WorkspaceID: ws, ID: domain.NewID(), MessageID: msg, Type: "track",
			AnonymousID: "a", Timestamp: now, ReceivedAt: now, Payload: []byte(`{}`)}}); err != nil {
			t.Fatal(err)
		}
	}
	write("m1")
	first := db.sqliteIngest.claim
	write("m2")
	if first == nil || db.sqliteIngest.claim != first {
		t.Fatalf("the second group prepared its statements again (%p, then %p)", first, db.sqliteIngest.claim)
	}
	if n, err := db.CountEvents(ctx, ws); err != nil || n != 2 {
		t.Fatalf("stored %d events, %v; want 2", n, err)
	}
	if err := db.sqliteIngest.close(); err != nil || db.sqliteIngest.claim != nil {
		t.Fatalf("close: %v, claim %p", err, db.sqliteIngest.claim)
	}
	write("m3") // prepared again after a close
}
