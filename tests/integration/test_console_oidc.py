"""Signing in to the console through a real OpenID provider, over HTTP, end to end.

A real ``sharing-ledger serve`` process and a real provider (panva's
oidc-provider under Node.js, tests/oidc_provider), both on this machine: the
browser's part is played by an httpx client with a cookie jar, which submits
the provider's own login form. tests/browser/test_console_oidc_browser.py does
the same in Chromium.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from api.service.composition import open_service
from api.service.identity_provider import ID_TOKEN, IdentityProvider, SignInRefused
from api.service.oidc_settings import OidcSettings
from ledger.domain.access_grants import AccessGrant, grant_id
from ledger.principals import Role, federated_id
from ledger.storage.config import SQLiteLocation
from tests.support.oidc_console import (
    AUDITOR,
    CLIENT_ID,
    CLIENT_SECRET,
    DPO,
    PARTNER,
    PARTNER_ORG,
    REPO,
    SUBJECTS,
    UNMAPPED,
    OidcConsole,
    oidc_console,
    sign_in_counts,
    to_callback,
)

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcConsole]:
    with oidc_console(tmp_path_factory.mktemp("oidc")) as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as opened:
        yield opened


def _delta(
    server: OidcConsole, before: dict[tuple[str, str, str], float]
) -> dict[tuple[str, str, str], float]:
    after = sign_in_counts(server)
    return {
        key: value - before.get(key, 0)
        for key, value in after.items()
        if value != before.get(key, 0)
    }


def _with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = [(k, value if k == name else v) for k, v in parse_qsl(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _signed_in(client: httpx.Client, server: OidcConsole) -> bool:
    return client.get(server.console + "/").status_code == 200


def test_a_dpo_signs_in_through_the_provider_and_their_reads_are_attributed_to_them(
    server: OidcConsole, client: httpx.Client
) -> None:
    """A DPO signed in through the provider reads a person's history; the read names them."""
    before = sign_in_counts(server)
    next_path = f"/console/people/{server.subject}?reason=sar"
    landing = client.get(to_callback(client, server, DPO, next_path=next_path))
    assert landing.status_code == 200
    assert "You are signed in" in landing.text
    assert f'href="{next_path.replace("&", "&amp;")}"' in landing.text
    person = client.get(server.origin + next_path)
    assert person.status_code == 200
    assert "Dana Example" in person.text
    principal_id = federated_id(server.issuer, SUBJECTS[DPO], Role.DPO, None)
    # The read just recorded, under their principal, which the page names by its name.
    assert f"principal:{principal_id}" not in person.text
    assert "Dana Example" in person.text.split('data-testid="entries"', 1)[1]
    assert _delta(server, before) == {("oidc", "succeeded", "none"): 1}
    service = open_service(SQLiteLocation(server.data_dir / "ledger.sqlite3"))
    try:
        stored = service.principals.get(principal_id)
        assert stored is not None
        assert (stored.name, stored.role) == ("Dana Example", Role.DPO)
        grant = service.app.get(AccessGrant, grant_id(principal_id))
        assert grant.principal == principal_id
    finally:
        service.close()


def test_a_partner_group_signs_in_as_that_partner_only(
    server: OidcConsole, client: httpx.Client
) -> None:
    """A member of a partner's group is that partner: the console says so and shows its page."""
    landing = client.get(to_callback(client, server, PARTNER))
    assert landing.status_code == 200
    home = client.get(server.console + "/")
    assert f"a partner's key, for {PARTNER_ORG}" in home.text
    assert client.get(server.console + "/restrictions").status_code == 403


def test_a_user_in_no_mapped_group_is_refused_with_a_page_saying_why(
    server: OidcConsole, client: httpx.Client
) -> None:
    """Signed in at the provider but in no mapped group: 403, no session, no principal."""
    before = sign_in_counts(server)
    refused = client.get(to_callback(client, server, UNMAPPED))
    assert refused.status_code == 403
    assert "Your account does not give access to this console" in refused.text
    assert not _signed_in(client, server)
    assert _delta(server, before) == {("oidc", "failed", "no-mapped-group"): 1}
    service = open_service(SQLiteLocation(server.data_dir / "ledger.sqlite3"))
    try:
        assert all(p.name != "Sam Example" for p in service.principals.list())
    finally:
        service.close()


def test_a_tampered_state_is_refused(server: OidcConsole, client: httpx.Client) -> None:
    """A callback whose state is not the one this browser was sent with is refused."""
    before = sign_in_counts(server)
    callback = _with_param(to_callback(client, server, DPO), "state", "forged-state-value")
    refused = client.get(callback)
    assert refused.status_code == 400
    assert "This sign-in could not be completed" in refused.text
    assert not _signed_in(client, server)
    assert _delta(server, before) == {("oidc", "failed", "state"): 1}


