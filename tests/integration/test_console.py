"""The DPO console through FastAPI's test client, on a demo ledger in an SQLite file: signing
in and out, CSRF, each page, who may open which, and the recorded view of a person."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.console import install_console
from api.console.sessions import IDLE_TIMEOUT, SESSION_COOKIE, SessionStore
from api.console.timeline import OTHERS, timeline
from api.demo import DemoPlan, council
from api.http.app import create_app
from api.service.composition import Service, open_service
from ledger.domain.processing import Access
from ledger.integrity.evidence import verify_bundle
from ledger.integrity.notes import format_signer_key, generate_signer
from ledger.principals import Role
from ledger.privacy.identifiers import Kind, parse
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from projections.reports.restriction_verdicts import all_restrictions
from projections.reports.who_saw import ActivityEntry, who_saw
from tests.support.console import TOKEN, csrf_of, sign_in
from tests.support.factories import access, subject

NOW = datetime.now(UTC)
PARTNER_ORG = "westshire-constabulary"


@dataclass(frozen=True)
class Console:
    app: FastAPI
    service: Service
    keys: dict[Role, str]
    breached: str  # a breached restriction's reference
    subject: str  # its person, the investigator's named subject
    other: str  # someone else, with history
    other_restriction: str  # a restriction of someone else


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    location = SQLiteLocation(Path(tmp_path_factory.mktemp("console")) / "ledger.sqlite3")
    service = open_service(location)
    for batch in council(DemoPlan(seed=7, entries=3000, until=NOW.date())):
        service.app.append(*batch)
    context = service.reports()
    breached = next(r for r in all_restrictions(context) if r.verdict == "breached")
    subject = breached.facts.subject
    others = [r for r in all_restrictions(context) if r.facts.subject != subject]
    other = others[0].facts.subject
    other_restriction = others[0].facts.reference or others[0].facts.restriction_id
    store = PrincipalStore(service.app.database)
    keys = {}
    for role in (Role.DPO, Role.PARTNER, Role.INVESTIGATOR, Role.AUDITOR):
        _, keys[role] = store.create(
            name=f"{role.value}-console",
            role=role,
            now=NOW,
            organisation=PARTNER_ORG if role is Role.PARTNER else None,
            subjects=[subject] if role is Role.INVESTIGATOR else [],
            expires_at=NOW + timedelta(days=30) if role is Role.INVESTIGATOR else None,
        )
    app = create_app(service)
    install_console(app)
    install_console(app)  # idempotent: create_app may mount it too
    reference = breached.facts.reference or breached.facts.restriction_id
    yield Console(app, service, keys, reference, subject, other, other_restriction)
    service.close()


@pytest.fixture
def client(console: Console) -> TestClient:
    return TestClient(console.app, base_url="http://testserver")


def ledger_size(service: Service) -> int:
    head, _ = service.app.chain.snapshot()
    return 0 if head is None else head.position + 1


# -- Signing in and out -----------------------------------------------------------
def test_sign_in_sets_an_http_only_strict_expiring_session_cookie(
    console: Console, client: TestClient
) -> None:
    """The session cookie is HttpOnly, SameSite=Strict, 30 minutes, and holds no API key."""
    page = client.get("/console/sign-in")
    token = TOKEN.search(page.text)
    assert token is not None
    reply = client.post(
        "/console/sign-in",
        data={"csrf_token": token.group(1), "api_key": console.keys[Role.DPO]},
        follow_redirects=False,
    )
    assert reply.status_code == 303
    assert reply.headers["location"] == "/console/"
    cookie = next(
        c for c in reply.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "=")
    )
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "max-age", "path"} <= attributes
    assert "samesite=strict" in cookie.lower()
    assert f"Max-Age={int(IDLE_TIMEOUT.total_seconds())}" in cookie
    assert "secure" not in attributes  # plain http here; see the https test
    value = cookie.split(";")[0].split("=", 1)[1]
    assert console.keys[Role.DPO] not in cookie
    assert len(value) >= 40
    assert client.get("/console/").status_code == 200


def test_the_session_cookie_is_secure_over_https(console: Console) -> None:
    """Over https the session cookie also carries Secure."""
    client = TestClient(console.app, base_url="https://testserver")
    page = client.get("/console/sign-in")
    token = TOKEN.search(page.text)
    assert token is not None
    reply = client.post(
        "/console/sign-in",
        data={"csrf_token": token.group(1), "api_key": console.keys[Role.DPO]},
        follow_redirects=False,
    )
    cookie = next(
        c for c in reply.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "=")
    )
    assert "secure" in cookie.lower()


@pytest.mark.parametrize(
    "key", ["", "not-a-key", "sl_aaaaaaaaaaaaaaaa_" + "b" * 52], ids=["empty", "junk", "unknown"]
)
def test_a_bad_key_shows_an_error_summary_and_starts_no_session(
    client: TestClient, key: str
) -> None:
    """A missing, malformed or unknown key re-shows the form with a GOV.UK error summary."""
    page = client.get("/console/sign-in")
    token = TOKEN.search(page.text)
    assert token is not None
    reply = client.post("/console/sign-in", data={"csrf_token": token.group(1), "api_key": key})
    assert reply.status_code == 422
    assert "There is a problem" in reply.text
    assert 'href="#api_key"' in reply.text
    assert reply.text.count("<title>Error: ") == 1
    assert SESSION_COOKIE not in reply.headers.get("set-cookie", "")
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_sign_in_without_its_csrf_token_is_refused(console: Console, client: TestClient) -> None:
    """Signing in needs the form's double-submit token: a forged post gets 403, no session."""
    client.get("/console/sign-in")
    reply = client.post("/console/sign-in", data={"api_key": console.keys[Role.DPO]})
    assert reply.status_code == 403
    assert "This form has expired" in reply.text
    wrong = client.post(
        "/console/sign-in", data={"api_key": console.keys[Role.DPO], "csrf_token": "x" * 43}
    )
    assert wrong.status_code == 403
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_forms_without_the_sessions_csrf_token_are_refused(
    console: Console, client: TestClient
) -> None:
    """Signed in, a POST with no or a wrong CSRF token is refused; the right one goes through."""
    sign_in(client, console.keys[Role.DPO])
    form = {"kind": "subject-reference", "identifier": console.subject, "reason": "sar"}
    assert client.post("/console/people", data=form).status_code == 403
    assert client.post("/console/people", data={**form, "csrf_token": "x" * 43}).status_code == 403
    assert client.post("/console/sign-out", data={"csrf_token": "nope"}).status_code == 403
    assert client.post("/console/integrity/verifications", data={"x": "1"}).status_code == 403
    reply = client.post(
        "/console/people", data={**form, "csrf_token": csrf_of(client)}, follow_redirects=False
    )
    assert reply.status_code == 303
    assert reply.headers["location"] == f"/console/people/{console.subject}?reason=sar"


