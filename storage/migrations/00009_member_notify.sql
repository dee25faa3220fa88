-- +goose Up
-- Every change to a member row is announced on the channel onefunnel_members
-- as "workspace/member", whichever code, person or cascade makes it. Each
-- replica listens and drops the member from its cache of the rows that
-- authentication reads (storage/member_cache.go), so a removed or demoted
-- member loses their powers on every replica as the change commits. SQLite
-- has no cache and no trigger.
-- onefunnel: postgres only
-- +goose StatementBegin
CREATE FUNCTION members_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('onefunnel_members', OLD.workspace_id::text || '/' || OLD.id::text);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER members_changed AFTER UPDATE OR DELETE ON members
    FOR EACH ROW EXECUTE FUNCTION members_changed();
-- onefunnel: end postgres only

-- +goose Down
-- onefunnel: postgres only
DROP TRIGGER members_changed ON members;
DROP FUNCTION members_changed();
-- onefunnel: end postgres only
