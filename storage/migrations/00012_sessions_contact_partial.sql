-- +goose Up
-- Linking a newly identified visitor's sessions looks them up by
-- anonymous_id among those with no contact yet. Without statistics (a new
-- database, until autovacuum first analyzes sessions) PostgreSQL took this
-- index for "contact_id IS NULL" and walked every anonymous session of the
-- workspace: 7-9 ms per identify at 14,000 sessions. It now holds only the
-- sessions with a contact, which every other lookup names (an equality or
-- IN implies IS NOT NULL to both planners), as touchpoints' did in 00010.
DROP INDEX sessions_contact_idx;
CREATE INDEX sessions_contact_idx ON sessions (workspace_id, contact_id, started_at) WHERE contact_id IS NOT NULL;

-- +goose Down
DROP INDEX sessions_contact_idx;
CREATE INDEX sessions_contact_idx ON sessions (workspace_id, contact_id, started_at);
