"""The council's identity provider, as the console's OpenID Connect client sees it.

The authorization code flow (OpenID Connect Core 1.0 §3.1) with PKCE
(RFC 7636, S256) and a nonce, built from Authlib's pieces: its token and
code-challenge helpers, and its ``CodeIDToken`` claim rules over joserfc's
signature check. The HTTP calls (discovery, JWKS, token endpoint) go through
httpx, from the thread that serves the request (the console's routes are
plain functions, run off the event loop).

What is checked, numbered as in OpenID Connect Core §3.1.3.7 (ID Token
Validation): (1) no encrypted token is accepted; (2) ``iss`` is exactly the
configured issuer, which discovery must also name (Discovery §4.3); (3)
``aud`` contains the client id, and (4, 5) ``azp``, when present or needed,
is the client id; (6) the signature verifies with a key from the provider's
JWKS, using (7) an asymmetric algorithm the provider announces (never
``none``, never HMAC); (9) ``exp`` is in the future and (10) ``iat`` is
present, with one minute's leeway for clocks; (11) ``nonce`` equals the one
this sign-in sent; ``at_hash``, when present, matches the access token.

Neither a token nor a code, nor the subject id, is ever logged or put into
an error: errors carry a reason class and the library's short message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from api.service.oidc_settings import OidcSettings

TOKEN_CHARS = 43  # ~256 bits from Authlib's generator: state, nonce and PKCE verifier
LEEWAY_SECONDS = 60
METADATA_SECONDS = 3600.0  # discovery and JWKS are read again after an hour (key rotation)
HTTP_TIMEOUT = 10.0
ASYMMETRIC = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)

# Why a sign-in through the provider failed, as /metrics counts it.
STATE = "state"  # no sign-in started in this browser with this state (or it expired)
PROVIDER_DENIED = "provider-denied"  # the provider answered with an error (the user cancelled)
PROVIDER_UNREACHABLE = "provider-unreachable"  # discovery, JWKS or token endpoint failed
ID_TOKEN = "id-token"  # noqa: S105 - a reason class, not a secret: signature, issuer, audience, expiry or nonce did not check out
NO_MAPPED_GROUP = "no-mapped-group"  # signed in, but in no group the council mapped to a role
REVOKED = "revoked"  # this person's principal in this role was revoked by the operator
REASONS = (STATE, PROVIDER_DENIED, PROVIDER_UNREACHABLE, ID_TOKEN, NO_MAPPED_GROUP, REVOKED)


class SignInRefused(Exception):
    """A sign-in through the provider failed; ``reason`` is one of :data:`REASONS`."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """What the console keeps between sending the browser away and its return."""

    state: str
    nonce: str
    code_verifier: str
    next_path: str


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the provider says signed in: its subject id, display name and groups."""

    issuer: str
    subject: str
    name: str
    groups: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Fetched:
    value: Mapping[str, Any]
    at: float


