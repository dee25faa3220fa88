package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// BenchmarkProcessBatch measures the event processor alone: batches of 500
// queued events like bench-ingest's (three page views to one track call,
// 300 visitors, a third of the page views tagged with one of three
// campaigns), claimed, applied and dequeued. In the -new-visitors runs each
// event comes from a visitor not seen before, as most of a site's traffic
// does: each opens a visitor, a session and a touchpoint. Events are queued
// outside the timer; b.N counts events.
func BenchmarkProcessBatch(b *testing.B) {
	for _, d := range []storage.Dialect{storage.Postgres, storage.SQLite} {
		b.Run(string(d), func(b *testing.B) { benchmarkProcessBatch(b, d, 300) })
		b.Run(string(d)+"-new-visitors", func(b *testing.B) { benchmarkProcessBatch(b, d, 0) })
	}
}

// benchmarkProcessBatch draws each event's visitor from a pool of visitors,
// or gives it a new one when visitors is 0.
func benchmarkProcessBatch(b *testing.B, d storage.Dialect, visitors int) {
	ctx := context.Background()
	db := storagetest.Open(b, d)
	ws := newWorkspace(b, db).WorkspaceID
	batcher := db.NewBatcher(0)
	defer batcher.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	at := time.Now().UTC().Add(-time.Hour)
	seq := 0
	queue := func(n int) {
		rows := make([]storage.EventRow, 0, n)
		for range n {
			seq++
			at = at.Add(time.Millisecond)
			anon := fmt.Sprintf("new-%08d", seq)
			if visitors > 0 {
				anon = fmt.Sprintf("anon-%04d", rng.IntN(visitors))
			}
			typ, event, camp := "page", "", ""
			if rng.IntN(4) == 0 {
				typ, event = "track", "Signup Clicked"
			} else if rng.IntN(3) == 0 {
				camp = fmt.Sprintf(`,"campaign":{"source":"google","medium":"cpc","name":"c%d"}`, rng.IntN(3))
			}
			payload := fmt.Sprintf(`{"type":%q,"event":%q,"messageId":"m%d","anonymousId":%q,"timestamp":%q,"receivedAt":%q,`+
				`"context":{"page":{"url":"https://acme.example/pricing","title":"Pricing"},"userAgent":"Mozilla/5.0 (Macintosh)"%s}}`,
				typ, event, seq, anon, at.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano), camp)
			rows = append(rows, storage.EventRow{WorkspaceID: ws, ID: domain.NewID(), MessageID: fmt.Sprint("m", seq), Type: typ,
				AnonymousID: anon, Event: event, Timestamp: at, ReceivedAt: at, Payload: []byte(payload)})
		}
		if _, err := batcher.Write(ctx, rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		b.StopTimer()
		queue(min(500, b.N-done))
		b.StartTimer()
		n, err := db.ProcessBatch(ctx, 500)
		if err != nil || n == 0 {
			b.Fatalf("processed %d: %v", n, err)
		}
		done += n
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
