# shellcheck shell=bash
# Helpers shared by deploy/local/up.sh, down.sh and replica-status.sh (sourced, not run).

# The PostgreSQL server binaries: PG_BIN, else pg_config's, else the newest Debian one.
find_pg_bin() {
    if [ -n "${PG_BIN:-}" ]; then
        echo "$PG_BIN"
        return
    fi
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    local candidate
    for candidate in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        if [ -x "$candidate/initdb" ]; then
            echo "$candidate"
            return
        fi
    done
    echo "local: PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BIN" >&2
    exit 2
}

# initdb and pg_ctl refuse to run as root: as root, run them as PG_OS_USER (default postgres).
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "${PG_OS_USER:-postgres}" -- "$@"
    else
        "$@"
    fi
}

# Standard input to FILE, created mode 0600 by the user that runs the cluster.
as_pg_write() {
    # shellcheck disable=SC2016 # $1 is expanded by that sh, not this one
    as_pg sh -c 'umask 077 && cat > "$1"' sh "$1"
}

# N distinct free TCP ports on the loopback interface, one per line.
free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print("\n".join(str(s.getsockname()[1]) for s in socks))
PY
}

# Is PORT a valid TCP port that nothing on the loopback interface listens on?
port_free() {
    python3 - "$1" <<'PY'
import socket, sys
try:
    port = int(sys.argv[1])
    if not 0 < port < 65536:
        raise ValueError
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))
except (ValueError, OSError):
    sys.exit(1)
PY
}

# A random password of 32 hex digits (safe in URLs and SQL literals without quoting).
new_password() {
    python3 -c 'import secrets; print(secrets.token_hex(16))'
}

# Is the pid running (a zombie, exited but not yet reaped, is not)?
alive() {
    local state
    # The field after the command name, which is in parentheses and may hold spaces.
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# Is the pid running and one of ours (a sharing-ledger process)? Guards against reused pids.
is_ours() {
    local pid=$1
    [ -n "$pid" ] && alive "$pid" &&
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -Eq 'sharing-ledger|api\.cli'
}

# Stop a process we started: TERM, up to 20 s, then KILL.
stop_pid() {
    local pid=$1 waited=0
    is_ours "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    while alive "$pid" && [ "$waited" -lt 200 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

# The file that marks a directory as up.sh's, so down.sh never removes anything else.
export MARKER=.sharing-ledger-local
