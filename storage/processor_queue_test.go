package storage_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// An event the processor cannot apply fails alone: the others in its batch
// go through, and after MaxProcessAttempts it is set aside so the queue moves on.
func TestProcessorSetsAsideAnEventThatKeepsFailing(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db, ws, b := newIngest(t, d)
		ctx := context.Background()
		at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		var rows []storage.EventRow
		for i := range 3 {
			rows = append(rows, formSubmitted(ws, i, fmt.Sprint("a", i), at, at))
		}
		// Valid JSON, but not a message: the first in time order, so in every
		// batch. Its time has a fraction of a second ending in a zero, which
		// the retry must find the queue's row by.
		rows = append(rows, storage.EventRow{WorkspaceID: ws, ID: domain.NewID(), MessageID: "bad", Type: "track",
			AnonymousID: "x", Timestamp: at.Add(-time.Minute + 120_070*time.Microsecond), ReceivedAt: at, Payload: []byte(`[1]`)})
		if _, err := b.Write(ctx, rows); err != nil {
			t.Fatal(err)
		}
		if n, err := db.ProcessBatch(ctx, 10); n != 3 || err == nil {
			t.Fatalf("first batch processed %d, err %v; want the 3 good events and the bad one's error", n, err)
		}
		for attempt := 2; attempt <= storage.MaxProcessAttempts; attempt++ {
			if n, err := db.ProcessBatch(ctx, 10); n != 0 || err == nil {
				t.Fatalf("attempt %d: %d, %v; want the bad event to fail again", attempt, n, err)
			}
		}
		if err := db.ProcessAll(ctx); err != nil {
			t.Fatalf("after %d attempts the bad event is still claimed: %v", storage.MaxProcessAttempts, err)
		}
		if st, err := db.QueueStats(ctx); err != nil || st.Waiting != 0 || st.SetAside != 1 {
			t.Fatalf("queue %+v, %v; want the bad event set aside and nothing waiting", st, err)
		}
		tps, err := db.Marketing().Touchpoints.List(ctx, ws, marketing.TouchpointFilter{Type: tracking.TouchFormSubmit})
		if err != nil || len(tps.Items) != 3 {
			t.Fatalf("%d form_submit touchpoints, %v; want 3, each once", len(tps.Items), err)
		}
	})
}

// A claim takes its rows off the queue and no others: not the events after
// them, and not an event set aside among them.
func TestClaimTakesOnlyItsRows(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db, ws, b := newIngest(t, d)
		ctx := context.Background()
		at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		bad := storage.EventRow{WorkspaceID: ws, ID: domain.NewID(), MessageID: "bad", Type: "track",
			AnonymousID: "x", Timestamp: at.Add(4500 * time.Millisecond), ReceivedAt: at, Payload: []byte(`[1]`)}
		if _, err := b.Write(ctx, []storage.EventRow{bad}); err != nil {
			t.Fatal(err)
		}
		for range storage.MaxProcessAttempts {
			if _, err := db.ProcessBatch(ctx, 10); err == nil {
				t.Fatal("the bad event was processed")
			}
		}
		var rows []storage.EventRow
		for i := range 10 { // five before the set-aside event, five after
			rows = append(rows, formSubmitted(ws, i, fmt.Sprint("a", i), at.Add(time.Duration(i)*time.Second), at))
		}
		if _, err := b.Write(ctx, rows); err != nil {
			t.Fatal(err)
		}
		for _, want := range []struct{ processed, waiting int }{{4, 6}, {4, 2}, {2, 0}} {
			if n, err := db.ProcessBatch(ctx, 4); err != nil || n != want.processed {
				t.Fatalf("processed %d, %v; want %d", n, err, want.processed)
			}
			if st, err := db.QueueStats(ctx); err != nil || st.Waiting != int64(want.waiting) || st.SetAside != 1 {
				t.Fatalf("queue %+v, %v; want %d waiting and the bad event set aside", st, err, want.waiting)
			}
		}
		tps, err := db.Marketing().Touchpoints.List(ctx, ws, marketing.TouchpointFilter{Type: tracking.TouchFormSubmit})
		if err != nil || len(tps.Items) != 10 {
			t.Fatalf("%d form_submit touchpoints, %v; want 10, each once", len(tps.Items), err)
		}
	})
}

