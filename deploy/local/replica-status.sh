#!/usr/bin/env bash
# How far a streaming standby trails its primary, as key=value lines.
#
#   deploy/local/replica-status.sh DIR                       a cluster made by up.sh --replica
#   deploy/local/replica-status.sh PRIMARY_URL STANDBY_URL   any primary and standby (connect
#                                                            as a role with pg_monitor; keep
#                                                            passwords in ~/.pgpass, not URLs)
#
#   replicas              standbys the primary is sending WAL to (pg_stat_replication)
#   state                 the first one's state on the primary: streaming when healthy
#   primary_lsn           the primary's current WAL position (pg_current_wal_lsn)
#   standby_receive_lsn   WAL the standby has received (pg_last_wal_receive_lsn)
#   standby_replay_lsn    WAL the standby has applied: what its readers see
#   lag_bytes             primary_lsn - standby_replay_lsn: 0 when reports are current
#   replay_lag_seconds    pg_stat_replication.replay_lag (empty when idle)
#   last_replay_age_seconds  since the last replayed transaction committed on the primary
#                         (grows while the primary is idle: alert on lag_bytes instead)
#
# Exit 0 when the standby is in recovery and the primary sees it streaming, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

if [ $# -eq 1 ] && [ -f "$1/env" ]; then
    # shellcheck disable=SC1091 # written by up.sh
    . "$1/env"
    primary=$SL_SUPERUSER_URL
    standby=${SL_REPLICA_SUPERUSER_URL:-}
    psql_bin=$SL_PG_BIN/psql
    if [ -z "$standby" ]; then
        echo "replica-status.sh: $1 has no standby (bring it up with up.sh --replica)" >&2
        exit 2
    fi
elif [ $# -eq 2 ]; then
    primary=$1
    standby=$2
    psql_bin=$(command -v psql || echo "$(find_pg_bin)/psql")
else
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
    exit 2
fi

query() {
    "$psql_bin" --no-psqlrc --no-align --tuples-only --field-separator='|' \
        --set=ON_ERROR_STOP=1 "$1" --command="$2"
}

# The primary first: the standby's replay position is then compared with a position the
# primary had already reached, so lag is never understated.
IFS='|' read -r primary_lsn replicas state replay_lag <<<"$(query "$primary" "
    SELECT pg_current_wal_lsn(),
           (SELECT count(*) FROM pg_stat_replication),
           coalesce((SELECT state FROM pg_stat_replication ORDER BY backend_start LIMIT 1), 'none'),
           coalesce((SELECT extract(epoch FROM replay_lag)::text FROM pg_stat_replication
                     ORDER BY backend_start LIMIT 1), '')")"
IFS='|' read -r in_recovery receive_lsn replay_lsn lag_bytes replay_age <<<"$(query "$standby" "
    SELECT pg_is_in_recovery(),
           pg_last_wal_receive_lsn(),
           pg_last_wal_replay_lsn(),
           greatest(0, pg_wal_lsn_diff('$primary_lsn', pg_last_wal_replay_lsn()))::bigint,
           coalesce(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 3)::text, '')")"

cat <<STATUS
replicas=$replicas
state=$state
in_recovery=$in_recovery
primary_lsn=$primary_lsn
standby_receive_lsn=$receive_lsn
standby_replay_lsn=$replay_lsn
lag_bytes=$lag_bytes
replay_lag_seconds=$replay_lag
last_replay_age_seconds=$replay_age
STATUS

[ "$in_recovery" = t ] && [ "$state" = streaming ]
