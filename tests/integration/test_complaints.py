"""Complaints over HTTP and the command line, on both stores: logged, answered, listed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.service.composition import Service, open_service
from ledger.principals import Role
from ledger.storage.config import Location, SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from projections.reports.complaints import complaint_reports
from tests.integration.test_cli import one_line, run
from tests.support.console import csrf_of, sign_in
from tests.support.factories import subject

NOW = datetime.now(UTC)
TODAY = NOW.date()
SUMMARY = "The council shared my health records with the school without telling me."


@dataclass
class World:
    client: TestClient
    dpo: dict[str, str]
    source: dict[str, str]
    service: Service


@pytest.fixture
def world(location: Location) -> Iterator[World]:
    service = open_service(location)
    store = PrincipalStore(service.app.database)
    keys = {  # the council's own staff: their reads are recorded as the council's
        role: store.create(
            name=f"{role.value}-1", role=role, now=NOW, organisation="westshire-council"
        )[1]
        for role in (Role.DPO, Role.SOURCE_SYSTEM)
    }
    headers = {role: {"Authorization": f"Bearer {key}"} for role, key in keys.items()}
    yield World(
        TestClient(create_app(service)),
        headers[Role.DPO],
        headers[Role.SOURCE_SYSTEM],
        service,
    )
    service.close()


def ico_complaint(received: date) -> dict[str, object]:
    return {
        "received_on": received.isoformat(),
        "subject": subject(1),
        "complainant": "sl:ComplainantICO",
        "ico_case_reference": "IC-123456-A1B2",
        "issues": ["sl:IssueUnlawfulSharing"],
        "summary": SUMMARY,
        "recorded_by": "dpo-0001",
        "reference": "CMP-2026-001",
    }


def test_an_ico_complaint_is_logged_answered_and_listed_over_http(world: World) -> None:
    """Each step is an entry; the list shows the ICO case, the outcome and the ICO's decision."""
    received = TODAY - timedelta(days=40)
    post = world.client.post
    created = post("/v1/complaints", json=ico_complaint(received), headers=world.dpo)
    assert created.status_code == 201, created.text
    complaint = created.json()["entries"][0]["id"]
    steps = [
        ("acknowledgement", {"acknowledged_on": (received + timedelta(days=3)).isoformat()}),
        ("findings", {"recorded_on": (received + timedelta(days=9)).isoformat(), "findings": "x"}),
        (
            "closure",
            {
                "closed_on": (received + timedelta(days=10)).isoformat(),
                "outcome": "sl:ComplaintPartlyUpheld",
                "remedial_action": "Staff retrained on the sharing agreement.",
            },
        ),
        (
            "ico-decision",
            {
                "decided_on": (received + timedelta(days=30)).isoformat(),
                "decision": "sl:ICOInfringementAdvice",
            },
        ),
    ]
    for path, body in steps:
        by = "decided_by" if path == "closure" else "recorded_by"
        answer = post(
            f"/v1/complaints/{complaint}/{path}", json={**body, by: "dpo-0001"}, headers=world.dpo
        )
        assert answer.status_code == 201, answer.text
    listed = world.client.get("/v1/complaints", headers=world.dpo)
    assert listed.status_code == 200
    (item,) = listed.json()["items"]
    assert item["ico_case_reference"] == "IC-123456-A1B2"
    assert (item["status"], item["outcome"]) == ("closed", "sl:ComplaintPartlyUpheld")
    assert item["ico_decision"] == "sl:ICOInfringementAdvice"
    assert SUMMARY not in listed.text  # the summary stays sealed in the list


def test_an_unacknowledged_complaint_lists_as_overdue_after_its_30_days(world: World) -> None:
    """Received 40 days ago and never acknowledged: "acknowledgement overdue", in the CSV too."""
    body = {**ico_complaint(TODAY - timedelta(days=40)), "complainant": "sl:ComplainantDataSubject"}
    del body["ico_case_reference"]
    assert world.client.post("/v1/complaints", json=body, headers=world.dpo).status_code == 201
    listed = world.client.get("/v1/complaints?format=csv", headers=world.dpo)
    (row,) = csv.DictReader(io.StringIO(listed.text))
    assert row["status"] == "acknowledgement overdue"


def test_a_step_out_of_order_is_a_problem_and_records_nothing(world: World) -> None:
    """Findings before the acknowledgement: 409 problem+json naming what comes first; no entry."""
    created = world.client.post("/v1/complaints", json=ico_complaint(TODAY), headers=world.dpo)
    complaint = created.json()["entries"][0]["id"]
    size = world.service.app.chain.size()
    refused = world.client.post(
        f"/v1/complaints/{complaint}/findings",
        json={"recorded_on": TODAY.isoformat(), "findings": "x", "recorded_by": "dpo-0001"},
        headers=world.dpo,
    )
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.status_code == 409
    assert "must be acknowledged before" in refused.json()["detail"]
    assert world.service.app.chain.size() == size


def test_the_complaints_list_is_the_dpos(world: World) -> None:
    """A source system's key may log a complaint's step but not read the list (403)."""
    assert world.client.get("/v1/complaints", headers=world.source).status_code == 403


