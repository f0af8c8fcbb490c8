"""What an operator alerts on, as /metrics shows it: traffic, sign-ins, verification, compliance."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.http import health
from api.http.app import create_app
from api.service.composition import Service, open_service
from ledger.domain.partners import Partner
from ledger.domain.restrictions import Restriction
from ledger.domain.rights_requests import RightsRequest
from ledger.principals import Role
from ledger.storage.config import SQLiteLocation
from projections.faults import ProjectionLagging
from tests.support import tamper
from tests.support.console import sign_in
from tests.support.factories import access, access_command, subject

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@dataclass
class Deployed:
    service: Service
    client: TestClient
    source_key: str
    dpo_key: str
    data_dir: Path


@pytest.fixture
def deployed(tmp_path: Path) -> Iterator[Deployed]:
    location = SQLiteLocation(tmp_path / "ledger.sqlite3")
    service = open_service(location, clock=lambda: NOW)
    service.app.append(
        Partner.register(
            organisation="westshire-council",
            name="Westshire Council",
            partner_type="sl:LocalAuthority",
            competent_authority=False,
        )
    )
    source = service.principals.create(name="liquidlogic", role=Role.SOURCE_SYSTEM, now=NOW)
    dpo = service.principals.create(name="dpo", role=Role.DPO, now=NOW)
    try:
        yield Deployed(service, TestClient(create_app(service)), source[1], dpo[1], tmp_path)
    finally:
        service.close()


def samples(client: TestClient) -> Samples:
    reply = client.get("/metrics")
    assert reply.status_code == 200
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(reply.text)
        for s in family.samples
    }


def requests(found: Samples, method: str, route: str, status_class: str) -> float:
    labels = (("method", method), ("route", route), ("status_class", status_class))
    return found.get(("sharing_ledger_http_request_duration_seconds_count", labels), 0)


def test_requests_are_counted_by_route_template_and_status_class(deployed: Deployed) -> None:
    """Two reads of one person count under the route's template; a refused one as 4xx."""
    who_saw = "/v1/subjects/{subject}/who-saw"
    dpo = {"Authorization": f"Bearer {deployed.dpo_key}"}
    for _ in range(2):
        assert deployed.client.get(f"/v1/subjects/{subject(1)}/who-saw", headers=dpo).is_success
    deployed.client.get(f"/v1/subjects/{subject(1)}/who-saw")  # no key: 401
    found = samples(deployed.client)
    assert requests(found, "GET", who_saw, "2xx") == 2
    assert requests(found, "GET", who_saw, "4xx") == 1
    assert not any(subject(1) in str(labels) for _, labels in found)


def test_a_path_no_route_matches_is_counted_without_its_path(deployed: Deployed) -> None:
    """An unknown path is one 'unmatched' series, whatever the path: no unbounded labels."""
    deployed.client.get("/v1/no-such-thing/sr_123")
    deployed.client.get("/v1/another/sr_456")
    assert requests(samples(deployed.client), "GET", "unmatched", "4xx") == 2


def test_refused_api_keys_count_as_failed_sign_ins(deployed: Deployed) -> None:
    """A wrong key presented to the API counts; a request with no key at all does not."""
    before = samples(deployed.client)
    key = ("sharing_ledger_sign_ins_total", (("method", "api_request"), ("outcome", "failure")))
    assert before[key] == 0
    body = access_command(NOW - timedelta(hours=1))
    body.pop("command")
    deployed.client.post("/v1/accesses", json=body, headers={"X-API-Key": "sl_wrong"})
    deployed.client.post("/v1/accesses", json=body)
    assert samples(deployed.client)[key] == 1


def test_console_sign_ins_count_by_outcome(deployed: Deployed) -> None:
    """A wrong key at the console's sign-in is a failure; the right one a success."""
    token = deployed.client.get("/console/sign-in").text.split('name="csrf_token" value="')[1]
    deployed.client.post(
        "/console/sign-in",
        data={"csrf_token": token.split('"')[0], "api_key": "sl_not_a_key"},
        follow_redirects=False,
    )
    sign_in(deployed.client, deployed.dpo_key)
    found = samples(deployed.client)
    # The console's sign-ins, whichever way, are counted in one family (api/console/
    # sign_in_counts.py); the API's refused keys in sharing_ledger_sign_ins_total.
    console = "sharing_ledger_console_sign_ins_total"
    counted = {
        outcome: found[(console, (("method", "api-key"), ("outcome", outcome), ("reason", why)))]
        for outcome, why in (("failed", "invalid-key"), ("succeeded", "none"))
    }
    assert counted == {"failed": 1, "succeeded": 1}