def test_a_form_that_is_not_urlencoded_is_refused(console: Console, client: TestClient) -> None:
    """Console forms are application/x-www-form-urlencoded; JSON bodies get a 415 page."""
    sign_in(client, console.keys[Role.DPO])
    reply = client.post("/console/people", json={"csrf_token": csrf_of(client)})
    assert reply.status_code == 415


def test_sign_out_ends_the_session(console: Console, client: TestClient) -> None:
    """After signing out, the old session cookie opens nothing."""
    sign_in(client, console.keys[Role.DPO])
    old = client.cookies.get(SESSION_COOKIE)
    assert old is not None
    reply = client.post(
        "/console/sign-out", data={"csrf_token": csrf_of(client)}, follow_redirects=False
    )
    assert reply.status_code == 303
    assert reply.headers["location"] == "/console/sign-in?signed-out=1"
    replay = TestClient(console.app, cookies={SESSION_COOKIE: old})
    assert replay.get("/console/", follow_redirects=False).status_code == 303


def test_a_page_without_a_session_sends_the_browser_to_sign_in_and_back(
    console: Console, client: TestClient
) -> None:
    """Without a session a page redirects to sign-in, which returns to it afterwards."""
    reply = client.get("/console/restrictions", follow_redirects=False)
    assert reply.status_code == 303
    assert reply.headers["location"] == "/console/sign-in?next=%2Fconsole%2Frestrictions"
    page = client.get(reply.headers["location"])
    token = TOKEN.search(page.text)
    assert token is not None
    assert 'name="next" value="/console/restrictions"' in page.text
    back = client.post(
        "/console/sign-in",
        data={
            "csrf_token": token.group(1),
            "api_key": console.keys[Role.DPO],
            "next": "/console/restrictions",
        },
        follow_redirects=False,
    )
    assert back.headers["location"] == "/console/restrictions"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/v1/docs"])
