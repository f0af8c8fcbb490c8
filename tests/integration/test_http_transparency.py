"""The public transparency endpoints over HTTP, on both stores: no key, hashes only, and
tiles that are exactly the ledger's Merkle tree (C2SP tlog-tiles)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.service import log_signing
from api.service.commands import execute
from api.service.composition import Service, open_service
from ledger.integrity import merkle
from ledger.integrity.checkpoints import verify_checkpoint
from ledger.integrity.notes import Signer, format_verifier_key, generate_signer
from ledger.storage.config import Location
from tests.support.factories import access_command
from tests.support.signing import log_signer

NOW = datetime.now(UTC)
FIRST, SECOND = 300, 520


@dataclass
class Published:
    client: TestClient
    service: Service
    signer: Signer


def _append(service: Service, count: int) -> None:
    when = NOW - timedelta(hours=1)
    for start in range(0, count, 100):
        execute(service.app, [access_command(when) for _ in range(min(100, count - start))])


@pytest.fixture
def published(location: Location, tmp_path: Path) -> Published:
    service = open_service(location)
    signer = generate_signer("westshire.example/ledger")
    _append(service, FIRST)
    log_signing.issue(service.app, log_signer(tmp_path, signer), NOW)
    _append(service, SECOND - FIRST)
    log_signing.issue(service.app, log_signer(tmp_path, signer), NOW)
    _append(service, 7)  # recorded but not yet signed: not published
    return Published(TestClient(create_app(service)), service, signer)


def _leaf_hashes(service: Service, size: int) -> list[bytes]:
    return [merkle.entry_leaf_hash(service.app.chain.link_at(p).entry_digest) for p in range(size)]


def test_the_checkpoint_needs_no_key(published: Published) -> None:
    """/tlog/checkpoint and /v1/public/checkpoint serve the latest signed note to anyone."""
    for path in ("/tlog/checkpoint", "/v1/public/checkpoint"):
        reply = published.client.get(path)
        assert reply.status_code == 200, reply.text
        assert reply.headers["content-type"].startswith("text/plain")
        assert reply.headers["cache-control"] == "public, max-age=10"
        checkpoint = verify_checkpoint(reply.text, published.signer.verifier())
        assert checkpoint.size == SECOND


def test_a_monitor_polling_the_checkpoint_gets_304_until_it_changes(
    published: Published, tmp_path: Path
) -> None:
    """If-None-Match with the ETag: 304, no body; after a new checkpoint: 200, a new ETag."""
    first = published.client.get("/tlog/checkpoint")
    etag = first.headers["etag"]
    again = published.client.get("/tlog/checkpoint", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    log_signing.issue(published.service.app, log_signer(tmp_path, published.signer), NOW)
    moved = published.client.get("/tlog/checkpoint", headers={"If-None-Match": etag})
    assert moved.status_code == 200
    assert moved.headers["etag"] != etag


def test_the_keyed_checkpoint_route_still_needs_a_key(published: Published) -> None:
    """/v1/ledger/checkpoint keeps answering 401 without a key."""
    assert published.client.get("/v1/ledger/checkpoint").status_code == 401


def test_a_full_tile_is_the_stored_leaf_hashes(published: Published) -> None:
    """Tile 0/000 is the first 256 leaf hashes, concatenated, cached as immutable."""
    reply = published.client.get("/tlog/tile/0/000")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/octet-stream"
    assert "immutable" in reply.headers["cache-control"]
    assert reply.content == b"".join(_leaf_hashes(published.service, 256))


def test_a_partial_tile_serves_any_published_width(published: Published) -> None:
    """0/001.p/44 (the first checkpoint's edge) and 0/001.p/8 are prefixes of the level."""
    leaves = _leaf_hashes(published.service, SECOND)
    for width in (FIRST - 256, 8, 255):
        reply = published.client.get(f"/tlog/tile/0/001.p/{width}")
        assert reply.status_code == 200, (width, reply.text)
        assert reply.content == b"".join(leaves[256 : 256 + width])


def test_a_level_one_tile_holds_subtree_roots(published: Published) -> None:
    """Tile 1/000.p/2 holds the roots of the first two 256-leaf subtrees."""
    leaves = _leaf_hashes(published.service, SECOND)
    reply = published.client.get("/tlog/tile/1/000.p/2")
    assert reply.status_code == 200
    assert reply.content == merkle.root(leaves[:256]) + merkle.root(leaves[256:512])


def test_tiles_beyond_the_signed_tree_are_not_served(published: Published) -> None:
    """Entries recorded after the latest checkpoint are in no public tile yet (404)."""
    beyond = published.client.get(f"/tlog/tile/0/002.p/{SECOND - 512 + 1}")
    assert beyond.status_code == 404
    assert beyond.headers["content-type"].startswith("application/problem+json")
    assert published.client.get("/tlog/tile/0/002").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/tlog/tile/0/0",
        "/tlog/tile/0/x000/001",
        "/tlog/tile/00/000",
        "/tlog/tile/0/000.p/256",
        "/tlog/tile/0/000.p/0",
        "/tlog/tile/8/000",
        "/tlog/tile/0/001.p/08",
    ],
)
def test_a_non_canonical_tile_path_is_not_found(published: Published, path: str) -> None:
    """Only the spec's one spelling of a tile is served; every other is a 404 problem."""
    reply = published.client.get(path)
    assert reply.status_code == 404, path
    assert reply.headers["content-type"].startswith("application/problem+json")


