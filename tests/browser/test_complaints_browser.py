"""Complaints in the console, in a real browser against the demo server: an ICO complaint
logged and answered through every form, seen in the list and in the ledger; axe-core on
each new page."""

from __future__ import annotations

import importlib.util
import os
import re
from typing import TYPE_CHECKING

import pytest

if importlib.util.find_spec("playwright") is None and os.environ.get("CI", "") != "true":
    pytest.skip("the 'playwright' package is not installed", allow_module_level=True)

from playwright.sync_api import Page, expect

from tests.browser.test_console_browser import axe, sign_in
from tests.support.factories import subject

if TYPE_CHECKING:
    from tests.browser.conftest import DemoServer

CASE = "IC-424242-BEEF"


def violations(page: Page) -> list[str]:
    return [f"{v['id']} ({v['impact']})" for v in axe(page)]


def record(page: Page, found: dict[str, list[str]], name: str, done: str) -> None:
    """Continue, check the answers, record; the confirmation names the ledger entry."""
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    found[f"{name}: check your answers"] = violations(page)
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(done)
    expect(page.get_by_test_id("position")).to_have_text(re.compile(r"^\d+$"))
    found[f"{name}: confirmation"] = violations(page)
    page.get_by_role("link", name="View the complaint").click()


def test_a_dpo_logs_an_ico_complaint_and_its_outcome(page: Page, demo_server: DemoServer) -> None:
    """Log an ICO complaint, then each step to the ICO's decision: in the list, in the ledger."""
    found: dict[str, list[str]] = {}
    sign_in(page, demo_server, demo_server.dpo_key)
    page.get_by_role("link", name="Complaints").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints")
    found["list"] = violations(page)
    page.get_by_role("link", name="Log a complaint").click()
    page.get_by_role("button", name="Continue").click()  # nothing answered: the error summary
    expect(page.get_by_text("There is a problem")).to_be_visible()
    found["log: with errors"] = violations(page)
    # Not the person the other journeys count the reads of: viewing a complaint is a read.
    page.get_by_label("Subject reference of the person").fill(subject(99))
    page.get_by_label("The Information Commissioner's Office").check()
    page.get_by_label("ICO case reference").fill(CASE)
    page.get_by_label("Data was shared without a lawful basis").check()
    page.get_by_label("Summary of the complaint").fill("Health records shared with the school.")
    record(page, found, "log", "Complaint logged")

    expect(page.get_by_test_id("status")).to_have_text("Awaiting acknowledgement")
    found["complaint"] = violations(page)
    page.get_by_role("link", name="Record the acknowledgement").click()
    record(page, found, "acknowledgement", "Acknowledgement recorded")
    page.get_by_role("link", name="Record the findings").click()
    page.get_by_label("Findings", exact=True).fill("Shared for safeguarding; family not told.")
    record(page, found, "findings", "Findings recorded")
    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("Partly upheld").check()
    page.get_by_label("Remedial action").fill("The family was written to.")
    record(page, found, "outcome", "Outcome recorded")
    expect(page.get_by_test_id("status")).to_have_text("With the ICO")
    page.get_by_role("link", name="Record the ICO's decision").click()
    page.get_by_label("Infringement: advice or recommendations to the council").check()
    record(page, found, "ICO decision", "ICO decision recorded")

    expect(page.get_by_test_id("outcome")).to_have_text("Partly upheld")
    expect(page.get_by_test_id("ico-decision")).to_contain_text("advice or recommendations")
    entries = page.get_by_role("table", name="The complaint's entries in the ledger")
    expect(entries.get_by_role("row")).to_have_count(1 + 5)  # a header, and one per step
    page.get_by_role("link", name="All complaints").click()
    row = page.get_by_role("row").filter(has_text=CASE)
    expect(row).to_contain_text("Closed")
    expect(row).to_contain_text("Partly upheld")
    assert {name: v for name, v in found.items() if v} == {}