def test_sign_in_never_redirects_outside_the_console(
    console: Console, client: TestClient, target: str
) -> None:
    """A `next` that leaves the console is replaced by the console's start page."""
    page = client.get("/console/sign-in")
    token = TOKEN.search(page.text)
    assert token is not None
    reply = client.post(
        "/console/sign-in",
        data={"csrf_token": token.group(1), "api_key": console.keys[Role.DPO], "next": target},
        follow_redirects=False,
    )
    assert reply.headers["location"] == "/console/"


def test_sessions_end_after_the_idle_timeout() -> None:
    """A session unused for the idle timeout is gone; one in use stays."""
    now = [datetime(2026, 6, 1, 9, 0, tzinfo=UTC)]
    store = SessionStore(lambda: now[0])
    kept, _ = store.create("aaaaaaaaaaaaaaaa")
    idle, _ = store.create("bbbbbbbbbbbbbbbb")
    now[0] += IDLE_TIMEOUT - timedelta(minutes=1)
    assert store.touch(kept) is not None
    now[0] += timedelta(minutes=2)
    assert store.touch(idle) is None
    assert store.touch(kept) is not None


# -- Pages and who may open them -------------------------------------------------
def dpo_pages(console: Console) -> list[str]:
    return [
        "/console/",
        "/console/people",
        f"/console/people/{console.subject}",
        "/console/withheld-entries",
        "/console/check-letter",
        "/console/partners",
        f"/console/partners/{PARTNER_ORG}",
        "/console/restrictions",
        f"/console/restrictions/{console.breached}",
        "/console/rights-requests",
        "/console/integrity",
    ]


def test_each_page_renders_for_a_dpo(console: Console, client: TestClient) -> None:
    """Every console page answers 200 with a main landmark, one h1 and the security headers."""
    sign_in(client, console.keys[Role.DPO])
    for path in dpo_pages(console):
        reply = client.get(path)
        assert reply.status_code == 200, path
        assert reply.headers["content-type"].startswith("text/html")
        assert reply.text.count("<h1") == 1, path
        assert '<main class="sl-main-wrapper" id="main-content"' in reply.text
        assert "script-src 'self'" in reply.headers["content-security-policy"]
        assert reply.headers["x-frame-options"] == "DENY"
        assert reply.headers["cache-control"] == "no-store"


def test_the_breached_restriction_shows_its_reasons_breaches_first(
    console: Console, client: TestClient
) -> None:
    """The restriction list puts breaches first; the detail page lists every breach reason."""
    sign_in(client, console.keys[Role.DPO])
    listing = client.get("/console/restrictions").text
    first_row = listing.split("<tbody>", 1)[1]
    assert first_row.index("Breached") < first_row.index("</tr>")
    detail = client.get(f"/console/restrictions/{console.breached}").text
    assert "Verdict:" in detail
    assert "Breached" in detail
    assert "sl-reasons__item--breach" in detail


@pytest.mark.parametrize(
    "path",
    [
        "/console/people",
        "/console/partners/westshire-homes",
        "/console/restrictions",
        "/console/rights-requests",
        "/console/integrity",
    ],
)
def test_a_partner_gets_a_friendly_403_on_dpo_pages(
    console: Console, client: TestClient, path: str
) -> None:
    """A partner's key opens its own disclosures only; DPO pages answer a 403 HTML page."""
    sign_in(client, console.keys[Role.PARTNER])
    reply = client.get(path)
    assert reply.status_code == 403
    assert reply.headers["content-type"].startswith("text/html")
    assert "You do not have access" in reply.text
    assert "Find a person" not in reply.text  # the navigation offers only what the role may


def test_a_partner_sees_its_own_disclosures(console: Console, client: TestClient) -> None:
    """For a partner, Partners is its own page, with its receipts."""
    sign_in(client, console.keys[Role.PARTNER])
    reply = client.get("/console/partners", follow_redirects=False)
    assert reply.headers["location"] == f"/console/partners/{PARTNER_ORG}"
    page = client.get(f"/console/partners/{PARTNER_ORG}")
    assert page.status_code == 200
    assert "Disclosures" in page.text


