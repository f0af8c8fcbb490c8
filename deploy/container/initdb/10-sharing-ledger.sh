#!/usr/bin/env bash
# Run once by the postgres image on its first start (/docker-entrypoint-initdb.d):
# the ledger database and its login roles, from deploy/postgres/logins.sql (mounted
# at /sharing-ledger/logins.sql by compose.yaml). `db init` then runs as ledger_owner.
set -euo pipefail
: "${LEDGER_OWNER_PASSWORD:?set LEDGER_OWNER_PASSWORD}"
: "${LEDGER_APP_PASSWORD:?set LEDGER_APP_PASSWORD}"
quote="'"
{
    # psql quoting: a quote inside a quoted value is doubled.
    printf "\\\\set owner_password '%s'\n" "${LEDGER_OWNER_PASSWORD//$quote/$quote$quote}"
    printf "\\\\set app_password '%s'\n" "${LEDGER_APP_PASSWORD//$quote/$quote$quote}"
    echo '\i /sharing-ledger/logins.sql'
} | psql --no-psqlrc --username "$POSTGRES_USER" --dbname postgres
