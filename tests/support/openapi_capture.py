"""Capture the replies to the documented request examples into api/http/openapi_examples.json.

Run ``python -m tests.support.openapi_capture`` after changing a request
example or the shape of a reply; commit the result. Long lists are cut to
their first two items (an example shows a shape, not a ledger).
"""

from __future__ import annotations

import base64
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from api.http.openapi_examples import ALWAYS_PROBLEMS, CAPTURED, key
from ledger.storage.config import SQLiteLocation
from tests.support.openapi_walk import Walk

SIGNED = (
    "/v1/shares/{share_id}/receipt",
    "/v1/ledger/checkpoint/cosignatures",
    "/v1/partners/{organisation}/keys/rotation",
)
# Parameters the walk works out (ids and sizes that depend on what came before).
WORKED_OUT = (
    "/v1/principals/{principal_id}/revocation",
    "/v1/public/proof/consistency",
    "/tlog/tile/{level}/{rest}",
)
CSV_ROUTES_QUERY = "format"


def _short(value: Any) -> Any:
    if isinstance(value, list):
        return [_short(item) for item in value[:2]]
    if isinstance(value, dict):
        return {k: _short(v) for k, v in value.items()}
    return value


def capture() -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="sl-examples-"))
    walk = Walk.open(SQLiteLocation(folder / "ledger.sqlite3"), folder)
    document = walk.client.get("/v1/openapi.json").json()
    replies: dict[str, Any] = {}
    for call in walk.calls():
        response = call.response
        expected = ALWAYS_PROBLEMS.get((call.method, call.path))
        if not response.is_success and response.status_code != expected:
            msg = f"{call.method} {call.path}: {response.status_code} {response.text}"
            raise SystemExit(msg)
        media_type = response.headers["content-type"].partition(";")[0]
        if media_type.endswith("json"):
            body = response.json()
        elif media_type.startswith("text/"):
            body = response.text
        else:  # a tile: its bytes, as base64
            body = base64.b64encode(response.content).decode()
        if isinstance(body, dict) and "api_key" in body:
            body["api_key"] = "sl_example-key-shown-once"  # no working key in the repository
        reply: dict[str, Any] = {
            "status": response.status_code,
            "media_type": media_type,
            "body": _short(body),
        }
        if call.path in SIGNED:
            reply["request"] = call.body
        if call.path in WORKED_OUT:
            reply["parameters"] = call.parameters
        operation = document["paths"][call.path][call.method.lower()]
        names = {p["name"] for p in operation.get("parameters", ())}
        if CSV_ROUTES_QUERY in names:
            csv = walk.client.request(
                call.method,
                call.path.format(**call.parameters),
                params={**call.parameters, "format": "csv"},
                headers=walk.headers(operation.get("x-roles", [])),
            )
            reply["alternatives"] = {"text/csv": "\n".join(csv.text.splitlines()[:3]) + "\n"}
        replies[key(call.method, call.path)] = reply
    return replies


def document() -> dict[str, Any]:
    """The service's OpenAPI document (from an app on an empty ledger)."""
    folder = Path(tempfile.mkdtemp(prefix="sl-document-"))
    walk = Walk.open(SQLiteLocation(folder / "ledger.sqlite3"), folder)
    found: dict[str, Any] = walk.client.get("/v1/openapi.json").json()
    return found


def main() -> None:
    if sys.argv[1:2] == ["--document"]:  # clients/generate.sh: the document alone
        Path(sys.argv[2]).write_text(json.dumps(document(), indent=1), encoding="utf-8")
        return
    replies = capture()
    CAPTURED.write_text(json.dumps(replies, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(replies)} replies captured into {CAPTURED}")  # noqa: T201 - a script's report


if __name__ == "__main__":
    main()
