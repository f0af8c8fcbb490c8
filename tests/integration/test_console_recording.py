"""The console's recording forms through FastAPI's test client, on a small SQLite ledger: each
form records exactly one entry, with the answers given and the signed-in principal as its
recorder; bad input re-shows the form with a precise error and records nothing."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.console.render import UK
from api.http.app import create_app
from api.service.composition import Service, open_service
from ledger.domain.notices import Art19Change
from ledger.domain.objections import Objection
from ledger.domain.partners import Partner
from ledger.domain.processing import Access
from ledger.domain.rectifications import Rectification
from ledger.domain.restrictions import Restriction
from ledger.domain.rights_requests import RightsRequest
from ledger.principals import Role
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from projections.reports.request_deadlines import request_report
from projections.reports.restriction_verdicts import restriction_report
from tests.support.console import csrf_of, sign_in
from tests.support.factories import access, share, subject

NOW = datetime.now(UTC)
PERSON = subject(1)
POLICE = "westshire-constabulary"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@dataclass(frozen=True)
class Ledger:
    app: FastAPI
    service: Service
    dpo_key: str
    dpo_id: str
    auditor_key: str


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    location = SQLiteLocation(Path(tmp_path_factory.mktemp("recording")) / "ledger.sqlite3")
    service = open_service(location)
    service.app.append(
        Partner.register(
            organisation="westshire-council",
            name="Westshire Council",
            partner_type="sl:LocalAuthority",
            competent_authority=False,
        ),
        share(NOW - timedelta(days=30), subjects=(PERSON,)),
    )
    store = PrincipalStore(service.app.database)
    dpo, dpo_key = store.create(name="dpo-office", role=Role.DPO, now=NOW)
    _, auditor_key = store.create(name="auditor", role=Role.AUDITOR, now=NOW)
    yield Ledger(create_app(service), service, dpo_key, dpo.id, auditor_key)
    service.close()


@pytest.fixture
def dpo(ledger: Ledger) -> TestClient:
    client = TestClient(ledger.app, base_url="http://testserver")
    sign_in(client, ledger.dpo_key)
    return client


def size(service: Service) -> int:
    head, _ = service.app.chain.snapshot()
    return 0 if head is None else head.position + 1


def entries_after(service: Service, before: int) -> list[Any]:
    """The domain events stored at positions ``before`` onwards (a small ledger: read whole)."""
    stored = service.app.recorder.select_notifications(start=1, limit=100_000)
    return [service.app.mapper.to_domain_event(n) for n in stored][before:]


def recorded_after(service: Service, before: int) -> list[tuple[int, Any]]:
    """(position, event) of the entries after ``before``, but the console's recorded reads."""
    return [
        (position, event)
        for position, event in enumerate(entries_after(service, before), start=before)
        if not (
            isinstance(event, Access.DataAccessed)
            and event.source_system == "sharing-ledger-console"
        )
    ]


def day_of(name: str, when: datetime) -> dict[str, str]:
    local = when.astimezone(UK)
    return {f"{name}-day": str(local.day), f"{name}-month": str(local.month),
            f"{name}-year": str(local.year)}  # fmt: skip


def moment_of(name: str, when: datetime) -> dict[str, str]:
    local = when.astimezone(UK)
    return {
        **day_of(name, when),
        f"{name}-hour": str(local.hour),
        f"{name}-minute": str(local.minute),
    }


@dataclass(frozen=True)
class Recorded:
    position: int
    id: str
    page: str
    event: Any


