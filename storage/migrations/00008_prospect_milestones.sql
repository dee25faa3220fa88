-- +goose Up
-- Prospect milestones: what a prospect's stage changes add up to, kept by
-- PostgreSQL itself as they are written, so reports read a row per prospect
-- instead of aggregating every stage change: the stages it ever entered
-- (ids sorted, comma-separated), and its first entries into an
-- opportunity-or-later and a won-or-later phase. Stage changes are only ever
-- inserted (a prospect's go with it), and a stage's phase never changes, so
-- an insert is the only event that moves a milestone. A move holds its
-- prospect's row lock, so writers of one prospect's milestones take turns.
-- SQLite aggregates the stage changes when it reports and has neither the
-- table nor its trigger.
-- onefunnel: postgres only
CREATE TABLE prospect_milestones (
    workspace_id uuid NOT NULL,
    prospect_id uuid NOT NULL,
    entered text NOT NULL,
    opportunity_at timestamptz,
    won_at timestamptz,
    PRIMARY KEY (workspace_id, prospect_id),
    FOREIGN KEY (workspace_id, prospect_id) REFERENCES prospects (workspace_id, id) ON DELETE CASCADE
);

-- +goose StatementBegin
CREATE FUNCTION prospect_milestones_refold(ws uuid, prospects uuid[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO prospect_milestones (workspace_id, prospect_id, entered, opportunity_at, won_at)
    SELECT ws, sc.prospect_id,
        string_agg(DISTINCT CAST(sc.to_stage_id AS text), ',' ORDER BY CAST(sc.to_stage_id AS text)),
        min(CASE WHEN st.phase IN ('opportunity', 'won', 'customer', 'churned') THEN sc.changed_at END),
        min(CASE WHEN st.phase IN ('won', 'customer', 'churned') THEN sc.changed_at END)
    FROM unnest(prospects) p
    JOIN stage_changes sc ON sc.workspace_id = ws AND sc.prospect_id = p
    JOIN stages st ON st.workspace_id = sc.workspace_id AND st.id = sc.to_stage_id
    GROUP BY sc.prospect_id
    ON CONFLICT (workspace_id, prospect_id) DO UPDATE SET entered = EXCLUDED.entered,
        opportunity_at = EXCLUDED.opportunity_at, won_at = EXCLUDED.won_at;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION prospect_milestones_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT n.workspace_id, array_agg(DISTINCT n.prospect_id) AS prospects FROM new_rows n GROUP BY n.workspace_id
    LOOP
        PERFORM prospect_milestones_refold(r.workspace_id, r.prospects);
    END LOOP;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER prospect_milestones_insert AFTER INSERT ON stage_changes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prospect_milestones_changed();

-- The stage changes written before this migration.
SELECT prospect_milestones_refold(w.id, ARRAY(SELECT DISTINCT sc.prospect_id FROM stage_changes sc WHERE sc.workspace_id = w.id))
FROM workspaces w;
-- onefunnel: end postgres only

-- +goose Down
-- onefunnel: postgres only
DROP TRIGGER prospect_milestones_insert ON stage_changes;
DROP FUNCTION prospect_milestones_changed();
DROP FUNCTION prospect_milestones_refold(uuid, uuid[]);
DROP TABLE prospect_milestones;
-- onefunnel: end postgres only
