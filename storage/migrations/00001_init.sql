-- +goose Up
-- One schema for both databases, written for PostgreSQL; storage.sqliteSQL maps
-- the few type names SQLite spells differently. Every table carries
-- workspace_id and every unique index includes it (ready for sharding by it).

CREATE TABLE workspaces (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE members (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, email)
);
CREATE INDEX members_email_idx ON members (email);

CREATE TABLE invites (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    email text NOT NULL,
    role text NOT NULL,
    token_hash text NOT NULL,
    invited_by_id uuid,
    expires_at timestamptz NOT NULL,
    accepted_at timestamptz,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, token_hash)
);
CREATE INDEX invites_token_hash_idx ON invites (token_hash);

CREATE TABLE refresh_tokens (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    member_id uuid NOT NULL,
    family_id uuid NOT NULL,
    token_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, token_hash),
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_hash_idx ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (workspace_id, family_id);
CREATE INDEX refresh_tokens_member_idx ON refresh_tokens (workspace_id, member_id);

CREATE TABLE api_keys (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    name text NOT NULL,
    scope text NOT NULL,
    prefix text NOT NULL,
    key_hash text NOT NULL,
    created_by_id uuid,
    created_at timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at timestamptz,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, key_hash)
);
CREATE INDEX api_keys_hash_idx ON api_keys (key_hash);

-- Saved responses for Idempotency-Key (Stripe semantics), per caller.
CREATE TABLE idempotency_keys (
    workspace_id uuid NOT NULL,
    principal_id uuid NOT NULL,
    key text NOT NULL,
    method text NOT NULL,
    path text NOT NULL,
    request_hash text NOT NULL,
    status integer NOT NULL DEFAULT 0,
    location text NOT NULL DEFAULT '',
    content_type text NOT NULL DEFAULT '',
    body bytea,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, principal_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

CREATE TABLE stages (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    name text NOT NULL,
    phase text NOT NULL,
    position integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

CREATE TABLE accounts (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    name text NOT NULL,
    domain text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, domain)
);
CREATE INDEX accounts_name_idx ON accounts (workspace_id, lower(name), id);
CREATE INDEX accounts_updated_idx ON accounts (workspace_id, updated_at, id);

CREATE TABLE contacts (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    email text,
    first_name text NOT NULL DEFAULT '',
    last_name text NOT NULL DEFAULT '',
    phone text,
    job_title text,
    account_id uuid,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, email),
    FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id)
);
CREATE INDEX contacts_account_idx ON contacts (workspace_id, account_id, id);
CREATE INDEX contacts_last_name_idx ON contacts (workspace_id, last_name, id);
CREATE INDEX contacts_updated_idx ON contacts (workspace_id, updated_at, id);

CREATE TABLE prospects (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    title text NOT NULL,
    account_id uuid,
    owner_id uuid,
    stage_id uuid NOT NULL,
    amount bigint NOT NULL DEFAULT 0,
    currency text NOT NULL,
    expected_close_date date,
    status text NOT NULL,
    lost_reason text,
    stage_entered_at timestamptz NOT NULL,
    closed_at timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_id) REFERENCES members (workspace_id, id),
    FOREIGN KEY (workspace_id, stage_id) REFERENCES stages (workspace_id, id)
);
CREATE INDEX prospects_stage_idx ON prospects (workspace_id, stage_id, id);
CREATE INDEX prospects_account_idx ON prospects (workspace_id, account_id, id);
CREATE INDEX prospects_owner_idx ON prospects (workspace_id, owner_id, id);
CREATE INDEX prospects_updated_idx ON prospects (workspace_id, updated_at, id);

CREATE TABLE prospect_contacts (
    workspace_id uuid NOT NULL,
    prospect_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    role text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, prospect_id, contact_id),
    FOREIGN KEY (workspace_id, prospect_id) REFERENCES prospects (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX prospect_contacts_contact_idx ON prospect_contacts (workspace_id, contact_id);

-- Stage changes are append-only history; they leave only with their prospect.
CREATE TABLE stage_changes (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    prospect_id uuid NOT NULL,
    from_stage_id uuid,
    to_stage_id uuid NOT NULL,
    changed_at timestamptz NOT NULL,
    changed_by_kind text NOT NULL,
    changed_by_id uuid,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, prospect_id) REFERENCES prospects (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, from_stage_id) REFERENCES stages (workspace_id, id),
    FOREIGN KEY (workspace_id, to_stage_id) REFERENCES stages (workspace_id, id)
);
CREATE INDEX stage_changes_prospect_idx ON stage_changes (workspace_id, prospect_id, changed_at, id);
CREATE INDEX stage_changes_to_idx ON stage_changes (workspace_id, to_stage_id);
CREATE INDEX stage_changes_from_idx ON stage_changes (workspace_id, from_stage_id);

CREATE TABLE activities (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    type text NOT NULL,
    subject text NOT NULL DEFAULT '',
    body text NOT NULL DEFAULT '',
    occurred_at timestamptz NOT NULL,
    due_at timestamptz,
    done boolean NOT NULL DEFAULT false,
    done_at timestamptz,
    prospect_id uuid,
    contact_id uuid,
    account_id uuid,
    owner_id uuid,
    created_by_id uuid,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, prospect_id) REFERENCES prospects (workspace_id, id),
    FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id),
    FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_id) REFERENCES members (workspace_id, id)
);
CREATE INDEX activities_prospect_idx ON activities (workspace_id, prospect_id, occurred_at, id);
CREATE INDEX activities_contact_idx ON activities (workspace_id, contact_id, occurred_at, id);
CREATE INDEX activities_account_idx ON activities (workspace_id, account_id, occurred_at, id);
CREATE INDEX activities_owner_due_idx ON activities (workspace_id, owner_id, done, due_at);

-- +goose Down
DROP TABLE activities;
DROP TABLE stage_changes;
DROP TABLE prospect_contacts;
DROP TABLE prospects;
DROP TABLE contacts;
DROP TABLE accounts;
DROP TABLE stages;
DROP TABLE idempotency_keys;
DROP TABLE api_keys;
DROP TABLE refresh_tokens;
DROP TABLE invites;
DROP TABLE members;
DROP TABLE workspaces;
