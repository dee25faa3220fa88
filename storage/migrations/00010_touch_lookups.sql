-- +goose Up
-- A touch path's refold looks up each owner's touches. Its plan is cached
-- (plpgsql), and the cached plan for an account's own touches scanned every
-- touch without a contact in the workspace (the anonymous ones too) and
-- filtered by account: 17 ms for each newly identified contact at 20,000
-- touches, growing with the table. The lookups are now one index probe per
-- owner whatever the plan cache decides (a LATERAL subquery fenced with
-- OFFSET 0), and the index of accounts' own touches no longer holds the
-- anonymous touches, which have no account: every anonymous touch written
-- updated it for nothing.
DROP INDEX touchpoints_account_only_idx;
CREATE INDEX touchpoints_account_only_idx ON touchpoints (workspace_id, account_id, occurred_at)
    WHERE contact_id IS NULL AND account_id IS NOT NULL;
-- Likewise the indexes that look touches up by contact, account or campaign
-- hold only the touches that have one: every lookup names one (and an
-- equality implies IS NOT NULL to both planners), while most touches are
-- written anonymous, and each of these indexes took an entry for nothing.
DROP INDEX touchpoints_contact_idx;
CREATE INDEX touchpoints_contact_idx ON touchpoints (workspace_id, contact_id, occurred_at, id) WHERE contact_id IS NOT NULL;
DROP INDEX touchpoints_account_idx;
CREATE INDEX touchpoints_account_idx ON touchpoints (workspace_id, account_id, occurred_at, id) WHERE account_id IS NOT NULL;
DROP INDEX touchpoints_campaign_idx;
CREATE INDEX touchpoints_campaign_idx ON touchpoints (workspace_id, campaign_id, occurred_at, id) WHERE campaign_id IS NOT NULL;
DROP INDEX touchpoints_journey_idx;
CREATE INDEX touchpoints_journey_idx ON touchpoints (workspace_id, contact_id, occurred_at) INCLUDE (id, type, channel, source, medium, campaign)
    WHERE contact_id IS NOT NULL;
-- onefunnel: postgres only
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION touch_path_refold(ws uuid, owners uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Writers of the same owner's touches take turns here, so the fold below
    -- (a new snapshot, taken after the wait) sees the other's rows. Owners
    -- hash to one of 256 locks, in order, so a bulk write of a million
    -- touches takes 256 locks at most and two writers cannot deadlock.
    PERFORM pg_advisory_xact_lock(70007, k) FROM (
        SELECT DISTINCT CAST(abs(hashtextextended(CAST(o AS text), 0) % 256) AS int) AS k FROM unnest(owners) o ORDER BY 1) s;
    INSERT INTO touch_paths (workspace_id, owner_id, owner_kind, last_at, times, types, channels, sources, mediums, campaigns)
    SELECT ws, f.owner_id, min(f.owner_kind), max(f.occurred_at),
        string_agg(CAST(CAST(EXTRACT(epoch FROM f.occurred_at) * 1000000 AS bigint) AS text), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.type, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.channel, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.source, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.medium, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.campaign, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id)
    FROM (
        SELECT o AS owner_id, 'contact' AS owner_kind, t.occurred_at, t.id, t.type, t.channel, t.source, t.medium, t.campaign
        FROM unnest(owners) o CROSS JOIN LATERAL (
            SELECT t.occurred_at, t.id, t.type, t.channel, t.source, t.medium, t.campaign FROM touchpoints t WHERE t.workspace_id = ws AND t.contact_id = o OFFSET 0) t
        UNION ALL
        SELECT o, 'account', t.occurred_at, t.id, t.type, t.channel, t.source, t.medium, t.campaign
        FROM unnest(owners) o CROSS JOIN LATERAL (
            SELECT t.occurred_at, t.id, t.type, t.channel, t.source, t.medium, t.campaign FROM touchpoints t WHERE t.workspace_id = ws AND t.account_id = o AND t.contact_id IS NULL OFFSET 0) t
    ) f
    GROUP BY f.owner_id
    ON CONFLICT (workspace_id, owner_id) DO UPDATE SET last_at = EXCLUDED.last_at, times = EXCLUDED.times, types = EXCLUDED.types,
        channels = EXCLUDED.channels, sources = EXCLUDED.sources, mediums = EXCLUDED.mediums, campaigns = EXCLUDED.campaigns;
    DELETE FROM touch_paths tp USING unnest(owners) o
    WHERE tp.workspace_id = ws AND tp.owner_id = o
    AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.workspace_id = ws AND t.contact_id = o)
    AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.workspace_id = ws AND t.account_id = o AND t.contact_id IS NULL);
