"""Console sign-in without a working provider: counted failures, the 404 and the 502 pages,
and a wrong sign-in setting stopping ``serve`` in one line. No OpenID provider is needed
here (tests/integration/test_console_oidc.py runs a real one)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.http.app import create_app
from api.service.composition import open_service
from ledger.storage.config import SQLiteLocation
from tests.support.console import TOKEN
from tests.support.oidc_console import REPO, free_port


def _counts(client: TestClient) -> dict[tuple[str, str, str], float]:
    counts: dict[tuple[str, str, str], float] = {}
    for family in text_string_to_metric_families(client.get("/metrics").text):
        if family.name == "sharing_ledger_console_sign_ins":
            for sample in family.samples:
                if sample.name.endswith("_total"):
                    key = (sample.labels["method"], sample.labels["outcome"])
                    counts[(*key, sample.labels["reason"])] = sample.value
    return counts


def _settings(tmp_path: Path, issuer: str) -> dict[str, str]:
    roles = tmp_path / "roles.toml"
    roles.write_text('[[group]]\nname = "sl-dpo"\nrole = "dpo"\n', encoding="utf-8")
    return {
        "LEDGER_OIDC_ISSUER": issuer,
        "LEDGER_OIDC_CLIENT_ID": "console",
        "LEDGER_OIDC_CLIENT_SECRET": "synthetic",
        "LEDGER_OIDC_REDIRECT_URL": "http://127.0.0.1:1/console/sign-in/oidc/callback",
        "LEDGER_OIDC_GROUP_ROLES_FILE": str(roles),
        "LEDGER_OIDC_PROVIDER_NAME": "Westshire sign-in",
    }


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.sqlite3"
    open_service(SQLiteLocation(path)).close()
    return path


@pytest.fixture
def plain_client(ledger: Path) -> Iterator[TestClient]:
    service = open_service(SQLiteLocation(ledger))
    with TestClient(create_app(service), base_url="http://testserver") as client:
        yield client
    service.close()


def test_without_a_provider_the_console_offers_api_keys_alone(plain_client: TestClient) -> None:
    """No provider configured: no provider button, and its addresses are the console's 404."""
    assert "Sign in with" not in plain_client.get("/console/sign-in").text
    assert plain_client.get("/console/sign-in/oidc").status_code == 404
    assert plain_client.get("/console/sign-in/oidc/callback?state=x&code=y").status_code == 404


def test_failed_api_key_sign_ins_are_counted_by_reason(plain_client: TestClient) -> None:
    """An empty key, a wrong key and a missing form token each count as a failure of their class."""
    before = _counts(plain_client)
    token = TOKEN.search(plain_client.get("/console/sign-in").text)
    assert token is not None
    empty = plain_client.post("/console/sign-in", data={"csrf_token": token.group(1)})
    assert empty.status_code == 422
    token = TOKEN.search(empty.text)
    assert token is not None
    wrong = plain_client.post(
        "/console/sign-in", data={"csrf_token": token.group(1), "api_key": "sl_not_a_key"}
    )
    assert wrong.status_code == 422
    forged = plain_client.post("/console/sign-in", data={"csrf_token": "x", "api_key": "y"})
    assert forged.status_code == 403
    after = _counts(plain_client)
    moved = {key: after[key] - before.get(key, 0) for key in after if after[key] != before.get(key)}
    assert moved == {
        ("api-key", "failed", "empty"): 1,
        ("api-key", "failed", "invalid-key"): 1,
        ("api-key", "failed", "csrf"): 1,
    }


def test_a_provider_that_cannot_be_reached_is_a_counted_failure_with_a_way_out(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing answers at the issuer: a 502 page naming break-glass keys, counted as unreachable."""
    for name, value in _settings(tmp_path, f"http://127.0.0.1:{free_port()}").items():
        monkeypatch.setenv(name, value)
    service = open_service(SQLiteLocation(ledger))
    try:
        with TestClient(create_app(service), base_url="http://testserver") as client:
            assert "Sign in with Westshire sign-in" in client.get("/console/sign-in").text
            page = client.get("/console/sign-in/oidc", follow_redirects=False)
            assert page.status_code == 502
            assert "break-glass" in page.text
            assert _counts(client)[("oidc", "failed", "provider-unreachable")] == 1
    finally:
        service.close()


def test_a_wrong_sign_in_setting_stops_serve_with_one_line(ledger: Path, tmp_path: Path) -> None:
    """An issuer over plain http across a network: serve exits 2 naming the setting."""
    settings = _settings(tmp_path, "http://login.example.org")
    reply = subprocess.run(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(free_port())],
        cwd=REPO,
        env={**os.environ, "LEDGER_DATA_DIR": str(ledger.parent), **settings},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert reply.returncode == 2
    assert "LEDGER_OIDC_ISSUER must be an https:// URL" in reply.stderr
    assert len(reply.stderr.strip().splitlines()) == 1
    assert "synthetic" not in reply.stderr
