package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// EventRow is one tracked event as stored.
type EventRow struct {
	WorkspaceID string
	ID          string
	MessageID   string
	Type        string
	AnonymousID string
	UserID      string
	Event       string
	Timestamp   time.Time
	ReceivedAt  time.Time
	Payload     []byte // JSON
	// Message, when the writer has it, is Payload as tracking.DecodeStored
	// reads it (tracking.Message.Stored): it is handed to this replica's
	// event processor, which then need not read the payload back.
	Message *tracking.Message
}

// DedupeWindow is how long a messageId is remembered (Segment: 24 h).
const DedupeWindow = 24 * time.Hour

// ErrBatcherClosed: the server is shutting down and takes no more events.
var ErrBatcherClosed = fmt.Errorf("%w: ingest is shutting down", domain.ErrUnavailable)

// Batcher groups concurrent event writes into one transaction (group commit):
// while a batch commits, the next requests queue, so batches grow with load
// and no request waits for a timer. Write returns only after its events are
// committed, so a 2xx means stored.
//
// On PostgreSQL two batches commit at once (DB.ingestCommitters), so the
// database works on one while the other waits for its round trips and its
// WAL flush; SQLite's one writer commits one at a time.
type Batcher struct {
	db      *DB
	maxRows int
	reqs    chan *ingestReq
	done    chan struct{}
	wg      sync.WaitGroup
	// regrouped counts groups that failed and were retried request by request.
	regrouped atomic.Int64
	// mu orders sends against Close: senders hold it shared while queueing,
	// Close takes it exclusively, so nothing is queued after the loop drains.
	mu     sync.RWMutex
	closed bool
}

type ingestReq struct {
	ctx    context.Context
	rows   []EventRow
	stored int
	err    error
	ready  chan struct{}
}

// maxGroupBytes bounds the payload a group gathers and holds in memory
// until it commits; events may be up to 32 KB each.
const maxGroupBytes = 8 << 20

func (r *ingestReq) size() int {
	n := 0
	for _, row := range r.rows {
		n += len(row.Payload)
	}
	return n
}

// NewBatcher starts a batcher; Close flushes and stops it.
func (db *DB) NewBatcher(maxRows int) *Batcher {
	if maxRows <= 0 {
		maxRows = 5000
	}
	b := &Batcher{db: db, maxRows: maxRows, reqs: make(chan *ingestReq, 1024), done: make(chan struct{})}
	n := db.ingestCommitters()
	b.wg.Add(n)
	for range n {
		go b.loop()
	}
	return b
}

// ingestCommitters is how many groups a Batcher commits at once. On
// PostgreSQL one committer left the database idle while a group's statements
// travelled and its commit flushed: in alternated runs of bench-ingest
// (docs/benchmarks.md) two took ingest20 from 10,500–11,700 to 13,300–14,500
// events/s, and three or four did no better. Concurrent groups cannot
// deadlock on the dedupe table, because each claims its messageIds in key
// order (claimEventsSQL).
func (db *DB) ingestCommitters() int {
	if db.dialect == Postgres {
		return 2
	}
	return 1
}

// Write stores rows, dropping those whose messageId was seen within the
// dedupe window, and returns how many were new.
func (b *Batcher) Write(ctx context.Context, rows []EventRow) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	r := &ingestReq{ctx: ctx, rows: rows, ready: make(chan struct{})}
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return 0, ErrBatcherClosed
	}
	select {
	case b.reqs <- r:
		b.mu.RUnlock()
	case <-ctx.Done():
		b.mu.RUnlock()
		return 0, ctx.Err()
	}
	// Once queued the request is committed or failed by the loop; wait for the
	// verdict even if the client goes away, so we never answer before knowing.
	<-r.ready
	return r.stored, r.err
}

// Close stops taking requests, commits what is queued and waits.
func (b *Batcher) Close() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.done)
	}
	b.mu.Unlock()
	b.wg.Wait()
}

func (b *Batcher) loop() {
	defer b.wg.Done()
	for {
		var first *ingestReq
		select {
		case first = <-b.reqs:
		case <-b.done:
			// Drain what was queued before Close.
			for {
				select {
				case r := <-b.reqs:
					b.commit([]*ingestReq{r})
				default:
					return
				}
			}
		}
		b.commit(b.gather(first))
	}
}

// gather groups first with the requests already queued, up to maxRows rows
// and maxGroupBytes of payload.
func (b *Batcher) gather(first *ingestReq) []*ingestReq {
	batch, n, size := []*ingestReq{first}, len(first.rows), first.size()
	for n < b.maxRows && size < maxGroupBytes {
		select {
		case r := <-b.reqs:
			batch, n, size = append(batch, r), n+len(r.rows), size+r.size()
		default:
			return batch
		}
	}
	return batch
}