def test_entry_bundles_are_never_served(published: Published) -> None:
    """/tlog/tile/entries/... is a 404 that says entries are personal data."""
    reply = published.client.get("/tlog/tile/entries/000")
    assert reply.status_code == 404
    assert "personal data" in reply.json()["detail"]


def test_history_pages_through_every_checkpoint(published: Published) -> None:
    """/v1/public/checkpoints lists both checkpoints, one a page, each verifiable."""
    first = published.client.get("/v1/public/checkpoints?limit=1").json()
    second = published.client.get(f"/v1/public/checkpoints?limit=1&after={first['next']}").json()
    sizes = [item["tree_size"] for item in first["items"] + second["items"]]
    assert sizes == [FIRST, SECOND]
    for item in first["items"] + second["items"]:
        assert (
            verify_checkpoint(item["note"], published.signer.verifier()).size == item["tree_size"]
        )
    last = published.client.get(f"/v1/public/checkpoints?limit=1&after={second['next']}")
    assert last.json() == {"items": [], "next": None}


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%",
        base64.urlsafe_b64encode(f"{2**64}\nk".encode()).decode(),
        base64.urlsafe_b64encode(b"5\nkey\x00").decode(),
        base64.urlsafe_b64encode(b"-1\nkey").decode(),
    ],
)
def test_a_made_up_history_cursor_is_a_bad_request(published: Published, cursor: str) -> None:
    """A cursor this API did not issue (past int8, a NUL, negative) is a 400, never a 500."""
    reply = published.client.get("/v1/public/checkpoints", params={"after": cursor})
    assert reply.status_code == 400, reply.text


def test_keys_are_public(published: Published) -> None:
    """/v1/public/keys lists the log's verifier key."""
    reply = published.client.get("/v1/public/keys")
    assert reply.json() == {"log": [format_verifier_key(published.signer.verifier())]}


def test_a_public_consistency_proof_verifies(published: Published) -> None:
    """The proof from the first checkpoint to the latest verifies against both roots."""
    reply = published.client.get(f"/v1/public/proof/consistency?old={FIRST}")
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["new_size"] == SECOND
    merkle.verify_consistency(
        FIRST,
        SECOND,
        bytes.fromhex(body["old_root"]),
        bytes.fromhex(body["new_root"]),
        [bytes.fromhex(h) for h in body["proof"]],
    )
    leaves = _leaf_hashes(published.service, SECOND)
    assert bytes.fromhex(body["new_root"]) == merkle.root(leaves)


def test_a_consistency_proof_beyond_the_signed_tree_is_refused(published: Published) -> None:
    """new beyond the latest checkpoint, or old above new: 422, naming the field."""
    beyond = published.client.get(f"/v1/public/proof/consistency?old=1&new={SECOND + 1}")
    backwards = published.client.get("/v1/public/proof/consistency?old=9&new=3")
    assert [beyond.status_code, backwards.status_code] == [422, 422]
    assert beyond.json()["detail"].startswith("new:")
    assert backwards.json()["detail"].startswith("old:")


def test_nothing_is_published_before_the_first_checkpoint(tmp_path: Path) -> None:
    """With no checkpoint, the checkpoint and every tile are 404 (SQLite)."""
    from ledger.storage.config import SQLiteLocation  # noqa: PLC0415 - this test only

    service = open_service(SQLiteLocation(tmp_path / "l.sqlite3"))
    _append(service, 3)
    client = TestClient(create_app(service))
    assert client.get("/tlog/checkpoint").status_code == 404
    assert client.get("/tlog/tile/0/000.p/1").status_code == 404
