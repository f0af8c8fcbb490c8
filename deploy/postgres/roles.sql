-- Sharing Ledger: group roles and grants. Applied by `sharing-ledger db init`
-- (idempotent) in the ledger's schema, which is first on search_path.
--
--   sharing_ledger_writer   INSERT and SELECT on entries, chain, Merkle nodes and
--                           checkpoints, nothing else:
--                           the service's login role should be a member of it.
--   sharing_ledger_reader   SELECT only: reports, replicas' clients.
--   sharing_ledger_auditor  SELECT only: verification by an auditor.
--
-- The tables' owner is the role that ran `db init`; keep it for migrations
-- and do not give it to the service. Roles are cluster-wide: create login
-- roles and grant these to them, e.g.
--   CREATE ROLE ledger_app LOGIN PASSWORD '...' IN ROLE sharing_ledger_writer;

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['sharing_ledger_writer', 'sharing_ledger_reader',
                             'sharing_ledger_auditor'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another `db init` created it at the same moment
            END;
        END IF;
    END LOOP;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO sharing_ledger_writer, '
                   'sharing_ledger_reader, sharing_ledger_auditor', current_schema());
END
$$;

REVOKE ALL ON ledger_events, ledger_chain, ledger_merkle, ledger_meta,
        ledger_checkpoints, ledger_log_keys, ledger_cosignatures
    FROM sharing_ledger_writer, sharing_ledger_reader, sharing_ledger_auditor;
GRANT SELECT, INSERT ON ledger_events, ledger_chain, ledger_merkle,
        ledger_checkpoints, ledger_log_keys, ledger_cosignatures
    TO sharing_ledger_writer;
GRANT USAGE, SELECT ON SEQUENCE ledger_events_notification_id_seq TO sharing_ledger_writer;
-- Idempotency keys are not evidence; the service may also prune old ones.
GRANT SELECT, INSERT, DELETE ON ledger_idempotency TO sharing_ledger_writer;
GRANT SELECT ON ledger_events, ledger_chain, ledger_merkle, ledger_meta,
        ledger_checkpoints, ledger_log_keys, ledger_cosignatures
    TO sharing_ledger_writer, sharing_ledger_reader, sharing_ledger_auditor;