// An idle worker only reads: with the queue empty, polling takes no write
// lock, so another writer holding SQLite's lock does not make it fail.
func TestIdlePollTakesNoWriteLock(t *testing.T) {
	db := storagetest.Open(t, storage.SQLite)
	ctx := context.Background()
	// Hold the write lock in a transaction that stays open while we poll.
	release := make(chan struct{})
	held := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Tx(ctx, func(ctx context.Context) error {
			if _, err := db.SweepDedupe(ctx, time.Now()); err != nil { // a write: takes the lock
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	pollCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	n, err := db.ProcessBatch(pollCtx, 10)
	close(release)
	if err != nil || n != 0 {
		t.Fatalf("idle poll beside a writer: %d, %v", n, err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// The claim hands events over in the order they happened, (timestamp, id),
// however they were queued: here each event is minted, and so keyed, after
// the one before it while happening a second earlier, and every fourth
// shares its time with the next, so ties fall to the id. On PostgreSQL the
// claim deletes its rows with RETURNING, which keeps no order.
func TestClaimHandsOverEventsInTimeOrder(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db, ws, b := newIngest(t, d)
		ctx := context.Background()
		start := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		var rows []storage.EventRow
		for i := range 40 {
			at := start.Add(-time.Duration(i-i%4/3) * time.Second) // i = 3 keeps the time of i = 2, 7 of 6, …
			// Half the times are written in another zone: the same instants, which
			// sort apart from the others as text.
			if i%2 == 1 {
				at = at.In(time.FixedZone("PST", -8*3600))
			}
			rows = append(rows, formSubmitted(ws, i, fmt.Sprint("a", i%3), at, start))
		}
		for i := 0; i < len(rows); i += 10 { // several groups, as concurrent requests
			if _, err := b.Write(ctx, rows[i:i+10]); err != nil {
				t.Fatal(err)
			}
		}
		want := slices.Clone(rows)
		slices.SortFunc(want, func(a, b storage.EventRow) int {
			return cmp.Or(a.Timestamp.Compare(b.Timestamp), cmp.Compare(a.ID, b.ID))
		})
		for _, limit := range []int{40, 15} {
			evs, err := db.Claim(ctx, limit)
			if err != nil || len(evs) != limit {
				t.Fatalf("claimed %d, %v; want %d", len(evs), err, limit)
			}
			for i, ev := range evs {
				if ev.ID != want[i].ID {
					t.Fatalf("limit %d: event %d of the claim is %s at %s, want %s at %s",
						limit, i, ev.ID, ev.Message.Timestamp, want[i].ID, want[i].Timestamp)
				}
			}
		}
	})
}

// formSubmitted is the i-th event of a test's queue: a "Form Submitted"
// track call of visitor anon that happened at at.
func formSubmitted(ws string, i int, anon string, at, received time.Time) storage.EventRow {
	payload := fmt.Sprintf(`{"type":"track","messageId":"m%d","anonymousId":%q,"event":"Form Submitted","timestamp":%q,"receivedAt":%q}`,
		i, anon, at.Format(time.RFC3339), received.Format(time.RFC3339))
	return storage.EventRow{WorkspaceID: ws, ID: domain.NewID(), MessageID: fmt.Sprint("m", i), Type: "track",
		AnonymousID: anon, Event: "Form Submitted", Timestamp: at, ReceivedAt: received, Payload: []byte(payload)}
}

// An idle processor takes the events ingest commits on its replica at once,
// not at its next poll (an hour here): only events other replicas ingested,
// and retries, wait for the poll.
func TestIdleProcessorStartsOnCommittedEvents(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db, ws, b := newIngest(t, d)
		ctx, cancel := context.WithCancel(context.Background())
		stopped := make(chan struct{})
		go func() {
			defer close(stopped)
			db.RunProcessor(ctx, 500, time.Hour, func(err error) { t.Error(err) })
		}()
		defer func() { cancel(); <-stopped }()
		processed := func(round int) {
			t.Helper()
			deadline := time.Now().Add(30 * time.Second)
			for {
				s, err := db.QueueStats(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if s.Waiting == 0 {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("round %d: %d events still queued after 30 s", round, s.Waiting)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
		// The first round may be taken by the processor's first look; the
		// second comes when it has nothing to do until the poll.
		for round := range 2 {
			if n, err := b.Write(ctx, eventRows(ws, 3, fmt.Sprint("round", round))); err != nil || n != 3 {
				t.Fatalf("round %d: stored %d, %v", round, n, err)
			}
			processed(round)
		}
	})
}

// A processor on PostgreSQL VACUUMs the queue once it has taken
// queueVacuumRows events off it: every event leaves a dead row there, and
// until a VACUUM each claim's scan and each look for work step over all of
// them (docs/benchmarks.md, fourteenth session). Autovacuum, where it is on,
// waits a minute between rounds: 600,000 dead rows at 10,000 events/s.
func TestProcessorVacuumsTheQueue(t *testing.T) {
	db, ws, b := newIngest(t, storage.Postgres)
	storage.SetQueueVacuumRows(db, 10)
	ctx, cancel := context.WithCancel(context.Background())
	vacuums := func() int64 {
		t.Helper()
		var n int64
		if err := db.Gorm(ctx).Raw(`SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'event_queue'`).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := vacuums()
	if n, err := b.Write(ctx, eventRows(ws, 30, "vacuum")); err != nil || n != 30 {
		t.Fatalf("stored %d, %v", n, err)
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		// One batch takes all 30, and the VACUUM follows; then nothing
		// comes until the poll, an hour away.
		db.RunProcessor(ctx, 30, time.Hour, func(err error) { t.Error(err) })
	}()
	defer func() { cancel(); <-stopped }()
	deadline := time.Now().Add(30 * time.Second)
	for vacuums() == before {
		if time.Now().After(deadline) {
			s, err := db.QueueStats(ctx)
			t.Fatalf("no VACUUM of event_queue 30 s after 30 events were queued (%d still waiting, %v)", s.Waiting, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	var dead int64
	if err := db.Gorm(ctx).Raw(`SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'event_queue'`).Scan(&dead).Error; err != nil {
		t.Fatal(err)
	}
	if dead != 0 {
		t.Errorf("%d dead rows in event_queue after its VACUUM", dead)
	}
	// The VACUUM left the emptied queue its page: cutting empty pages off a
	// table's end takes a lock that stops every insert into it, ingest's.
	var size int64
	if err := db.Gorm(ctx).Raw(`SELECT pg_relation_size('event_queue')`).Scan(&size).Error; err != nil {
		t.Fatal(err)
	}
	if size == 0 {
		t.Errorf("the VACUUM truncated event_queue, under a lock that stops ingest's inserts")
	}
}