// commit writes a group in one transaction; if it fails, each request is
// retried alone so one bad request cannot fail its neighbours.
func (b *Batcher) commit(batch []*ingestReq) {
	live := batch[:0]
	for _, r := range batch {
		if r.ctx.Err() != nil {
			r.err = r.ctx.Err()
			close(r.ready)
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var rows []EventRow
	for _, r := range live {
		rows = append(rows, r.rows...)
	}
	isNew, err := b.db.insertEvents(ctx, rows)
	if err != nil && len(live) > 1 {
		b.regrouped.Add(1)
		for _, r := range live {
			b.commit([]*ingestReq{r})
		}
		return
	}
	at := 0 // where each request's rows are in the group
	for _, r := range live {
		r.err = err
		if err == nil {
			for i := range r.rows {
				if isNew[at+i] {
					r.stored++
				}
			}
		}
		at += len(r.rows)
		close(r.ready)
	}
}

// insertEvents stores the rows whose (workspace, messageId) is new and
// reports which they were: of rows repeating a messageId, only the first can
// be. The dialects differ only in how they store a group.
func (db *DB) insertEvents(ctx context.Context, rows []EventRow) ([]bool, error) {
	first := firstOfEachMessage(rows)
	unique := rows
	if len(first) < len(rows) {
		unique = make([]EventRow, len(first))
		for j, i := range first {
			unique[j] = rows[i]
		}
	}
	var uniqueNew []bool
	var err error
	if db.dialect == Postgres {
		uniqueNew, err = db.insertEventsPostgres(ctx, unique)
	} else {
		uniqueNew, err = db.insertEventsSQLite(ctx, unique)
	}
	if err != nil {
		return nil, translate(err, "events")
	}
	isNew := make([]bool, len(rows))
	stored := make([]EventRow, 0, len(rows))
	for j, i := range first {
		if uniqueNew[j] {
			isNew[i] = true
			stored = append(stored, rows[i])
		}
	}
	db.recent.add(stored)
	return isNew, nil
}

// firstOfEachMessage is the index of the first row of each (workspace,
// messageId), in order.
func firstOfEachMessage(rows []EventRow) []int {
	type key struct{ ws, msg string }
	seen := make(map[key]bool, len(rows))
	first := make([]int, 0, len(rows))
	for i, r := range rows {
		if k := (key{r.WorkspaceID, r.MessageID}); !seen[k] {
			seen[k] = true
			first = append(first, i)
		}
	}
	return first
}

// sweepChunk is how many messageIds SweepDedupe forgets in one statement.
var sweepChunk = 5000

// SweepDedupe forgets messageIds older than the window, oldest first, a
// chunk at a time, each chunk its own transaction. In one statement it took
// SQLite's one writer from ingest for as long as it ran (with a million
// messageIds to forget, writes waited 4.6–4.8 s), and was one PostgreSQL
// transaction and burst of WAL as large as what it forgot; in chunks,
// ingest's commits come in between (docs/benchmarks.md, twelfth session).
// It returns how many it forgot.
func (db *DB) SweepDedupe(ctx context.Context, now time.Time) (int, error) {
	chunk := `DELETE FROM event_dedupe WHERE ctid = ANY (ARRAY(
		SELECT ctid FROM event_dedupe WHERE received_at < ? ORDER BY received_at LIMIT ?))`
	if db.dialect != Postgres {
		chunk = `DELETE FROM event_dedupe WHERE (workspace_id, message_id) IN (
			SELECT workspace_id, message_id FROM event_dedupe WHERE received_at < ? ORDER BY received_at LIMIT ?)`
	}
	forgot := 0
	for {
		res := db.writer(ctx).Exec(chunk, now.Add(-DedupeWindow), sweepChunk)
		if err := res.Error; err != nil {
			if errors.Is(err, context.Canceled) {
				err = nil
			}
			return forgot, translate(err, "event dedupe")
		}
		forgot += int(res.RowsAffected)
		if res.RowsAffected < int64(sweepChunk) {
			return forgot, nil
		}
	}
}

// CountEvents counts a workspace's stored events.
func (db *DB) CountEvents(ctx context.Context, workspaceID string) (int, error) {
	var n int64
	err := db.reader(ctx).Table("events").Where("workspace_id = ?", workspaceID).Count(&n).Error
	return int(n), translate(err, "events")
}
