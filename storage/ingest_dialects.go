package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

var eventColumns = []string{"workspace_id", "id", "message_id", "type", "anonymous_id", "user_id", "event", "timestamp", "received_at", "payload"}

// copyEvents claims the rows' messageIds in event_dedupe, then streams the
// rows whose messageId is new into events and the processor's queue with
// COPY, all in one transaction. (Copying everything into a temporary table
// and moving the new rows on with INSERT … SELECT wrote and read each event
// once more.)
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
			keys := make([][]any, len(rows))
			for i, r := range rows {
				keys[i] = []any{r.WorkspaceID, r.MessageID, r.ReceivedAt}
			}
			claimed, err := tx.Query(ctx, `INSERT INTO event_dedupe (workspace_id, message_id, received_at)
				SELECT * FROM unnest(CAST($1::text AS uuid[]), CAST($2::text AS text[]), CAST($3::text AS timestamptz[]))
				ON CONFLICT DO NOTHING RETURNING workspace_id::text, message_id`, columns(keys)...)
			if err != nil {
				return err
			}
			var ws, msg string
			if _, err := pgx.ForEachRow(claimed, []any{&ws, &msg}, func() error {
				fresh[ws+"\x00"+msg] = true
				return nil
			}); err != nil {
				return err
			}
			stored := rows[:0:0]
			for _, r := range rows {
				if fresh[r.WorkspaceID+"\x00"+r.MessageID] {
					stored = append(stored, r)
				}
			}
			if len(stored) == 0 {
				return nil
			}
			events := pgx.CopyFromSlice(len(stored), func(i int) ([]any, error) {
				r := stored[i]
				return []any{r.WorkspaceID, r.ID, r.MessageID, r.Type, r.AnonymousID, r.UserID, r.Event, r.Timestamp, r.ReceivedAt, r.Payload}, nil
			})
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"events"}, eventColumns, events); err != nil {
				return fmt.Errorf("copy events: %w", err)
			}
			queue := pgx.CopyFromSlice(len(stored), func(i int) ([]any, error) {
				r := stored[i]
				return []any{r.WorkspaceID, r.ID, r.AnonymousID, r.UserID, r.Timestamp}, nil
			})
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"event_queue"}, []string{"workspace_id", "event_id", "anonymous_id", "user_id", "timestamp"}, queue); err != nil {
				return fmt.Errorf("copy queue: %w", err)
			}
			return nil
		})
	})
	return fresh, err
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
