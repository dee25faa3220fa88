package storage

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

var eventColumns = []string{"workspace_id", "id", "message_id", "type", "anonymous_id", "user_id", "event", "timestamp", "received_at", "payload"}

// copyEvents streams rows into a temporary table with COPY, then moves the
// ones whose messageId is new into events and the processor's queue, all in
// one transaction. The messageIds are claimed in key order: two groups
// committing at once that share some then wait for each other in one
// direction only, where claiming in arrival order could deadlock them.
func (db *DB) copyEvents(ctx context.Context, rows []EventRow) (map[string]bool, error) {
	conn, err := db.sqlDBs[0].Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fresh := make(map[string]bool, len(rows))
	err = conn.Raw(func(dc any) error {
		pg := dc.(*stdlib.Conn).Conn()
		return pgx.BeginFunc(ctx, pg, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS events_in (LIKE events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`); err != nil {
				return err
			}
			src := pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
				r := rows[i]
				ws, err := copyUUID(r.WorkspaceID)
				if err != nil {
					return nil, err
				}
				id, err := copyUUID(r.ID)
				if err != nil {
					return nil, err
				}
				return []any{ws, id, r.MessageID, r.Type, r.AnonymousID, r.UserID, r.Event, r.Timestamp, r.ReceivedAt, r.Payload}, nil
			})
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"events_in"}, eventColumns, src); err != nil {
				return fmt.Errorf("copy: %w", err)
			}
			res, err := tx.Query(ctx, `WITH fresh AS (
					INSERT INTO event_dedupe (workspace_id, message_id, received_at)
					SELECT workspace_id, message_id, received_at FROM events_in ORDER BY workspace_id, message_id
					ON CONFLICT DO NOTHING RETURNING workspace_id, message_id),
				stored AS (
					INSERT INTO events SELECT e.* FROM events_in e JOIN fresh f USING (workspace_id, message_id)
					RETURNING workspace_id, id, message_id, anonymous_id, user_id, timestamp),
				queued AS (
					INSERT INTO event_queue (workspace_id, event_id, anonymous_id, user_id, timestamp)
					SELECT workspace_id, id, anonymous_id, user_id, timestamp FROM stored)
				SELECT workspace_id::text, message_id FROM stored`)
			if err != nil {
				return err
			}
			defer res.Close()
			for res.Next() {
				var ws, msg string
				if err := res.Scan(&ws, &msg); err != nil {
					return err
				}
				fresh[ws+"\x00"+msg] = true
			}
			return res.Err()
		})
	})
	return fresh, err
}

// copyUUID is a uuid column's value for COPY's binary format. pgx encodes a
// string there only after building an error for the binary attempt and
// parsing the text again, which cost a twentieth of ingest's CPU.
func copyUUID(s string) ([16]byte, error) {
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
