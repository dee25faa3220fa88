-- +goose Up
-- events.payload is written once by ingest and read back whole (by the
-- processor and the timelines, which decode it in Go); no query looks inside
-- it. As jsonb, PostgreSQL parsed every event into a tree at ingest, sorting
-- its keys and converting its numbers, and printed it back to text at each
-- read. json only checks that the text is JSON and keeps it as sent: COPY of
-- 200,000 of bench-ingest's messages took 2.0 s into json against 3.3–4.0 s
-- into jsonb (docs/benchmarks.md, ninth session). The ingest path writes
-- only what tracking.Message.Stored encoded, so the text is always valid.
-- Rewriting the table holds an exclusive lock on events while it runs: on a
-- large install, run `onefunnel migrate` in a quiet hour (docs/deploy.md).
-- SQLite stores the payload as text either way.
-- onefunnel: postgres only
ALTER TABLE events ALTER COLUMN payload TYPE json USING payload::json;
-- onefunnel: end postgres only

-- +goose Down
-- onefunnel: postgres only
ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;
-- onefunnel: end postgres only
