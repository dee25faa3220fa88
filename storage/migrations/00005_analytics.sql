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
-- Attribution journeys read a contact's touches in time order with the
-- fields they are grouped by: carried in the index, so the heap is not read
-- for each of a million touches.
CREATE INDEX touchpoints_journey_idx ON touchpoints (workspace_id, contact_id, occurred_at) INCLUDE (id, type, channel, source, medium, campaign);
-- Attribution journeys take an account's own touches (those with no contact);
-- the contacts' touches come through touchpoints_contact_idx.
CREATE INDEX touchpoints_account_only_idx ON touchpoints (workspace_id, account_id, occurred_at) WHERE contact_id IS NULL;

-- +goose Down
DROP INDEX touchpoints_account_only_idx;
DROP INDEX touchpoints_journey_idx;
DROP INDEX stage_changes_changed_idx;
DROP INDEX prospects_closed_idx;
DROP INDEX prospects_created_idx;
DROP TABLE metric_points;
ALTER TABLE prospects DROP COLUMN first_touch_device_type;
ALTER TABLE contacts DROP COLUMN first_touch_device_type;
