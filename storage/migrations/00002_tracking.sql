-- +goose Up
-- Write keys are public (they ship in web pages), so they are stored as they
-- are; they can only send events.
CREATE TABLE write_keys (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    name text NOT NULL,
    key text NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, key)
);
CREATE INDEX write_keys_key_idx ON write_keys (key);

-- Raw tracked events, append-only. payload is the normalised Segment message.
CREATE TABLE events (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    message_id text NOT NULL,
    type text NOT NULL,
    anonymous_id text NOT NULL DEFAULT '',
    user_id text NOT NULL DEFAULT '',
    event text NOT NULL DEFAULT '',
    timestamp timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
CREATE INDEX events_anonymous_idx ON events (workspace_id, anonymous_id, timestamp);
CREATE INDEX events_user_idx ON events (workspace_id, user_id, timestamp);

-- messageIds seen in the last 24 h: a retried event is stored once.
CREATE TABLE event_dedupe (
    workspace_id uuid NOT NULL,
    message_id text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, message_id)
);
CREATE INDEX event_dedupe_received_idx ON event_dedupe (received_at);

-- +goose Down
DROP TABLE event_dedupe;
DROP TABLE events;
DROP TABLE write_keys;
