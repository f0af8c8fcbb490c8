"""What the console keeps on ``app.state.console``, and what it reads from the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from fastapi import Request
from jinja2 import Environment

from api.console.sessions import SessionStore
from api.console.verification import Verifications
from api.http.context import HttpState
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


def console(request: Request) -> ConsoleState:
    value: ConsoleState = request.app.state.console
    return value
