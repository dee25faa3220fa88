package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// eventColumns are the columns ingest COPYs into events.
var eventColumns = []string{"workspace_id", "id", "message_id", "type", "anonymous_id", "user_id", "event", "timestamp", "received_at", "payload"}

// claimEventsSQL claims a group's messageIds in event_dedupe and queues the
// events whose messageId was new for the processor, returning their ids.
// The rows travel as one array a column, in binary. They are claimed in key
// order: two groups committing at once that share some then wait for each
// other in one direction only, where claiming in arrival order could
// deadlock them. A claim keeps the event it admitted (migration 19), so the
// queue's rows come from what it returns; joining its input back to the
// claimed messageIds instead was a sixth of the statement's time.
const claimEventsSQL = `WITH fresh AS (
		INSERT INTO event_dedupe (workspace_id, message_id, received_at, event_id, timestamp)
		SELECT ws, msg, at, id, ts FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::timestamptz[]) AS k (ws, msg, at, id, ts)
		ORDER BY ws, msg
		ON CONFLICT DO NOTHING RETURNING workspace_id, event_id, timestamp),
	queued AS (
		INSERT INTO event_queue (workspace_id, event_id, timestamp) SELECT workspace_id, event_id, timestamp FROM fresh)
	SELECT event_id FROM fresh`

// storeEventsSQL is claimEventsSQL that also stores the new events, from
// arrays: a whole group in one statement, which is its own transaction.
// Small groups take it (see oneTripRows); larger ones COPY their events.
const storeEventsSQL = `WITH k AS (
		SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
			$8::timestamptz[], $9::timestamptz[], $10::json[]) AS k (ws, id, msg, type, anon, uid, event, ts, at, payload)),
	fresh AS (
		INSERT INTO event_dedupe (workspace_id, message_id, received_at, event_id, timestamp)
		SELECT ws, msg, at, id, ts FROM k
		ORDER BY ws, msg
		ON CONFLICT DO NOTHING RETURNING workspace_id, event_id, timestamp),
	queued AS (
		INSERT INTO event_queue (workspace_id, event_id, timestamp) SELECT workspace_id, event_id, timestamp FROM fresh),
	stored AS (
		INSERT INTO events (workspace_id, id, message_id, type, anonymous_id, user_id, event, timestamp, received_at, payload)
		SELECT k.ws, k.id, k.msg, k.type, k.anon, k.uid, k.event, k.ts, k.at, k.payload
		FROM k JOIN fresh f ON f.workspace_id = k.ws AND f.event_id = k.id)
	SELECT event_id FROM fresh`

// oneTripRows is the largest group stored with storeEventsSQL, in one round
// trip (DB.oneTripRows; tests change it). COPY writes a row for less of the
// database's CPU than an INSERT from arrays, but the COPY path takes two
// round trips more, and four writes and reads on each side of the
// connection instead of one: for the groups of a few single-event requests,
// those system calls were most of ingest's cost. In BenchmarkIngestWrite,
// one trip was faster per event up to groups of 64, and even at 128
// (docs/benchmarks.md, thirteenth session).
const oneTripRows = 64

// errCopy marks a failed COPY into events.
var errCopy = errors.New("copy")

