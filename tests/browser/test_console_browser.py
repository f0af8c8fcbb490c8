"""The DPO console in a real browser (Debian's Chromium, driven by Playwright) against a real
server process on a demo ledger: the issue's journeys, and every page of CONSOLE_PAGES at 1280
and 375 px (no sideways scrolling, an axe-core check, and screenshots when asked for)."""

from __future__ import annotations

import importlib.util
import os
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ledger.integrity.evidence import verify_bundle

if importlib.util.find_spec("playwright") is None and os.environ.get("CI", "") != "true":
    pytest.skip("the 'playwright' package is not installed", allow_module_level=True)

from playwright.sync_api import Page, expect

from tests.browser.conftest import CONSOLE_PAGES, SMALL_SCREEN, VIEWPORT

if TYPE_CHECKING:
    from tests.browser.conftest import DemoServer

# axe-core's own tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and Deque's best practices
# (every element in a landmark, headings in order, unique landmarks...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


TALLEST_SHOT = 1600  # px of a page's top a "tall" screenshot shows, below the fold too


def shoot(page: Page, folder: Path | None, name: str, *, tall: bool = False) -> None:
    """A screenshot of the page as it stands, when asked for: <name>.png at 1280 px wide,
    375/<name>.png at 375 px; the window, or (``tall``) the page's top 1600 px."""
    if folder is None:
        return
    width = page.viewport_size["width"] if page.viewport_size else VIEWPORT["width"]
    path = str(folder / ("375" if width < VIEWPORT["width"] else "") / f"{name}.png")
    if not tall:
        page.screenshot(path=path)
        return
    height = min(int(page.evaluate("document.documentElement.scrollHeight")), TALLEST_SHOT)
    page.screenshot(
        path=path, full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
    )


def sign_in(page: Page, server: DemoServer, key: str) -> None:
    page.goto(server.base_url + "/sign-in")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing Ledger console")


def find_person(page: Page, server: DemoServer) -> None:
    """By NHS number, as the person gave it: the server turns it into their reference."""
    page.get_by_role("link", name="Find a person").first.click()
    page.get_by_label("NHS number").check()
    nhs = server.nhs_number
    page.get_by_label("Identifier").fill(f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}")
    page.get_by_label("Why are you looking?").select_option("sar")
    page.get_by_role("button", name="Find").click()
    expect(page).to_have_url(re.compile(rf"/console/people/{server.subject}\?reason=sar$"))


def test_a_dpo_finds_a_person_and_sees_who_saw_what(
    page: Page, demo_server: DemoServer, screenshots: Path | None
) -> None:
    """Sign in, find a demo person by NHS number: their accesses, the chart and the recipients."""
    sign_in(page, demo_server, demo_server.dpo_key)
    page.get_by_role("link", name="Find a person").first.click()
    find_person(page, demo_server)
    # The DPO sees the name the directory keeps sealed, and what found the person (masked).
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_server.name)
    expect(page.get_by_test_id("found-by")).to_have_text(
        f"NHS number, ending {demo_server.nhs_number[-4:]}"
    )
    # Every demo access, plus this view itself (recorded before the page was drawn).
    accesses = page.get_by_test_id("accesses")
    expect(accesses).to_have_text(f"{demo_server.accesses + 1:,}")
    entries = page.get_by_test_id("entries")
    expect(entries.get_by_role("row").nth(1)).to_contain_text("sharing-ledger-console")
    expect(entries).to_contain_text(demo_server.latest_actor)
    expect(page.get_by_role("img", name=re.compile("Accesses and disclosures"))).to_be_visible()
    expect(page.get_by_role("heading", name="Recipients")).to_be_visible()
    page.evaluate("document.getElementById('timeline').scrollIntoView()")
    shoot(page, screenshots, "who-saw-what-timeline")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation")).to_be_hidden()
    page.emulate_media(media="screen")


def test_a_dpo_opens_a_breached_restriction_and_reads_its_reasons(
    page: Page, demo_server: DemoServer
) -> None:
    """The restrictions list puts the breach first; its page gives every breach reason."""
    sign_in(page, demo_server, demo_server.dpo_key)
    page.get_by_role("link", name="Restrictions").first.click()
    first = page.get_by_role("table").get_by_role("row").nth(1)
    expect(first).to_contain_text("Breached")
    page.get_by_role("link", name=demo_server.breached, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_server.breached)
    expect(page.get_by_text("Verdict:")).to_contain_text("Breached")
    reasons = page.get_by_test_id("reasons")
    for reason in demo_server.breach_reasons:
        expect(reasons).to_contain_text(reason)
    expect(reasons).not_to_contain_text(re.compile(r"\b(sl|pd|dpv|eu-gdpr):"))


