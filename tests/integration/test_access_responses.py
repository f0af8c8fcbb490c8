"""Subject access responses through the service: frozen, issued, re-opened, withheld, checked."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.console.letters import LetterRenderer
from api.http.app import create_app
from api.service import access_response, letter_checks
from api.service.composition import Service, open_service
from api.service.evidence_export import export_bundle
from api.service.letterhead import Letterhead
from api.service.recorded_reads import Reader, record_read
from ledger.domain.errors import InvalidTransition
from ledger.domain.partners import Partner
from ledger.domain.rights_requests import RightsRequest
from ledger.integrity.evidence import ScopeKind, verify_bundle
from ledger.principals import Role
from ledger.storage.config import Location
from ledger.storage.principal_store import PrincipalStore
from projections.reports.who_saw import who_saw
from tests.support.factories import access, share, subject
from tests.support.signing import log_signer

T0 = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
H = timedelta(hours=1)
PERSON = subject(1)
ADDRESSEE = "Alex Example\n1 Test Street\nWestshire WS1 1AA"
LETTERHEAD = Letterhead(
    council="Westshire Council",
    address=("County Hall", "Westshire WS1 1AA"),
    dpo_email="dpo@westshire.example",
    dpo_phone="01234 567890",
    dpo_address=("Data Protection Officer", "County Hall", "Westshire WS1 1AA"),
)
RENDERER = LetterRenderer()
DPO = Reader(
    "principal:dpo-1", "westshire-council", "answering a subject access request", "console"
)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def svc(location: Location) -> Service:
    service = open_service(location, clock=lambda: T0 + timedelta(days=10))
    service.letterhead = LETTERHEAD
    service.app.append(
        Partner.register(
            organisation="westshire-council",
            name="Westshire Council",
            partner_type="sl:LocalAuthority",
            competent_authority=False,
        ),
        Partner.register(
            organisation="westshire-constabulary",
            name="Westshire Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        ),
    )
    service.app.append(access(T0, subject=PERSON))
    service.app.append(share(T0 + H, subjects=[PERSON]))
    return service


def _request(svc: Service) -> str:
    request = RightsRequest.receive(
        received_on=date(2026, 3, 3),
        subject=PERSON,
        kind="eu-gdpr:A15",
        recorded_by="dpo-1",
        reference="SAR-2026-0001",
    )
    request.verify_identity(verified_on=date(2026, 3, 4))
    svc.app.append(request)
    return str(request.id)


def test_a_reopened_response_is_the_issued_letter_byte_for_byte(svc: Service) -> None:
    """Re-rendering an issued response after more entries gives the same HTML and PDF."""
    request_id = _request(svc)
    issued = access_response.issue(
        svc, request_id, addressee=ADDRESSEE, issued_by="principal:dpo-1", renderer=RENDERER
    )
    svc.app.append(access(T0 + 3 * H, subject=PERSON))
    again = access_response.reopen(svc, request_id, 1, "person", RENDERER)
    assert (again.html, again.pdf) == (issued.document.html, issued.document.pdf)


def test_the_issued_letter_is_found_by_its_digest_and_no_other_is(svc: Service) -> None:
    """Checking the issued PDF names the request; a changed file is not recorded."""
    request_id = _request(svc)
    issued = access_response.issue(
        svc, request_id, addressee=ADDRESSEE, issued_by="principal:dpo-1", renderer=RENDERER
    )
    found = letter_checks.check_letter(svc, issued.document.pdf)
    (match,) = found.matches
    assert (match.request_id, match.reference, match.frozen_at) == (
        request_id,
        "SAR-2026-0001",
        issued.document.content.frozen_at,
    )
    assert letter_checks.check_letter(svc, issued.document.html + b" ").recorded is False


def test_the_letter_holds_what_the_ico_asks_for(svc: Service) -> None:
    """The PDF's text names the person, reference, recipients, rights, DPO and ICO contacts."""
    request_id = _request(svc)
    issued = access_response.issue(
        svc, request_id, addressee=ADDRESSEE, issued_by="principal:dpo-1", renderer=RENDERER
    )
    text = " ".join(pdf_text(issued.document.pdf).split())
    for expected in (
        "Alex Example",
        "SAR-2026-0001",
        "Westshire Constabulary",
        "dpo@westshire.example",
        "0303 123 1113",
        "rectification",
        "restrict",
        "object",
        "erase",
        "Looked-after children: 75 years",
        "Automated decisions",
    ):
        assert expected in text, expected


def test_the_dpo_teams_looks_are_one_line_not_rows(svc: Service) -> None:
    """Three reads by the DPO while answering are counted in one sentence."""
    request_id = _request(svc)
    for _ in range(3):
        record_read(svc, PERSON, ["pd:HealthRecord"], DPO)
    issued = access_response.issue(
        svc, request_id, addressee=ADDRESSEE, issued_by="principal:dpo-1", renderer=RENDERER
    )
    content = issued.document.content
    assert content.handling_looks == 3
    assert all(e.actor != DPO.actor for e in content.entries)
    assert "viewed your record 3 times" in " ".join(pdf_text(issued.document.pdf).split())


