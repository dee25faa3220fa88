-- +goose Up
-- The event processor VACUUMs event_queue every 20,000 events (and
-- autovacuum, where it is on, every minute). Once the processor has caught
-- up, the table's last pages are empty, and VACUUM then cuts them off: that
-- takes an ACCESS EXCLUSIVE lock on the table, which stops every insert
-- into it, so each ingest group waited on it (log_lock_waits: both
-- committers waiting 22 ms on the processor's connection during
-- bench-ingest, docs/benchmarks.md, fifteenth session). The next events fill
-- those pages again within moments; the queue keeps them instead.
-- SQLite's queue is not vacuumed.
-- onefunnel: postgres only
ALTER TABLE event_queue SET (vacuum_truncate = false);
-- onefunnel: end postgres only

-- +goose Down
-- onefunnel: postgres only
ALTER TABLE event_queue RESET (vacuum_truncate);
-- onefunnel: end postgres only