def record(client: TestClient, ledger: Ledger, path: str, answers: dict[str, Any]) -> Recorded:
    """Answer the questions, confirm on "check your answers", and follow to the confirmation."""
    csrf = csrf_of(client)
    before = size(ledger.service)
    check = client.post(path, data={"csrf_token": csrf, "stage": "check", **answers})
    assert check.status_code == 200, check.text
    assert "Check your answers before recording" in check.text
    assert recorded_after(ledger.service, before) == []  # checking records nothing
    carried: dict[str, list[str]] = {}
    for name, value in HIDDEN.findall(check.text):
        carried.setdefault(html.unescape(name), []).append(html.unescape(value))
    carried["stage"] = ["confirm"]
    done = client.post(path, data=carried, follow_redirects=False)
    assert done.status_code == 303, done.text
    target = done.headers["location"]
    query = parse_qs(urlsplit(target).query)
    page = client.get(target)
    assert page.status_code == 200
    new = recorded_after(ledger.service, before)
    assert len(new) == 1  # exactly one entry (besides any recorded view of the person)
    position = int(query["entry"][0])
    assert position == new[0][0]
    assert f'data-testid="entry">{position:,}<' in page.text
    return Recorded(position, query["id"][0], page.text, new[0][1])


def refused(client: TestClient, ledger: Ledger, path: str, answers: dict[str, Any]) -> str:
    """Post answers that must be refused: 422, the form again, nothing recorded."""
    before = size(ledger.service)
    reply = client.post(path, data={"csrf_token": csrf_of(client), "stage": "check", **answers})
    assert reply.status_code == 422, reply.text
    assert "There is a problem" in reply.text
    assert size(ledger.service) == before
    return html.unescape(reply.text)


def receive(client: TestClient, ledger: Ledger, reference: str, days_ago: int) -> Recorded:
    return record(
        client,
        ledger,
        "/console/rights-requests/new",
        {
            "subject-kind": "subject-reference",
            "subject": PERSON,
            "kind": "eu-gdpr:A15",
            "reference": reference,
            **day_of("received_on", NOW - timedelta(days=days_ago)),
        },
    )


# -- Rights requests ----------------------------------------------------------------
def test_receiving_a_request_records_one_entry_in_the_signed_in_persons_name(
    dpo: TestClient, ledger: Ledger
) -> None:
    """The received request holds the person, right, date and reference; its recorder is the key."""
    done = receive(dpo, ledger, "SAR-1", days_ago=10)
    event = done.event
    assert isinstance(event, RightsRequest.RequestReceived)
    assert event.subject == PERSON
    assert event.kind == "eu-gdpr:A15"
    assert event.received_on == (NOW - timedelta(days=10)).astimezone(UK).date()
    assert event.reference == "SAR-1"
    assert event.recorded_by == f"principal:{ledger.dpo_id}"
    assert str(event.originator_id) == done.id
    assert f"/console/rights-requests/{done.id}" in done.page


def test_each_step_of_a_request_records_one_entry(dpo: TestClient, ledger: Ledger) -> None:
    """Identity information, identity verified, pause (with the question), resume, extension,
    fulfilment: one entry each."""
    made = receive(dpo, ledger, "SAR-2", days_ago=20)
    base = f"/console/rights-requests/{made.id}"
    steps: list[tuple[str, dict[str, str], type[RightsRequest.Event], dict[str, Any]]] = [
        ("identity-information", day_of("received_on", NOW - timedelta(days=19)),
         RightsRequest.IdentityInformationReceived, {}),
        ("identity-verified", day_of("verified_on", NOW - timedelta(days=19)),
         RightsRequest.IdentityVerified, {}),
        ("pause", {**day_of("paused_on", NOW - timedelta(days=18)), "reason": "Which years?"},
         RightsRequest.ClockPaused, {"reason": "Which years?"}),
        ("resume", day_of("resumed_on", NOW - timedelta(days=15)),
         RightsRequest.ClockResumed, {}),
        ("extension", {**day_of("notified_on", NOW - timedelta(days=14)),
                       "reason": "Many records"}, RightsRequest.DeadlineExtended,
         {"reason": "Many records"}),
        ("fulfilment", day_of("fulfilled_on", NOW - timedelta(days=1)),
         RightsRequest.RequestFulfilled, {}),
    ]  # fmt: skip
    for slug, answers, kind, fields in steps:
        done = record(dpo, ledger, f"{base}/{slug}", answers)
        assert isinstance(done.event, kind), slug
        assert str(done.event.originator_id) == made.id
        for name, value in fields.items():
            assert ledger.service.app.subjects.unseal(getattr(done.event, name)) == value
    report = request_report(ledger.service.reports("requests"), made.id)
    assert report is not None
    assert report.closed_on == (NOW - timedelta(days=1)).astimezone(UK).date()
    # Art 12A(3)(b): the month starts when the identity information arrived; Art 12A(4):
    # both days of the clarification are left out (asked 18 days ago, answered 15).
    assert report.deadline.starts_from == "identity information received"
    assert report.deadline.paused_days == 4


