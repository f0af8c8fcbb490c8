"""/healthz, /readyz and /metrics on an SQLite-backed service: what operators and Prometheus see."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from eventsourcing.persistence import OperationalError
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from structlog.testing import capture_logs

from api.http import health
from api.http.app import create_app
from api.service import log_signing
from api.service.composition import Service, open_service
from api.service.group_commit import GroupCommitter
from ledger.principals import Role
from ledger.storage import schema
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from tests.support import tamper
from tests.support.factories import access, access_command, subject
from tests.support.signing import log_signer

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class Deployed:
    service: Service
    client: TestClient
    source_key: str
    path: Path


@pytest.fixture
def deployed(tmp_path: Path) -> Iterator[Deployed]:
    location = SQLiteLocation(tmp_path / "ledger.sqlite3")
    service = open_service(location, clock=lambda: NOW)
    _, key = PrincipalStore(service.app.database).create(
        name="liquidlogic", role=Role.SOURCE_SYSTEM, now=NOW
    )
    committer = GroupCommitter(service.app)
    app = create_app(service, committer=committer, max_projection_lag=2)
    try:
        yield Deployed(service, TestClient(app), key, location.path)
    finally:
        committer.close()
        service.close()


def samples(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, by name and labels."""
    reply = client.get("/metrics")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(reply.text)
        for s in family.samples
    }


def test_healthz_answers_without_a_key(deployed: Deployed) -> None:
    """Liveness needs no credentials and touches no database."""
    reply = deployed.client.get("/healthz")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok"}


def test_health_endpoints_stay_out_of_the_openapi_document(deployed: Deployed) -> None:
    """The OpenAPI document describes the authenticated API only."""
    paths = deployed.client.get("/v1/openapi.json").json()["paths"]
    assert not {"/healthz", "/readyz", "/metrics"} & set(paths)


def test_a_second_install_changes_only_the_allowed_lag(deployed: Deployed) -> None:
    """Installed again with a lag of 5: three unprojected entries are then within it."""
    app = deployed.client.app
    assert isinstance(app, FastAPI)
    health.install(app, max_projection_lag=5)
    deployed.service.app.append(*(access(NOW, subject=subject(i)) for i in range(3)))
    assert deployed.client.get("/readyz").status_code == 200


def test_ready_on_a_current_ledger(deployed: Deployed) -> None:
    """Store reachable, schema understood, every read model current: 200 with each check ok."""
    reply = deployed.client.get("/readyz")
    assert reply.status_code == 200, reply.text
    checks = reply.json()["checks"]
    assert checks["store"] == checks["schema"] == "ok"
    assert {k for k in checks if k.startswith("read_model.")} == {
        "read_model.activity",
        "read_model.sharing",
        "read_model.changes",
        "read_model.requests",
        "read_model.complaints",
        "read_model.responses",
    }


def test_not_ready_while_read_models_lag_beyond_the_limit(deployed: Deployed) -> None:
    """Three unprojected entries with two allowed: 503 problem naming the read model; then 200."""
    deployed.service.app.append(*(access(NOW, subject=subject(i)) for i in range(3)))
    reply = deployed.client.get("/readyz")
    assert reply.status_code == 503
    assert reply.headers["content-type"].startswith("application/problem+json")
    assert reply.headers["retry-after"] == "5"
    problem = reply.json()
    assert problem["type"].endswith("/not-ready")
    behind = problem["checks"]["read_model.activity"]
    assert behind == "3 entries behind the ledger (allowed: 2)"
    deployed.service.runner.catch_up()
    assert deployed.client.get("/readyz").status_code == 200


def test_not_ready_on_a_schema_it_does_not_understand(deployed: Deployed) -> None:
    """A newer schema version in the store: 503 saying to upgrade."""
    with sqlite3.connect(deployed.path) as db:
        db.execute("UPDATE ledger_meta SET value = '99' WHERE key = 'schema_version'")
    reply = deployed.client.get("/readyz")
    assert reply.status_code == 503
    assert "schema version 99" in reply.json()["checks"]["schema"]
    assert "upgrade sharing-ledger" in reply.json()["detail"]


