-- +goose Up
-- Prospect milestones (crm.Milestones): what a prospect's stage changes add
-- up to, kept on the prospect as each change is recorded, so reports read a
-- row per prospect instead of aggregating every stage change: the stages it
-- ever entered (ids sorted, comma-separated), and its first entries into an
-- opportunity-or-later and a won-or-later phase.
ALTER TABLE prospects ADD COLUMN entered_stages text NOT NULL DEFAULT '';
ALTER TABLE prospects ADD COLUMN opportunity_at timestamptz;
ALTER TABLE prospects ADD COLUMN won_at timestamptz;

-- The prospects moved before this migration: one pass over the stage
-- changes on PostgreSQL; SQLite finds each prospect's by index.
-- onefunnel: postgres only
UPDATE prospects p SET entered_stages = m.entered, opportunity_at = m.opp_at, won_at = m.won_at
FROM (
    SELECT sc.workspace_id, sc.prospect_id,
        string_agg(DISTINCT CAST(sc.to_stage_id AS text) COLLATE "C", ',' ORDER BY CAST(sc.to_stage_id AS text) COLLATE "C") AS entered,
        min(CASE WHEN st.phase IN ('opportunity', 'won', 'customer', 'churned') THEN sc.changed_at END) AS opp_at,
        min(CASE WHEN st.phase IN ('won', 'customer', 'churned') THEN sc.changed_at END) AS won_at
    FROM stage_changes sc JOIN stages st ON st.workspace_id = sc.workspace_id AND st.id = sc.to_stage_id
    GROUP BY sc.workspace_id, sc.prospect_id
) m
WHERE p.workspace_id = m.workspace_id AND p.id = m.prospect_id;
-- onefunnel: end postgres only
-- onefunnel: sqlite only
UPDATE prospects SET
    entered_stages = COALESCE((SELECT group_concat(x.id, ',') FROM (
        SELECT DISTINCT sc.to_stage_id AS id FROM stage_changes sc
        WHERE sc.workspace_id = prospects.workspace_id AND sc.prospect_id = prospects.id ORDER BY 1) x), ''),
    opportunity_at = (SELECT min(sc.changed_at) FROM stage_changes sc JOIN stages st ON st.workspace_id = sc.workspace_id AND st.id = sc.to_stage_id
        WHERE sc.workspace_id = prospects.workspace_id AND sc.prospect_id = prospects.id AND st.phase IN ('opportunity', 'won', 'customer', 'churned')),
    won_at = (SELECT min(sc.changed_at) FROM stage_changes sc JOIN stages st ON st.workspace_id = sc.workspace_id AND st.id = sc.to_stage_id
        WHERE sc.workspace_id = prospects.workspace_id AND sc.prospect_id = prospects.id AND st.phase IN ('won', 'customer', 'churned'));
-- onefunnel: end sqlite only

-- +goose Down
ALTER TABLE prospects DROP COLUMN won_at;
ALTER TABLE prospects DROP COLUMN opportunity_at;
ALTER TABLE prospects DROP COLUMN entered_stages;
