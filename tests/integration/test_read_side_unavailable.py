"""When the read side cannot answer, over HTTP: a stalled read model, a silent worker.

Reports that read a stalled read model answer a 503 problem document (the
console, its "Sorry" page), at once, never a 500; reports that do not read it
still answer; /readyz and /metrics say which read model and why. On both stores.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.http.app import create_app
from api.service.composition import Service, open_service
from ledger.principals import Role
from ledger.storage.config import Location
from ledger.storage.principal_store import PrincipalStore
from projections.runner import ReadModelRunner
from tests.support.console import sign_in
from tests.support.factories import access, subject
from tests.support.faulty import with_failing_activity
from tests.support.tamper import superuser

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
BAD = subject(2)


@dataclass
class Served:
    service: Service
    client: TestClient
    dpo_key: str

    def sign_in(self) -> None:
        sign_in(self.client, self.dpo_key)


def serve(service: Service) -> Served:
    _, key = PrincipalStore(service.app.database).create(name="dpo", role=Role.DPO, now=NOW)
    return Served(service, TestClient(create_app(service)), key)


@pytest.fixture
def stalled(location: Location) -> Iterator[Served]:
    """Five accesses; the activity read model's projector raises on the third."""
    service = open_service(location, clock=lambda: NOW)
    service.runner = ReadModelRunner(service.app, with_failing_activity(BAD))
    service.app.append(*(access(NOW - timedelta(days=1), subject=subject(i)) for i in range(5)))
    service.runner.catch_up()
    try:
        yield serve(service)
    finally:
        service.close()


@pytest.fixture
def worker_mode(location: Location) -> Iterator[Served]:
    """Served with --projections worker, and no worker running."""
    service = open_service(location, clock=lambda: NOW)
    service.external_projector = service.worker_required = True
    service.worker_timeout = 2.0
    try:
        yield serve(service)
    finally:
        service.close()


def samples(served: Served) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    reply = served.client.get("/metrics")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(reply.text)
        for s in family.samples
    }


def test_a_report_reading_a_stalled_read_model_is_a_503_problem(stalled: Served) -> None:
    """who-saw reads activity: 503 read-model-stalled naming it and where, no values, no 500."""
    reply = stalled.client.get(
        f"/v1/subjects/{subject(1)}/who-saw",
        headers={"Authorization": f"Bearer {stalled.dpo_key}"},
    )
    assert reply.status_code == 503
    assert reply.headers["content-type"].startswith("application/problem+json")
    assert reply.headers["retry-after"] == "60"
    problem = reply.json()
    assert problem["type"].endswith("/read-model-stalled")
    assert problem["read_models"] == [{"name": "activity", "position": 2}]
    assert BAD not in reply.text


def test_reports_that_do_not_read_it_still_answer(stalled: Served) -> None:
    """Rights requests and agreements read other read models: 200 as ever."""
    auth = {"Authorization": f"Bearer {stalled.dpo_key}"}
    assert stalled.client.get("/v1/rights-requests", headers=auth).status_code == 200
    assert stalled.client.get("/v1/agreements", headers=auth).status_code == 200
    assert stalled.client.get("/v1/restrictions", headers=auth).status_code == 503


def test_readyz_names_the_stalled_read_model_and_why(stalled: Served) -> None:
    """503 not-ready; the check says where it stopped, the error's kind and place, no values."""
    reply = stalled.client.get("/readyz")
    assert reply.status_code == 503
    check = reply.json()["checks"]["read_model.activity"]
    assert check.startswith("stalled at position 2: KeyError in project (tests/support/faulty.py:")
    assert check.endswith("projecting Access.DataAccessed; rebuild it once the fault is fixed")
    assert reply.json()["checks"]["read_model.requests"] == "ok"
    assert BAD not in reply.text


def test_metrics_count_the_stall(stalled: Served) -> None:
    """The stalled gauge is 1 for activity and 0 for the others; the failures counter is 1."""
    found = samples(stalled)
    assert found[("sharing_ledger_read_model_stalled", (("read_model", "activity"),))] == 1
    assert found[("sharing_ledger_read_model_stalled", (("read_model", "requests"),))] == 0
    assert found[("sharing_ledger_read_model_failures_total", (("read_model", "activity"),))] == 1


