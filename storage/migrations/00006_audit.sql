-- +goose Up
-- The audit log: what happened to a record, who or what did it, and when.
-- Rows are append-only and outlive their subject (no foreign key on it), so
-- the history of a merged or deleted record stays readable. details holds
-- the action's own facts (for a merge: what the merged contact was).
CREATE TABLE audit_entries (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    action text NOT NULL,
    subject_kind text NOT NULL,
    subject_id uuid NOT NULL,
    other_id uuid,
    actor_kind text NOT NULL,
    actor_id uuid,
    details jsonb NOT NULL,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
-- Timelines read a record's entries in time order.
CREATE INDEX audit_entries_subject_idx ON audit_entries (workspace_id, subject_kind, subject_id, occurred_at, id);

-- Where a merged contact went: its id answers "merged into survivor_id",
-- and its userId and email keep finding the survivor. A survivor merged in
-- turn takes these rows along; deleting the survivor drops them.
CREATE TABLE contact_merges (
    workspace_id uuid NOT NULL,
    merged_id uuid NOT NULL,
    survivor_id uuid NOT NULL,
    external_id text,
    email text,
    merged_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, merged_id),
    FOREIGN KEY (workspace_id, survivor_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_merges_survivor_idx ON contact_merges (workspace_id, survivor_id);
CREATE INDEX contact_merges_external_idx ON contact_merges (workspace_id, external_id);
CREATE INDEX contact_merges_email_idx ON contact_merges (workspace_id, email);

-- The groupId a tracking library knows the account by (Segment group calls).
ALTER TABLE accounts ADD COLUMN external_id text;
CREATE UNIQUE INDEX accounts_external_idx ON accounts (workspace_id, external_id);

-- A workspace's own track event → touchpoint type mappings, over the
-- built-in defaults. event_key is the normalised name events are matched by
-- (tracking.NormalizeEventName); event is the name as the admin wrote it.
CREATE TABLE event_map_entries (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    event_key text NOT NULL,
    event text NOT NULL,
    touchpoint_type text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, event_key)
);

-- +goose Down
DROP TABLE event_map_entries;
DROP INDEX accounts_external_idx;
ALTER TABLE accounts DROP COLUMN external_id;
DROP TABLE contact_merges;
DROP TABLE audit_entries;
