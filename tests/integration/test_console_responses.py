"""The console's access responses through FastAPI's test client: withhold, issue, check."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.http.app import create_app
from api.service.composition import Service, open_service
from api.service.letterhead import Letterhead
from ledger.domain.partners import Partner
from ledger.domain.rights_requests import RightsRequest
from ledger.principals import Role
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from tests.support.console import csrf_of, sign_in
from tests.support.factories import access, share, subject

NOW = datetime.now(UTC)
PERSON = subject(1)


@dataclass(frozen=True)
class Setup:
    client: TestClient
    service: Service
    keys: dict[Role, str]
    request_id: str
    shared: str  # the share's entry id, to withhold


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    service = open_service(SQLiteLocation(tmp_path / "ledger.sqlite3"))
    service.letterhead = Letterhead(council="Westshire Council", dpo_email="dpo@westshire.example")
    earlier = NOW - timedelta(days=5)
    shared = share(earlier + timedelta(hours=1), subjects=[PERSON])
    request = RightsRequest.receive(
        received_on=earlier.date(),
        subject=PERSON,
        kind="eu-gdpr:A15",
        recorded_by="dpo-1",
        reference="SAR-2026-0007",
    )
    request.verify_identity(verified_on=earlier.date())
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
    service.app.append(access(earlier, subject=PERSON), shared, request)
    store = PrincipalStore(service.app.database)
    keys = {}
    for role in (Role.DPO, Role.AUDITOR, Role.INVESTIGATOR):
        _, keys[role] = store.create(
            name=f"{role.value}-responses",
            role=role,
            now=NOW,
            subjects=[PERSON] if role is Role.INVESTIGATOR else [],
            expires_at=NOW + timedelta(days=3) if role is Role.INVESTIGATOR else None,
        )
    client = TestClient(create_app(service), base_url="http://testserver")
    yield Setup(client, service, keys, str(request.id), str(shared.id))
    service.close()


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def _withhold(s: Setup, **changes: str) -> object:
    fields = {
        "csrf_token": csrf_of(s.client),
        "entry_id": s.shared,
        "exemption": "sl:DPA2018-S2-1-2",
        "reason": "A police enquiry is under way",
        "review_date": (NOW.date() + timedelta(days=90)).isoformat(),
    } | changes
    return s.client.post(
        f"/console/rights-requests/{s.request_id}/response/withhold",
        data=fields,
        follow_redirects=False,
    )


def _issue(s: Setup) -> str:
    """Issue through the three steps; the confirmation page's path."""
    base = f"/console/rights-requests/{s.request_id}/response/issue"
    form = s.client.get(base)
    assert form.status_code == 200
    answers = {"csrf_token": csrf_of(s.client), "name": "Alex Example", "address": "1 Test St"}
    check = s.client.post(base, data=answers)
    assert "Check your answers" in check.text
    done = s.client.post(base + "/confirm", data=answers, follow_redirects=False)
    assert done.status_code == 303, done.text
    return str(done.headers["location"])


def test_a_dpo_withholds_an_entry_issues_and_the_persons_copy_leaves_it_out(
    setup: Setup,
) -> None:
    """The withheld share is absent from the person's PDF and named in the DPO's, with its
    exemption; the person's file is the same bytes each time it is downloaded."""
    sign_in(setup.client, setup.keys[Role.DPO])
    assert _withhold(setup).status_code == 303  # type: ignore[attr-defined]
    confirmation = _issue(setup)
    page = setup.client.get(confirmation)
    assert "Response 1 issued" in page.text
    person = setup.client.get(confirmation + "/person.pdf")
    assert person.headers["content-type"] == "application/pdf"
    text = _text(person.content)
    assert "Alex Example" in text
    assert "Westshire Constabulary" not in text
    assert "withheld" not in text.lower()
    dpo = _text(setup.client.get(confirmation + "/dpo.pdf").content)
    assert "Sch 2 para 2: crime and taxation" in dpo
    assert setup.client.get(confirmation + "/person.pdf").content == person.content
    shown = setup.client.get(confirmation + "/person.html?view=1")
    assert shown.headers["content-disposition"].startswith("inline")
    assert "script-src" not in shown.headers["content-security-policy"]
    assert hashlib.sha256(person.content).hexdigest() in page.text


