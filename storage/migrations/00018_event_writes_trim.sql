-- +goose Up
-- Every tracked event writes a row to events and one to event_queue, which
-- the processor deletes again. Two of the index entries those rows made
-- served nothing (docs/benchmarks.md, tenth session):
--
-- events_user_idx serves a user's events: the timeline's track calls by
-- userId, and the page views of a server-side visitor (sent with a userId
-- and no anonymousId). Anonymous events, most of them, wrote an entry under
-- user_id '' that no query looks for. The lookups name user_id <> '' so the
-- planner can use the partial index.
--
-- event_queue's primary key (workspace_id, event_id) served only the retry
-- of a failed event alone, which now finds it by (timestamp, event_id)
-- through the claims' order. On PostgreSQL the key goes and the order index
-- stays; on SQLite the table is rebuilt WITHOUT ROWID keyed by that order
-- (and the workspace, as every unique key is), one B-tree instead of two. anonymous_id and user_id, which ingest stopped
-- writing in the previous release, go with it: a replica older than that
-- release fails its tracking writes until it is replaced (docs/deploy.md).
--
-- Tracking writes to events wait while the index is rebuilt: on a large
-- install run `onefunnel migrate` as a release step.
DROP INDEX events_user_idx;
CREATE INDEX events_user_idx ON events (workspace_id, user_id, timestamp) WHERE user_id <> '';
-- onefunnel: postgres only
ALTER TABLE event_queue DROP CONSTRAINT event_queue_pkey;
ALTER TABLE event_queue DROP COLUMN anonymous_id, DROP COLUMN user_id;
-- onefunnel: end postgres only
-- onefunnel: sqlite only
CREATE TABLE event_queue_new (
    workspace_id uuid NOT NULL,
    event_id uuid NOT NULL,
    timestamp timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text NOT NULL DEFAULT '',
    PRIMARY KEY (timestamp, event_id, workspace_id)
) WITHOUT ROWID;
INSERT INTO event_queue_new (workspace_id, event_id, timestamp, attempts, last_error)
    SELECT workspace_id, event_id, timestamp, attempts, last_error FROM event_queue;
DROP TABLE event_queue;
ALTER TABLE event_queue_new RENAME TO event_queue;
-- onefunnel: end sqlite only

-- +goose Down
DROP INDEX events_user_idx;
CREATE INDEX events_user_idx ON events (workspace_id, user_id, timestamp);
-- onefunnel: postgres only
ALTER TABLE event_queue ADD COLUMN anonymous_id text NOT NULL DEFAULT '', ADD COLUMN user_id text NOT NULL DEFAULT '';
ALTER TABLE event_queue ADD PRIMARY KEY (workspace_id, event_id);
-- onefunnel: end postgres only
-- onefunnel: sqlite only
CREATE TABLE event_queue_old (
    workspace_id uuid NOT NULL,
    event_id uuid NOT NULL,
    anonymous_id text NOT NULL DEFAULT '',
    user_id text NOT NULL DEFAULT '',
    timestamp timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, event_id)
) WITHOUT ROWID;
INSERT INTO event_queue_old (workspace_id, event_id, timestamp, attempts, last_error)
    SELECT workspace_id, event_id, timestamp, attempts, last_error FROM event_queue;
DROP TABLE event_queue;
ALTER TABLE event_queue_old RENAME TO event_queue;
CREATE INDEX event_queue_order_idx ON event_queue (timestamp, event_id);
-- onefunnel: end sqlite only
