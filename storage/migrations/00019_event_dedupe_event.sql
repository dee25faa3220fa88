-- +goose Up
-- Ingest claims each messageId in event_dedupe and queues the events whose
-- messageId was new, in one statement (storage/ingest_dialects.go). The
-- queue's rows need the event's id and time, which the claim's RETURNING
-- could not give, so the statement joined the rows it had inserted back to
-- its input: a sixth of the statement's time (docs/benchmarks.md, eleventh
-- session). A claim now keeps the event it admitted, its id and time, and
-- queues the rows it returns.
--
-- Both columns are nullable: rows claimed before this migration, or by a
-- replica still on the previous release during a rolling deploy, have none,
-- and nothing reads them after the claim. Adding them rewrites nothing.
-- SQLite claims and queues one event at a time and needs neither.
-- onefunnel: postgres only
ALTER TABLE event_dedupe ADD COLUMN event_id uuid, ADD COLUMN timestamp timestamptz;
-- onefunnel: end postgres only

-- +goose Down
-- onefunnel: postgres only
ALTER TABLE event_dedupe DROP COLUMN event_id, DROP COLUMN timestamp;
-- onefunnel: end postgres only
