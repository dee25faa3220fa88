-- +goose Up
-- The processor's work queue. Event ids are UUIDv7 minted before the
-- ingest transaction commits, so concurrent commits are not in id order and
-- paging events by id would skip late commits; ingest instead adds a row
-- here in the same transaction, and the processor claims and deletes rows.
-- An event whose processing keeps failing is retried alone, counted in
-- attempts, and set aside (left here with its last error) after a few.
CREATE TABLE event_queue (
    workspace_id uuid NOT NULL,
    event_id uuid NOT NULL,
    anonymous_id text NOT NULL DEFAULT '',
    user_id text NOT NULL DEFAULT '',
    timestamp timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, event_id)
);
CREATE INDEX event_queue_order_idx ON event_queue (timestamp, event_id);

-- A visitor (an anonymousId) and the session state NextSession folds.
CREATE TABLE visitors (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    anonymous_id text NOT NULL,
    contact_id uuid,
    first_seen_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    session_number integer NOT NULL DEFAULT 0,
    session_started_at timestamptz,
    session_last_at timestamptz,
    session_campaign text NOT NULL DEFAULT '',
    session_id uuid,
    PRIMARY KEY (workspace_id, anonymous_id),
    FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id)
);
CREATE INDEX visitors_contact_idx ON visitors (workspace_id, contact_id);

CREATE TABLE sessions (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    anonymous_id text NOT NULL,
    contact_id uuid,
    number integer NOT NULL,
    started_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL,
    channel text NOT NULL,
    source text NOT NULL DEFAULT '',
    medium text NOT NULL DEFAULT '',
    campaign text NOT NULL DEFAULT '',
    content text NOT NULL DEFAULT '',
    term text NOT NULL DEFAULT '',
    landing_page text NOT NULL DEFAULT '',
    referrer text NOT NULL DEFAULT '',
    device_type text NOT NULL DEFAULT '',
    page_views integer NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id)
);
CREATE INDEX sessions_anonymous_idx ON sessions (workspace_id, anonymous_id, started_at);
CREATE INDEX sessions_contact_idx ON sessions (workspace_id, contact_id, started_at);

-- The identity a tracking library knows the person by (Segment userId).
ALTER TABLE contacts ADD COLUMN external_id text;
CREATE UNIQUE INDEX contacts_external_idx ON contacts (workspace_id, external_id);

-- How the person first arrived: written once from the visitor's first session.
ALTER TABLE contacts ADD COLUMN first_touch_channel text;
ALTER TABLE contacts ADD COLUMN first_touch_source text;
ALTER TABLE contacts ADD COLUMN first_touch_medium text;
ALTER TABLE contacts ADD COLUMN first_touch_campaign text;
ALTER TABLE contacts ADD COLUMN first_touch_landing_page text;
ALTER TABLE contacts ADD COLUMN first_touch_occurred_at timestamptz;
ALTER TABLE prospects ADD COLUMN first_touch_channel text;
ALTER TABLE prospects ADD COLUMN first_touch_source text;
ALTER TABLE prospects ADD COLUMN first_touch_medium text;
ALTER TABLE prospects ADD COLUMN first_touch_campaign text;
ALTER TABLE prospects ADD COLUMN first_touch_landing_page text;
ALTER TABLE prospects ADD COLUMN first_touch_occurred_at timestamptz;

-- +goose Down
ALTER TABLE prospects DROP COLUMN first_touch_occurred_at;
ALTER TABLE prospects DROP COLUMN first_touch_landing_page;
ALTER TABLE prospects DROP COLUMN first_touch_campaign;
ALTER TABLE prospects DROP COLUMN first_touch_medium;
ALTER TABLE prospects DROP COLUMN first_touch_source;
ALTER TABLE prospects DROP COLUMN first_touch_channel;
ALTER TABLE contacts DROP COLUMN first_touch_occurred_at;
ALTER TABLE contacts DROP COLUMN first_touch_landing_page;
ALTER TABLE contacts DROP COLUMN first_touch_campaign;
ALTER TABLE contacts DROP COLUMN first_touch_medium;
ALTER TABLE contacts DROP COLUMN first_touch_source;
ALTER TABLE contacts DROP COLUMN first_touch_channel;
DROP INDEX contacts_external_idx;
ALTER TABLE contacts DROP COLUMN external_id;
DROP TABLE sessions;
DROP TABLE visitors;
DROP TABLE event_queue;