def test_a_withheld_entry_is_absent_from_the_persons_copy_and_shown_in_the_dpos(
    svc: Service,
) -> None:
    """The person's copy drops the withheld share (and its recipient); the DPO's names it."""
    request_id = _request(svc)
    shared = next(
        e
        for e in access_response.content(
            svc,
            access_response.access_request(svc, request_id),
            copy="dpo",
            frozen_at=100,
            issued_on=date(2026, 3, 12),
            number=1,
            addressee=ADDRESSEE,
            checkpoint=None,
            withheld=(),
        ).entries
        if e.kind == "share"
    )
    access_response.withhold(
        svc,
        request_id,
        entry_id=shared.entry_id,
        exemption="sl:DPA2018-S2-1-2",
        reason="A police enquiry is under way",
        review_date=date(2026, 6, 12),
        decided_by="principal:dpo-1",
    )
    issued = access_response.issue(
        svc, request_id, addressee=ADDRESSEE, issued_by="principal:dpo-1", renderer=RENDERER
    )
    person = " ".join(pdf_text(issued.document.pdf).split())
    assert "Westshire Constabulary" not in person
    assert "withheld" not in person.lower()
    dpo = access_response.reopen(svc, request_id, 1, "dpo", RENDERER)
    dpo_text = " ".join(pdf_text(dpo.pdf).split())
    assert "Sch 2 para 2: crime and taxation" in dpo_text
    assert "A police enquiry is under way" in dpo_text


def test_issuing_without_a_dpo_contact_is_refused_and_records_nothing(svc: Service) -> None:
    """No DPO contact configured: a precise refusal, and the ledger is unchanged."""
    request_id = _request(svc)
    svc.letterhead = replace(LETTERHEAD, dpo_email=None, dpo_address=())
    size = svc.app.chain.size()
    with pytest.raises(access_response.NoDpoContact, match="LEDGER_DPO_EMAIL"):
        access_response.issue(
            svc, request_id, addressee=ADDRESSEE, issued_by="principal:dpo-1", renderer=RENDERER
        )
    assert svc.app.chain.size() == size


def test_an_unverified_request_gets_no_response(svc: Service) -> None:
    """The identity check comes first; nothing is appended."""
    request = RightsRequest.receive(
        received_on=date(2026, 3, 3), subject=PERSON, kind="eu-gdpr:A15", recorded_by="dpo-1"
    )
    svc.app.append(request)
    size = svc.app.chain.size()
    with pytest.raises(InvalidTransition, match="identity"):
        access_response.issue(
            svc, str(request.id), addressee=ADDRESSEE, issued_by="dpo", renderer=RENDERER
        )
    assert svc.app.chain.size() == size


def _withhold_the_share(svc: Service, request_id: str) -> str:
    entries = who_saw(svc.reports(), PERSON).entries
    shared = next(e.entry_id for e in entries if e.kind == "share")
    access_response.withhold(
        svc,
        request_id,
        entry_id=shared,
        exemption="sl:DPA2018-S3-3-11",
        reason="Disclosure would cause serious harm",
        review_date=date(2026, 6, 12),
        decided_by="principal:dpo-1",
    )
    return shared


def test_the_icos_evidence_shows_a_withholding_with_its_exemption(
    svc: Service, tmp_path: Path
) -> None:
    """The person's evidence bundle holds the EntryWithheld entry naming the entry and the
    exemption (its reason sealed), and verifies."""
    request_id = _request(svc)
    shared = _withhold_the_share(svc, request_id)
    signer = log_signer(tmp_path, "sharing-ledger.example/test")
    exported = export_bundle(svc, ScopeKind.SUBJECT, PERSON, signer)
    events = [e["event"] for e in json.loads(exported.text)["entries"]]
    withheld = [e for e in events if e.get("exemption") == "sl:DPA2018-S3-3-11"]
    assert [e["entry_id"] for e in withheld] == [shared]
    assert "serious harm" not in exported.text  # sealed for the person
    assert verify_bundle(exported.text).complete


def test_the_http_check_answers_with_the_recorded_response(svc: Service) -> None:
    """POST /v1/access-responses/check with the PDF as the body names the request; an empty
    body is a problem document."""
    request_id = _request(svc)
    issued = access_response.issue(
        svc, request_id, addressee=ADDRESSEE, issued_by="principal:dpo-1", renderer=RENDERER
    )
    _, key = PrincipalStore(svc.app.database).create(
        name="auditor-1", role=Role.AUDITOR, now=datetime.now(UTC)
    )
    client = TestClient(create_app(svc))
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/pdf"}
    found = client.post("/v1/access-responses/check", content=issued.document.pdf, headers=headers)
    assert found.status_code == 200, found.text
    answer = found.json()
    assert answer["recorded"] is True
    assert answer["responses"][0]["request"] == request_id
    assert answer["responses"][0]["format"] == "pdf"
    empty = client.post("/v1/access-responses/check", content=b"", headers=headers)
    assert empty.status_code == 422
    assert empty.headers["content-type"].startswith("application/problem+json")