// insertEventsPostgres stores a group in one transaction and reports which
// rows were new. A group of up to db.oneTripRows rows is one statement,
// storeEventsSQL. A larger one takes three round trips: BEGIN with
// claimEventsSQL, then a COPY of the new events into events, then COMMIT.
//
// This replaced a COPY of every row into a temporary table and an
// INSERT … SELECT from it, in five round trips: every event was written and
// read once more, and the temporary table was truncated at each commit.
func (db *DB) insertEventsPostgres(ctx context.Context, rows []EventRow) ([]bool, error) {
	n := len(rows)
	ws, ids := make([][16]byte, n), make([][16]byte, n)
	msgs := make([]string, n)
	received, times := make([]time.Time, n), make([]time.Time, n)
	for i, r := range rows {
		var err error
		if ws[i], err = uuidBytes(r.WorkspaceID); err != nil {
			return nil, err
		}
		if ids[i], err = uuidBytes(r.ID); err != nil {
			return nil, err
		}
		msgs[i], received[i], times[i] = r.MessageID, r.ReceivedAt, r.Timestamp
	}
	conn, err := db.sqlDBs[0].Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	isNew := make([]bool, n)
	err = conn.Raw(func(dc any) (err error) {
		pg := dc.(*stdlib.Conn).Conn()
		if n <= db.oneTripRows {
			return storeInOneTrip(ctx, pg, rows, ws, ids, msgs, received, times, isNew)
		}
		defer func() {
			if err != nil {
				// The connection goes back to the pool outside the failed
				// transaction (stdlib would otherwise close it at its next
				// use, and the pool open another).
				rctx, cancel := cleanupContext(ctx)
				defer cancel()
				_, _ = pg.Exec(rctx, "ROLLBACK")
				if errors.Is(err, errCopy) {
					forgetColumnTypes(ctx, pg)
				}
			}
		}()
		var b pgx.Batch
		b.Queue("BEGIN")
		var fresh map[[16]byte]bool
		b.Queue(claimEventsSQL, ws, msgs, received, ids, times).Query(func(res pgx.Rows) (err error) {
			fresh, err = claimedIDs(res, n)
			return err
		})
		if err := pg.SendBatch(ctx, &b).Close(); err != nil {
			return err
		}
		stored := make([]int, 0, len(fresh))
		for i := range rows {
			if fresh[ids[i]] {
				isNew[i] = true
				stored = append(stored, i)
			}
		}
		if len(stored) > 0 { // a group of retries only may have nothing new
			src := pgx.CopyFromSlice(len(stored), func(j int) ([]any, error) {
				i := stored[j]
				r := rows[i]
				return []any{ws[i], ids[i], r.MessageID, r.Type, r.AnonymousID, r.UserID, r.Event, r.Timestamp, r.ReceivedAt, r.Payload}, nil
			})
			if _, err := pg.CopyFrom(ctx, pgx.Identifier{"events"}, eventColumns, src); err != nil {
				return fmt.Errorf("%w: %w", errCopy, err)
			}
		}
		tag, err := pg.Exec(ctx, "COMMIT")
		if err == nil && tag.String() != "COMMIT" {
			err = pgx.ErrTxCommitRollback
		}
		return err
	})
	return isNew, err
}

// storeInOneTrip stores a group with storeEventsSQL, marking in isNew the
// rows whose messageId was new.
func storeInOneTrip(ctx context.Context, pg *pgx.Conn, rows []EventRow, ws, ids [][16]byte, msgs []string, received, times []time.Time, isNew []bool) error {
	n := len(rows)
	types, anons, users, events := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	payloads := make([][]byte, n)
	for i, r := range rows {
		types[i], anons[i], users[i], events[i], payloads[i] = r.Type, r.AnonymousID, r.UserID, r.Event, r.Payload
	}
	res, err := pg.Query(ctx, storeEventsSQL, ws, ids, msgs, types, anons, users, events, times, received, payloads)
	if err != nil {
		return err
	}
	fresh, err := claimedIDs(res, n)
	if err != nil {
		return err
	}
	for i := range rows {
		isNew[i] = fresh[ids[i]]
	}
	return nil
}

// claimedIDs reads the event ids a claim returned: those of the group's
// events whose messageId was new.
func claimedIDs(res pgx.Rows, n int) (map[[16]byte]bool, error) {
	fresh := make(map[[16]byte]bool, n)
	var id [16]byte
	_, err := pgx.ForEachRow(res, []any{&id}, func() error {
		fresh[id] = true
		return nil
	})
	return fresh, err
}

// uuidBytes is a uuid value in pgx's binary format: pgx encodes a string
// as a uuid only after building an error for the binary attempt and
// parsing the text again (5% of ingest's CPU).
func uuidBytes(s string) ([16]byte, error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return [16]byte{}, fmt.Errorf("event row: %q is not a uuid: %w", s, err)
	}
	return u, nil
}

// insertEventsSQLite claims each messageId and inserts the new events with
// prepared statements on the single writer connection, queueing each for
// the processor.
func (db *DB) insertEventsSQLite(ctx context.Context, rows []EventRow) ([]bool, error) {
	isNew := make([]bool, len(rows))
	tx, err := db.sqlDBs[0].BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	// The connection keeps each statement compiled from one group to the
	// next (sqliteConnector); the transaction's end only lets go of it.
	claim, err := tx.PrepareContext(ctx, `INSERT INTO event_dedupe (workspace_id, message_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return nil, err
	}
	insert, err := tx.PrepareContext(ctx, `INSERT INTO events (workspace_id, id, message_id, type, anonymous_id, user_id, event, timestamp, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	queue, err := tx.PrepareContext(ctx, `INSERT INTO event_queue (workspace_id, event_id, timestamp) VALUES (?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		res, err := claim.ExecContext(ctx, r.WorkspaceID, r.MessageID, r.ReceivedAt)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		if _, err := insert.ExecContext(ctx, r.WorkspaceID, r.ID, r.MessageID, r.Type, r.AnonymousID, r.UserID, r.Event, r.Timestamp, r.ReceivedAt, string(r.Payload)); err != nil {
			return nil, err
		}
		if _, err := queue.ExecContext(ctx, r.WorkspaceID, r.ID, r.Timestamp); err != nil {
			return nil, err
		}
		isNew[i] = true
	}
	return isNew, tx.Commit()
}
