#!/usr/bin/env bash
# Bring up a real PostgreSQL cluster and the whole service against it, in a directory of its own.
#
#   deploy/local/up.sh [--replica] [--pg-port N] [--http-port N] [--replica-port N] DIR
#
# 1. initdb a cluster (scram-sha-256, generated passwords, listening on 127.0.0.1 only,
#    on the port given or a free one, no Unix socket) and start it with pg_ctl;
# 2. a database `ledger` owned by `ledger_owner`, which runs `sharing-ledger db init`;
# 3. the service's login role `ledger_app`, a member of sharing_ledger_writer (INSERT and
#    SELECT on the ledger, never UPDATE or DELETE) -- the service never runs as the owner;
# 4. the council registered as the ledger's local authority (SL_COUNCIL, default
#    local-council; SL_COUNCIL_NAME, default "Local Council"), API keys (admin, source
#    system, DPO, auditor) and a checkpoint signing key;
# 5. `sharing-ledger serve --projections worker` and `sharing-ledger projections run`;
# 6. with --replica, a hot standby streaming from the cluster (pg_basebackup -R) on
#    another port, for reports and verification (deploy/local/replica-status.sh).
#
# Ports: --pg-port, --http-port, --replica-port, or SL_PG_PORT, SL_HTTP_PORT,
# SL_REPLICA_PORT; any not given is a free one. A port already taken is refused.
#
# Everything is written to DIR: DIR/env (source it: URLs, keys, ports, pids, PATH with
# sharing-ledger, and PGHOST/PGPORT/PGUSER/PGDATABASE so psql, createdb and pg_dump
# reach this cluster), DIR/log/, DIR/secrets/ (mode 0700). deploy/local/down.sh DIR stops
# it all and removes DIR.
#
# SHARING_LEDGER: the command to run (default: the checkout's .venv/bin/sharing-ledger,
# else sharing-ledger on PATH). PG_BIN: the PostgreSQL binaries. As root, the cluster
# runs as PG_OS_USER (default postgres) in a directory of its own under /tmp, which
# DIR/cluster points to.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

usage() {
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
    exit 2
}
replica=false
pg_port=${SL_PG_PORT:-}
http_port=${SL_HTTP_PORT:-}
replica_port=${SL_REPLICA_PORT:-}
while [ $# -gt 1 ]; do
    case "$1" in
    --replica) replica=true ;;
    --pg-port | --http-port | --replica-port)
        [ $# -gt 2 ] || usage
        case "$1" in
        --pg-port) pg_port=$2 ;;
        --http-port) http_port=$2 ;;
        *) replica_port=$2 ;;
        esac
        shift
        ;;
    *) usage ;;
    esac
    shift