class IdentityProvider:
    """One configured provider: discovery and keys cached, the flow's two halves."""

    def __init__(
        self,
        settings: OidcSettings,
        *,
        client: httpx.Client | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._http = client or httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)
        self._monotonic = monotonic
        self._metadata: _Fetched | None = None
        self._jwks: _Fetched | None = None

    def start(self, next_path: str) -> tuple[str, PendingSignIn]:
        """Where to send the browser, and what to keep until it comes back."""
        pending = PendingSignIn(
            state=generate_token(TOKEN_CHARS),
            nonce=generate_token(TOKEN_CHARS),
            code_verifier=generate_token(TOKEN_CHARS + 21),  # RFC 7636 §4.1: 43-128 characters
            next_path=next_path,
        )
        endpoint = str(self._discovery()["authorization_endpoint"])
        url = add_params_to_uri(
            endpoint,
            [
                ("response_type", "code"),
                ("client_id", self.settings.client_id),
                ("redirect_uri", self.settings.redirect_url),
                ("scope", self.settings.scopes),
                ("state", pending.state),
                ("nonce", pending.nonce),
                ("code_challenge", create_s256_code_challenge(pending.code_verifier)),
                ("code_challenge_method", "S256"),
            ],
        )
        return str(url), pending

    def finish(self, pending: PendingSignIn, code: str) -> Identity:
        """Exchange the code (with the PKCE verifier), check the ID token, say who it is."""
        tokens = self._exchange(pending, code)
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise SignInRefused(ID_TOKEN, "the token response holds no ID token")
        access_token = tokens.get("access_token")
        claims = self.verify_id_token(id_token, pending.nonce, access_token)
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise SignInRefused(ID_TOKEN, "the ID token names no subject")
        return Identity(
            issuer=self.settings.issuer,
            subject=subject,
            name=_display_name(claims),
            groups=_groups(claims.get(self.settings.groups_claim)),
        )

    def close(self) -> None:
        self._http.close()

    # -- The provider's documents ---------------------------------------------------------
    def _discovery(self) -> Mapping[str, Any]:
        if self._metadata is None or self._stale(self._metadata):
            # Discovery §4.1: the issuer, less any trailing "/", then the well-known path.
            url = f"{self.settings.issuer.rstrip('/')}/.well-known/openid-configuration"
            metadata = self._get_json(url)
            # Discovery §4.3: the document must name the issuer it was fetched for.
            if metadata.get("issuer") != self.settings.issuer:
                raise SignInRefused(
                    PROVIDER_UNREACHABLE, "the discovery document names another issuer"
                )
            for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not isinstance(metadata.get(needed), str):
                    raise SignInRefused(PROVIDER_UNREACHABLE, f"discovery gives no {needed}")
            self._metadata = _Fetched(metadata, self._monotonic())
        return self._metadata.value

    def _keys(self, *, refresh: bool = False) -> KeySet:
        if refresh or self._jwks is None or self._stale(self._jwks):
            self._jwks = _Fetched(
                self._get_json(str(self._discovery()["jwks_uri"])), self._monotonic()
            )
        try:
            return KeySet.import_key_set(dict(self._jwks.value))  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as error:
            raise SignInRefused(PROVIDER_UNREACHABLE, f"the JWKS is unusable ({error})") from None

    def _stale(self, fetched: _Fetched) -> bool:
        return self._monotonic() - fetched.at > METADATA_SECONDS

    def _get_json(self, url: str) -> Mapping[str, Any]:
        try:
            reply = self._http.get(url, headers={"Accept": "application/json"})
            reply.raise_for_status()
            document = reply.json()
        except (httpx.HTTPError, ValueError) as error:
            raise SignInRefused(PROVIDER_UNREACHABLE, _short(error)) from None
        if not isinstance(document, dict):
            raise SignInRefused(PROVIDER_UNREACHABLE, "the provider answered with no JSON object")
        return document

    # -- The token endpoint and the ID token ---------------------------------------------
    def _exchange(self, pending: PendingSignIn, code: str) -> Mapping[str, Any]:
        endpoint = str(self._discovery()["token_endpoint"])
        # RFC 6749 §2.3.1: client_secret_basic form-encodes the id and secret first.
        auth = (
            quote(self.settings.client_id, safe=""),
            quote(self.settings.client_secret, safe=""),
        )
        try:
            reply = self._http.post(
                endpoint,
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.settings.redirect_url,
                    "code_verifier": pending.code_verifier,
                },
                auth=auth,
                headers={"Accept": "application/json"},
            )
        except httpx.HTTPError as error:
            raise SignInRefused(PROVIDER_UNREACHABLE, _short(error)) from None
        try:
            document = reply.json()
        except ValueError:
            document = None
        if reply.status_code != 200 or not isinstance(document, dict):
            error_code = document.get("error") if isinstance(document, dict) else None
            raise SignInRefused(
                PROVIDER_DENIED,
                f"the token endpoint refused the code (HTTP {reply.status_code}, "
                f"{error_code if isinstance(error_code, str) else 'no error code'})",
            )
        return document

    def verify_id_token(
        self, id_token: str, nonce: str, access_token: object = None
    ) -> Mapping[str, Any]:
        """The ID token's claims, once every check above passed; else SignInRefused(ID_TOKEN)."""
        announced = self._discovery().get("id_token_signing_alg_values_supported")
        algorithms = [a for a in ASYMMETRIC if not isinstance(announced, list) or a in announced]
        try:
            try:
                token = jwt.decode(id_token, self._keys(), algorithms=algorithms)
            except InvalidKeyIdError:
                # A key the provider rotated in since the JWKS was read: read it again, once.
                token = jwt.decode(id_token, self._keys(refresh=True), algorithms=algorithms)
            params: dict[str, Any] = {"nonce": nonce, "client_id": self.settings.client_id}
            if isinstance(access_token, str):
                params["access_token"] = access_token
            claims = CodeIDToken(
                token.claims,
                token.header,
                {
                    "iss": {"essential": True, "value": self.settings.issuer},
                    "aud": {"essential": True, "value": self.settings.client_id},
                    "exp": {"essential": True},
                    "iat": {"essential": True},
                },
                params,
            )
            claims.validate(now=int(time.time()), leeway=LEEWAY_SECONDS)
        except (JoseError, ValueError) as error:
            raise SignInRefused(ID_TOKEN, _short(error)) from None
        return dict(claims)


def _display_name(claims: Mapping[str, Any]) -> str:
    """The first usable name claim; empty if none (never the subject id: not a name)."""
    for claim in ("name", "preferred_username", "email"):
        value = claims.get(claim)
        if isinstance(value, str) and value.strip() and "\n" not in value:
            return value.strip()[:200]
    return ""


def _groups(value: object) -> tuple[str, ...]:
    """The groups claim: a list of strings (Entra, Keycloak), or one space-separated string."""
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def _short(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__