def test_not_ready_when_the_store_fails(
    deployed: Deployed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database error reading the schema: 503, store unreachable, and the error's kind."""

    def unreachable(_database: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(schema, "check_schema", unreachable)
    reply = deployed.client.get("/readyz")
    assert reply.status_code == 503
    store = reply.json()["checks"]["store"]
    assert store == "unreachable (OperationalError: connection refused)"


def test_metrics_count_entries_commits_and_projection_lag(deployed: Deployed) -> None:
    """Four recorded over HTTP through the committer: entries, requests, transactions, lag."""
    body = access_command(NOW - timedelta(hours=1))
    body.pop("command")
    for _ in range(4):
        reply = deployed.client.post(
            "/v1/accesses", json=body, headers={"Authorization": f"Bearer {deployed.source_key}"}
        )
        assert reply.status_code == 201, reply.text
    found = samples(deployed.client)
    assert found[("sharing_ledger_entries", ())] == 4
    assert found[("sharing_ledger_group_commit_requests_total", ())] == 4
    transactions = found[("sharing_ledger_group_commit_transactions_total", ())]
    assert 1 <= transactions <= 4
    assert found[("sharing_ledger_group_commit_mean_batch_size", ())] == 4 / transactions
    assert found[("sharing_ledger_projection_lag_entries", (("read_model", "activity"),))] == 4
    assert found[("sharing_ledger_projection_stale", (("read_model", "activity"),))] == 0
    assert found[("sharing_ledger_store_up", ())] == 1
    assert ("sharing_ledger_checkpoint_age_seconds", ()) not in found
    assert ("sharing_ledger_verification_ok", ()) not in found


def test_metrics_show_the_checkpoint_age_and_what_it_does_not_cover(
    deployed: Deployed, tmp_path: Path
) -> None:
    """A checkpoint signed 90 s before now over 2 of 3 entries: age 90, covers 2, 1 behind."""
    app = deployed.service.app
    app.append(access(NOW, subject=subject(1)), access(NOW, subject=subject(2)))
    signer = log_signer(tmp_path, "health.example/ledger")
    log_signing.issue(app, signer, NOW - timedelta(seconds=90))
    app.append(access(NOW, subject=subject(3)))
    found = samples(deployed.client)
    assert found[("sharing_ledger_checkpoint_age_seconds", ())] == 90
    assert found[("sharing_ledger_checkpoint_entries", ())] == 2
    assert found[("sharing_ledger_checkpoint_lag_entries", ())] == 1


def test_metrics_count_the_signers_refusals(deployed: Deployed, tmp_path: Path) -> None:
    """A fork refused by the signer is counted, by what it contradicted, for alerting."""
    app = deployed.service.app
    app.append(*(access(NOW, subject=subject(i)) for i in range(3)))
    signer = log_signer(tmp_path, "health.example/ledger")
    deployed.service.signer_state = signer.state.path
    before = samples(deployed.client)
    assert before[_refusals("signer_state", "smaller_tree")] == 0
    log_signing.issue(app, signer, NOW)
    tamper.truncate_tail(SQLiteLocation(deployed.path), keep=1)
    with pytest.raises(log_signing.SigningRefused):
        log_signing.issue(app, signer, NOW)
    found = samples(deployed.client)
    assert found[_refusals("signer_state", "smaller_tree")] == 1
    assert found[_refusals("database", "smaller_tree")] == 0


def _refusals(against: str, reason: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    labels = (("against", against), ("reason", reason))
    return "sharing_ledger_checkpoint_refusals_total", labels


def test_metrics_report_the_last_verification(deployed: Deployed) -> None:
    """A noted failing verification reads 0; a later passing one reads 1 with its size."""
    app = deployed.client.app
    health.note_verification(app, ok=False)
    assert samples(deployed.client)[("sharing_ledger_verification_ok", ())] == 0
    health.note_verification(app, ok=True, size=12)
    found = samples(deployed.client)
    assert found[("sharing_ledger_verification_ok", ())] == 1
    assert found[("sharing_ledger_verification_entries", ())] == 12
    assert found[("sharing_ledger_verification_timestamp_seconds", ())] > 0


def test_a_failed_store_read_is_a_metric_not_a_failed_scrape(
    deployed: Deployed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store unreadable: /metrics still answers, with store_up 0 and process metrics."""

    def unreadable() -> None:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(deployed.service.app.chain, "snapshot", unreadable)
    found = samples(deployed.client)
    assert found[("sharing_ledger_store_up", ())] == 0
    assert ("sharing_ledger_entries", ()) not in found
    assert found[("process_resident_memory_bytes", ())] > 0


def test_probes_are_logged_at_debug_and_real_requests_at_info(deployed: Deployed) -> None:
    """Scrapes every few seconds must not bury the access log; other requests stay at INFO."""
    with capture_logs() as logs:
        deployed.client.get("/healthz")
        deployed.client.get("/v1/ledger/status")  # 401 without a key: still a request
    levels = {e["route"]: e["log_level"] for e in logs if e["event"] == "http.request"}
    assert levels["/healthz"] == "debug"
    assert levels["/v1/ledger/status"] == "info"