def test_refusing_a_request_records_the_reason(dpo: TestClient, ledger: Ledger) -> None:
    """A refusal is one RequestRefused entry with the date and the reason given."""
    made = receive(dpo, ledger, "SAR-3", days_ago=5)
    answers = {**day_of("refused_on", NOW - timedelta(days=2)), "reason": "Manifestly unfounded"}
    done = record(dpo, ledger, f"/console/rights-requests/{made.id}/refusal", answers)
    assert isinstance(done.event, RightsRequest.RequestRefused)
    assert ledger.service.app.subjects.unseal(done.event.reason) == "Manifestly unfounded"


BAD_RECEIPTS = [
    ({"subject": "", "kind": "", "received_on-day": "", "received_on-month": "",
      "received_on-year": ""},
     ["Enter the person's subject reference", "Select the right the person is using",
      "Enter the date the request was received"]),
    ({"received_on-day": "31", "received_on-month": "2", "received_on-year": "2026"},
     ["Date the request was received must be a real date"]),
    ({"received_on-day": "1", "received_on-month": "2"},
     ["Date the request was received must include a year"]),
    ({"received_on-day": "1", "received_on-month": "2", "received_on-year": "26"},
     ["The year of date the request was received must have 4 numbers"]),
    (day_of("received_on", NOW + timedelta(days=3)),
     ["Date the request was received must be today or in the past"]),
    ({"kind": "eu-gdpr:A99"}, ["Select which right is the person using? from the list"]),
    ({"reference": "has spaces"}, ["Your reference (optional) must be a reference of 1-64"]),
    ({"subject": "sr_short"}, ["Enter a subject reference in the right format"]),
]  # fmt: skip


@pytest.mark.parametrize(("answers", "messages"), BAD_RECEIPTS)
def test_a_bad_receipt_is_refused_on_its_question_and_records_nothing(
    dpo: TestClient, ledger: Ledger, answers: dict[str, str], messages: list[str]
) -> None:
    """Each mistake in the receipt form gets its own GOV.UK message; the ledger is unchanged."""
    good = {
        "subject-kind": "subject-reference",
        "subject": PERSON,
        "kind": "eu-gdpr:A15",
        **day_of("received_on", NOW - timedelta(days=1)),
    }
    if answers.keys() & {"received_on-day", "received_on-month", "received_on-year"}:
        good = {k: v for k, v in good.items() if not k.startswith("received_on-")}
    page = refused(dpo, ledger, "/console/rights-requests/new", {**good, **answers})
    for message in messages:
        assert message in page


def test_a_step_out_of_order_is_refused_with_the_domains_reason(
    dpo: TestClient, ledger: Ledger
) -> None:
    """Resuming a clock never paused, or verifying before receipt: said, and nothing recorded."""
    made = receive(dpo, ledger, "SAR-4", days_ago=3)
    base = f"/console/rights-requests/{made.id}"
    page = refused(dpo, ledger, f"{base}/resume", day_of("resumed_on", NOW))
    assert "The clock is not paused" in page
    page = refused(
        dpo, ledger, f"{base}/identity-verified", day_of("verified_on", NOW - timedelta(days=9))
    )
    assert "Date the identity was verified must not be before the previous step" in page
    page = refused(dpo, ledger, f"{base}/pause", day_of("paused_on", NOW))
    assert "Enter the question asked of the person" in page