def test_the_command_line_logs_a_complaint_and_shows_it_opened(tmp_path: Path) -> None:
    """receive, acknowledge, report complaints --format json, and show opens the summary."""
    env = {"LEDGER_DATA_DIR": str(tmp_path), "LEDGER_ACTOR": "dpo-0001"}
    env["LEDGER_ORGANISATION"] = "westshire-council"
    received = run(
        "complaints", "receive", subject(2), "--issue", "sl:IssueLateResponse",
        "--summary", SUMMARY, "--on", TODAY.isoformat(), "--format", "json", env=env,
    )  # fmt: skip
    assert received.returncode == 0, received.stderr
    complaint = json.loads(received.stdout)[0]["id"]
    acknowledged = run("complaints", "acknowledge", complaint, "--format", "json", env=env)
    assert acknowledged.returncode == 0, acknowledged.stderr
    listed = run("report", "complaints", "--format", "json", env=env)
    (item,) = json.loads(listed.stdout)
    assert (item["status"], item["acknowledged_on"]) == ("open", TODAY.isoformat())
    shown = run("complaints", "show", complaint, env=env)
    assert json.loads(shown.stdout)["summary"] == SUMMARY


def test_the_command_line_refuses_an_unknown_issue_in_one_line(tmp_path: Path) -> None:
    """An issue outside the list: one line naming the field, exit 2, nothing recorded."""
    env = {"LEDGER_DATA_DIR": str(tmp_path)}
    result = run("complaints", "receive", subject(2), "--issue", "rude", "--summary", "x", env=env)
    assert result.returncode == 2
    assert "issues: unknown complaint issue term" in one_line(result)
    service = open_service(SQLiteLocation(tmp_path / "ledger.sqlite3"))
    try:
        assert service.app.chain.size() == 0
    finally:
        service.close()


def console_client(world: World) -> tuple[TestClient, str]:
    """The DPO signed in to the console, and the session's CSRF token."""
    client = TestClient(world.client.app, base_url="http://testserver")
    sign_in(client, world.dpo["Authorization"].removeprefix("Bearer "))
    return client, csrf_of(client)


def log_form(csrf: str, action: str) -> dict[str, str]:
    return {
        "csrf_token": csrf,
        "action": action,
        "subject": subject(3),
        "complainant": "sl:ComplainantDataSubject",
        "received_on": TODAY.isoformat(),
        "issue-IssueRequestRefused": "yes",
        "summary": SUMMARY,
    }


def test_the_console_checks_answers_before_recording_a_complaint(world: World) -> None:
    """Missing answers: 422 with an error summary; then check your answers; nothing yet recorded."""
    client, csrf = console_client(world)
    size = world.service.app.chain.size()
    empty = client.post("/console/complaints/new", data={"csrf_token": csrf, "action": "check"})
    assert empty.status_code == 422
    assert "There is a problem" in empty.text
    assert '<a href="#issues">Select what the complaint is about</a>' in empty.text
    check = client.post("/console/complaints/new", data=log_form(csrf, "check"))
    assert check.status_code == 200
    assert "Check your answers" in check.text
    assert "A rights request was refused" in check.text
    assert world.service.app.chain.size() == size


def test_the_console_records_a_complaint_once_confirmed(world: World) -> None:
    """Confirmed: one entry, the confirmation page names its position, the list shows it."""
    client, csrf = console_client(world)
    size = world.service.app.chain.size()
    done = client.post("/console/complaints/new", data=log_form(csrf, "confirm"))
    assert done.status_code == 200, done.text
    assert "Complaint logged" in done.text
    assert f'data-testid="position">{size}<' in done.text
    assert world.service.app.chain.size() == size + 1
    listed = client.get("/console/complaints")
    assert subject(3) in listed.text
    assert "Awaiting acknowledgement" in listed.text


def test_the_console_refuses_a_step_out_of_order_and_records_nothing(world: World) -> None:
    """Findings before the acknowledgement: the form again, 422, the domain's reason shown."""
    client, csrf = console_client(world)
    client.post("/console/complaints/new", data=log_form(csrf, "confirm"))
    (complaint,) = complaint_ids(world)
    size = world.service.app.chain.size()
    refused = client.post(
        f"/console/complaints/{complaint}/findings",
        data={
            "csrf_token": csrf,
            "action": "confirm",
            "recorded_on": TODAY.isoformat(),
            "findings": "x",
        },
    )
    assert refused.status_code == 422
    assert "must be acknowledged before" in refused.text
    assert world.service.app.chain.size() == size


def test_a_console_form_without_the_sessions_token_is_refused(world: World) -> None:
    """No CSRF token: the 403 page, and nothing recorded."""
    client, _csrf = console_client(world)
    size = world.service.app.chain.size()
    reply = client.post("/console/complaints/new", data=log_form("forged", "confirm"))
    assert reply.status_code == 403
    assert world.service.app.chain.size() == size


def complaint_ids(world: World) -> list[str]:
    return [r.complaint_id for r in complaint_reports(world.service.reports("complaints"))]


def test_a_persons_page_lists_the_complaints_about_them(world: World) -> None:
    """The DPO opening a person's page sees their complaint, linked to its own page."""
    created = world.client.post("/v1/complaints", json=ico_complaint(TODAY), headers=world.dpo)
    complaint = created.json()["entries"][0]["id"]
    client, _csrf = console_client(world)
    person = client.get(f"/console/people/{subject(1)}?reason=complaint")
    assert person.status_code == 200
    assert 'data-testid="complaints"' in person.text
    assert f'href="/console/complaints/{complaint}"' in person.text
    opened = client.get(f"/console/complaints/{complaint}")
    assert SUMMARY in opened.text  # opened for the DPO, and the view recorded
