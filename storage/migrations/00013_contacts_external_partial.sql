-- +goose Up
-- Most contacts have no external id (only those a userId named), so this
-- unique index was mostly NULL entries and the smallest index on contacts.
-- Without statistics (a new database, or a server with autovacuum off)
-- PostgreSQL took it for lookups by primary key, since every index here
-- starts with workspace_id: for each visitor the processor loaded it read
-- every contact of the workspace, at a cost that grew with the contacts
-- (34.8 ms a batch instead of 9.7 in a bench-lag sequence). It now holds
-- only contacts with an external id. Uniqueness is unchanged (NULLs never
-- conflicted), and a lookup by external id names it (an equality implies IS
-- NOT NULL to both planners).
DROP INDEX contacts_external_idx;
CREATE UNIQUE INDEX contacts_external_idx ON contacts (workspace_id, external_id) WHERE external_id IS NOT NULL;

-- +goose Down
DROP INDEX contacts_external_idx;
CREATE UNIQUE INDEX contacts_external_idx ON contacts (workspace_id, external_id);