def test_a_natural_identifier_that_finds_no_one_is_not_echoed(
    dpo: TestClient, ledger: Ledger
) -> None:
    """An NHS number not in the directory: said so, not shown again; only the lookup is recorded."""
    before = size(ledger.service)
    reply = dpo.post(
        "/console/rights-requests/new",
        data={
            "csrf_token": csrf_of(dpo),
            "stage": "check",
            "subject-kind": "nhs",
            "subject": "943 476 5919",
            "kind": "eu-gdpr:A15",
            **day_of("received_on", NOW),
        },
    )
    assert reply.status_code == 422
    assert "No person with that NHS number is in the subject directory" in reply.text
    assert "943" not in reply.text
    # The directory lookup is itself recorded (the watchers are watched); no request is.
    recorded = entries_after(ledger.service, before)
    assert [type(e).__name__ for e in recorded] == ["SubjectLookedUp"]


def test_a_form_without_the_sessions_csrf_token_is_refused(dpo: TestClient, ledger: Ledger) -> None:
    """No CSRF token: the 403 page, and nothing recorded even with every answer right."""
    before = size(ledger.service)
    reply = dpo.post(
        "/console/rights-requests/new",
        data={
            "stage": "confirm",
            "subject-kind": "subject-reference",
            "subject": PERSON,
            "kind": "eu-gdpr:A15",
            **day_of("received_on", NOW),
        },
    )
    assert reply.status_code == 403
    assert size(ledger.service) == before


def test_changing_answers_shows_the_form_filled_in_and_records_nothing(
    dpo: TestClient, ledger: Ledger
) -> None:
    """ "Change your answers" on the check page brings back the form with the answers given."""
    before = size(ledger.service)
    reply = dpo.post(
        "/console/rights-requests/new",
        data={
            "csrf_token": csrf_of(dpo),
            "stage": "change",
            "subject-kind": "subject-reference",
            "subject": PERSON,
            "kind": "eu-gdpr:A17",
            **day_of("received_on", NOW),
        },
    )
    assert reply.status_code == 200
    assert f'value="{PERSON}"' in reply.text
    assert 'value="eu-gdpr:A17" checked' in reply.text
    assert size(ledger.service) == before


def test_a_role_outside_the_record_group_gets_the_403_page(ledger: Ledger) -> None:
    """An auditor's key may read the integrity pages but not record: 403, nothing recorded."""
    client = TestClient(ledger.app, base_url="http://testserver")
    sign_in(client, ledger.auditor_key)
    before = size(ledger.service)
    assert client.get("/console/rights-requests/new").status_code == 403
    reply = client.post(
        "/console/rights-requests/new", data={"csrf_token": csrf_of(client), "stage": "confirm"}
    )
    assert reply.status_code == 403
    assert size(ledger.service) == before


