-- +goose Up
-- Campaigns: utm_campaign is the key touchpoints link by, stored trimmed and
-- lower-cased (marketing.CampaignKey), unique in the workspace.
CREATE TABLE campaigns (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    name text NOT NULL,
    channel text NOT NULL,
    utm_campaign text NOT NULL,
    starts_on date,
    ends_on date,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, utm_campaign)
);
CREATE INDEX campaigns_name_idx ON campaigns (workspace_id, lower(name), id);
CREATE INDEX campaigns_updated_idx ON campaigns (workspace_id, updated_at, id);

-- Spend per period, both days included. The service keeps a campaign's
-- periods from overlapping (checked with the campaign row locked); the
-- checks below only stop a bug from storing nonsense.
CREATE TABLE campaign_spend (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    campaign_id uuid NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    amount bigint NOT NULL,
    currency text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, campaign_id) REFERENCES campaigns (workspace_id, id) ON DELETE CASCADE,
    CHECK (period_end >= period_start),
    CHECK (amount >= 0)
);
CREATE INDEX campaign_spend_campaign_idx ON campaign_spend (workspace_id, campaign_id, period_start, id);

-- Touchpoints: interactions that can earn attribution credit. Tracking writes
-- sessions with the visitor, session, event, page and device; the API records
-- offline and imported ones against a contact or an account. source, medium
-- and campaign are lower-cased; campaign_id is set when campaign matches a
-- campaign's utm_campaign. Deleting a contact, account or campaign unlinks
-- (the stores set the column to NULL first), it does not delete history.
CREATE TABLE touchpoints (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    type text NOT NULL,
    channel text NOT NULL,
    source text NOT NULL DEFAULT '',
    medium text NOT NULL DEFAULT '',
    campaign text NOT NULL DEFAULT '',
    campaign_id uuid,
    content text NOT NULL DEFAULT '',
    term text NOT NULL DEFAULT '',
    occurred_at timestamptz NOT NULL,
    contact_id uuid,
    account_id uuid,
    anonymous_id text NOT NULL DEFAULT '',
    session_id uuid,
    event_id uuid,
    landing_page text NOT NULL DEFAULT '',
    referrer text NOT NULL DEFAULT '',
    device_type text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id),
    FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id),
    FOREIGN KEY (workspace_id, campaign_id) REFERENCES campaigns (workspace_id, id)
);
-- Timelines and journeys read a contact's or an account's touches in time order.
CREATE INDEX touchpoints_contact_idx ON touchpoints (workspace_id, contact_id, occurred_at, id);
CREATE INDEX touchpoints_account_idx ON touchpoints (workspace_id, account_id, occurred_at, id);
-- Lists and reports over a time range.
CREATE INDEX touchpoints_occurred_idx ON touchpoints (workspace_id, occurred_at, id);
-- A campaign's touches, and relinking by key when a campaign is created or rekeyed.
CREATE INDEX touchpoints_campaign_idx ON touchpoints (workspace_id, campaign_id, occurred_at, id);
CREATE INDEX touchpoints_campaign_key_idx ON touchpoints (workspace_id, campaign);
-- Identity stitching back-links a visitor's touches to the contact it becomes.
CREATE INDEX touchpoints_anonymous_idx ON touchpoints (workspace_id, anonymous_id);

-- +goose Down
DROP TABLE touchpoints;
DROP TABLE campaign_spend;
DROP TABLE campaigns;
