-- Sharing Ledger: grants on the subject directory, data keys and profiles,
-- applied by `sharing-ledger db init` after it creates them.
--
-- These tables are not evidence: disposal deletes from them (that is the
-- point of crypto-shredding), so the service may insert, update and delete.
-- No reader or auditor role may see them: they link people to references.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['subject_directory', 'subject_keys', 'subject_profiles',
                             'subject_tombstones', 'subject_generation']
    LOOP
        IF to_regclass(t) IS NOT NULL THEN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sharing_ledger_writer', t);
            EXECUTE format('REVOKE ALL ON %I FROM sharing_ledger_reader, sharing_ledger_auditor', t);
        END IF;
    END LOOP;
END
$$;
