package storage

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// MaxProcessAttempts is how often an event that fails alone is retried
// before it is set aside: left in event_queue with its last error, skipped by
// claims, so one bad event cannot stop the queue.
const MaxProcessAttempts = 5

// queued names a tracked event: its workspace and id.
type queued struct{ WorkspaceID, EventID string }

// queuedRow is a claimed row of event_queue: the event, and the time it is
// ordered by, which with the event's id is how the queue finds the row
// again (migration 18).
type queuedRow struct {
	WorkspaceID, EventID string
	Timestamp            time.Time
}

func (q queuedRow) key() queued { return queued{q.WorkspaceID, q.EventID} }

// ProcessBatch claims up to limit queued events in time order (not id order:
// see event_queue), applies them with the event processor and deletes them
// from the queue, all in one transaction: an event is processed exactly once
// however many workers run. It returns how many events it processed.
//
// PostgreSQL workers skip rows another worker has claimed (FOR UPDATE SKIP
// LOCKED); on SQLite the single writer makes each batch exclusive.
//
// When a batch fails for another reason than the database being unavailable,
// its events are retried one by one, so the good ones go through and a bad
// one fails alone: its attempt and error are recorded and the error returned.
func (db *DB) ProcessBatch(ctx context.Context, limit int) (int, error) {
	return db.processBatch(ctx, limit, true)
}

// processBatch is ProcessBatch, which first looks whether any event waits
// when look is set: an idle worker polls often, and on SQLite a claim is a
// write transaction that would take the one write lock every time. A worker
// whose last batch was full skips the look; with a backlog, its scan past
// the rows deleted but not yet vacuumed costs milliseconds.
func (db *DB) processBatch(ctx context.Context, limit int, look bool) (int, error) {
	if look {
		if work, err := db.queueHasWork(ctx); err != nil || !work {
			return 0, err
		}
	}
	claimed, err := db.processTx(ctx, limit, nil)
	if err == nil || len(claimed) == 0 || ctx.Err() != nil || errors.Is(err, domain.ErrUnavailable) {
		return len(claimed), err
	}
	done := 0
	var firstErr error
	for _, q := range claimed {
		got, err := db.processTx(ctx, 1, &q)
		if err == nil {
			done += len(got)
			continue
		}
		if ctx.Err() != nil || errors.Is(err, domain.ErrUnavailable) {
			return done, err
		}
		if firstErr == nil {
			firstErr = err
		}
		if len(got) == 1 {
			msg := err.Error()
			if len(msg) > 1000 {
				msg = msg[:1000]
			}
			if err := db.writer(ctx).Exec("UPDATE event_queue SET attempts = attempts + 1, last_error = ? WHERE timestamp = ? AND event_id = ? AND workspace_id = ?",
				msg, q.Timestamp, q.EventID, q.WorkspaceID).Error; err != nil {
				return done, translate(err, "event queue")
			}
		}
	}
	return done, firstErr
}

// queueHasWork reports, with a read on the reader pool, whether any event waits to be processed.
func (db *DB) queueHasWork(ctx context.Context) (bool, error) {
	var n int64
	err := db.reader(ctx).Raw("SELECT count(*) FROM (SELECT 1 FROM event_queue WHERE attempts < ? LIMIT 1) q", MaxProcessAttempts).Scan(&n).Error
	return n > 0, translate(err, "event queue")
}

// maxVisitorRaces is how often processTx claims a batch again after another
// worker created one of its new visitors first (errVisitorRace): each time
// the visitors that raced are stored, so a batch finds them the next time.
const maxVisitorRaces = 3

// processTx claims and processes events in one transaction, only the given
// one when only is set, and again when another worker created one of its
// new visitors meanwhile. It returns what it claimed, also when it failed.
func (db *DB) processTx(ctx context.Context, limit int, only *queuedRow) ([]queuedRow, error) {
	claimed, err := db.processOnce(ctx, limit, only)
	for race := 0; errors.Is(err, errVisitorRace) && race < maxVisitorRaces; race++ {
		claimed, err = db.processOnce(ctx, limit, only)
	}
	return claimed, err
}