done
if [ $# -ne 1 ] || [ "${1#-}" != "$1" ]; then
    usage
fi
for port in "$pg_port" "$http_port" "$replica_port"; do
    if [ -n "$port" ] && ! port_free "$port"; then
        echo "up.sh: port $port is not a free TCP port on 127.0.0.1 (1-65535, not in use)" >&2
        exit 2
    fi
done

mkdir -p "$1"
dir=$(cd "$1" && pwd)
if [ -n "$(ls -A "$dir")" ]; then
    echo "up.sh: $dir is not empty; choose a new directory (or run down.sh $dir first)" >&2
    exit 2
fi
touch "$dir/$MARKER"
chmod 0700 "$dir"
mkdir -m 0700 "$dir/secrets" "$dir/run" "$dir/log"

if [ -n "${SHARING_LEDGER:-}" ]; then
    read -r -a sl <<<"$SHARING_LEDGER"
elif [ -x "$here/../../.venv/bin/sharing-ledger" ]; then
    sl=("$(cd "$here/../../.venv/bin" && pwd)/sharing-ledger")
elif command -v sharing-ledger >/dev/null 2>&1; then
    sl=("$(command -v sharing-ledger)")
else
    echo "up.sh: sharing-ledger not found; run deploy/install.sh first or set SHARING_LEDGER" >&2
    exit 2
fi
pg_bin=$(find_pg_bin)

# If anything below fails: stop what was started, keep DIR and its logs for a look.
started=false
on_exit() {
    local status=$?
    if [ "$status" -ne 0 ] && $started; then
        echo "up.sh: failed; stopping what was started (logs kept in $dir/log)" >&2
        "$here/down.sh" --keep "$dir" >&2 || true
    fi
}
trap on_exit EXIT
trap 'echo "up.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# -- The cluster ------------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
    cluster=$(mktemp -d /tmp/sharing-ledger-pg.XXXXXX)
    chown "${PG_OS_USER:-postgres}:" "$cluster"
    ln -s "$cluster" "$dir/cluster"
else
    cluster="$dir/cluster"
    mkdir -m 0700 "$cluster"
fi
ports=$(free_ports 3 | tr '\n' ' ')
read -r free_pg free_http free_replica <<<"$ports"
pg_port=${pg_port:-$free_pg}
http_port=${http_port:-$free_http}
replica_port=${replica_port:-$free_replica}
super_pw=$(new_password)
owner_pw=$(new_password)
app_pw=$(new_password)
replicator_pw=$(new_password)

# The password file must be readable by whoever runs initdb; removed right after.
as_pg_write "$cluster/superuser.pw" <<<"$super_pw"
started=true
as_pg "$pg_bin/initdb" --pgdata="$cluster/data" --username=sl_superuser \
    --pwfile="$cluster/superuser.pw" --auth=scram-sha-256 --encoding=UTF8 --no-locale \
    >"$dir/log/initdb.log"
as_pg rm -f "$cluster/superuser.pw"
as_pg tee -a "$cluster/data/postgresql.conf" >/dev/null <<CONF

# deploy/local/up.sh: loopback only, TCP only, small.
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
max_connections = 60
shared_buffers = 32MB
wal_level = replica
max_wal_senders = 4
hot_standby = on
CONF
as_pg "$pg_bin/pg_ctl" --pgdata="$cluster/data" --log="$cluster/primary.log" \
    --wait --timeout=60 start >/dev/null

# Passwords never go on a command line (ps shows those): psql and pg_basebackup read a
# password file; the service gets its URL through its environment.
(
    umask 077
    for port in "$pg_port" "$replica_port"; do
        echo "127.0.0.1:$port:*:sl_superuser:$super_pw"
        echo "127.0.0.1:$port:*:ledger_owner:$owner_pw"
        echo "127.0.0.1:$port:*:ledger_app:$app_pw"
    done >"$dir/secrets/pgpass"
)
as_pg_write "$cluster/replicator.pgpass" <<<"127.0.0.1:$pg_port:*:sl_replicator:$replicator_pw"
export PGPASSFILE="$dir/secrets/pgpass"
super_url="postgresql://sl_superuser@127.0.0.1:$pg_port/postgres"
owner_url="postgresql://ledger_owner:$owner_pw@127.0.0.1:$pg_port/ledger"
app_url="postgresql://ledger_app:$app_pw@127.0.0.1:$pg_port/ledger"
psql_super() {
    "$pg_bin/psql" --no-psqlrc --quiet --set=ON_ERROR_STOP=1 "$super_url"
}

# The database, ledger_owner (who runs db init) and ledger_app (the service's login, a
# member of sharing_ledger_writer), as a DBA would create them; passwords on stdin.
psql_super <<SQL
\set owner_password '$owner_pw'
\set app_password '$app_pw'
\i $here/../postgres/logins.sql
CREATE ROLE sl_replicator LOGIN REPLICATION PASSWORD '$replicator_pw';
SQL

# Run sharing-ledger as ROLE_URL with only the settings given here (nothing LEDGER_* leaks
# in from the caller). Call it in a subshell: it execs, so `$!` is the service's own pid.
# LEDGER_DATA_DIR holds what is kept beside the database: the subject directory's keys
# (created there on first use when LEDGER_DIRECTORY_KEY / LEDGER_KEK are not set).
mkdir -m 0700 "$dir/data"
run_ledger() {
    local url=$1
    shift
    unset LEDGER_SIGNING_KEY LEDGER_SIGNING_KEY_FILE LEDGER_PROJECTIONS LEDGER_HOST LEDGER_PORT \
        LEDGER_DIRECTORY_KEY LEDGER_DIRECTORY_KEY_FILE LEDGER_KEK LEDGER_KEK_FILE
    export LEDGER_DATABASE_URL=$url LEDGER_DATA_DIR="$dir/data" LEDGER_LOG_FORMAT=json \
        LEDGER_LOG_LEVEL="${LEDGER_LOG_LEVEL:-INFO}"
    exec "${sl[@]}" "$@"
}
(run_ledger "$owner_url" db init) >"$dir/log/db-init.log" 2>&1

# -- Keys -------------------------------------------------------------------------------
new_key() {
    (run_ledger "$app_url" principals create --reason "deploy/local: the stack's first keys" "$@") \
        2>>"$dir/log/keys.log" | tail -n 1
}
# The council, registered as the ledger's local authority: the controller its reports are
# for (docs/operations.md, First start). The same one command on any ledger.
council=${SL_COUNCIL:-local-council}
python3 -c 'import json, sys; print(json.dumps({"command": "register_partner",
    "organisation": sys.argv[1], "name": sys.argv[2], "partner_type": "sl:LocalAuthority",
    "competent_authority": False}))' "$council" "${SL_COUNCIL_NAME:-Local Council}" |
    (run_ledger "$app_url" record -) >"$dir/log/council.log" 2>&1
admin_key=$(new_key --name local-admin --role admin)
source_key=$(new_key --name local-source-system --role source-system)
dpo_key=$(new_key --name local-dpo --role dpo --organisation "$council")
auditor_key=$(new_key --name local-auditor --role auditor)
(run_ledger "" keys create --out "$dir/secrets/signing.key" \
    --origin "localhost/sharing-ledger-$pg_port") >"$dir/secrets/verifier.key" 2>>"$dir/log/keys.log"