def test_a_tampered_nonce_is_refused(server: OidcConsole, client: httpx.Client) -> None:
    """An ID token carrying another nonce than the one sent (an injected token) is refused."""
    before = sign_in_counts(server)
    callback = to_callback(
        client,
        server,
        DPO,
        tamper=lambda url: _with_param(url, "nonce", "an-attacker-chosen-nonce"),
    )
    refused = client.get(callback)
    assert refused.status_code == 400
    assert "This sign-in could not be trusted" in refused.text
    assert not _signed_in(client, server)
    assert _delta(server, before) == {("oidc", "failed", "id-token"): 1}


def test_a_callback_is_refused_in_another_browser_and_when_replayed(
    server: OidcConsole, client: httpx.Client
) -> None:
    """A callback works once, in the browser that started it: not elsewhere, not twice."""
    callback = to_callback(client, server, AUDITOR)
    with httpx.Client(timeout=30) as other_browser:
        assert other_browser.get(callback).status_code == 400
        assert not _signed_in(other_browser, server)
    assert client.get(callback).status_code == 200
    assert client.get(callback).status_code == 400


def test_a_revoked_federated_principal_is_refused_at_its_next_sign_in(
    server: OidcConsole, client: httpx.Client
) -> None:
    """The operator revokes a person's principal: their next sign-in in that role is refused."""
    assert client.get(to_callback(client, server, AUDITOR)).status_code == 200
    principal_id = federated_id(server.issuer, SUBJECTS[AUDITOR], Role.AUDITOR, None)
    revoked = subprocess.run(
        [sys.executable, "-m", "api.cli", "principals", "revoke", principal_id, "--reason", "left"],
        cwd=REPO,
        env={"LEDGER_DATA_DIR": str(server.data_dir), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert revoked.returncode == 0, revoked.stderr
    assert not _signed_in(client, server)  # the session ended with the principal
    before = sign_in_counts(server)
    refused = client.get(to_callback(client, server, AUDITOR))
    assert refused.status_code == 403
    assert "Your access has been withdrawn" in refused.text
    assert _delta(server, before) == {("oidc", "failed", "revoked"): 1}


def test_api_key_sign_ins_still_work_and_are_counted_failed_or_not(
    server: OidcConsole, client: httpx.Client
) -> None:
    """Break-glass: an API key signs in beside the provider; both outcomes are counted."""
    created = subprocess.run(
        [
            sys.executable,
            "-m",
            "api.cli",
            "principals",
            "create",
            "--name",
            "break-glass",
            "--role",
            "dpo",
            "--reason",
            "emergency access",
        ],
        cwd=REPO,
        env={"LEDGER_DATA_DIR": str(server.data_dir), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    before = sign_in_counts(server)
    page = client.get(server.console + "/sign-in")
    assert "Sign in with Westshire sign-in" in page.text
    token = TOKEN.search(page.text)
    assert token is not None
    wrong = client.post(
        server.console + "/sign-in", data={"csrf_token": token.group(1), "api_key": key + "x"}
    )
    assert wrong.status_code == 422
    token = TOKEN.search(wrong.text)  # the form again, with a fresh token
    assert token is not None
    right = client.post(
        server.console + "/sign-in", data={"csrf_token": token.group(1), "api_key": key}
    )
    assert right.status_code == 303
    assert _signed_in(client, server)
    assert _delta(server, before) == {
        ("api-key", "failed", "invalid-key"): 1,
        ("api-key", "succeeded", "none"): 1,
    }


def test_an_id_token_signed_with_a_key_not_in_the_providers_jwks_is_refused(
    server: OidcConsole,
) -> None:
    """A token with every right claim but a forged signature (same key id) is refused."""
    settings = OidcSettings(
        issuer=server.issuer,
        client_id=CLIENT_ID,
        redirect_url=server.callback,
        group_roles=(),
        client_secret=CLIENT_SECRET,
    )
    provider = IdentityProvider(settings)
    forger = RSAKey.generate_key(2048, parameters={"kid": "test-key"})  # server.js's key id
    now = int(time.time())
    claims = {"iss": server.issuer, "aud": CLIENT_ID, "sub": SUBJECTS[DPO], "iat": now}
    forged = jwt.encode(
        {"alg": "RS256", "kid": "test-key"}, {**claims, "exp": now + 300, "nonce": "n"}, forger
    )
    try:
        with pytest.raises(SignInRefused) as refused:
            provider.verify_id_token(forged, "n")
        assert refused.value.reason == ID_TOKEN
    finally:
        provider.close()
