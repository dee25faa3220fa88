-- +goose Up
-- Touch paths: each contact's touches (and each account's own, those with no
-- contact) folded in time order, kept by PostgreSQL itself as touchpoints
-- change, so an attribution report reads a row per contact instead of a row
-- per touch. Each column is one field of every touch in order, separated by
-- chr(30) (stripped from the values): the time in microseconds since the
-- epoch, then type, channel, source, medium and campaign; a report reads
-- the times and the one field it groups by. Anonymous touches (no contact,
-- no account) belong to no path until their visitor is identified and they
-- move to the contact. SQLite reads touches row by row and has neither the
-- table nor its trigger.
-- onefunnel: postgres only
CREATE TABLE touch_paths (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    owner_id uuid NOT NULL, -- a contact, or an account for its own touches
    owner_kind text NOT NULL, -- contact or account
    times text NOT NULL,
    types text NOT NULL,
    channels text NOT NULL,
    sources text NOT NULL,
    mediums text NOT NULL,
    campaigns text NOT NULL,
    last_at timestamptz NOT NULL, -- the last touch's time: later touches are appended
    PRIMARY KEY (workspace_id, owner_id)
);
-- Few accounts have touches of their own: a journey finds its account's
-- path in this small index rather than probing every account in the big one.
CREATE INDEX touch_paths_account_idx ON touch_paths (workspace_id, owner_id) WHERE owner_kind = 'account';

-- touch_path_refold folds the touches of the given owners again.
-- +goose StatementBegin
CREATE FUNCTION touch_path_refold(ws uuid, owners uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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

-- The trigger refolds the owners whose touches a statement changed: an
-- update that leaves every folded field and the owner alone changes none.
-- +goose StatementBegin
CREATE FUNCTION touch_paths_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Tracking writes touches as they happen: when all of an owner's new
        -- touches come after its path's last one, they are appended to it;
        -- the other owners (no path yet, or a touch from the past) are
        -- folded again. The owners' locks come first, as in the refold.
        PERFORM pg_advisory_xact_lock(70007, k) FROM (
            SELECT DISTINCT CAST(abs(hashtextextended(CAST(COALESCE(n.contact_id, n.account_id) AS text), 0) % 256) AS int) AS k
            FROM new_rows n WHERE COALESCE(n.contact_id, n.account_id) IS NOT NULL ORDER BY 1) s;
        FOR r IN
            WITH a AS (
                SELECT n.workspace_id, COALESCE(n.contact_id, n.account_id) AS owner_id, min(n.occurred_at) AS first_at, max(n.occurred_at) AS last_at,
                    string_agg(CAST(CAST(EXTRACT(epoch FROM n.occurred_at) * 1000000 AS bigint) AS text), chr(30) ORDER BY n.occurred_at, n.id) AS times,
                    string_agg(translate(n.type, chr(30), ''), chr(30) ORDER BY n.occurred_at, n.id) AS types,
                    string_agg(translate(n.channel, chr(30), ''), chr(30) ORDER BY n.occurred_at, n.id) AS channels,
                    string_agg(translate(n.source, chr(30), ''), chr(30) ORDER BY n.occurred_at, n.id) AS sources,
                    string_agg(translate(n.medium, chr(30), ''), chr(30) ORDER BY n.occurred_at, n.id) AS mediums,
                    string_agg(translate(n.campaign, chr(30), ''), chr(30) ORDER BY n.occurred_at, n.id) AS campaigns
                FROM new_rows n WHERE COALESCE(n.contact_id, n.account_id) IS NOT NULL
                GROUP BY n.workspace_id, COALESCE(n.contact_id, n.account_id)),
            appended AS (
                UPDATE touch_paths tp SET last_at = a.last_at, times = tp.times || chr(30) || a.times, types = tp.types || chr(30) || a.types,
                    channels = tp.channels || chr(30) || a.channels, sources = tp.sources || chr(30) || a.sources,
                    mediums = tp.mediums || chr(30) || a.mediums, campaigns = tp.campaigns || chr(30) || a.campaigns
                FROM a WHERE tp.workspace_id = a.workspace_id AND tp.owner_id = a.owner_id AND a.first_at > tp.last_at
                RETURNING tp.workspace_id, tp.owner_id)
            SELECT a.workspace_id, array_agg(a.owner_id) AS owners FROM a
            WHERE NOT EXISTS (SELECT 1 FROM appended d WHERE d.workspace_id = a.workspace_id AND d.owner_id = a.owner_id)
            GROUP BY a.workspace_id
        LOOP
            PERFORM touch_path_refold(r.workspace_id, r.owners);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR r IN SELECT o.workspace_id, array_agg(DISTINCT COALESCE(o.contact_id, o.account_id)) AS owners
            FROM old_rows o WHERE COALESCE(o.contact_id, o.account_id) IS NOT NULL GROUP BY o.workspace_id
        LOOP
            PERFORM touch_path_refold(r.workspace_id, r.owners);
        END LOOP;
    ELSE
        FOR r IN
            WITH n AS (SELECT workspace_id, id, contact_id, account_id, occurred_at, type, channel, source, medium, campaign FROM new_rows),
            o AS (SELECT workspace_id, id, contact_id, account_id, occurred_at, type, channel, source, medium, campaign FROM old_rows),
            d AS ((SELECT * FROM n EXCEPT ALL SELECT * FROM o) UNION ALL (SELECT * FROM o EXCEPT ALL SELECT * FROM n))
            SELECT d.workspace_id, array_agg(DISTINCT COALESCE(d.contact_id, d.account_id)) AS owners
            FROM d WHERE COALESCE(d.contact_id, d.account_id) IS NOT NULL GROUP BY d.workspace_id
        LOOP
            PERFORM touch_path_refold(r.workspace_id, r.owners);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER touch_paths_insert AFTER INSERT ON touchpoints
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_paths_changed();
CREATE TRIGGER touch_paths_update AFTER UPDATE ON touchpoints
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_paths_changed();
CREATE TRIGGER touch_paths_delete AFTER DELETE ON touchpoints
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touch_paths_changed();

-- The touchpoints written before this migration.
SELECT touch_path_refold(w.id, ARRAY(
    SELECT DISTINCT COALESCE(t.contact_id, t.account_id) FROM touchpoints t
    WHERE t.workspace_id = w.id AND COALESCE(t.contact_id, t.account_id) IS NOT NULL))
FROM workspaces w;
-- onefunnel: end postgres only

-- +goose Down
-- onefunnel: postgres only
DROP TRIGGER touch_paths_delete ON touchpoints;
DROP TRIGGER touch_paths_update ON touchpoints;
DROP TRIGGER touch_paths_insert ON touchpoints;
DROP FUNCTION touch_paths_changed();
DROP FUNCTION touch_path_refold(uuid, uuid[]);
DROP TABLE touch_paths;
-- onefunnel: end postgres only
