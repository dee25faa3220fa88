-- +goose Up
-- The event processor updates a session's page views and last hit, and a
-- visitor's session state, again and again after the row is written. At
-- the default fill factor a session's page is full by then, so most of
-- those updates could not stay on the page (no HOT update): each wrote new
-- entries in every index of the table. Room left on each page lets
-- PostgreSQL keep the new version beside the old one and skip the indexes.
-- Only pages written from now on keep the room; nothing is rewritten.
-- onefunnel: postgres only
ALTER TABLE sessions SET (fillfactor = 80);
ALTER TABLE visitors SET (fillfactor = 80);
-- onefunnel: end postgres only

-- +goose Down
-- onefunnel: postgres only
ALTER TABLE sessions RESET (fillfactor);
ALTER TABLE visitors RESET (fillfactor);
-- onefunnel: end postgres only
