#!/usr/bin/env bash
# A logical backup of the ledger's database, readable by its owner alone.
#
#   deploy/backup.sh OUT_DIR [DATABASE_URL]
#
# Writes OUT_DIR/ledger-<UTC date and time>.dump (pg_dump --format=custom) and prints
# its path. The ledger is personal data (pseudonymous references, sealed text, the
# subject directory's tables): the dump is created mode 0600, in OUT_DIR (created mode
# 0700 if missing), never world-readable even for a moment. DATABASE_URL: any role that
# can read every table, e.g. the owner; default: LEDGER_BACKUP_URL, else libpq's PG*
# settings (deploy/local's env file sets them). Restore and prove it with
# `sharing-ledger verify --against` (docs/operations.md, Backups that verify).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ "${1#-}" != "$1" ]; then
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
    exit 2
fi
out_dir=$1
url=${2:-${LEDGER_BACKUP_URL:-}}
pg_dump=pg_dump
[ -z "${PG_BIN:-}" ] || pg_dump="$PG_BIN/pg_dump"
if ! command -v "$pg_dump" >/dev/null 2>&1; then
    echo "backup.sh: pg_dump not found; install the PostgreSQL client or set PG_BIN" >&2
    exit 2
fi

umask 077
mkdir -p "$out_dir"
file="$out_dir/ledger-$(date -u +%Y-%m-%dT%H%M%SZ).dump"
if [ -e "$file" ]; then
    echo "backup.sh: $file exists already; not overwriting it" >&2
    exit 2
fi
args=(--format=custom --no-password --file="$file")
if [ -n "$url" ]; then
    args+=(--dbname="$url")
fi
if ! "$pg_dump" "${args[@]}"; then
    rm -f "$file"
    echo "backup.sh: pg_dump failed; no backup written" >&2
    exit 1
fi
chmod 0600 "$file"
echo "$file"
