"""Signing in to the console through FastAPI's test client, as a browser would (CSRF included)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in(client: TestClient, key: str) -> None:
    """Sign in with an API key: the sign-in page's CSRF token, then the form; 303 expected."""
    token = TOKEN.search(client.get("/console/sign-in").text)
    assert token is not None
    reply = client.post(
        "/console/sign-in",
        data={"csrf_token": token.group(1), "api_key": key},
        follow_redirects=False,
    )
    assert reply.status_code == 303, reply.text


def csrf_of(client: TestClient) -> str:
    """The signed-in session's CSRF token, as the start page's forms carry it."""
    token = TOKEN.search(client.get("/console/").text)
    assert token is not None
    return token.group(1)
