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

-- Entries, their chain, the Merkle tree over them, and the checkpoints,
-- keys and cosignatures issued for them: all evidence, all append-only.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ledger_events', 'ledger_chain', 'ledger_merkle',
                             'ledger_checkpoints', 'ledger_log_keys', 'ledger_cosignatures']
    LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()',
                       t || '_append_only', t);
        EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()',
                       t || '_no_truncate', t);
    END LOOP;
END
$$;
