"""Signing in through the council's identity provider, in Chromium, end to end.

Debian's Chromium drives the real console server and the real OpenID provider
(tests/support/oidc_console.py): the provider's own login form is filled in,
and the browser's SameSite and redirect rules apply as they would for a DPO.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from ledger.principals import Role, federated_id
from tests.browser.conftest import require_chromium
from tests.browser.test_console_browser import axe
from tests.support.oidc_console import (
    DPO,
    PROVIDER_NAME,
    SUBJECTS,
    UNMAPPED,
    OidcConsole,
    oidc_console,
    sign_in_counts,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcConsole]:
    require_chromium()
    with oidc_console(tmp_path_factory.mktemp("oidc-browser")) as running:
        yield running


def _sign_in_at_the_provider(page: Page, login: str) -> None:
    page.get_by_role("link", name=f"Sign in with {PROVIDER_NAME}").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()


def test_a_dpo_signs_in_with_the_provider_and_lands_on_the_page_they_asked_for(
    server: OidcConsole, page: Page
) -> None:
    """From a person's page, through the provider's form, back to that page, signed in as them."""
    person = f"{server.console}/people/{server.subject}?reason=sar"
    page.goto(person)
    assert "/console/sign-in" in page.url
    _sign_in_at_the_provider(page, DPO)
    page.wait_for_url(re.compile(re.escape(f"/console/people/{server.subject}")))
    assert "Dana Example" in page.locator("header").inner_text()
    # This very view, attributed to them: the entries name their principal by its name.
    principal_id = federated_id(server.issuer, SUBJECTS[DPO], Role.DPO, None)
    assert f"principal:{principal_id}" not in page.content()  # never the raw id on a page
    assert "Dana Example" in page.locator("[data-testid=entries]").inner_text()
    assert sign_in_counts(server)[("oidc", "succeeded", "none")] >= 1


def test_a_user_in_no_mapped_group_sees_why_they_cannot_use_the_console(
    server: OidcConsole, page: Page
) -> None:
    """Signed in at the provider, in no mapped group: the refusal page (accessible), no way in."""
    page.goto(f"{server.console}/sign-in")
    assert axe(page) == []  # the page with the provider's button, too
    _sign_in_at_the_provider(page, UNMAPPED)
    heading = page.get_by_role("heading", level=1)
    heading.wait_for()
    assert heading.inner_text() == "Your account does not give access to this console"
    assert axe(page) == []
    page.goto(f"{server.console}/")
    assert "/console/sign-in" in page.url
