-- +goose Up
-- On SQLite every ingested event inserts a row into event_dedupe and one
-- into event_queue, and the processor deletes the queue's row again, all on
-- the one writer connection. A table with a primary key other than an
-- integer is two B-trees there (the rowid table and the key's index), so
-- each row was written to three counting the second index. WITHOUT ROWID
-- keeps the row in its key's B-tree: two writes a row instead of three, for
-- rows this small (docs/benchmarks.md, seventh session). PostgreSQL has no
-- rowid, so nothing changes there.
-- onefunnel: sqlite only
CREATE TABLE event_dedupe_new (
    workspace_id uuid NOT NULL,
    message_id text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, message_id)
) WITHOUT ROWID;
INSERT INTO event_dedupe_new (workspace_id, message_id, received_at)
    SELECT workspace_id, message_id, received_at FROM event_dedupe;
DROP TABLE event_dedupe;
ALTER TABLE event_dedupe_new RENAME TO event_dedupe;
CREATE INDEX event_dedupe_received_idx ON event_dedupe (received_at);
CREATE TABLE event_queue_new (
    workspace_id uuid NOT NULL,
    event_id uuid NOT NULL,
    anonymous_id text NOT NULL DEFAULT '',
    user_id text NOT NULL DEFAULT '',
    timestamp timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, event_id)
) WITHOUT ROWID;
INSERT INTO event_queue_new (workspace_id, event_id, anonymous_id, user_id, timestamp, attempts, last_error)
    SELECT workspace_id, event_id, anonymous_id, user_id, timestamp, attempts, last_error FROM event_queue;
DROP TABLE event_queue;
ALTER TABLE event_queue_new RENAME TO event_queue;
CREATE INDEX event_queue_order_idx ON event_queue (timestamp, event_id);
-- onefunnel: end sqlite only

-- +goose Down
-- onefunnel: sqlite only
CREATE TABLE event_dedupe_old (
    workspace_id uuid NOT NULL,
    message_id text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, message_id)
);
INSERT INTO event_dedupe_old (workspace_id, message_id, received_at)
    SELECT workspace_id, message_id, received_at FROM event_dedupe;
DROP TABLE event_dedupe;
ALTER TABLE event_dedupe_old RENAME TO event_dedupe;
CREATE INDEX event_dedupe_received_idx ON event_dedupe (received_at);
CREATE TABLE event_queue_old (
    workspace_id uuid NOT NULL,
    event_id uuid NOT NULL,
    anonymous_id text NOT NULL DEFAULT '',
    user_id text NOT NULL DEFAULT '',
    timestamp timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, event_id)
);
INSERT INTO event_queue_old (workspace_id, event_id, anonymous_id, user_id, timestamp, attempts, last_error)
    SELECT workspace_id, event_id, anonymous_id, user_id, timestamp, attempts, last_error FROM event_queue;
DROP TABLE event_queue;
ALTER TABLE event_queue_old RENAME TO event_queue;
CREATE INDEX event_queue_order_idx ON event_queue (timestamp, event_id);
-- onefunnel: end sqlite only