def test_an_investigator_sees_only_their_named_subjects(
    console: Console, client: TestClient
) -> None:
    """An investigator opens the people on its key, their restrictions, and no one else."""
    sign_in(client, console.keys[Role.INVESTIGATOR])
    finder = client.get("/console/people").text
    assert console.subject in finder
    assert client.get(f"/console/people/{console.subject}").status_code == 200
    assert client.get(f"/console/restrictions/{console.breached}").status_code == 200
    other = client.get(f"/console/people/{console.other}")
    assert other.status_code == 403
    assert "You do not have access to this person" in other.text
    assert client.get("/console/withheld-entries").status_code == 403
    # A restriction of someone not on the key reads as not there: references do not leak.
    assert client.get(f"/console/restrictions/{console.other_restriction}").status_code == 404
    assert client.get("/console/restrictions").status_code == 403
    assert client.get("/console/rights-requests").status_code == 403
    assert client.get("/console/integrity").status_code == 200  # ledger status: hashes only
    refused = client.post(
        "/console/integrity/evidence",
        data={"csrf_token": csrf_of(client), "kind": "subject", "value": console.other},
    )
    assert refused.status_code == 403


def test_a_revoked_key_ends_its_console_session(console: Console, client: TestClient) -> None:
    """Revoking the key behind a session signs the browser out at its next request."""
    store = PrincipalStore(console.service.app.database)
    principal, key = store.create(name="short-lived", role=Role.DPO, now=NOW)
    sign_in(client, key)
    assert client.get("/console/").status_code == 200
    store.revoke(principal.id, datetime.now(UTC))
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_an_unknown_console_page_is_a_friendly_404(console: Console, client: TestClient) -> None:
    """Unknown addresses and malformed references get the console's 404 page."""
    sign_in(client, console.keys[Role.DPO])
    for path in ("/console/nowhere", "/console/people/not-a-reference", "/console/restrictions/X"):
        reply = client.get(path)
        assert reply.status_code == 404, path
        assert reply.headers["content-type"].startswith("text/html")


# -- Find a person, and the recorded view ----------------------------------------
def test_finding_a_malformed_reference_shows_an_error_without_echoing_it(
    console: Console, client: TestClient
) -> None:
    """A reference in the wrong format gets an error summary; the value is not shown back."""
    sign_in(client, console.keys[Role.DPO])
    reply = client.post(
        "/console/people",
        data={
            "csrf_token": csrf_of(client),
            "kind": "subject-reference",
            "identifier": "943 476 5919",
            "reason": "sar",
        },
    )
    assert reply.status_code == 422
    assert 'href="#identifier"' in reply.text
    assert "943 476 5919" not in reply.text


def find(client: TestClient, kind: str, identifier: str) -> httpx.Response:
    reply: httpx.Response = client.post(
        "/console/people",
        data={
            "csrf_token": csrf_of(client),
            "kind": kind,
            "identifier": identifier,
            "reason": "sar",
        },
        follow_redirects=False,
    )
    return reply


def test_an_nhs_number_finds_the_person_through_the_directory(
    console: Console, client: TestClient
) -> None:
    """The NHS number a person gives leads to their page, named by reference alone."""
    console.service.app.subjects.register([parse(Kind.NHS, "9434765919")], subject=console.other)
    sign_in(client, console.keys[Role.DPO])
    reply = find(client, "nhs", "943 476 5919")
    assert reply.status_code == 303
    assert reply.headers["location"] == f"/console/people/{console.other}?reason=sar"


def test_an_nhs_number_with_a_wrong_check_digit_says_so_without_echoing_it(
    console: Console, client: TestClient
) -> None:
    """A mistyped number is told what is wrong; the value is not shown back."""
    sign_in(client, console.keys[Role.DPO])
    reply = find(client, "nhs", "943 476 5918")
    assert reply.status_code == 422
    assert "check digit is wrong" in reply.text
    assert "5918" not in reply.text