func (db *DB) processOnce(ctx context.Context, limit int, only *queuedRow) ([]queuedRow, error) {
	var claimed []queuedRow
	err := db.copyTx(ctx, func(ctx context.Context) error { // the batch COPYs what it adds
		if err := db.keyedPlans(ctx); err != nil {
			return err
		}
		var evs []tracking.QueuedEvent
		var err error
		if claimed, evs, err = db.claim(ctx, limit, only); err != nil || len(claimed) == 0 {
			return err
		}
		st, err := newBatchStore(ctx, db, evs)
		if err != nil {
			return err
		}
		if err := tracking.NewProcessor(st).Process(ctx, evs); err != nil {
			return err
		}
		return st.flush(ctx)
	})
	return claimed, err
}

// claim takes up to limit queued events in time order, or only the given
// one, off the queue, with their messages: those ingest handed over on this
// replica (recentEvents), the others read from the events table. The queue
// rows are deleted as they are claimed: the transaction that processes the
// events commits the deletion with their effects, or rolls both back.
func (db *DB) claim(ctx context.Context, limit int, only *queuedRow) ([]queuedRow, []tracking.QueuedEvent, error) {
	filter, args := "attempts < ?", []any{MaxProcessAttempts}
	if only != nil {
		filter, args = filter+" AND timestamp = ? AND event_id = ? AND workspace_id = ?", append(args, only.Timestamp, only.EventID, only.WorkspaceID)
	}
	args = append(args, limit)
	var claimed []queuedRow
	var err error
	if db.dialect == Postgres {
		claimed, err = db.claimPostgres(ctx, "FROM event_queue WHERE "+filter+" ORDER BY timestamp, event_id LIMIT ?", args)
	} else {
		claimed, err = db.claimSQLite(ctx, "FROM event_queue WHERE "+filter+" ORDER BY timestamp, event_id, workspace_id LIMIT ?", args)
	}
	if err != nil || len(claimed) == 0 {
		return nil, nil, translate(err, "event queue")
	}
	evs := make([]tracking.QueuedEvent, len(claimed))
	var missing []int
	var keys [][]any
	for i, c := range claimed {
		evs[i] = tracking.QueuedEvent{WorkspaceID: c.WorkspaceID, ID: c.EventID}
		if m, ok := db.recent.take(c.key()); ok {
			evs[i].Message = *m
		} else {
			missing, keys = append(missing, i), append(keys, []any{c.WorkspaceID, c.EventID})
		}
	}
	if len(missing) == 0 {
		return claimed, evs, nil
	}
	payloads, err := db.payloads(ctx, keys)
	if err != nil {
		return claimed, nil, err
	}
	for _, i := range missing {
		c := claimed[i]
		p, ok := payloads[c.key()]
		if !ok {
			return claimed, nil, fmt.Errorf("queued event %s is missing: %w", c.EventID, domain.ErrNotFound)
		}
		if evs[i].Message, err = tracking.DecodeStored(p); err != nil {
			return claimed, nil, fmt.Errorf("event %s: %w", c.EventID, err)
		}
	}
	return claimed, evs, nil
}

// claimPostgres picks the rows and deletes them in one statement: other
// workers skip the rows it locks, and it finds them again by their physical
// address. (Deleting them after processing, by key, was 5% of a batch's
// statement time, and a round trip.)
func (db *DB) claimPostgres(ctx context.Context, pick string, args []any) ([]queuedRow, error) {
	rows, err := findAll[queuedRow](db.writer(ctx).Raw("DELETE FROM event_queue WHERE ctid = ANY (ARRAY(SELECT ctid "+pick+" FOR UPDATE SKIP LOCKED))"+
		" RETURNING workspace_id, event_id, timestamp", args...))
	if err != nil {
		return nil, err
	}
	// RETURNING comes in no particular order.
	slices.SortFunc(rows, func(a, b queuedRow) int {
		return cmp.Or(a.Timestamp.Compare(b.Timestamp), cmp.Compare(a.EventID, b.EventID))
	})
	return rows, nil
}

