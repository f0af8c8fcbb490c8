"""The documented examples are valid: each request example, sent in order to an empty ledger,
gets its operation's documented success status (and a reply of the documented media type)."""

from __future__ import annotations

from pathlib import Path

from api.http.openapi_examples import ALWAYS_PROBLEMS, REQUESTS
from ledger.storage.config import SQLiteLocation
from tests.support.openapi_walk import Walk


def test_every_request_example_gets_its_documented_success_status(tmp_path: Path) -> None:
    """All of them, in order: a 2xx as documented (or the one problem an operation always
    answers); every operation is walked."""
    walk = Walk.open(SQLiteLocation(tmp_path / "ledger.sqlite3"), tmp_path)
    document = walk.client.get("/v1/openapi.json").json()
    walked = set()
    for call in walk.calls():
        responses = document["paths"][call.path][call.method.lower()]["responses"]
        always = ALWAYS_PROBLEMS.get((call.method, call.path))
        documented = str(always) if always else next(s for s in responses if s.startswith("2"))
        assert str(call.response.status_code) == documented, (call.path, call.response.text)
        media_type = call.response.headers["content-type"].partition(";")[0]
        assert media_type in responses[documented]["content"], (call.path, media_type)
        walked.add((call.method, call.path))
    operations = {(m.upper(), p) for p, item in document["paths"].items() for m in item}
    assert walked == operations == set(REQUESTS)
