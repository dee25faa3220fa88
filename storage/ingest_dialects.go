package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// insertEventsSQL stores a group in one statement, so in one implicit
// transaction and one round trip: it claims the rows' messageIds in
// event_dedupe, inserts the rows whose messageId was new into events and
// the processor's queue, and returns them. The rows travel as one array a
// column, in binary. The messageIds are claimed in key order: two groups
// committing at once that share some then wait for each other in one
// direction only, where claiming in arrival order could deadlock them.
//
// This replaced a COPY into a temporary table and an INSERT … SELECT from
// it, inside BEGIN … COMMIT: five round trips, every event written and read
// once more, and the temporary table truncated at each commit.
const insertEventsSQL = `WITH batch AS (
		SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::text[])
			AS r (workspace_id, id, message_id, type, anonymous_id, user_id, event, timestamp, received_at, payload)),
	fresh AS (
		INSERT INTO event_dedupe (workspace_id, message_id, received_at)
		SELECT workspace_id, message_id, received_at FROM batch ORDER BY workspace_id, message_id
		ON CONFLICT DO NOTHING RETURNING workspace_id, message_id),
	stored AS (
		INSERT INTO events (workspace_id, id, message_id, type, anonymous_id, user_id, event, timestamp, received_at, payload)
		SELECT b.workspace_id, b.id, b.message_id, b.type, b.anonymous_id, b.user_id, b.event, b.timestamp, b.received_at, CAST(b.payload AS jsonb)
		FROM batch b JOIN fresh f USING (workspace_id, message_id)
		RETURNING workspace_id, id, message_id, anonymous_id, user_id, timestamp),
	queued AS (
		INSERT INTO event_queue (workspace_id, event_id, anonymous_id, user_id, timestamp)
		SELECT workspace_id, id, anonymous_id, user_id, timestamp FROM stored)
	SELECT workspace_id::text, message_id FROM stored`

// insertEventsPostgres stores rows with insertEventsSQL and returns the keys
// of those whose messageId was new.
func (db *DB) insertEventsPostgres(ctx context.Context, rows []EventRow) (map[string]bool, error) {
	n := len(rows)
	ws, ids := make([][16]byte, n), make([][16]byte, n)
	msgs, types, anons, users, names, payloads := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	times, received := make([]time.Time, n), make([]time.Time, n)
	for i, r := range rows {
		var err error
		if ws[i], err = uuidBytes(r.WorkspaceID); err != nil {
			return nil, err
		}
		if ids[i], err = uuidBytes(r.ID); err != nil {
			return nil, err
		}
		msgs[i], types[i], anons[i], users[i], names[i] = r.MessageID, r.Type, r.AnonymousID, r.UserID, r.Event
		times[i], received[i], payloads[i] = r.Timestamp, r.ReceivedAt, string(r.Payload)
	}
	conn, err := db.sqlDBs[0].Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fresh := make(map[string]bool, n)
	err = conn.Raw(func(dc any) error {
		res, err := dc.(*stdlib.Conn).Conn().Query(ctx, insertEventsSQL, ws, ids, msgs, types, anons, users, names, times, received, payloads)
		if err != nil {
			return err
		}
		var w, msg string
		_, err = pgx.ForEachRow(res, []any{&w, &msg}, func() error {
			fresh[w+"\x00"+msg] = true
			return nil
		})
		return err
	})
	return fresh, err
}

// uuidBytes is a uuid parameter's binary value: pgx encodes a string as a
// uuid only after building an error for the binary attempt and parsing the
// text again.
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
func (db *DB) insertEventsSQLite(ctx context.Context, rows []EventRow) (map[string]bool, error) {
	fresh := make(map[string]bool, len(rows))
	tx, err := db.sqlDBs[0].BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	claim, err := tx.PrepareContext(ctx, `INSERT INTO event_dedupe (workspace_id, message_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return nil, err
	}
	insert, err := tx.PrepareContext(ctx, `INSERT INTO events (workspace_id, id, message_id, type, anonymous_id, user_id, event, timestamp, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	queue, err := tx.PrepareContext(ctx, `INSERT INTO event_queue (workspace_id, event_id, anonymous_id, user_id, timestamp) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
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
		if _, err := queue.ExecContext(ctx, r.WorkspaceID, r.ID, r.AnonymousID, r.UserID, r.Timestamp); err != nil {
			return nil, err
		}
		fresh[r.WorkspaceID+"\x00"+r.MessageID] = true
	}
	return fresh, tx.Commit()
}