def test_a_dpo_runs_verification_and_sees_it_pass(
    page: Page, demo_server: DemoServer, screenshots: Path | None
) -> None:
    """The Verify button runs in the background; the page follows it to 'passed'."""
    sign_in(page, demo_server, demo_server.dpo_key)
    page.get_by_role("link", name="Integrity").first.click()
    page.get_by_role("button", name="Verify the whole ledger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verification passed")
    shoot(page, screenshots, "verification-passed")


def test_a_dpo_downloads_an_evidence_bundle_that_verifies(
    page: Page, demo_server: DemoServer, tmp_path: Path
) -> None:
    """The person's page downloads a bundle; it passes the offline verifier."""
    sign_in(page, demo_server, demo_server.dpo_key)
    find_person(page, demo_server)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download evidence bundle").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"evidence-subject-{demo_server.subject}.json"
    report = verify_bundle(saved.read_text(encoding="utf-8"))
    assert len(report.entries) > demo_server.accesses


def test_partners_and_rights_requests_pages(page: Page, demo_server: DemoServer) -> None:
    """Partners show overdue receipts; rights requests call out overdue and due this week."""
    sign_in(page, demo_server, demo_server.dpo_key)
    page.get_by_role("link", name="Partners").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners")
    page.goto(demo_server.base_url + "/partners/westshire-fire-rescue")
    expect(page.get_by_text("No agreement", exact=True).first).to_be_visible()
    page.get_by_role("link", name="Rights requests").first.click()
    expect(page.get_by_role("link", name=re.compile(r"^\d+ overdue$"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^\d+ due this week$"))).to_be_visible()
    expect(page.get_by_role("table").get_by_text("Overdue", exact=True).first).to_be_visible()


def test_a_share_id_leads_to_its_page_and_a_list_downloads_as_csv(
    page: Page, demo_server: DemoServer, tmp_path: Path
) -> None:
    """From the partner's disclosures to one share's page; the list's CSV downloads."""
    sign_in(page, demo_server, demo_server.dpo_key)
    page.goto(demo_server.base_url + "/partners/westshire-constabulary")
    expect(page.get_by_role("columnheader", name="Sch 1 condition")).to_be_visible()
    page.get_by_role("link", name=re.compile(rf"^Share {demo_server.share[:8]}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Share {demo_server.share[:8]}")
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these disclosures as CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "disclosures-westshire-constabulary.csv"
    assert demo_server.share in saved.read_text(encoding="utf-8")


def test_a_partner_cannot_open_a_dpo_page(page: Page, demo_server: DemoServer) -> None:
    """A partner's key signs in, sees no DPO navigation, and gets a 403 page on one."""
    sign_in(page, demo_server, demo_server.partner_key)
    expect(page.get_by_role("link", name="Find a person")).to_have_count(0)
    reply = page.goto(demo_server.base_url + "/restrictions")
    assert reply is not None
    assert reply.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")


def axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG A and AA violations on the page (the script ships in a PyPI package)."""
    source = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
    page.evaluate(source)
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def scroll_width(page: Page) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


@pytest.mark.parametrize(("name", "path"), CONSOLE_PAGES, ids=[n for n, _ in CONSOLE_PAGES])
def test_each_page_fits_a_small_screen_and_passes_axe_core(
    page: Page, demo_server: DemoServer, screenshots: Path | None, name: str, path: str
) -> None:
    """At 1280 and at 375 px: no sideways scrolling of the page, and axe-core finds no WCAG
    A/AA or best-practice violation (landmarks, labels, contrast, scrollable regions)."""
    if importlib.util.find_spec("axe_playwright_python") is None:
        pytest.fail("axe-playwright-python (which ships axe-core) is not installed")
    if path != "/sign-in":
        sign_in(page, demo_server, demo_server.dpo_key)
    found: dict[str, object] = {}
    for viewport in (VIEWPORT, SMALL_SCREEN):
        page.set_viewport_size(viewport)
        page.goto(demo_server.path(path))
        width = viewport["width"]
        if scroll_width(page) > width:
            found[f"{width} px: scrolls sideways"] = scroll_width(page)
        violations = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in axe(page)
        ]
        if violations:
            found[f"{width} px: axe-core"] = violations
        shoot(page, screenshots, name, tall=True)
    assert found == {}


def test_the_find_forms_error_summary_passes_axe_core(page: Page, demo_server: DemoServer) -> None:
    """The error summary of an empty find form: no axe-core violation, at either width."""
    sign_in(page, demo_server, demo_server.dpo_key)
    found = {}
    for viewport in (VIEWPORT, SMALL_SCREEN):
        page.set_viewport_size(viewport)
        page.goto(demo_server.base_url + "/people")
        page.get_by_role("button", name="Find").click()
        expect(page.get_by_text("There is a problem")).to_be_visible()
        found[viewport["width"]] = [v["id"] for v in axe(page)]
        assert scroll_width(page) <= viewport["width"]
    assert found == {1280: [], 375: []}