def _verify_on_the_command_line(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "--data-dir", str(data_dir), "verify"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_command_lines_verification_shows_in_the_services_metrics(
    deployed: Deployed,
) -> None:
    """`sharing-ledger verify` in another process: /metrics reads 1, then 0 after tampering."""
    deployed.service.app.append(
        *(access(NOW - timedelta(hours=1), subject=subject(i)) for i in range(5))
    )
    assert ("sharing_ledger_verification_ok", ()) not in samples(deployed.client)
    passed = _verify_on_the_command_line(deployed.data_dir)
    assert passed.returncode == 0, passed.stderr
    found = samples(deployed.client)
    assert found[("sharing_ledger_verification_ok", ())] == 1
    assert found[("sharing_ledger_verification_entries", ())] == 6  # and the council
    first = found[("sharing_ledger_verification_timestamp_seconds", ())]
    tamper.flip_state_byte(SQLiteLocation(deployed.data_dir / "ledger.sqlite3"), 3)
    failed = _verify_on_the_command_line(deployed.data_dir)
    assert failed.returncode == 1
    found = samples(deployed.client)
    assert found[("sharing_ledger_verification_ok", ())] == 0
    assert found[("sharing_ledger_verification_timestamp_seconds", ())] >= first
    assert ("sharing_ledger_verification_entries", ()) not in found


def test_the_verification_record_is_readable_by_its_owner_only(deployed: Deployed) -> None:
    """The record the verifier leaves is mode 0600, like every state file."""
    deployed.service.app.append(access(NOW - timedelta(hours=1)))
    assert _verify_on_the_command_line(deployed.data_dir).returncode == 0
    assert (deployed.data_dir / "verification.json").stat().st_mode & 0o777 == 0o600


def test_overdue_requests_and_breached_restrictions_are_gauges(
    deployed: Deployed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request past its month and a restriction never applied in one move the gauges to 1."""
    monkeypatch.setattr(health, "COMPLIANCE_SECONDS", 0.0)
    found = samples(deployed.client)
    assert found[("sharing_ledger_rights_requests_overdue", ())] == 0
    assert found[("sharing_ledger_restrictions_breached", ())] == 0
    deployed.service.app.append(
        RightsRequest.receive(
            received_on=date(2026, 3, 2), subject=subject(1), kind="eu-gdpr:A15", recorded_by="d"
        ),
        Restriction.request(
            occurred_at=NOW - timedelta(days=45),
            subject=subject(2),
            ground="sl:A18-1-a",
            categories=["pd:HealthRecord"],
            recorded_by="dpo-0001",
        ),
    )
    found = samples(deployed.client)
    assert found[("sharing_ledger_rights_requests_overdue", ())] == 1
    assert found[("sharing_ledger_restrictions_breached", ())] == 1


def test_compliance_gauges_are_reused_between_close_scrapes(deployed: Deployed) -> None:
    """Within COMPLIANCE_SECONDS a scrape reuses the last figures instead of reading reports."""
    assert samples(deployed.client)[("sharing_ledger_rights_requests_overdue", ())] == 0
    deployed.service.app.append(
        RightsRequest.receive(
            received_on=date(2026, 3, 2), subject=subject(1), kind="eu-gdpr:A15", recorded_by="d"
        )
    )
    assert samples(deployed.client)[("sharing_ledger_rights_requests_overdue", ())] == 0


def test_compliance_gauges_are_absent_while_reports_cannot_answer(
    deployed: Deployed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read side that cannot answer leaves the gauges out, and is not asked again at once."""
    asked: list[tuple[str, ...]] = []

    def lagging(*reports: str) -> None:
        asked.append(reports)
        msg = "read model(s) requests did not catch up with the ledger within 5 s"
        raise ProjectionLagging(msg)

    monkeypatch.setattr(deployed.service, "reports", lagging)
    for _ in range(2):
        found = samples(deployed.client)
        assert ("sharing_ledger_rights_requests_overdue", ()) not in found
        assert ("sharing_ledger_restrictions_breached", ()) not in found
        assert found[("sharing_ledger_store_up", ())] == 1
    assert asked == [("requests", "restrictions")]