def test_an_identifier_not_in_the_directory_is_reported_as_such(
    console: Console, client: TestClient
) -> None:
    """A well-formed case id nobody registered: 'not in the subject directory', nothing else."""
    sign_in(client, console.keys[Role.DPO])
    reply = find(client, "case", "LL-UNKNOWN-1")
    assert reply.status_code == 422
    assert "No person with that case record id is in the subject directory" in reply.text


def test_viewing_a_person_appends_a_data_accessed_under_the_viewer(
    console: Console, client: TestClient
) -> None:
    """Opening a person's page appends one DataAccessed by the console, shown in who saw what."""
    sign_in(client, console.keys[Role.INVESTIGATOR])
    before = ledger_size(console.service)
    page = client.get(f"/console/people/{console.subject}?reason=ico")
    assert page.status_code == 200
    assert ledger_size(console.service) == before + 1
    report = who_saw(console.service.reports(), console.subject)
    latest = report.entries[0]
    assert latest.kind == "access"
    assert latest.source_system == "sharing-ledger-console"
    assert latest.actor.startswith("principal:")
    assert latest.actor_role == "ledger-report-reader"
    assert "sharing-ledger-console" in page.text  # the view shows itself
    events = console.service.app.recorder.select_notifications(start=before, limit=10)
    decoded = [console.service.app.mapper.to_domain_event(n) for n in events]
    assert any(isinstance(e, Access.DataAccessed) for e in decoded)


def test_the_who_saw_filters_narrow_the_list(console: Console, client: TestClient) -> None:
    """A period filter narrows the list; an impossible date gets an error on its field."""
    sign_in(client, console.keys[Role.DPO])
    everything = client.get(f"/console/people/{console.subject}").text
    future = (NOW.date() + timedelta(days=400)).isoformat()
    narrowed = client.get(f"/console/people/{console.subject}?since={future}").text
    assert everything.count("<tr") > narrowed.count("<tr")
    bad = client.get(f"/console/people/{console.subject}?since=2026-02-30")
    assert bad.status_code == 200
    assert 'href="#since"' in bad.text


def test_an_access_requests_reference_opens_its_response(
    console: Console, client: TestClient
) -> None:
    """The requests page links each request to its own page, and an access request's page
    links its response page, which opens."""
    sign_in(client, console.keys[Role.DPO])
    listing = client.get("/console/rights-requests").text
    links = re.findall(r'href="(/console/rights-requests/[0-9a-f-]+)"', listing)
    assert links
    response = None
    for link in links:
        found = re.search(rf'href="({re.escape(link)}/response)"', client.get(link).text)
        if found is not None:
            response = found.group(1)
            break
    assert response is not None
    page = client.get(response)
    assert page.status_code == 200
    assert "The person's entries" in page.text
    css = client.get("/console/static/console.css")
    assert "@media print" in css.text


