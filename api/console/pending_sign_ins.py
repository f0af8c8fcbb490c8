"""Sign-ins sent to the identity provider and not back yet, kept in this process's memory.

Each is found by its ``state`` (kept as its SHA-256, as sessions are) and can
be taken once: a replayed or forged callback finds nothing. The browser that
started it also holds the state in a cookie of its own, so a callback carried
to another browser (login CSRF, RFC 6749 §10.12) is refused too. A pending
sign-in lasts :data:`PENDING_FOR`, long enough to type a password and answer
a second factor.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta

from api.service.identity_provider import PendingSignIn

PENDING_COOKIE = "sl_console_oidc"
PENDING_FOR = timedelta(minutes=10)
MAX_PENDING = 10_000


def _digest(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


class PendingSignIns:
    """Thread-safe map from (hashed) state to :class:`PendingSignIn`, each taken once."""

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, *, capacity: int = MAX_PENDING
    ) -> None:
        self._monotonic = monotonic
        self._capacity = capacity
        self._pending: OrderedDict[str, tuple[PendingSignIn, float]] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, pending: PendingSignIn) -> None:
        now = self._monotonic()
        with self._lock:
            self._purge(now)
            self._pending[_digest(pending.state)] = (pending, now)
            while len(self._pending) > self._capacity:
                self._pending.popitem(last=False)  # the oldest goes first

    def take(self, state: str | None) -> PendingSignIn | None:
        """The pending sign-in with this state, forgotten as it is returned; None if none."""
        if not state:
            return None
        with self._lock:
            found = self._pending.pop(_digest(state), None)
        if found is None or self._monotonic() - found[1] > PENDING_FOR.total_seconds():
            return None
        return found[0]

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)

    def _purge(self, now: float) -> None:
        limit = PENDING_FOR.total_seconds()
        expired = [key for key, (_, at) in self._pending.items() if now - at > limit]
        for key in expired:
            del self._pending[key]
