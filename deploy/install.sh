#!/usr/bin/env bash
# The one install script: CI (through ./dev), the container image and the
# systemd deployment all install Sharing Ledger with it, so they cannot drift.
#
#   deploy/install.sh PREFIX          a virtualenv at PREFIX with the project and its
#                                     dependencies pinned by constraints.txt
#                                     (production: /opt/sharing-ledger)
#   deploy/install.sh --dev PREFIX    the same, as an editable install with the dev
#                                     extras (what ./dev uses for .venv)
#
# Idempotent: an existing virtualenv at PREFIX is reused and brought up to date.
# PYTHON chooses the interpreter (default python3; 3.11 or newer). pip's own
# settings apply, e.g. PIP_QUIET=1, PIP_INDEX_URL.
set -euo pipefail

usage() {
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
    exit 2
}

dev=false
if [ "${1:-}" = "--dev" ]; then
    dev=true
    shift
fi
[ $# -eq 1 ] || usage
case "$1" in -*) usage ;; esac

prefix=$1
source_dir=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "install.sh: $python is not Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
    exit 2
fi

mkdir -p "$(dirname "$prefix")"
prefix=$(cd "$(dirname "$prefix")" && pwd)/$(basename "$prefix")

if [ ! -x "$prefix/bin/python" ]; then
    "$python" -m venv "$prefix"
fi

cd "$source_dir"
pip=("$prefix/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install --upgrade 'pip>=24'
if $dev; then
    "${pip[@]}" install --constraint constraints.txt --editable '.[dev]'
else
    "${pip[@]}" install --constraint constraints.txt .
fi

"$prefix/bin/sharing-ledger" --help >/dev/null
echo "install.sh: sharing-ledger installed in $prefix ($prefix/bin/sharing-ledger)" >&2
