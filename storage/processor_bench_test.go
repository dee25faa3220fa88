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

// BenchmarkIngestWrite measures ingest's database side alone: groups of 500
// of the same events written through the Batcher (claiming their
// messageIds, storing them and queueing them), with no HTTP and no
// processor. The -group20 runs write groups of 20, as a quiet server's
// commits are, on PostgreSQL both ways a group can go (in one round trip,
// or with COPY). b.N counts events.
func BenchmarkIngestWrite(b *testing.B) {
	for _, d := range []storage.Dialect{storage.Postgres, storage.SQLite} {
		b.Run(string(d), func(b *testing.B) { benchmarkIngestWrite(b, d, 500, -1) })
	}
	b.Run("postgres-group20-one-trip", func(b *testing.B) { benchmarkIngestWrite(b, storage.Postgres, 20, 20) })
	b.Run("postgres-group20-copy", func(b *testing.B) { benchmarkIngestWrite(b, storage.Postgres, 20, 0) })
}

// benchmarkIngestWrite writes benchEvents in groups of group, with
// storage.SetOneTripRows(oneTrip) unless oneTrip is negative.
func benchmarkIngestWrite(b *testing.B, d storage.Dialect, group, oneTrip int) {
	ctx := context.Background()
	db := storagetest.Open(b, d)
	if oneTrip >= 0 {
		storage.SetOneTripRows(db, oneTrip)
	}
	batcher := db.NewBatcher(0)
	defer batcher.Close()
	evs := newBenchEvents(newWorkspace(b, db).WorkspaceID, 300)
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		b.StopTimer()
		rows := evs.next(min(group, b.N-done))
		b.StartTimer()
		if _, err := batcher.Write(ctx, rows); err != nil {
			b.Fatal(err)
		}
		done += len(rows)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// benchEvents makes the benchmarks' events: each one's visitor drawn from
// a pool of visitors, or a new one when visitors is 0.
type benchEvents struct {
	ws       string
	visitors int
	rng      *rand.Rand
	at       time.Time
	seq      int
}

func newBenchEvents(ws string, visitors int) *benchEvents {
	return &benchEvents{ws: ws, visitors: visitors, rng: rand.New(rand.NewPCG(1, 2)), at: time.Now().UTC().Add(-time.Hour)}
}

func (e *benchEvents) next(n int) []storage.EventRow {
	rows := make([]storage.EventRow, 0, n)
	for range n {
		e.seq++
		e.at = e.at.Add(time.Millisecond)
		anon := fmt.Sprintf("new-%08d", e.seq)
		if e.visitors > 0 {
			anon = fmt.Sprintf("anon-%04d", e.rng.IntN(e.visitors))
		}
		typ, event, camp := "page", "", ""
		if e.rng.IntN(4) == 0 {
			typ, event = "track", "Signup Clicked"
		} else if e.rng.IntN(3) == 0 {
			camp = fmt.Sprintf(`,"campaign":{"source":"google","medium":"cpc","name":"c%d"}`, e.rng.IntN(3))
		}
		payload := fmt.Sprintf(`{"type":%q,"event":%q,"messageId":"m%d","anonymousId":%q,"timestamp":%q,"receivedAt":%q,`+
			`"context":{"page":{"url":"https://acme.example/pricing","title":"Pricing"},"userAgent":"Mozilla/5.0 (Macintosh)"%s}}`,
			typ, event, e.seq, anon, e.at.Format(time.RFC3339Nano), e.at.Format(time.RFC3339Nano), camp)
		rows = append(rows, storage.EventRow{WorkspaceID: e.ws, ID: domain.NewID(), MessageID: fmt.Sprint("m", e.seq), Type: typ,
			AnonymousID: anon, Event: event, Timestamp: e.at, ReceivedAt: e.at, Payload: []byte(payload)})
	}
	return rows
}

// benchmarkProcessBatch queues and processes benchEvents in batches of 500.
func benchmarkProcessBatch(b *testing.B, d storage.Dialect, visitors int) {
	ctx := context.Background()
	db := storagetest.Open(b, d)
	batcher := db.NewBatcher(0)
	defer batcher.Close()
	evs := newBenchEvents(newWorkspace(b, db).WorkspaceID, visitors)
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		b.StopTimer()
		if _, err := batcher.Write(ctx, evs.next(min(500, b.N-done))); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n, err := db.ProcessBatch(ctx, 500)
		if err != nil || n == 0 {
			b.Fatalf("processed %d: %v", n, err)
		}
		done += n
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
