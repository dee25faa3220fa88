-- +goose Up
-- The device of the first touch, so funnels split mobile from desktop.
ALTER TABLE contacts ADD COLUMN first_touch_device_type text;
ALTER TABLE prospects ADD COLUMN first_touch_device_type text;

-- Outside metrics: time series a team imports (weekly share of voice,
-- mentions, ...) to correlate with pipeline created and revenue won. One
-- value per metric and period; a re-import replaces it.
CREATE TABLE metric_points (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    metric text NOT NULL,
    period_start date NOT NULL,
    value double precision NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, metric, period_start)
);

-- Reports read prospects by when they opened and closed, and stage changes
-- by when they happened.
CREATE INDEX prospects_created_idx ON prospects (workspace_id, created_at, id);
CREATE INDEX prospects_closed_idx ON prospects (workspace_id, closed_at, id);
CREATE INDEX stage_changes_changed_idx ON stage_changes (workspace_id, changed_at, id);

-- +goose Down
DROP INDEX stage_changes_changed_idx;
DROP INDEX prospects_closed_idx;
DROP INDEX prospects_created_idx;
DROP TABLE metric_points;
ALTER TABLE prospects DROP COLUMN first_touch_device_type;
ALTER TABLE contacts DROP COLUMN first_touch_device_type;
