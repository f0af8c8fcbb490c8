#!/usr/bin/env bash
# Stop everything deploy/local/up.sh started in DIR and remove DIR.
#
#   deploy/local/down.sh [--keep] DIR     (--keep: stop everything, but keep DIR and its logs)
#
# Only processes whose pids up.sh recorded are stopped, and only if they are still
# sharing-ledger processes; the clusters are stopped with pg_ctl. Safe to run twice.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

keep=false
if [ "${1:-}" = "--keep" ]; then
    keep=true
    shift
fi
if [ $# -ne 1 ] || [ "${1#-}" != "$1" ]; then
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
    exit 2
fi
if [ ! -d "$1" ]; then
    echo "down.sh: $1 does not exist; nothing to stop" >&2
    exit 0
fi
dir=$(cd "$1" && pwd)
if [ ! -e "$dir/$MARKER" ]; then
    echo "down.sh: $dir was not made by deploy/local/up.sh; leaving it alone" >&2
    exit 2
fi

# The service first (it holds connections), then the standby, then the primary.
for name in serve worker; do
    if [ -f "$dir/run/$name.pid" ]; then
        stop_pid "$(cat "$dir/run/$name.pid")"
        rm -f "$dir/run/$name.pid"
    fi
done

cluster=""
if [ -e "$dir/cluster" ]; then
    cluster=$(readlink -f "$dir/cluster")
fi
if [ -n "$cluster" ] && [ -d "$cluster" ]; then
    pg_bin=$(find_pg_bin)
    for data in standby data; do
        if [ -f "$cluster/$data/postmaster.pid" ]; then
            as_pg "$pg_bin/pg_ctl" --pgdata="$cluster/$data" --mode=fast --wait --timeout=60 \
                stop >/dev/null || echo "down.sh: could not stop the cluster in $cluster/$data" >&2
        fi
    done
fi

if $keep; then
    echo "Stopped; $dir kept (remove it with: $here/down.sh $dir)."
    exit 0
fi
case "$cluster" in
/tmp/sharing-ledger-pg.*) rm -rf "$cluster" ;; # up.sh's own directory, as root
esac
rm -rf "$dir"
echo "Stopped and removed $dir."