// claimSQLite picks the rows in the order of the table's key, then deletes
// them as the range of that key they span: the rows in that range that
// claims skip are the set-aside ones, which the range leaves too. (Deleting
// them by a list of keys scanned the whole queue, and DELETE … RETURNING,
// which SQLite runs to the end before it returns a row, made
// BenchmarkProcessBatch/sqlite 5% slower.) In process there is no round trip
// to save, and the one writer keeps others from adding rows in between.
func (db *DB) claimSQLite(ctx context.Context, pick string, args []any) ([]queuedRow, error) {
	claimed, err := findAll[queuedRow](db.writer(ctx).Raw("SELECT workspace_id, event_id, timestamp "+pick, args...))
	if err != nil || len(claimed) == 0 {
		return nil, err
	}
	first, last := claimed[0], claimed[len(claimed)-1]
	return claimed, db.writer(ctx).Exec(`DELETE FROM event_queue WHERE (timestamp, event_id, workspace_id) BETWEEN (?, ?, ?) AND (?, ?, ?) AND attempts < ?`,
		first.Timestamp, first.EventID, first.WorkspaceID, last.Timestamp, last.EventID, last.WorkspaceID, MaxProcessAttempts).Error
}

// payloads reads the stored messages of the events keys name (workspace, id).
func (db *DB) payloads(ctx context.Context, keys [][]any) (map[queued][]byte, error) {
	var rows []struct {
		WorkspaceID, ID string
		Payload         []byte
	}
	var err error
	if db.dialect == Postgres {
		args, uerr := unnestArgs(keys, "uuid", "uuid")
		if uerr != nil {
			return nil, uerr
		}
		err = db.writer(ctx).Raw(payloadsByKeySQL, args...).Scan(&rows).Error
	} else {
		err = db.writer(ctx).Raw("SELECT workspace_id, id, payload FROM events WHERE (workspace_id, id) IN ?", keys).Scan(&rows).Error
	}
	if err != nil {
		return nil, translate(err, "events")
	}
	out := make(map[queued][]byte, len(rows))
	for _, r := range rows {
		out[queued{r.WorkspaceID, r.ID}] = r.Payload
	}
	return out, nil
}

// ProcessAll processes batches until no event is left to process, for tests
// and backfills that need the results now. It stops at an event that fails.
func (db *DB) ProcessAll(ctx context.Context) error {
	for {
		n, err := db.ProcessBatch(ctx, 500)
		if err != nil || n == 0 {
			return err
		}
	}
}

// ProcessorBatch is how many events RunProcessor should claim per
// transaction on this database. On PostgreSQL a batch's fixed costs (the
// claim, which also dequeues, locking its visitors, loading their sessions
// and the commit) are shared by more events at 1,000: beside a tracking load on two
// cores it used a tenth less PostgreSQL CPU at 10,000 events/s, and kept up
// in alternated runs at 12,500 where 500 fell behind (docs/benchmarks.md). SQLite's one writer is held for the whole batch, and
// there 1,000 doubled ingest's p99, so it stays at 500.
func (db *DB) ProcessorBatch() int {
	if db.dialect == Postgres {
		return 1000
	}
	return 500
}