END $$;
-- +goose StatementEnd
-- onefunnel: end postgres only

-- +goose Down
DROP INDEX touchpoints_journey_idx;
CREATE INDEX touchpoints_journey_idx ON touchpoints (workspace_id, contact_id, occurred_at) INCLUDE (id, type, channel, source, medium, campaign);
DROP INDEX touchpoints_campaign_idx;
CREATE INDEX touchpoints_campaign_idx ON touchpoints (workspace_id, campaign_id, occurred_at, id);
DROP INDEX touchpoints_account_idx;
CREATE INDEX touchpoints_account_idx ON touchpoints (workspace_id, account_id, occurred_at, id);
DROP INDEX touchpoints_contact_idx;
CREATE INDEX touchpoints_contact_idx ON touchpoints (workspace_id, contact_id, occurred_at, id);
DROP INDEX touchpoints_account_only_idx;
CREATE INDEX touchpoints_account_only_idx ON touchpoints (workspace_id, account_id, occurred_at) WHERE contact_id IS NULL;
-- onefunnel: postgres only
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION touch_path_refold(ws uuid, owners uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Writers of the same owner's touches take turns here, so the fold below
    -- (a new snapshot, taken after the wait) sees the other's rows. Owners
    -- hash to one of 256 locks, in order, so a bulk write of a million
    -- touches takes 256 locks at most and two writers cannot deadlock.
    PERFORM pg_advisory_xact_lock(70007, k) FROM (
        SELECT DISTINCT CAST(abs(hashtextextended(CAST(o AS text), 0) % 256) AS int) AS k FROM unnest(owners) o ORDER BY 1) s;
    INSERT INTO touch_paths (workspace_id, owner_id, owner_kind, last_at, times, types, channels, sources, mediums, campaigns)
    SELECT ws, f.owner_id, min(f.owner_kind), max(f.occurred_at),
        string_agg(CAST(CAST(EXTRACT(epoch FROM f.occurred_at) * 1000000 AS bigint) AS text), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.type, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.channel, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.source, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.medium, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id),
        string_agg(translate(f.campaign, chr(30), ''), chr(30) ORDER BY f.occurred_at, f.id)
    FROM (
        SELECT o AS owner_id, 'contact' AS owner_kind, t.occurred_at, t.id, t.type, t.channel, t.source, t.medium, t.campaign
        FROM unnest(owners) o JOIN touchpoints t ON t.workspace_id = ws AND t.contact_id = o
        UNION ALL
        SELECT o, 'account', t.occurred_at, t.id, t.type, t.channel, t.source, t.medium, t.campaign
        FROM unnest(owners) o JOIN touchpoints t ON t.workspace_id = ws AND t.account_id = o AND t.contact_id IS NULL
    ) f
    GROUP BY f.owner_id
    ON CONFLICT (workspace_id, owner_id) DO UPDATE SET last_at = EXCLUDED.last_at, times = EXCLUDED.times, types = EXCLUDED.types,
        channels = EXCLUDED.channels, sources = EXCLUDED.sources, mediums = EXCLUDED.mediums, campaigns = EXCLUDED.campaigns;
    DELETE FROM touch_paths tp USING unnest(owners) o
    WHERE tp.workspace_id = ws AND tp.owner_id = o
    AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.workspace_id = ws AND t.contact_id = o)
    AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.workspace_id = ws AND t.account_id = o AND t.contact_id IS NULL);
END $$;
-- +goose StatementEnd
-- onefunnel: end postgres only
