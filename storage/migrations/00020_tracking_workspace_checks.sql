-- +goose Up
-- The event processor writes a visitor, a session or a touchpoint for most
-- tracked events, and PostgreSQL checked each row's workspace_id against
-- workspaces, one query and one row lock per inserted row: 40% of a
-- touchpoint's insert (docs/benchmarks.md, eleventh session). Those rows
-- come only from events whose write key named an existing workspace, and
-- workspaces are deleted only by DeleteWorkspace, which deletes these tables
-- itself (after the queue, so a batch in flight commits first). The
-- references to contacts, accounts and campaigns stay.
-- SQLite checks a key in process, and keeps its references.
-- onefunnel: postgres only
ALTER TABLE visitors DROP CONSTRAINT visitors_workspace_id_fkey;
ALTER TABLE sessions DROP CONSTRAINT sessions_workspace_id_fkey;
ALTER TABLE touchpoints DROP CONSTRAINT touchpoints_workspace_id_fkey;
-- onefunnel: end postgres only

-- +goose Down
-- onefunnel: postgres only
ALTER TABLE visitors ADD CONSTRAINT visitors_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE;
ALTER TABLE sessions ADD CONSTRAINT sessions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE;
ALTER TABLE touchpoints ADD CONSTRAINT touchpoints_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE;
-- onefunnel: end postgres only