def test_opening_an_issued_letter_records_nothing(setup: Setup) -> None:
    """Downloading the person's copy appends no entry to the ledger."""
    sign_in(setup.client, setup.keys[Role.DPO])
    confirmation = _issue(setup)
    size = setup.service.app.chain.size()
    setup.client.get(confirmation + "/person.html")
    setup.client.get(confirmation + "/person.pdf")
    assert setup.service.app.chain.size() == size


def test_check_a_letter_says_recorded_or_not(setup: Setup) -> None:
    """The check page finds the issued HTML's SHA-256 and refuses any other."""
    sign_in(setup.client, setup.keys[Role.DPO])
    confirmation = _issue(setup)
    html = setup.client.get(confirmation + "/person.html").content
    token = csrf_of(setup.client)
    found = setup.client.post(
        "/console/check-letter",
        data={"csrf_token": token, "sha256": hashlib.sha256(html).hexdigest()},
    )
    assert "Recorded as issued" in found.text
    assert "SAR-2026-0007" in found.text
    missing = setup.client.post(
        "/console/check-letter", data={"csrf_token": token, "sha256": "0" * 64}
    )
    assert "Not recorded" in missing.text
    bad = setup.client.post("/console/check-letter", data={"csrf_token": token, "sha256": "x"})
    assert bad.status_code == 422


def test_a_withholding_without_a_review_date_is_refused_and_records_nothing(
    setup: Setup,
) -> None:
    """A missing review date gets the form back (422) with the error; the ledger is unchanged."""
    sign_in(setup.client, setup.keys[Role.DPO])
    page = setup.client.get(f"/console/rights-requests/{setup.request_id}/response")
    size = setup.service.app.chain.size()
    reply = _withhold(setup, review_date="")
    assert reply.status_code == 422  # type: ignore[attr-defined]
    assert 'href="#review_date"' in reply.text  # type: ignore[attr-defined]
    # The refused form's page view is recorded (a read), never a withholding.
    assert "The entry is withheld" not in reply.text  # type: ignore[attr-defined]
    assert setup.service.app.chain.size() == size + 1
    assert page.status_code == 200


def test_a_form_without_the_csrf_token_is_refused(setup: Setup) -> None:
    """Issuing without the session's CSRF token is a 403 and records nothing."""
    sign_in(setup.client, setup.keys[Role.DPO])
    size = setup.service.app.chain.size()
    reply = setup.client.post(
        f"/console/rights-requests/{setup.request_id}/response/issue/confirm",
        data={"name": "A", "address": "B"},
    )
    assert reply.status_code == 403
    assert setup.service.app.chain.size() == size


def test_an_auditor_may_check_a_letter_but_not_issue(setup: Setup) -> None:
    """The API's groups decide: proofs for checking, record for issuing."""
    sign_in(setup.client, setup.keys[Role.AUDITOR])
    assert 'href="/console/check-letter"' in setup.client.get("/console/").text
    assert setup.client.get("/console/check-letter").status_code == 200
    issue = setup.client.get(f"/console/rights-requests/{setup.request_id}/response/issue")
    assert issue.status_code == 403


def test_an_overdue_review_is_flagged(setup: Setup) -> None:
    """A withholding past its review date shows as overdue on the withheld entries page."""
    sign_in(setup.client, setup.keys[Role.DPO])
    _withhold(setup, review_date=(NOW.date() + timedelta(days=1)).isoformat())
    fresh = setup.client.get("/console/withheld-entries")
    assert re.search(r'data-testid="reviews-due">0<', fresh.text)
    setup.service.clock = lambda: NOW + timedelta(days=3)
    later = setup.client.get("/console/withheld-entries")
    assert re.search(r'data-testid="reviews-due">1<', later.text)
    assert "Review overdue" in later.text
