package storage_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
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

// newIngest opens a database of dialect d with a workspace, and a batcher
// closed when the test ends.
func newIngest(t *testing.T, d storage.Dialect) (*storage.DB, string, *storage.Batcher) {
	t.Helper()
	db := storagetest.Open(t, d)
	b := db.NewBatcher(0)
	t.Cleanup(b.Close)
	return db, newWorkspace(t, db).WorkspaceID, b
}

// writePath is one way a group of events is written: SQLite's, or one of
// PostgreSQL's two (see storage.SetOneTripRows).
type writePath struct {
	name        string
	dialect     storage.Dialect
	oneTripRows int
}

var (
	sqliteWrites = writePath{"sqlite", storage.SQLite, 0}
	// Every group in one round trip, and every group COPYd.
	postgresWrites = []writePath{{"postgres-one-trip", storage.Postgres, 1 << 20}, {"postgres-copy", storage.Postgres, 0}}
)

// onWritePaths runs fn on each of paths, with a database, a workspace and
// a batcher closed when the subtest ends.
func onWritePaths(t *testing.T, paths []writePath, fn func(t *testing.T, db *storage.DB, ws string, b *storage.Batcher)) {
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			db := storagetest.Open(t, p.dialect)
			storage.SetOneTripRows(db, p.oneTripRows)
			b := db.NewBatcher(0)
			t.Cleanup(b.Close)
			fn(t, db, newWorkspace(t, db).WorkspaceID, b)
		})
	}
}

// allWritePaths are SQLite's and PostgreSQL's.
var allWritePaths = append([]writePath{sqliteWrites}, postgresWrites...)

// A messageId is stored once, whether repeated in one request or retried later.
func TestIngestDedupesMessageIDs(t *testing.T) {
	onWritePaths(t, allWritePaths, func(t *testing.T, db *storage.DB, ws string, b *storage.Batcher) {
		ctx := context.Background()
		rows := eventRows(ws, 10, "m")
		rows = append(rows, rows[3], rows[7]) // repeated inside the request
		n, err := b.Write(ctx, rows)
		if err != nil || n != 10 {
			t.Fatalf("first write stored %d, %v; want 10", n, err)
		}
		n, err = b.Write(ctx, eventRows(ws, 15, "m")) // a retry with 5 new
		if err != nil || n != 5 {
			t.Fatalf("retry stored %d, %v; want 5", n, err)
		}
		if got := countEvents(t, db, ws); got != 15 {
			t.Fatalf("%d events stored, want 15", got)
		}
		// The same messageId in another workspace is another event.
		other := newWorkspace(t, db)
		if n, err := b.Write(ctx, eventRows(other.WorkspaceID, 3, "m")); err != nil || n != 3 {
			t.Fatalf("other workspace stored %d, %v", n, err)
		}
		// After the window a messageId may be stored again.
		if _, err := db.SweepDedupe(ctx, time.Now().Add(storage.DedupeWindow+time.Minute)); err != nil {
			t.Fatal(err)
		}
		if n, err := b.Write(ctx, eventRows(ws, 1, "m")); err != nil || n != 1 {
			t.Fatalf("after the window stored %d, %v; want 1", n, err)
		}
	})
}

// The sweep forgets every messageId past the window, a chunk at a time,
// and none within it.
func TestSweepDedupeForgetsInChunks(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db, ws, b := newIngest(t, d)
		ctx := context.Background()
		defer storage.SetSweepChunk(5)()
		old := eventRows(ws, 12, "old")
		for i := range old {
			old[i].ReceivedAt = old[i].ReceivedAt.Add(-storage.DedupeWindow - time.Duration(i+1)*time.Minute)
		}
		if n, err := b.Write(ctx, append(old, eventRows(ws, 3, "recent")...)); err != nil || n != 15 {
			t.Fatalf("stored %d, %v", n, err)
		}
		if n, err := db.SweepDedupe(ctx, time.Now()); err != nil || n != 12 {
			t.Fatalf("forgot %d, %v; want the 12 past the window, in chunks of 5", n, err)
		}
		if n, err := b.Write(ctx, append(eventRows(ws, 12, "old"), eventRows(ws, 3, "recent")...)); err != nil || n != 12 {
			t.Fatalf("after the sweep stored %d, %v; want the 12 forgotten, not the 3 recent", n, err)
		}
		if n, err := db.SweepDedupe(ctx, time.Now()); err != nil || n != 0 {
			t.Fatalf("a second sweep forgot %d, %v", n, err)
		}
	})
}

