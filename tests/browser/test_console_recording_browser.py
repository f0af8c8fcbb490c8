"""Recording from the console in a real browser (Debian's Chromium, driven by Playwright)
against the demo server: a rights request and a restriction, step by step, each step seen in
the reports, and an axe-core check of every recording page on the way."""

from __future__ import annotations

import importlib.util
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if importlib.util.find_spec("playwright") is None and os.environ.get("CI", "") != "true":
    pytest.skip("the 'playwright' package is not installed", allow_module_level=True)

from playwright.sync_api import Page, expect

from api.console.render import UK
from tests.browser.test_console_browser import axe, shoot, sign_in

if TYPE_CHECKING:
    from tests.browser.conftest import DemoServer

REQUEST_REF = "SAR-BROWSER-2"  # not the access-response test's SAR-BROWSER-1 (one demo ledger)
RESTRICTION_REF = "RST-BROWSER-1"


class Checked:
    """axe-core's violations on each page the journey passes, by step and page title."""

    def __init__(self, page: Page, screenshots: Path | None = None) -> None:
        self.page = page
        self.screenshots = screenshots
        self.found: dict[str, list[str]] = {}

    def __call__(self, shot: str | None = None) -> None:
        """Check the page; with ``shot``, save its screenshot too when they are asked for."""
        if shot is not None:
            shoot(self.page, self.screenshots, shot)
        violations = axe(self.page)
        self.found[f"{len(self.found)}: {self.page.title()}"] = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
        ]

    def violations(self) -> dict[str, list[str]]:
        return {title: v for title, v in self.found.items() if v}


def fill_date(page: Page, legend: str, when: datetime, *, moment: bool = False) -> None:
    """A GOV.UK date input (and hour and minute), found by its question, in UK time."""
    group = page.get_by_role("group", name=legend)
    local = when.astimezone(UK)
    parts = {"Day": local.day, "Month": local.month, "Year": local.year}
    if moment:
        parts |= {"Hour": local.hour, "Minute": local.minute}
    for label, value in parts.items():
        group.get_by_label(label, exact=True).fill(str(value))


def someone_else(page: Page, demo_server: DemoServer) -> str:
    """A demo person, not the other browser tests' one (whose views they count), whose data
    was disclosed to someone (so a restriction of ours has an earlier recipient to tell).

    Found from the rights requests' list, which names people without recording a view; only
    the candidates' own pages are opened.
    """
    page.goto(demo_server.base_url + "/rights-requests")
    named = page.get_by_role("table").locator("a.sl-code").all_inner_texts()
    for person in dict.fromkeys(p.strip() for p in named if p.strip() != demo_server.subject):
        page.goto(f"{demo_server.base_url}/people/{person}?reason=rights")
        recipients = page.locator(".sl-summary-list__row", has_text="Recipients").first
        if not recipients.inner_text().strip().endswith("0 organisations"):
            return person
    pytest.fail("no other demo person with a rights request had data disclosed")