# -- Integrity -------------------------------------------------------------------
def test_verification_runs_in_the_background_and_passes(
    console: Console, client: TestClient
) -> None:
    """The button starts a run whose progress is polled as JSON until it passes."""
    sign_in(client, console.keys[Role.DPO])
    reply = client.post(
        "/console/integrity/verifications",
        data={"csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert reply.status_code == 303
    page = reply.headers["location"]
    deadline = time.monotonic() + 30
    progress: dict[str, object] = {}
    while time.monotonic() < deadline:
        progress = client.get(page + "/progress").json()
        if progress["state"] != "running":
            break
        time.sleep(0.05)
    assert progress["state"] == "passed", progress
    assert progress["percent"] == 100
    assert "Verification passed" in client.get(page).text


def test_verification_is_refused_to_a_partner(console: Console, client: TestClient) -> None:
    """A partner cannot start a verification, even with a valid CSRF token."""
    sign_in(client, console.keys[Role.PARTNER])
    reply = client.post("/console/integrity/verifications", data={"csrf_token": csrf_of(client)})
    assert reply.status_code == 403


def test_an_evidence_bundle_downloads_and_verifies_offline(
    console: Console, client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The bundle for a person downloads as an attachment and passes the offline check."""
    monkeypatch.setenv("LEDGER_SIGNING_KEY", format_signer_key(generate_signer("console.test/l")))
    monkeypatch.setenv("LEDGER_SIGNER_STATE_FILE", str(tmp_path / "signer.state"))
    sign_in(client, console.keys[Role.DPO])
    reply = client.post(
        "/console/integrity/evidence",
        data={"csrf_token": csrf_of(client), "kind": "subject", "value": console.subject},
    )
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-disposition"] == (
        f'attachment; filename="evidence-subject-{console.subject}.json"'
    )
    report = verify_bundle(reply.text)
    assert len(report.entries) > 10
    again = client.post(
        "/console/integrity/evidence",
        data={"csrf_token": csrf_of(client), "kind": "restriction", "value": console.breached},
    )
    assert again.status_code == 200
    verify_bundle(again.text)


def test_an_evidence_bundle_without_a_signing_key_says_what_to_do(
    console: Console, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No signing key on the server: the form says the manifest needs it and names the setting."""
    monkeypatch.delenv("LEDGER_SIGNING_KEY", raising=False)
    monkeypatch.delenv("LEDGER_SIGNING_KEY_FILE", raising=False)
    sign_in(client, console.keys[Role.DPO])
    reply = client.post(
        "/console/integrity/evidence",
        data={"csrf_token": csrf_of(client), "kind": "subject", "value": console.subject},
    )
    assert reply.status_code == 422
    assert "must be signed" in reply.text
    assert "LEDGER_SIGNING_KEY_FILE" in reply.text


def test_a_restriction_bundle_is_its_persons_record_found_in_the_ledger(
    console: Console, client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """By reference, the restriction's bundle holds the same entries as its person's bundle."""
    monkeypatch.setenv("LEDGER_SIGNING_KEY", format_signer_key(generate_signer("console.test/l")))
    monkeypatch.setenv("LEDGER_SIGNER_STATE_FILE", str(tmp_path / "signer.state"))
    sign_in(client, console.keys[Role.DPO])
    bundles = [
        client.post(
            "/console/integrity/evidence",
            data={"csrf_token": csrf_of(client), "kind": kind, "value": value},
        )
        for kind, value in (("restriction", console.breached), ("subject", console.subject))
    ]
    assert [reply.status_code for reply in bundles] == [200, 200]
    reports = [verify_bundle(reply.text) for reply in bundles]
    assert reports[0].complete
    # The subject's bundle, made second, also holds the read recorded for the first export.
    first, second = ([e.position for e in r.entries] for r in reports)
    assert second[: len(first)] == first


def test_an_evidence_request_for_nothing_shows_an_error(
    console: Console, client: TestClient
) -> None:
    """A malformed reference re-shows the integrity page with an error summary."""
    sign_in(client, console.keys[Role.DPO])
    reply = client.post(
        "/console/integrity/evidence",
        data={"csrf_token": csrf_of(client), "kind": "subject", "value": "someone"},
    )
    assert reply.status_code == 422
    assert 'href="#value"' in reply.text


# -- The timeline chart (pure) ------------------------------------------------------
def entry(n: int, when: datetime, kind: str, organisation: str) -> ActivityEntry:
    return ActivityEntry(
        position=n,
        occurred_at=when,
        kind=kind,
        actor="fsw-1",
        actor_role="family-support-worker",
        organisation="westshire-council" if kind == "share" else organisation,
        on_behalf_of="westshire-council",
        recipient=organisation if kind == "share" else None,
        categories=("pd:Name",),
        purpose="dpv:ServiceProvision",
        legal_basis="eu-gdpr:A6-1-e",
        special_condition=None,
        schedule_1_condition=None,
        agreement=None,
        channel=None,
        source_system="liquidlogic",
        entry_id=f"e{n}",
    )


def test_the_timeline_merges_entries_of_one_lane_and_period_into_one_mark() -> None:
    """Three accesses on one day are one bigger mark; a disclosure lands in its recipient's lane."""
    day = datetime(2026, 3, 2, 10, tzinfo=UTC)
    entries = [
        entry(i, day + timedelta(minutes=i), "access", "westshire-council") for i in range(3)
    ]
    entries += [entry(9, day + timedelta(days=90), "share", "westshire-constabulary")]
    chart = timeline(entries)
    assert chart is not None
    assert [lane.organisation for lane in chart.lanes] == [
        "westshire-council",
        "westshire-constabulary",
    ]
    access, share = sorted(chart.marks, key=lambda m: m.kind)
    assert (access.kind, access.count) == ("access", 3)
    assert access.title.startswith("3 accesses by westshire-council")
    assert share.kind == "share"
    assert share.y > chart.lanes[1].y - 10
    assert access.radius > share.radius
    assert all(chart.left <= m.x <= chart.right for m in chart.marks)
    assert chart.ticks


def test_the_timeline_folds_small_organisations_and_skips_empty_reports() -> None:
    """Past the lane limit the smallest organisations share one lane; no entries, no chart."""
    day = datetime(2026, 3, 2, tzinfo=UTC)
    entries = [entry(i, day + timedelta(days=i), "access", f"org-{i}") for i in range(15)]
    chart = timeline(entries, max_lanes=5)
    assert chart is not None
    assert len(chart.lanes) == 5
    assert chart.lanes[-1].organisation == OTHERS
    assert chart.lanes[-1].accesses == 11
    assert timeline([]) is None


def test_an_investigator_cannot_tell_a_restriction_out_of_scope_from_none(
    console: Console, client: TestClient
) -> None:
    """Over the API too: a restriction of someone not on the key answers exactly as a
    reference that does not exist, so an investigator learns no references."""
    bearer = {"Authorization": f"Bearer {console.keys[Role.INVESTIGATOR]}"}
    other = client.get(f"/v1/restrictions/{console.other_restriction}/compliance", headers=bearer)
    missing = client.get("/v1/restrictions/RST-NO-SUCH/compliance", headers=bearer)
    assert (other.status_code, missing.status_code) == (404, 404)
    assert other.json()["detail"] == missing.json()["detail"]


def test_an_investigator_cannot_look_a_person_up_by_nhs_number(
    console: Console, client: TestClient
) -> None:
    """The console applies the API's rule for /v1/subjects/resolve: an investigator's find by
    NHS number is a 403 page, resolves nothing, and says nothing about who is in the directory."""
    sign_in(client, console.keys[Role.INVESTIGATOR])
    size = console.service.app.chain.size()
    form = {"csrf_token": csrf_of(client), "kind": "nhs", "identifier": "943 476 5919"}
    reply = client.post("/console/people", data={**form, "reason": "ico"}, follow_redirects=False)
    assert reply.status_code == 403
    assert "location" not in reply.headers
    assert console.service.app.chain.size() == size
    assert 'value="nhs"' not in client.get("/console/people").text


def test_every_directory_lookup_is_recorded_found_or_not(
    console: Console, client: TestClient
) -> None:
    """A DPO's lookup by NHS number is a ledger entry either way: who, why, the kind of
    identifier and the reference found, never the number itself."""
    sign_in(client, console.keys[Role.DPO])
    form = {"csrf_token": csrf_of(client), "kind": "nhs", "reason": "sar"}
    size = console.service.app.chain.size()
    missing = client.post("/console/people", data={**form, "identifier": "401 023 2137"})
    assert missing.status_code == 422
    link = console.service.app.chain.link_at(size)  # the one entry the lookup appended
    *_, (_nid, _id, _version, topic, state) = console.service.app.chain.entry_rows(
        upto=link.notification_id
    )
    assert topic.endswith("SubjectLookedUp")
    assert b"4010232137" not in state
    assert b'"subject":null' in state.replace(b" ", b"")


def test_a_read_the_ledger_refuses_is_a_console_page_not_json(tmp_path: Path) -> None:
    """A DPO key with no organisation, on a ledger with no council registered: recording
    the view is refused (no organisation to record it as), and the console says so on its
    own error page (422, HTML), not with the API's JSON problem document."""
    service = open_service(SQLiteLocation(tmp_path / "ledger.sqlite3"))
    try:
        service.app.append(access(NOW - timedelta(days=1)))
        _, key = PrincipalStore(service.app.database).create(
            name="dpo-no-org", role=Role.DPO, now=NOW
        )
        app = create_app(service)
        client = TestClient(app, base_url="http://testserver")
        sign_in(client, key)
        page = client.get(f"/console/people/{subject(1)}?reason=sar")
        assert page.status_code == 422
        assert page.headers["content-type"].startswith("text/html")
        assert "organisation" in page.text
    finally:
        service.close()