// On SQLite a sweep of many messageIds gives the one writer back between
// chunks: a write waits for a chunk, not for the whole sweep, as it did
// when the sweep was one statement (a million messageIds held it for
// 4.6–4.8 s).
func TestSweepDedupeLetsIngestIn(t *testing.T) {
	db, ws, b := newIngest(t, storage.SQLite)
	ctx := context.Background()
	defer storage.SetSweepChunk(1000)()
	const expired = 200_000
	if err := db.Tx(ctx, func(ctx context.Context) error {
		return db.Gorm(ctx).Exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
			INSERT INTO event_dedupe (workspace_id, message_id, received_at) SELECT ?, 'expired-' || i, ? FROM s`,
			expired, ws, time.Now().Add(-storage.DedupeWindow-time.Hour)).Error
	}); err != nil {
		t.Fatal(err)
	}
	swept := make(chan error, 1)
	go func() {
		n, err := db.SweepDedupe(ctx, time.Now())
		if err == nil && n != expired {
			err = fmt.Errorf("forgot %d, want %d", n, expired)
		}
		swept <- err
	}()
	for left := int64(expired); left == expired; { // until the first chunk is committed
		if err := db.Gorm(ctx).Raw("SELECT count(*) FROM event_dedupe").Scan(&left).Error; err != nil {
			t.Fatal(err)
		}
	}
	if n, err := b.Write(ctx, eventRows(ws, 20, "meanwhile")); err != nil || n != 20 {
		t.Fatalf("stored %d, %v", n, err)
	}
	select {
	case err := <-swept:
		t.Fatalf("the write waited for the whole sweep (%v)", err)
	default:
	}
	if err := <-swept; err != nil {
		t.Fatal(err)
	}
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

// Groups that share messageIds commit side by side without deadlocking: each
// messageId is stored once, every writer is answered, and no group fails and
// has to be retried request by request (a deadlock would, after a second).
func TestConcurrentGroupsSharingMessageIDs(t *testing.T) {
	onWritePaths(t, allWritePaths, func(t *testing.T, db *storage.DB, ws string, b *storage.Batcher) {
		ctx := context.Background()
		const writers, rounds, ids = 8, 25, 40
		for r := range rounds {
			var wg sync.WaitGroup
			var stored atomic.Int64
			for w := range writers {
				rows := eventRows(ws, ids, "")
				for i, j := range rand.New(rand.NewPCG(uint64(r), uint64(w))).Perm(ids) {
					rows[i].MessageID = fmt.Sprintf("r%d-%d", r, j)
				}
				wg.Go(func() {
					n, err := b.Write(ctx, rows)
					if err != nil {
						t.Error(err)
					}
					stored.Add(int64(n))
				})
			}
			wg.Wait()
			if got := stored.Load(); got != ids {
				t.Fatalf("round %d: writers were told %d events were new, want %d", r, got, ids)
			}
		}
		if got := countEvents(t, db, ws); got != rounds*ids {
			t.Fatalf("%d events stored, want %d", got, rounds*ids)
		}
		if n := b.Regrouped(); n != 0 {
			t.Fatalf("%d groups failed and were retried request by request", n)
		}
	})
}

// On PostgreSQL a group commits while another is still in flight: a write
// held up by a lock does not hold up the writes queued behind it.
func TestIngestCommitsTwoGroupsAtOnce(t *testing.T) {
	onWritePaths(t, postgresWrites, testTwoGroupsAtOnce)
}

func testTwoGroupsAtOnce(t *testing.T, db *storage.DB, ws string, b *storage.Batcher) {
	ctx := context.Background()

	// Another transaction holds messageId "held" without committing, so the
	// group that claims it waits.
	blocker := db.Gorm(ctx).Begin()
	defer blocker.Rollback()
	if err := blocker.Exec("INSERT INTO event_dedupe (workspace_id, message_id, received_at) VALUES (?, 'held', now())", ws).Error; err != nil {
		t.Fatal(err)
	}
	held := eventRows(ws, 3, "held-group")
	held[0].MessageID = "held"
	heldDone := make(chan error, 1)
	go func() {
		n, err := b.Write(ctx, held)
		if err == nil && n != 3 {
			err = fmt.Errorf("stored %d of the held group's events, want 3", n)
		}
		heldDone <- err
	}()
	waitForLockWait(t, db)

	next := make(chan error, 1)
	go func() {
		n, err := b.Write(ctx, eventRows(ws, 5, "next"))
		if err == nil && n != 5 {
			err = fmt.Errorf("stored %d, want 5", n)
		}
		next <- err
	}()
	select {
	case err := <-next:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a write waited for the group held by a lock")
	}
	select {
	case err := <-heldDone:
		t.Fatalf("the held group finished while its messageId was held: %v", err)
	default:
	}
	// The holder gives the messageId up, and the held group stores it.
	if err := blocker.Rollback().Error; err != nil {
		t.Fatal(err)
	}
	if err := <-heldDone; err != nil {
		t.Fatal(err)
	}
	if got := countEvents(t, db, ws); got != 8 {
		t.Fatalf("%d events stored, want 8", got)
	}
}

// waitForLockWait returns once a session of the test's database waits for a
// lock.
func waitForLockWait(t *testing.T, db *storage.DB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var n int64
		if err := db.Gorm(context.Background()).Raw("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no session came to wait for the held messageId")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A group that fails after its messageIds were claimed leaves nothing
// behind: the claim and the queue rows are rolled back, so a retry stores
// and queues the events once.
func TestFailedGroupReleasesItsMessageIDs(t *testing.T) {
	onWritePaths(t, postgresWrites, testFailedGroupReleases)
}

func testFailedGroupReleases(t *testing.T, db *storage.DB, ws string, b *storage.Batcher) {
	ctx := context.Background()
	bad := eventRows(ws, 3, "retry")
	bad[2].Payload = []byte(`{"not json`) // PostgreSQL refuses it as it stores the events, after the claim
	if _, err := b.Write(ctx, bad); err == nil {
		t.Fatal("a payload PostgreSQL refuses was stored")
	}
	for i := range 5 { // more writes than committers, on the connections that failed
		want := 0 // the first retry stores the events, the others are duplicates
		if i == 0 {
			want = 3
		}
		if n, err := b.Write(ctx, eventRows(ws, 3, "retry")); err != nil || n != want {
			t.Fatalf("retry %d stored %d, %v; want %d", i, n, err, want)
		}
	}
	if got := countEvents(t, db, ws); got != 3 {
		t.Fatalf("%d events stored, want 3", got)
	}
	var queued int64
	if err := db.Gorm(ctx).Raw("SELECT count(*) FROM event_queue WHERE workspace_id = ?", ws).Scan(&queued).Error; err != nil || queued != 3 {
		t.Fatalf("%d events queued (%v), want 3", queued, err)
	}
}

// The payload is stored as ingest encoded it, byte for byte: PostgreSQL
// keeps it as json (migration 16), which it only checks, where jsonb parsed
// it into a tree at every insert and printed it again, keys sorted and
// spaced, at every read.
func TestIngestStoresPayloadVerbatim(t *testing.T) {
	onWritePaths(t, allWritePaths, func(t *testing.T, db *storage.DB, ws string, b *storage.Batcher) {
		ctx := context.Background()
		row := eventRows(ws, 1, "verbatim")[0]
		row.Payload = []byte(`{"type":"track","event":"Signed Up","properties":{"zeta":1.50,"alpha":[1,2],"alpha":"again"}}`)
		if n, err := b.Write(ctx, []storage.EventRow{row}); err != nil || n != 1 {
			t.Fatalf("stored %d, %v; want 1", n, err)
		}
		var got string
		if err := db.Gorm(ctx).Raw("SELECT payload FROM events WHERE workspace_id = ? AND id = ?", ws, row.ID).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got != string(row.Payload) {
			t.Fatalf("payload stored as\n%s\nwant\n%s", got, row.Payload)
		}
	})
}

// On SQLite event_dedupe and event_queue are WITHOUT ROWID tables
// (migration 14); the migration and its reversal keep every row, and dedupe
// and the queue work the same across both.
func TestSQLiteQueueTablesWithoutRowid(t *testing.T) {
	db, ws, b := newIngest(t, storage.SQLite)
	ctx := context.Background()
	check := func(when string, withoutRowid bool, rows int) {
		t.Helper()
		for _, table := range []string{"event_dedupe", "event_queue"} {
			var wr, n int
			if err := db.Gorm(ctx).Raw("SELECT wr FROM pragma_table_list WHERE name = ?", table).Scan(&wr).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Gorm(ctx).Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			if (wr == 1) != withoutRowid || n != rows {
				t.Errorf("%s: %s without rowid %v with %d rows, want %v with %d", when, table, wr == 1, n, withoutRowid, rows)
			}
		}
	}
	first := eventRows(ws, 10, "m")
	if n, err := b.Write(ctx, first); err != nil || n != 10 {
		t.Fatalf("stored %d, %v; want 10", n, err)
	}
	check("migrated", true, 10)
	if err := db.MigrateDownTo(ctx, 13); err != nil {
		t.Fatal(err)
	}
	check("rolled back", false, 10)
	if n, err := b.Write(ctx, eventRows(ws, 13, "m")); err != nil || n != 3 {
		t.Fatalf("rolled back: stored %d, %v; want the 3 new", n, err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	check("migrated again", true, 13)
	if n, err := b.Write(ctx, first); err != nil || n != 0 {
		t.Fatalf("a retry after the migration stored %d, %v; want 0", n, err)
	}
	if err := db.ProcessAll(ctx); err != nil {
		t.Fatal(err)
	}
	var queued int
	if err := db.Gorm(ctx).Raw("SELECT count(*) FROM event_queue").Scan(&queued).Error; err != nil || queued != 0 {
		t.Fatalf("%d events left queued, %v", queued, err)
	}
	if got := countEvents(t, db, ws); got != 13 {
		t.Fatalf("%d events stored, want 13", got)
	}
}

// Migrations 16 and 17 (PostgreSQL only) roll back and forward again with
// the events kept: the payload's type goes to jsonb and back to json, the
// campaign key index to the full one and back to the partial one. Ingest
// recovers from the column's type changing under it, as when another
// replica migrates: a connection whose cached description of events is
// stale fails one COPY and forgets its descriptions, so with writes retried
// as a client retries, each connection fails at most once and every event is
// stored once.
func TestPayloadAndCampaignKeyMigrationsRoundTrip(t *testing.T) {
	onWritePaths(t, postgresWrites, testPayloadMigrationsRoundTrip)
}

func testPayloadMigrationsRoundTrip(t *testing.T, db *storage.DB, ws string, b *storage.Batcher) {
	ctx := context.Background()
	failures := 0
	write := func(when string, rows []storage.EventRow) {
		t.Helper()
		for range 20 {
			if _, err := b.Write(ctx, rows); err == nil {
				return
			}
			failures++
		}
		t.Fatalf("%s: a write failed 20 times", when)
	}
	check := func(when, payloadType string, partial bool, events int) {
		t.Helper()
		var typ, def string
		if err := db.Gorm(ctx).Raw("SELECT data_type FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'payload'").Scan(&typ).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Gorm(ctx).Raw("SELECT indexdef FROM pg_indexes WHERE indexname = 'touchpoints_campaign_key_idx'").Scan(&def).Error; err != nil {
			t.Fatal(err)
		}
		if typ != payloadType || strings.Contains(def, "WHERE") != partial {
			t.Errorf("%s: payload is %s and the campaign key index %q; want %s, partial %v", when, typ, def, payloadType, partial)
		}
		if got := countEvents(t, db, ws); got != events {
			t.Errorf("%s: %d events stored, want %d", when, got, events)
		}
		if err := db.ProcessAll(ctx); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
	}
	alterPayload := func(typ string) func(context.Context) error {
		return func(ctx context.Context) error {
			return db.Gorm(ctx).Exec("ALTER TABLE events ALTER COLUMN payload TYPE " + typ + " USING payload::" + typ).Error
		}
	}
	stored := 0
	for i, step := range []struct {
		migrate func(context.Context) error
		when    string
		typ     string
		partial bool
		writes  bool
	}{
		{nil, "migrated", "json", true, true},
		// The code of this release needs migration 19, so it does not write
		// to the rolled-back schema.
		{func(ctx context.Context) error { return db.MigrateDownTo(ctx, 15) }, "rolled back", "jsonb", false, false},
		{db.Migrate, "migrated again", "json", true, true},
		// What the server meets when another replica changes the column
		// under it, as the rollback of migration 16 does.
		{alterPayload("jsonb"), "payload made jsonb under the server", "jsonb", true, true},
		{alterPayload("json"), "payload made json again", "json", true, true},
	} {
		if step.migrate != nil {
			if err := step.migrate(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for j := range 10 { // more writes than connections
			if step.writes {
				write(step.when, eventRows(ws, 1, fmt.Sprintf("step%d-%d", i, j)))
				stored++
			}
		}
		check(step.when, step.typ, step.partial, stored)
	}
	sqlDB, err := db.Gorm(ctx).DB()
	if err != nil {
		t.Fatal(err)
	}
	// Each type change can fail each connection once.
	if open := sqlDB.Stats().OpenConnections; failures > 4*open {
		t.Errorf("%d writes failed with %d connections open: stale connections kept failing", failures, open)
	}
}

// On PostgreSQL a group of up to 64 events is stored by one statement, and
// a larger one claims its messageIds first and COPYs its events after: each
// group here waits on a held messageId in the statement that claims it.
func TestSmallGroupsAreOneStatement(t *testing.T) {
	db, ws, b := newIngest(t, storage.Postgres)
	ctx := context.Background()
	for _, c := range []struct {
		rows  int
		claim string // how the waiting statement starts
	}{{64, "WITH k AS"}, {65, "WITH fresh AS"}} {
		held := fmt.Sprintf("held-%d", c.rows)
		blocker := db.Gorm(ctx).Begin()
		if err := blocker.Exec("INSERT INTO event_dedupe (workspace_id, message_id, received_at) VALUES (?, ?, now())", ws, held).Error; err != nil {
			t.Fatal(err)
		}
		rows := eventRows(ws, c.rows, held)
		rows[0].MessageID = held
		done := make(chan error, 1)
		go func() {
			_, err := b.Write(ctx, rows)
			done <- err
		}()
		waitForLockWait(t, db)
		var query string
		if err := db.Gorm(ctx).Raw("SELECT query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&query).Error; err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(strings.TrimSpace(query), c.claim) {
			t.Errorf("a group of %d waits in %.40q, want the statement starting %q", c.rows, query, c.claim)
		}
		if err := blocker.Rollback().Error; err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