def confirm(page: Page, check: Checked, recorded: str, shots: tuple[str, str] | None = None) -> str:
    """Continue, check the answers, record; the confirmation names the entry. Its number."""
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before recording")
    check(shots[0] if shots else None)
    page.get_by_role("button", name="Record in the ledger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(recorded)
    check(shots[1] if shots else None)
    entry = page.get_by_test_id("entry").inner_text()
    assert re.fullmatch(r"[\d,]+", entry)
    return entry


def test_a_dpo_records_a_request_and_a_restriction_step_by_step(
    page: Page, demo_server: DemoServer, screenshots: Path | None
) -> None:
    """Receive, verify, pause and resume a request; request, apply, notify, inform and lift a
    restriction: each step confirmed with its ledger entry and shown in the reports; every
    recording page passes axe-core."""
    if importlib.util.find_spec("axe_playwright_python") is None:
        pytest.fail("axe-playwright-python (which ships axe-core) is not installed")
    check = Checked(page, screenshots)
    now = datetime.now(UTC)
    sign_in(page, demo_server, demo_server.dpo_key)
    person = someone_else(page, demo_server)
    record_a_request(page, person, check, now)
    record_a_restriction(page, demo_server, person, check, now)
    assert len(check.found) > 20  # every page of both journeys was checked
    assert check.violations() == {}


def record_a_request(page: Page, person: str, check: Checked, now: datetime) -> None:
    """A rights request received five days ago, then identity verified, paused and resumed."""
    page.get_by_role("link", name="Rights requests").first.click()
    page.get_by_role("link", name="Record a rights request received").click()
    check()
    page.get_by_role("button", name="Continue").click()  # nothing answered: the errors
    expect(page.get_by_role("alert")).to_contain_text("Select the right the person is using")
    check("record-request-errors")
    page.get_by_label("Subject reference").check()
    page.get_by_label("Identifier").fill(person)
    page.get_by_label("Art 15 right of access").check()
    fill_date(page, "Date the request was received", now - timedelta(days=5))
    page.get_by_label("Your reference (optional)").fill(REQUEST_REF)
    confirm(page, check, "Rights request recorded", ("record-check-answers", "record-confirmation"))
    page.get_by_role("link", name="Record the next step for this request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(REQUEST_REF)
    check()

    steps = [
        ("Record that the requester's identity is verified", "Identity verified",
         [("Date the identity was verified", 4)], None),
        ("Pause the clock", "Clock paused", [("Date the question was asked", 3)],
         ("The question asked of the person", "Which years do you mean?")),
        ("Resume the clock", "Clock resumed", [("Date the person answered", 1)], None),
    ]  # fmt: skip
    for link, recorded, dates, text in steps:
        page.get_by_role("link", name=link).click()
        check()
        for legend, days_ago in dates:
            fill_date(page, legend, now - timedelta(days=days_ago))
        if text is not None:
            page.get_by_label(text[0]).fill(text[1])
        confirm(page, check, recorded)
        page.get_by_role("link", name="Back to the request").click()

    page.get_by_role("link", name="Rights requests").first.click()
    row = page.get_by_role("row").filter(has_text=REQUEST_REF)
    expect(row).to_contain_text("Art 15 right of access")
    expect(row).to_contain_text(person)
    expect(row).not_to_contain_text("Clock stopped")  # resumed


def record_a_restriction(
    page: Page, demo_server: DemoServer, person: str, check: Checked, now: datetime
) -> None:
    """A restriction from the person's page: requested, applied, one recipient told, the
    person informed, lifted; the restriction's page shows each step."""
    page.goto(f"{demo_server.base_url}/people/{person}?reason=restriction")
    page.get_by_role("link", name="Record a request or a change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record for this person")
    check()
    page.get_by_role("link", name="A request to restrict processing").click()
    check()
    asked = now - timedelta(hours=5)
    fill_date(page, "Date and time the request was received", asked, moment=True)
    page.get_by_label("Art 18(1)(a) accuracy contested").check()
    boxes = page.get_by_role("group", name="Which data does the person want restricted?")
    for box in boxes.get_by_role("checkbox").all():
        box.check()
    page.get_by_label("Your reference (optional)").fill(RESTRICTION_REF)
    confirm(page, check, "Restriction request recorded")
    page.get_by_role("link", name="Apply the restriction").click()
    check("record-restriction-apply")
    fill_date(page, "Date and time it was applied", asked + timedelta(hours=1), moment=True)
    confirm(page, check, "Restriction applied")

    restriction = f"{demo_server.base_url}/restrictions/{RESTRICTION_REF}"
    for slug in ("justification", "notice-exemption"):  # checked, not used here
        page.goto(f"{restriction}/{slug}")
        check()
    page.goto(restriction)
    page.get_by_role("link", name="Record a step for this restriction").click()
    check()
    page.get_by_role("link", name="Record a notice to an earlier recipient").click()
    check()
    recipients = page.get_by_role("group", name="Which recipient?").get_by_role("radio")
    # The recipient as the form names it (its registered name), as the restriction page does.
    told = page.locator(f"label[for='{recipients.first.get_attribute('id')}']").inner_text()
    recipients.first.check()
    fill_date(page, "Date and time the notice was sent", asked + timedelta(hours=2), moment=True)
    page.get_by_label("Secure email").check()
    confirm(page, check, "Recipient notified")

    for link, legend, hours, extra, recorded in (
        ("Record that the person was told the restriction will be lifted",
         "Date and time the person was told", 3, ("Post", None), "Person informed"),
        ("Lift the restriction", "Date and time it was lifted", 4,
         ("Why it is lifted", "Accuracy checked and confirmed"), "Restriction lifted"),
    ):  # fmt: skip
        page.goto(restriction + "/steps")
        page.get_by_role("link", name=link).click()
        check()
        fill_date(page, legend, asked + timedelta(hours=hours), moment=True)
        if extra[1] is None:
            page.get_by_label(extra[0]).check()
        else:
            page.get_by_label(extra[0]).fill(extra[1])
        confirm(page, check, recorded)

    page.goto(restriction)
    expect(page.get_by_role("heading", level=1)).to_have_text(RESTRICTION_REF)
    facts = page.locator(".sl-summary-list").first
    expect(facts).not_to_contain_text("Not yet")  # applied
    expect(facts).not_to_contain_text("Still in force")  # lifted
    told_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=told))
    expect(told_row.get_by_role("cell").nth(1)).not_to_have_text("Not yet")  # the "Notified" cell
    page.get_by_role("link", name="Restrictions").first.click()
    expect(page.get_by_role("link", name=RESTRICTION_REF, exact=True)).to_be_visible()


def test_every_recording_form_passes_an_axe_core_check(page: Page, demo_server: DemoServer) -> None:
    """Each form not on the journey above (a demo request's other steps, a rectification and
    its notices, an objection and its decision) has no axe-core violation."""
    check = Checked(page)
    now = datetime.now(UTC)
    sign_in(page, demo_server, demo_server.dpo_key)
    page.get_by_role("link", name="Rights requests").first.click()
    request = page.get_by_role("table").get_by_role("link").first.get_attribute("href")
    assert request is not None
    origin = demo_server.base_url.removesuffix("/console")
    for slug in ("identity-information", "extension", "fulfilment", "refusal"):
        page.goto(f"{origin}{request}/{slug}")
        check()
    person = f"{demo_server.base_url}/people/{someone_else(page, demo_server)}"
    page.goto(f"{person}/rectifications/new")
    check()
    fill_date(page, "Date and time the data was corrected", now - timedelta(hours=1), moment=True)
    page.get_by_label("Health records", exact=True).check()
    page.get_by_label("What was corrected").fill("Date of birth corrected")
    confirm(page, check, "Rectification recorded")
    page.get_by_role("link", name="Record a notice to an earlier recipient").click()
    check()
    page.goto(page.url.replace("/notice", "/notice-exemption"))
    check()
    page.goto(f"{person}/objections/new")
    check()
    fill_date(
        page, "Date and time the objection was received", now - timedelta(hours=1), moment=True
    )
    page.get_by_role("group", name="To which purposes").get_by_role("checkbox").first.check()
    page.get_by_label("The person's grounds").fill("No longer in the programme")
    confirm(page, check, "Objection recorded")
    page.get_by_role("link", name="Record the decision on this objection").click()
    check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Select what was decided")
    check()
    assert len(check.found) == 14  # every page above was checked
    assert check.violations() == {}
