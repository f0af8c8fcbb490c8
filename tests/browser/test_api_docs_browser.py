"""Swagger UI (/v1/docs) and ReDoc (/v1/redoc) in Chromium with every request to anywhere but
the server blocked, as on a council network without internet: both show the operations,
with no script error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.sqlite_server import live_server

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    with live_server(tmp_path, {"dpo": ("--role", "dpo")}) as (base, _keys):
        yield base


def _offline(context: BrowserContext, base: str) -> list[str]:
    """Block every request not to ``base``; return the list the blocked ones are added to."""
    blocked: list[str] = []

    def handle(route: Route) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return blocked


def _watch(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_swagger_ui_lists_the_operations_offline(context: BrowserContext, base_url: str) -> None:
    """Every operation's block is drawn, with the Authorize button, from this server alone."""
    blocked = _offline(context, base_url)
    page = context.new_page()
    errors = _watch(page)
    page.goto(f"{base_url}/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 45
    assert page.get_by_text("Record access").first.is_visible()
    assert page.locator("button.authorize").is_visible()
    assert blocked == []
    assert errors == []


def test_redoc_lists_the_operations_offline(context: BrowserContext, base_url: str) -> None:
    """ReDoc's menu names the operations, drawn from this server alone."""
    blocked = _offline(context, base_url)
    page = context.new_page()
    errors = _watch(page)
    page.goto(f"{base_url}/v1/redoc")
    operations = page.locator('li[data-item-id*="operation/"]')
    operations.first.wait_for(state="attached")
    assert operations.count() >= 45
    assert page.get_by_role("heading", name="Record access").first.is_visible()
    assert blocked == []
    # ReDoc always draws Redocly's logo from Redocly's CDN (no option turns it off): the
    # page's CSP stops the browser from even asking, and that refusal is the only error.
    assert [e for e in errors if "cdn.redoc.ly/redoc/logo-mini.svg" not in e] == []


def test_the_root_opens_the_console(context: BrowserContext, base_url: str) -> None:
    """/ in a browser lands on the console (its sign-in page)."""
    page = context.new_page()
    page.goto(f"{base_url}/")
    assert "/console" in page.url
