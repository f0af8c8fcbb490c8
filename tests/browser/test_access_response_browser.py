"""Issuing a subject access response in a real browser: withhold an entry, issue, download the
person's and the DPO's copies, and check the letter (hashed in the browser) against the ledger."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from api.service.composition import open_service
from ledger.domain.rights_requests import RightsRequest
from ledger.storage.config import SQLiteLocation
from projections.reports.who_saw import who_saw

if importlib.util.find_spec("playwright") is None and os.environ.get("CI", "") != "true":
    pytest.skip("the 'playwright' package is not installed", allow_module_level=True)

from playwright.sync_api import Page, expect

from tests.browser.test_console_browser import shoot, sign_in

if TYPE_CHECKING:
    from tests.browser.conftest import DemoServer

REFERENCE = "SAR-BROWSER-1"


def _text(path: Path) -> str:
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _download(page: Page, test_id: str, folder: Path) -> Path:
    with page.expect_download() as download:
        page.get_by_test_id(test_id).click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def _verified_access_request(server: DemoServer) -> str:
    """An access request, identity checked, recorded beside the server, from a demo person
    with a disclosure: not the person the other browser tests count the looks at."""
    assert server.data_dir is not None
    service = open_service(SQLiteLocation(server.data_dir / "ledger.sqlite3"))
    try:
        person = next(
            p.subject
            for p in service.app.subjects.store.profiles()
            if p.subject != server.subject
            and any(e.kind == "share" for e in who_saw(service.reports(), p.subject).entries)
        )
        today = datetime.now(UTC).date()
        request = RightsRequest.receive(
            received_on=today,
            subject=person,
            kind="eu-gdpr:A15",
            recorded_by="dpo-office",
            reference=REFERENCE,
        )
        request.verify_identity(verified_on=today)
        service.app.append(request)
        return str(request.id)
    finally:
        service.close()


def _open_the_response(page: Page) -> None:
    """From the rights requests list to the request's own page (its next steps), then its
    response."""
    page.get_by_role("link", name="Rights requests").first.click()
    page.get_by_role("link", name=REFERENCE).click()
    page.get_by_role("link", name="Withhold entries and issue the subject access response").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access response")


def test_a_dpo_issues_a_response_with_an_entry_withheld_and_checks_the_letter(
    page: Page, demo_server: DemoServer, tmp_path: Path, screenshots: Path | None
) -> None:
    """The person's PDF leaves the withheld entry out, the DPO's names its exemption, and the
    check page says the downloaded PDF is recorded and an altered copy is not."""
    request_id = _verified_access_request(demo_server)
    sign_in(page, demo_server, demo_server.dpo_key)
    _open_the_response(page)

    # Withhold the first disclosure under Sch 2 para 2 (a police enquiry).
    share = page.locator("tr[data-entry]").filter(has_text="Disclosure").first
    share.get_by_role("link", name="Withhold").click()
    page.get_by_label("Exemption").select_option("sl:DPA2018-S2-1-2")
    page.get_by_label("Why it applies").fill("A police enquiry is under way")
    review = datetime.now(UTC).date() + timedelta(days=90)
    page.get_by_label("Review by").fill(review.isoformat())
    page.get_by_role("button", name="Withhold this entry").click()
    expect(page.get_by_test_id("notice")).to_have_text("The entry is withheld.")
    shoot(page, screenshots, "access-response")

    # Issue: details, check your answers, confirmation.
    page.get_by_test_id("issue").click()
    page.get_by_label("Name").fill("Alex Example")
    page.get_by_label("Postal address").fill("1 Test Street\nWestshire WS1 1AA")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before issuing the response"
    )
    expect(page.get_by_test_id("withheld-count")).to_contain_text("1")
    shoot(page, screenshots, "access-response-check-answers")
    page.get_by_role("button", name="Issue the response").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Response 1 issued")
    assert request_id in page.url

    files = {t: _download(page, t, tmp_path) for t in ("person-pdf", "person-html", "dpo-pdf")}
    person = _text(files["person-pdf"])
    assert "Alex Example" in person
    assert REFERENCE in person
    assert "Sch 2 para 2" not in person
    assert "withheld" not in person.lower()
    dpo = _text(files["dpo-pdf"])
    assert "Sch 2 para 2: crime and taxation" in dpo
    assert "A police enquiry is under way" in dpo
    html = files["person-html"].read_text(encoding="utf-8")
    assert "Alex Example" in html
    assert "crime and taxation" not in html

    # Check the letter: the browser hashes the file, the ledger answers.
    page.goto(demo_server.base_url + "/check-letter")
    page.get_by_label("The letter's file").set_input_files(str(files["person-pdf"]))
    expect(page.get_by_label("SHA-256 of the file")).to_have_value(
        hashlib.sha256(files["person-pdf"].read_bytes()).hexdigest()
    )
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_test_id("check-result")).to_contain_text("Recorded as issued")
    expect(page.get_by_test_id("check-result")).to_contain_text(REFERENCE)
    shoot(page, screenshots, "check-a-letter")
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(files["person-pdf"].read_bytes() + b"\n")
    page.get_by_label("The letter's file").set_input_files(str(altered))
    expect(page.get_by_label("SHA-256 of the file")).to_have_value(
        hashlib.sha256(altered.read_bytes()).hexdigest()
    )
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_test_id("check-result")).to_contain_text("Not recorded")
