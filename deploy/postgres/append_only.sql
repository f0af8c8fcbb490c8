-- Sharing Ledger: append-only rules for the entry and chain tables.
--
-- Applied by `sharing-ledger db init` (idempotent) in the ledger's schema,
-- which is first on search_path when this runs. PostgreSQL 14 or later.
--
-- What this does and does not do: these triggers refuse UPDATE, DELETE and
-- TRUNCATE from everyone, the owner included, so a mistaken statement or an
-- insider without superuser rights cannot change history. A superuser can
-- disable triggers (ALTER TABLE ... DISABLE TRIGGER, or
-- session_replication_role = replica) and rewrite rows; that is caught by the
-- hash chain (`sharing-ledger verify`) and, for a rewrite of the whole chain,
-- by signed checkpoints held outside the database.

CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Entries are never changed or removed; append a new entry instead.';
END
$$;

CREATE OR REPLACE TRIGGER ledger_events_append_only
    BEFORE UPDATE OR DELETE ON ledger_events
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE OR REPLACE TRIGGER ledger_events_no_truncate
    BEFORE TRUNCATE ON ledger_events
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE OR REPLACE TRIGGER ledger_chain_append_only
    BEFORE UPDATE OR DELETE ON ledger_chain
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE OR REPLACE TRIGGER ledger_chain_no_truncate
    BEFORE TRUNCATE ON ledger_chain
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE OR REPLACE TRIGGER ledger_merkle_append_only
    BEFORE UPDATE OR DELETE ON ledger_merkle
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE OR REPLACE TRIGGER ledger_merkle_no_truncate
    BEFORE TRUNCATE ON ledger_merkle
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE OR REPLACE TRIGGER ledger_checkpoints_append_only
    BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE OR REPLACE TRIGGER ledger_checkpoints_no_truncate
    BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE OR REPLACE TRIGGER ledger_log_keys_append_only
    BEFORE UPDATE OR DELETE ON ledger_log_keys
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE OR REPLACE TRIGGER ledger_log_keys_no_truncate
    BEFORE TRUNCATE ON ledger_log_keys
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE OR REPLACE TRIGGER ledger_cosignatures_append_only
    BEFORE UPDATE OR DELETE ON ledger_cosignatures
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE OR REPLACE TRIGGER ledger_cosignatures_no_truncate
    BEFORE TRUNCATE ON ledger_cosignatures
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
