-- Sharing Ledger: grants on the read-model tables (rm_*), applied by
-- `sharing-ledger db init` after it creates them, in the ledger's schema.
--
-- Read models are not evidence: they are rebuilt from the ledger at will, so
-- the service (writer) may insert, update and delete their rows. Readers may
-- select them; the auditor role sees only the ledger itself.

DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables
             WHERE schemaname = current_schema() AND tablename LIKE 'rm\_%'
    LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sharing_ledger_writer', t);
        EXECUTE format('GRANT SELECT ON %I TO sharing_ledger_reader', t);
    END LOOP;
END
$$;

-- API principals: the service creates keys and revokes them (UPDATE), never
-- deletes one; readers never see the hashes.
DO $$
BEGIN
    IF to_regclass('api_principals') IS NOT NULL THEN
        GRANT SELECT, INSERT, UPDATE ON api_principals TO sharing_ledger_writer;
    END IF;
END
$$;

-- Console sign-in sessions and verification runs (not evidence): every server process
-- reads them; sessions are ended (DELETE) by whichever process signs one out.
DO $$
BEGIN
    IF to_regclass('console_sessions') IS NOT NULL THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON console_sessions TO sharing_ledger_writer;
    END IF;
    IF to_regclass('console_verifications') IS NOT NULL THEN
        GRANT SELECT, INSERT, UPDATE ON console_verifications TO sharing_ledger_writer;
    END IF;
END
$$;
