-- +goose Up
-- touchpoints_campaign_key_idx serves one lookup: when a campaign is created
-- or given another utm_campaign key, the touchpoints tagged with that key are
-- linked to it (Campaigns.LinkTouchpoints). A key is never empty, yet every
-- touchpoint without a campaign (direct, organic, referral traffic: most of
-- them) wrote an entry here, about 3 us a row on PostgreSQL: processing new
-- visitors' events took 5% less time without them (docs/benchmarks.md, ninth
-- session). The lookup names campaign <> '' so the planner can use the
-- partial index, as with 00010's. On SQLite the same change made processing
-- slower in that benchmark, for a reason not found, so SQLite keeps the full
-- index (the extra term does not stop it from using it).
-- onefunnel: postgres only
DROP INDEX touchpoints_campaign_key_idx;
CREATE INDEX touchpoints_campaign_key_idx ON touchpoints (workspace_id, campaign) WHERE campaign <> '';
-- onefunnel: end postgres only

-- +goose Down
-- onefunnel: postgres only
DROP INDEX touchpoints_campaign_key_idx;
CREATE INDEX touchpoints_campaign_key_idx ON touchpoints (workspace_id, campaign);
-- onefunnel: end postgres only