# -- Restrictions ---------------------------------------------------------------------
def test_a_restriction_from_request_to_lift_records_one_entry_per_step(
    dpo: TestClient, ledger: Ledger
) -> None:
    """Request, apply, justify, notify the earlier recipient, inform, lift: attributed entries."""
    me = f"principal:{ledger.dpo_id}"
    asked = NOW - timedelta(days=6)
    made = record(
        dpo,
        ledger,
        f"/console/people/{PERSON}/restrictions/new",
        {
            **moment_of("occurred_at", asked),
            "ground": "sl:A18-1-a",
            "categories": ["pd:HealthRecord", "pd:MentalHealth"],
            "reference": "RST-1",
        },
    )
    assert isinstance(made.event, Restriction.RestrictionRequested)
    assert made.event.categories == ("pd:HealthRecord", "pd:MentalHealth")
    assert made.event.recorded_by == me
    base = "/console/restrictions/RST-1"
    # Narrower than asked, without saying why: refused on the explanation.
    applying = {
        **moment_of("occurred_at", asked + timedelta(hours=2)),
        "ground": "sl:A18-1-a",
        "categories": ["pd:HealthRecord"],
    }
    page = refused(dpo, ledger, f"{base}/application", applying)
    assert "Explain why less is restricted than the person asked for" in page
    applied = record(
        dpo,
        ledger,
        f"{base}/application",
        {**applying, "explanation": "Mental health data not held"},
    )
    assert isinstance(applied.event, Restriction.RestrictionApplied)
    assert applied.event.categories == ("pd:HealthRecord",)
    assert applied.event.applied_by == me
    processed = access(asked + timedelta(days=1), subject=PERSON)
    ledger.service.app.append(processed)
    justified = record(
        dpo,
        ledger,
        f"{base}/justification",
        {
            **moment_of("occurred_at", asked + timedelta(days=2)),
            "processing": str(processed.id),
            "exception": "sl:A18-2-LegalClaims",
            "justification": "Court order",
        },
    )
    assert isinstance(justified.event, Restriction.ProcessedUnderRestriction)
    views = entries_after(ledger.service, justified.position - 2)[:2]  # check, then confirm
    assert all(isinstance(v, Access.DataAccessed) for v in views)  # the processing shown: recorded
    assert justified.event.processing == processed.id
    assert justified.event.actor == me
    notified = record(
        dpo,
        ledger,
        f"{base}/notice",
        {
            **moment_of("occurred_at", asked + timedelta(days=3)),
            "recipient": POLICE,
            "channel": "sl:SecureEmail",
        },
    )
    assert isinstance(notified.event, Art19Change.RecipientNotified)
    assert (notified.event.recipient, notified.event.notified_by) == (POLICE, me)
    informed = record(
        dpo,
        ledger,
        f"{base}/subject-informed",
        {**moment_of("occurred_at", asked + timedelta(days=4)), "channel": "sl:Post"},
    )
    assert isinstance(informed.event, Restriction.SubjectInformedOfLift)
    lifted = record(
        dpo,
        ledger,
        f"{base}/lift",
        {**moment_of("occurred_at", asked + timedelta(days=5)), "reason": "Accuracy checked"},
    )
    assert isinstance(lifted.event, Restriction.RestrictionLifted)
    assert lifted.event.lifted_by == me
    report = restriction_report(ledger.service.reports("restriction"), "RST-1")
    assert report is not None
    assert report.facts.lifted_at is not None
    assert [n.organisation for n in report.recipients if n.notified_at] == [POLICE]
    assert all(p.exception for p in report.processing)


def test_a_recipient_not_among_the_earlier_recipients_is_refused(
    dpo: TestClient, ledger: Ledger
) -> None:
    """The notice form offers the earlier recipients only; another name is refused."""
    made = record(
        dpo,
        ledger,
        f"/console/people/{PERSON}/restrictions/new",
        {
            **moment_of("occurred_at", NOW - timedelta(hours=5)),
            "ground": "sl:A18-1-a",
            "categories": ["pd:HealthRecord"],
        },
    )
    page = refused(
        dpo,
        ledger,
        f"/console/restrictions/{made.id}/notice",
        {
            **moment_of("occurred_at", NOW - timedelta(hours=1)),
            "recipient": "westshire-nowhere",
            "channel": "sl:Post",
        },
    )
    assert "Select which recipient? from the list" in page


# -- Rectifications and objections ---------------------------------------------------
def test_a_rectification_and_its_art_19_notice(dpo: TestClient, ledger: Ledger) -> None:
    """The rectification names the council and the DPO; its notice goes to the earlier recipient."""
    me = f"principal:{ledger.dpo_id}"
    made = record(
        dpo,
        ledger,
        f"/console/people/{PERSON}/rectifications/new",
        {
            **moment_of("occurred_at", NOW - timedelta(days=2)),
            "categories": ["pd:HealthRecord"],
            "summary": "Wrong GP surgery corrected",
        },
    )
    event = made.event
    assert isinstance(event, Rectification.DataRectified)
    assert (event.actor, event.actor_organisation) == (me, "westshire-council")
    assert ledger.service.app.subjects.unseal(event.summary) == "Wrong GP surgery corrected"
    notice = record(
        dpo,
        ledger,
        f"/console/rectifications/{made.id}/notice",
        {
            **moment_of("occurred_at", NOW - timedelta(days=1)),
            "recipient": POLICE,
            "channel": "sl:SecurePortal",
        },
    )
    assert isinstance(notice.event, Art19Change.RecipientNotified)
    assert (notice.event.recipient, notice.event.notified_by) == (POLICE, me)
    page = refused(
        dpo,
        ledger,
        f"/console/rectifications/{made.id}/notice",
        {**moment_of("occurred_at", NOW), "recipient": POLICE, "channel": "sl:Post"},
    )
    assert "Select which recipient? from the list" in page  # already told: no longer offered


