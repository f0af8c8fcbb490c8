#!/usr/bin/env bash
# Recording over HTTP with wrk (a load generator that costs the server little CPU):
# 16 connections POSTing one access each, against `sharing-ledger serve` on a fresh
# PostgreSQL database, with group commit and then with one commit per request.
# Prints requests/s, latency and the committer's appends per transaction.
#   bash bench/http_wrk.sh            (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
for EXTRA in "" "--no-group-commit"; do
echo "serve ${EXTRA:-(group commit)}"
NAME=sl_wrk_$RANDOM
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $NAME"
export LEDGER_DATABASE_URL=postgresql://postgres@127.0.0.1/$NAME LEDGER_LOG_LEVEL=WARNING
.venv/bin/python -m api.cli db init >/dev/null
KEY=$(.venv/bin/python -m api.cli principals create --name b --role source-system 2>/dev/null | tail -1)
DPO=$(.venv/bin/python -m api.cli principals create --name d --role dpo 2>/dev/null | tail -1)
.venv/bin/python -m api.cli serve --port 8183 $EXTRA >/dev/null 2>&1 &
PID=$!
sleep 3
BODY=$(.venv/bin/python -c "
import json,sys; sys.path.insert(0,'.')
from datetime import datetime, UTC, timedelta
from tests.support.factories import access_command
b=access_command(datetime.now(UTC)-timedelta(hours=1)); b.pop('command'); print(json.dumps(b))")
cat > /tmp/post.lua <<LUA
wrk.method = "POST"
wrk.body = [[$BODY]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
LUA
wrk -t2 -c${CONNS:-16} -d8s -s /tmp/post.lua http://127.0.0.1:8183/v1/accesses | grep -E "Requests/sec|Latency"
curl -s -H "Authorization: Bearer $DPO" http://127.0.0.1:8183/v1/ledger/status | python3 -c "import json,sys; d=json.load(sys.stdin); print('entries', d['size'], 'committer', d['group_commit'])"
kill $PID; wait $PID 2>/dev/null || true
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $NAME WITH (FORCE)"
done
