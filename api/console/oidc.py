"""Signing in through the council's identity provider (OpenID Connect), when configured.

``GET /console/sign-in/oidc`` sends the browser to the provider with a fresh
state, nonce and PKCE challenge; ``GET /console/sign-in/oidc/callback`` takes
it back, checks everything (:mod:`api.service.identity_provider`), admits the
person in the role their groups give (:mod:`api.service.federated_sign_in`)
and starts a console session for them. Any failure gets a page saying what
to do, and is counted by reason for /metrics. Without a provider configured
both addresses are the console's 404.

The callback answers with a short page that moves on to the console by
itself, rather than with a redirect: the session cookie is SameSite=Strict,
and browsers withhold such a cookie from a redirect chain that began at
another site (the provider), so a redirect would land on the sign-in page.
"""

from __future__ import annotations

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.console.access import ConsoleError
from api.console.auth import safe_next, start_session
from api.console.pending_sign_ins import PENDING_COOKIE, PENDING_FOR
from api.console.render import clear_cookie, render, secure
from api.console.sessions import COOKIE_PATH, same_token
from api.console.sign_in_counts import OIDC
from api.console.state import ConsoleState, console
from api.service.federated_sign_in import admit
from api.service.identity_provider import (
    ID_TOKEN,
    NO_MAPPED_GROUP,
    PROVIDER_DENIED,
    PROVIDER_UNREACHABLE,
    REVOKED,
    STATE,
    IdentityProvider,
    PendingSignIn,
    SignInRefused,
)

router = APIRouter(prefix="/console", include_in_schema=False)

# reason -> (HTTP status, title, what to do); {provider} is the provider's name.
REFUSALS: dict[str, tuple[int, str, str]] = {
    STATE: (
        400,
        "This sign-in could not be completed",
        (
            "It took longer than 10 minutes, was started in another browser, or was already "
            "used. Start again from the sign-in page."
        ),
    ),
    PROVIDER_DENIED: (
        403,
        "You did not finish signing in",
        (
            "Signing in with {provider} was cancelled or refused. Start again from the "
            "sign-in page, or ask your IT service desk for help."
        ),
    ),
    PROVIDER_UNREACHABLE: (
        502,
        "Sign-in is not available at the moment",
        (
            "{provider} could not be reached. Try again in a few minutes. In an emergency, "
            "the console's operator holds break-glass API keys."
        ),
    ),
    ID_TOKEN: (
        400,
        "This sign-in could not be trusted",
        (
            "The answer from {provider} did not check out (its signature, issuer, audience, "
            "expiry or nonce). Start again; if it happens again, tell your IT service desk."
        ),
    ),
    NO_MAPPED_GROUP: (
        403,
        "Your account does not give access to this console",
        (
            "You signed in with {provider}, but you are not in any group that may use the "
            "console. Ask your Data Protection Officer to have you added to the right group."
        ),
    ),
    REVOKED: (
        403,
        "Your access has been withdrawn",
        (
            "Your access to the console in this role was withdrawn by its operator. Ask them "
            "why, or to restore it."
        ),
    ),
}


@router.get("/sign-in/oidc")
def start(request: Request) -> Response:
    """Off to the provider, keeping the state, nonce and verifier for the return."""
    state = console(request)
    provider = _provider(state)
    next_path = safe_next(request, request.query_params.get("next"))
    try:
        url, pending = provider.start(next_path)
    except SignInRefused as refused:
        return _refused(request, provider, refused)
    state.pending_sign_ins.keep(pending)
    response = RedirectResponse(url, status_code=303)
    # Lax, not Strict: it must come back with the provider's redirect to the callback.
    response.set_cookie(
        PENDING_COOKIE,
        pending.state,
        max_age=int(PENDING_FOR.total_seconds()),
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )
    return secure(response)


@router.get("/sign-in/oidc/callback")
def callback(request: Request) -> Response:
    """Back from the provider: check, admit, start a session, move on to the console."""
    state = console(request)
    provider = _provider(state)
    returned = request.query_params.get("state")
    # The state must be this browser's (its cookie) and one this process sent (taken once).
    pending = (
        state.pending_sign_ins.take(returned)
        if same_token(request.cookies.get(PENDING_COOKIE), returned)
        else None
    )
    try:
        accepted = _checked(request, provider, pending)
        identity = provider.finish(accepted, _code(request))
        principal = admit(state.http.service, identity, provider.settings)
    except SignInRefused as refused:
        return _refused(request, provider, refused)
    state.sign_ins.succeeded(OIDC)
    structlog.get_logger().info(
        "console.sign_in",
        method=OIDC,
        outcome="succeeded",
        principal=principal.id,
        role=principal.role.value,
    )
    response = render(request, "signed_in.html", viewer=None, next_path=accepted.next_path)
    start_session(request, response, principal.id)
    clear_cookie(response, request, PENDING_COOKIE)
    return response


def _checked(
    request: Request, provider: IdentityProvider, pending: PendingSignIn | None
) -> PendingSignIn:
    """The pending sign-in this response answers, if the response is one to accept."""
    params = request.query_params
    if pending is None:
        raise SignInRefused(STATE, "no sign-in with this state was started in this browser")
    if "error" in params:
        raise SignInRefused(PROVIDER_DENIED, "the provider answered with an error")
    # RFC 9207: a provider that names itself in the response must be the one configured.
    issuer = params.get("iss")
    if issuer is not None and issuer != provider.settings.issuer:
        raise SignInRefused(ID_TOKEN, "the response names another issuer")
    return pending


def _code(request: Request) -> str:
    code = request.query_params.get("code")
    if not code:
        raise SignInRefused(PROVIDER_DENIED, "the provider sent no code")
    return code


def _provider(state: ConsoleState) -> IdentityProvider:
    if state.identity_provider is None:
        raise ConsoleError(404, "Page not found", "If you typed the address, check it is correct.")
    return state.identity_provider


def _refused(request: Request, provider: IdentityProvider, refused: SignInRefused) -> Response:
    console(request).sign_ins.failed(OIDC, refused.reason)
    # The reason class and the library's short message: never a token, a code or a name.
    structlog.get_logger().info(
        "console.sign_in",
        method=OIDC,
        outcome="failed",
        reason=refused.reason,
        detail=refused.detail,
    )
    status, title, message = REFUSALS[refused.reason]
    response = render(
        request,
        "error.html",
        viewer=None,
        status=status,
        title=title,
        message=message.format(provider=provider.settings.provider_name),
    )
    clear_cookie(response, request, PENDING_COOKIE)
    return response