def test_an_objection_received_then_decided(dpo: TestClient, ledger: Ledger) -> None:
    """The objection holds its purposes and grounds; the decision its outcome and reason."""
    me = f"principal:{ledger.dpo_id}"
    made = record(
        dpo,
        ledger,
        f"/console/people/{PERSON}/objections/new",
        {
            **moment_of("occurred_at", NOW - timedelta(days=4)),
            "purposes": ["dpv:ServiceProvision"],
            "grounds": "No longer a family in the programme",
        },
    )
    assert isinstance(made.event, Objection.ObjectionReceived)
    assert made.event.purposes == ("dpv:ServiceProvision",)
    assert made.event.recorded_by == me
    page = refused(
        dpo,
        ledger,
        f"/console/objections/{made.id}/decision",
        {**moment_of("occurred_at", NOW - timedelta(days=5)), "outcome": "sl:ObjectionUpheld",
         "explanation": "Agreed"},
    )  # fmt: skip
    assert "Date and time of the decision must not be before the objection" in page
    decided = record(
        dpo,
        ledger,
        f"/console/objections/{made.id}/decision",
        {
            **moment_of("occurred_at", NOW - timedelta(days=1)),
            "outcome": "sl:ObjectionUpheld",
            "explanation": "Agreed",
        },
    )
    assert isinstance(decided.event, Objection.ObjectionDecided)
    assert (decided.event.outcome, decided.event.decided_by) == ("sl:ObjectionUpheld", me)


def test_the_persons_recording_page_lists_what_waits(dpo: TestClient) -> None:
    """The person's page links to recording; that page links every form and waiting step."""
    person = dpo.get(f"/console/people/{PERSON}?reason=rights")
    assert f"/console/people/{PERSON}/record" in person.text
    page = dpo.get(f"/console/people/{PERSON}/record")
    assert page.status_code == 200
    for form in ("restrictions/new", "rectifications/new", "objections/new"):
        assert f"/console/people/{PERSON}/{form}" in page.text
    assert f"/console/rights-requests/new?subject={PERSON}" in page.text


def test_a_confirmation_shows_only_an_entry_the_ledger_holds(
    dpo: TestClient, ledger: Ledger
) -> None:
    """The confirmation reads its entry back from the chain; another position is not found."""
    made = receive(dpo, ledger, "SAR-5", days_ago=1)
    assert "RequestReceived" in made.page
    path = "/console/rights-requests/new/recorded"
    assert dpo.get(f"{path}?entry=0&id={made.id}").status_code == 404  # another thing's entry
    assert dpo.get(f"{path}?entry=999999&id={made.id}").status_code == 404
    assert dpo.get(f"{path}?entry=x&id=y").status_code == 404


def test_a_reference_already_recorded_is_refused_at_confirmation(
    dpo: TestClient, ledger: Ledger
) -> None:
    """A second request under a reference in use: refused on the reference; nothing recorded."""
    receive(dpo, ledger, "SAR-6", days_ago=2)
    before = size(ledger.service)
    reply = dpo.post(
        "/console/rights-requests/new",
        data={
            "csrf_token": csrf_of(dpo),
            "stage": "confirm",
            "subject-kind": "subject-reference",
            "subject": PERSON,
            "kind": "eu-gdpr:A15",
            "reference": "SAR-6",
            **day_of("received_on", NOW),
        },
    )
    assert reply.status_code == 422
    assert "There is a problem" in reply.text
    assert size(ledger.service) == before
    assert "That reference is already in the ledger: use another" in reply.text
