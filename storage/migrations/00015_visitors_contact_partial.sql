-- +goose Up
-- Most visitors have no contact: every new visitor wrote an entry here for
-- nothing, and processing traffic from new visitors writes one visitor an
-- event (docs/benchmarks.md, eighth session). The index now holds only the
-- visitors with a contact, which every lookup by contact names (an equality
-- or IN implies IS NOT NULL to both planners), as sessions' did in 00012.
-- It also can no longer stand in for the primary key on a new database, the
-- way contacts_external_idx did before 00013.
DROP INDEX visitors_contact_idx;
CREATE INDEX visitors_contact_idx ON visitors (workspace_id, contact_id) WHERE contact_id IS NOT NULL;

-- +goose Down
DROP INDEX visitors_contact_idx;
CREATE INDEX visitors_contact_idx ON visitors (workspace_id, contact_id);