// RunProcessor processes events until ctx ends: again at once after a full
// batch, else after idle (events other replicas ingested, retries) or
// when ingest on this replica has committed events, but no sooner than
// processorGap after the last batch began. Every queueVacuumRows events it
// VACUUMs the queue. Errors are reported and retried after idle.
func (db *DB) RunProcessor(ctx context.Context, batch int, idle time.Duration, report func(error)) {
	t := time.NewTimer(0)
	defer t.Stop()
	full := false
	var committed <-chan struct{} // nil while the timer alone decides
	var earliest time.Time        // when the gap after the last batch ends
	claimed := 0                  // since the queue was last vacuumed
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-committed:
			if wait := time.Until(earliest); wait > 0 {
				committed = nil
				t.Reset(wait)
				continue
			}
		}
		earliest = time.Now().Add(processorGap)
		n, err := db.processBatch(ctx, batch, !full)
		if err != nil && ctx.Err() == nil {
			report(err)
		}
		full = err == nil && n == batch
		if claimed += n; claimed >= db.queueVacuumRows {
			claimed = 0
			if err := db.vacuumQueue(ctx); err != nil && ctx.Err() == nil {
				report(err)
			}
		}
		committed = nil
		if err == nil {
			committed = db.recent.committed
		}
		wait := idle
		if full {
			wait = 0
		}
		t.Reset(wait)
	}
}

// queueVacuumRows is how many events a processor takes off the queue
// between two VACUUMs of it (DB.queueVacuumRows; tests change it). Every
// event leaves a dead row in event_queue, and until a VACUUM each claim
// steps over all of them in the index and each look for work in the table:
// a claim of 1,000 events took 1.5 ms with none, 5 ms with 300,000 and
// 17–21 ms with a million (the first one after them 36 and 146 ms), a look
// 0.1, 2–3 and 8–12 ms. Autovacuum, where it is on, waits a minute between
// rounds, 600,000 events at 10,000 a second. The VACUUM took 4.4 ms at
// 20,000 dead rows and 15 ms at 100,000 (docs/benchmarks.md, fourteenth
// session).
const queueVacuumRows = 20_000

// vacuumQueue has PostgreSQL reclaim the queue's dead rows, unless another
// replica's processor is at it (SKIP_LOCKED). On SQLite a deleted row's
// space is free at once.
func (db *DB) vacuumQueue(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	return translate(db.writer(ctx).Exec("VACUUM (SKIP_LOCKED) event_queue").Error, "event queue")
}

// processorGap is the least time between the starts of two batches an idle
// processor takes on ingest's word: each batch has fixed costs (the claim,
// its visitors, the commit), which batches of a commit or two each would
// pay for a few events. In bench-lag at 2,500 events/s, starting at once
// took lag p99 from 448 to 78 ms and PostgreSQL from 0.37 to 0.91 cores;
// 50 ms 90 ms and 0.56 cores; 100 ms 150 ms and 0.42 (docs/benchmarks.md).
const processorGap = 100 * time.Millisecond

// QueueStats reads how the queue stands, for monitoring: two counts and the
// accepted time of the event the processor takes next (by the index claims
// use).
func (db *DB) QueueStats(ctx context.Context) (tracking.QueueStats, error) {
	var s tracking.QueueStats
	var counts struct{ Waiting, SetAside int64 }
	err := db.reader(ctx).Raw(`SELECT count(*) FILTER (WHERE attempts < ?) AS waiting, count(*) FILTER (WHERE attempts >= ?) AS set_aside
		FROM event_queue`, MaxProcessAttempts, MaxProcessAttempts).Scan(&counts).Error
	if err != nil {
		return s, translate(err, "event queue")
	}
	s.Waiting, s.SetAside = counts.Waiting, counts.SetAside
	if s.Waiting == 0 {
		return s, nil
	}
	var next []struct{ ReceivedAt time.Time }
	err = db.reader(ctx).Raw(`SELECT e.received_at FROM event_queue q JOIN events e ON e.workspace_id = q.workspace_id AND e.id = q.event_id
		WHERE q.attempts < ? ORDER BY q.timestamp, q.event_id LIMIT 1`, MaxProcessAttempts).Scan(&next).Error
	if err != nil {
		return s, translate(err, "event queue")
	}
	if len(next) == 1 {
		s.NextReceivedAt = next[0].ReceivedAt.UTC()
	}
	return s, nil
}