# -- The standby ------------------------------------------------------------------------
replica_url=""
replica_super_url=""
replica_note=""
if $replica; then
    as_pg env PGPASSFILE="$cluster/replicator.pgpass" "$pg_bin/pg_basebackup" --host=127.0.0.1 \
        --port="$pg_port" --username=sl_replicator --pgdata="$cluster/standby" \
        --write-recovery-conf --wal-method=stream --checkpoint=fast
    printf "port = %s\n" "$replica_port" | as_pg tee -a "$cluster/standby/postgresql.auto.conf" >/dev/null
    as_pg "$pg_bin/pg_ctl" --pgdata="$cluster/standby" --log="$cluster/standby.log" \
        --wait --timeout=60 start >/dev/null
    replica_url="postgresql://ledger_app:$app_pw@127.0.0.1:$replica_port/ledger"
    replica_super_url="postgresql://sl_superuser@127.0.0.1:$replica_port/postgres"
    replica_note=", standby on 127.0.0.1:$replica_port"
else
    replica_port=""
fi

# -- The service ------------------------------------------------------------------------
# Two server processes, as a deployment with spare cores runs (docs/scaling.md §8): one
# chain, one signer among them, metrics added up across them.
(run_ledger "$app_url" serve --host 127.0.0.1 --port "$http_port" --projections worker --workers 2) \
    </dev/null >>"$dir/log/serve.log" 2>&1 &
echo $! >"$dir/run/serve.pid"
(run_ledger "$app_url" projections run) </dev/null >>"$dir/log/worker.log" 2>&1 &
echo $! >"$dir/run/worker.pid"

http_url="http://127.0.0.1:$http_port"
python3 - "$http_url" "$(cat "$dir/run/serve.pid")" <<'PY'
import sys, time, urllib.request
url, pid = sys.argv[1], sys.argv[2]
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        state = "X"
    if state in ("Z", "X"):
        sys.exit("up.sh: sharing-ledger serve exited; see log/serve.log")
    try:
        urllib.request.urlopen(url + "/v1/openapi.json", timeout=2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit("up.sh: sharing-ledger serve did not answer within 60 s; see log/serve.log")
PY
is_ours "$(cat "$dir/run/worker.pid")" || {
    echo "up.sh: the projection worker exited; see $dir/log/worker.log" >&2
    exit 1
}

serve_pid=$(cat "$dir/run/serve.pid")
worker_pid=$(cat "$dir/run/worker.pid")
verifier_key=$(tail -n 1 "$dir/secrets/verifier.key")
# The directory sharing-ledger is in, first on PATH once the env file is sourced.
sl_bin=$(dirname "${sl[0]}")
[ -x "$sl_bin/sharing-ledger" ] || sl_bin=""
umask 077
cat >"$dir/env" <<ENV
# Written by deploy/local/up.sh; source it. Removed by deploy/local/down.sh $dir.
export LEDGER_DATABASE_URL='$app_url'
export LEDGER_SIGNING_KEY_FILE='$dir/secrets/signing.key'
export LEDGER_DATA_DIR='$dir/data'
export PGPASSFILE='$dir/secrets/pgpass'
# psql, createdb, pg_dump and pg_restore reach this cluster, as its superuser.
export PGHOST='127.0.0.1'
export PGPORT='$pg_port'
export PGUSER='sl_superuser'
export PGDATABASE='ledger'
export SL_BIN='$sl_bin'
[ -z "\$SL_BIN" ] || case ":\$PATH:" in *":\$SL_BIN:"*) ;; *) export PATH="\$SL_BIN:\$PATH" ;; esac
SL_HTTP_URL='$http_url'
SL_COUNCIL='$council'
SL_ADMIN_KEY='$admin_key'
SL_SOURCE_KEY='$source_key'
SL_DPO_KEY='$dpo_key'
SL_AUDITOR_KEY='$auditor_key'
SL_VERIFIER_KEY='$verifier_key'
SL_OWNER_DATABASE_URL='$owner_url'
SL_SUPERUSER_URL='$super_url'
SL_REPLICA_DATABASE_URL='$replica_url'
SL_REPLICA_SUPERUSER_URL='$replica_super_url'
SL_PG_PORT='$pg_port'
SL_REPLICA_PORT='$replica_port'
SL_PG_BIN='$pg_bin'
SL_CLUSTER_DIR='$cluster'
SL_SERVE_PID='$serve_pid'
SL_WORKER_PID='$worker_pid'
ENV

echo "Sharing Ledger is up: $http_url (PostgreSQL on 127.0.0.1:$pg_port$replica_note)."
echo "  console: $http_url/console/ (sign in with \$SL_DPO_KEY), API docs: $http_url/v1/docs"
echo "  . $dir/env    # sharing-ledger on PATH, LEDGER_DATABASE_URL (as ledger_app), PG* for psql,"
echo "                # API keys in SL_*_KEY; the council '$council' is registered"
echo "  curl \$SL_HTTP_URL/readyz; curl -s \$SL_HTTP_URL/metrics; sharing-ledger status"
echo "Stop it all: $here/down.sh $dir"