def test_the_console_says_sorry_with_a_503(stalled: Served) -> None:
    """A person's page reads activity: the GOV.UK 'Sorry' page with 503; requests still show."""
    stalled.sign_in()
    page = stalled.client.get(f"/console/people/{subject(1)}")
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert '<h1 class="sl-heading-l">Sorry, there is a problem with the service</h1>' in page.text
    assert "Try again later." in page.text
    assert BAD not in page.text
    assert stalled.client.get("/console/rights-requests").status_code == 200
    assert stalled.client.get("/console/").status_code == 200  # the start page leaves it out


def test_with_no_worker_heartbeat_readyz_is_not_ready(worker_mode: Served) -> None:
    """--projections worker and no worker has ever beaten: 503 naming the projection worker."""
    reply = worker_mode.client.get("/readyz")
    assert reply.status_code == 503
    assert "no heartbeat from a projection worker" in reply.json()["checks"]["projection_worker"]


def test_with_no_worker_reports_answer_503_at_once(worker_mode: Served) -> None:
    """An entry nobody projects: 503 projector-down in well under the 5 s wait, not a 500."""
    worker_mode.service.app.append(access(NOW - timedelta(days=1)))
    started = time.monotonic()
    reply = worker_mode.client.get(
        "/v1/rights-requests", headers={"Authorization": f"Bearer {worker_mode.dpo_key}"}
    )
    assert time.monotonic() - started < 2
    assert reply.status_code == 503
    assert reply.json()["type"].endswith("/projector-down")
    worker_mode.sign_in()
    page = worker_mode.client.get("/console/rights-requests")
    assert page.status_code == 503
    assert "Sorry, there is a problem with the service" in page.text


def test_a_worker_that_beats_makes_it_ready_and_its_silence_does_not(worker_mode: Served) -> None:
    """A heartbeat (what `projections run` writes each second): ready; 2 s of silence: not."""
    runner = worker_mode.service.runner
    runner.beat("worker-host:1234")
    runner.catch_up()
    reply = worker_mode.client.get("/readyz")
    assert reply.status_code == 200, reply.text
    assert reply.json()["checks"]["projection_worker"] == "ok"
    found = samples(worker_mode)
    assert 0 <= found[("sharing_ledger_projector_heartbeat_age_seconds", ())] < 2
    time.sleep(2.2)
    check = worker_mode.client.get("/readyz").json()["checks"]["projection_worker"]
    assert re.fullmatch(
        r"no heartbeat from the projection worker for \d+ s \(allowed: 2 s\)", check
    )


def test_the_auditors_verification_can_check_the_read_models(location: Location) -> None:
    """POST /v1/ledger/verification?read_models=true: ok; a who-saw row deleted: not, naming it."""
    service = open_service(location, clock=lambda: NOW)
    try:
        service.app.append(*(access(NOW - timedelta(days=1), subject=subject(i)) for i in range(3)))
        service.runner.catch_up()
        _, key = PrincipalStore(service.app.database).create(
            name="auditor", role=Role.AUDITOR, now=NOW
        )
        client = TestClient(create_app(service))
        auth = {"Authorization": f"Bearer {key}"}
        passed = client.post("/v1/ledger/verification?read_models=true", headers=auth).json()
        assert passed["ok"] is True
        assert passed["read_models"]["ok"] is True
        with superuser(location) as (conn, p):
            conn.execute(f"DELETE FROM rm_activity WHERE subject = {p}", (subject(1),))
        failed = client.post("/v1/ledger/verification?read_models=true", headers=auth).json()
        assert failed["ok"] is False
        assert failed["read_models"]["detail"].startswith(
            f"read models differ from the ledger: rm_activity (subject={subject(1)}, "
        )
        assert client.post("/v1/ledger/verification", headers=auth).json()["ok"] is True
    finally:
        service.close()


def test_the_integrity_page_and_ledger_status_say_it_is_stalled(stalled: Served) -> None:
    """The console's integrity page tags it Stalled with the entry; /v1/ledger/status says why."""
    stalled.sign_in()
    page = stalled.client.get("/console/integrity")
    assert page.status_code == 200
    assert "Stalled</strong> stopped at entry 2 (KeyError)" in page.text
    status = stalled.client.get(
        "/v1/ledger/status", headers={"Authorization": f"Bearer {stalled.dpo_key}"}
    ).json()
    activity = next(p for p in status["projections"] if p["name"] == "activity")
    assert activity["state"] == "stalled"
    assert activity["reason"].startswith("stalled at position 2: KeyError")
