-- Sharing Ledger: the database and its login roles, created once by a superuser (or a DBA)
-- BEFORE `sharing-ledger db init`. Not applied by `db init`; run it with psql, passing the
-- two passwords as psql variables on standard input (never on the command line), e.g.
--
--   { echo "\set owner_password '...'"; echo "\set app_password '...'";
--     echo "\i deploy/postgres/logins.sql"; } | psql -h db.internal -U postgres -d postgres
--
--   ledger_owner  owns the database and runs `db init` (tables, append-only rules,
--                 grants) and later migrations; the service never logs in as it.
--   ledger_app    the service's login: a member of sharing_ledger_writer, which may
--                 INSERT and SELECT the ledger and never UPDATE or DELETE it.
--
-- The group roles are created here too, so the owner needs no CREATEROLE (which in
-- PostgreSQL 15 would let it grant itself much more); roles.sql leaves existing ones alone.
-- deploy/local/up.sh and the container's first start (deploy/container/initdb/) use it.
\set ON_ERROR_STOP on

CREATE ROLE ledger_owner LOGIN PASSWORD :'owner_password';
CREATE DATABASE ledger OWNER ledger_owner;
CREATE ROLE sharing_ledger_writer NOLOGIN;
CREATE ROLE sharing_ledger_reader NOLOGIN;
CREATE ROLE sharing_ledger_auditor NOLOGIN;
CREATE ROLE ledger_app LOGIN PASSWORD :'app_password' IN ROLE sharing_ledger_writer;
