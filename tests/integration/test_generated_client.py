"""A client generated from the OpenAPI document (clients/python, by openapi-python-client)
works against a real `sharing-ledger serve` process: it records an access and a share, and
a partner posts a signed receipt for the share, each with the generated models."""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sharing_ledger_client import AuthenticatedClient
from sharing_ledger_client.api.administration import register_partner
from sharing_ledger_client.api.partners import post_receipt, receipt_draft, register_key
from sharing_ledger_client.api.processing import record_access, record_share
from sharing_ledger_client.models import (
    Appends,
    PartnerKey,
    Receipt,
    ReceiptDocument,
    RecordAccessBody,
    RecordShareBody,
    RegisterPartnerBody,
)

from api.http.openapi_examples import POLICE, REQUESTS
from ledger.storage.config import SQLiteLocation
from tests.integration.test_cli import run, store_env


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = store_env(SQLiteLocation(tmp_path / "ledger.sqlite3"))
    keys = {
        name: _key(env, "--name", name, "--role", role, *extra)
        for name, role, extra in (
            ("feed", "source-system", ()),
            ("admin", "admin", ()),
            ("police", "partner", ("--organisation", POLICE)),
        )
    }
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        env={**_environ(), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base, keys
    finally:
        process.terminate()
        process.wait(timeout=20)


def _key(env: dict[str, str], *args: str) -> str:
    created = run("principals", "create", *args, "--reason", "generated client test", env=env)
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


def _environ() -> dict[str, str]:
    import os  # noqa: PLC0415 - only the server's environment needs it

    return {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            httpx.get(f"{base}/v1/openapi.json", timeout=1)
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        return
    pytest.fail("the server did not start within 30 s")


def _example(method: str, path: str) -> Any:
    return REQUESTS[(method, path)].body


def test_a_generated_client_records_an_access_and_posts_a_receipt(
    server: tuple[str, dict[str, str]],
) -> None:
    """Typed calls of the generated client: an access and a share recorded (201, entries),
    then the partner's receipt, drafted, signed over the generated model's dict, accepted."""
    base, keys = server
    feed, admin, police = (
        AuthenticatedClient(base_url=base, token=keys[name]) for name in ("feed", "admin", "police")
    )
    partner_key = Ed25519PrivateKey.generate()
    raw = base64.b64encode(partner_key.public_key().public_bytes_raw()).decode()
    registered = register_partner.sync(
        client=admin, body=RegisterPartnerBody.from_dict(_example("POST", "/v1/partners"))
    )
    assert isinstance(registered, Appends)
    assert isinstance(
        register_key.sync(organisation=POLICE, client=admin, body=PartnerKey(public_key=raw)),
        Appends,
    )
    access = record_access.sync(
        client=feed, body=RecordAccessBody.from_dict(_example("POST", "/v1/accesses"))
    )
    assert isinstance(access, Appends)
    assert access.entries[0].event == "Access.DataAccessed"
    share_body = {**_example("POST", "/v1/shares"), "agreement": None}
    share = record_share.sync(client=feed, body=RecordShareBody.from_dict(share_body))
    assert isinstance(share, Appends), share

    draft = receipt_draft.sync(share_id=share.entries[0].id, client=police)
    assert isinstance(draft, ReceiptDocument)
    document = draft.to_dict()
    from ledger.domain.receipts import sign_receipt  # noqa: PLC0415 - the partner's own signing

    signature = base64.b64encode(sign_receipt(document, partner_key)).decode()
    posted = post_receipt.sync(
        share_id=share.entries[0].id,
        client=police,
        body=Receipt(document=ReceiptDocument.from_dict(document), signature=signature),
    )
    assert isinstance(posted, Appends), posted
    assert posted.entries[0].event == "Share.ShareReceiptRecorded"
