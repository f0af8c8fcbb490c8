#!/usr/bin/env bash
# Regenerate clients/python from the service's OpenAPI document with openapi-python-client,
# pinned, in a virtualenv of its own (its pins of typer clash with the service's).
set -euo pipefail
cd "$(dirname "$0")/.."
tool=${OPENAPI_CLIENT_VENV:-/tmp/openapi-python-client-venv}
[ -x "$tool/bin/openapi-python-client" ] || {
    python3 -m venv "$tool"
    "$tool/bin/pip" install -q openapi-python-client==0.29.1
}
document=$(mktemp --suffix=.json)
.venv/bin/python -m tests.support.openapi_capture --document "$document" 2>/dev/null
"$tool/bin/openapi-python-client" generate --path "$document" --config clients/generator-config.yaml \
    --output-path clients/python/sharing_ledger_client --overwrite --meta none
rm -f "$document"
