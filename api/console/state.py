"""What the console keeps on ``app.state.console``, and what it reads from the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from fastapi import Request
from jinja2 import Environment

from api.console.pending_sign_ins import PendingSignIns
from api.console.sessions import SessionStore
from api.console.sign_in_counts import SignInCounts
from api.console.verification import Verifications
from api.http.context import HttpState
from api.service.identity_provider import IdentityProvider
from ledger.principals import Principal


class PrincipalLookup(Protocol):
    """What the console needs of ``app.state.principals`` (a PrincipalStore has both)."""

    def authenticate(self, api_key: str, now: datetime) -> Principal | None: ...

    def get(self, principal_id: str) -> Principal | None: ...


@dataclass
class ConsoleState:
    http: HttpState
    principals: PrincipalLookup
    sessions: SessionStore
    verifications: Verifications
    templates: Environment
    clock: Callable[[], datetime]
    # Signing in through the council's identity provider, when configured (docs/sign-in.md).
    identity_provider: IdentityProvider | None = None
    pending_sign_ins: PendingSignIns = field(default_factory=PendingSignIns)
    sign_ins: SignInCounts = field(default_factory=SignInCounts)


def console(request: Request) -> ConsoleState:
    value: ConsoleState = request.app.state.console
    return value
