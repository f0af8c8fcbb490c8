"""Console sign-in sessions, kept in this process's memory: a random id in a cookie.

The cookie holds only a random session id (256 bits from :mod:`secrets`); the
server keeps the SHA-256 of that id (never the id itself, and never the API
key the person signed in with) mapped to the principal's public id, a CSRF
token, and when the session was last used. A session ends when it is signed
out, when it is idle for :data:`IDLE_TIMEOUT`, or after :data:`MAX_AGE`
whatever its use. Every request reads the principal again, so revoking a key
or its expiry ends the console session at once.

Sessions live in one process: a restart signs everyone out, and several
server processes behind a balancer would each need the person to sign in
(a shared store is a later change, behind this same interface).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

SESSION_COOKIE = "sl_console_session"
# A pre-session CSRF token for the sign-in form (double submit: cookie = field).
SIGN_IN_CSRF_COOKIE = "sl_console_signin"
COOKIE_PATH = "/console"
IDLE_TIMEOUT = timedelta(minutes=30)
MAX_AGE = timedelta(hours=12)
MAX_SESSIONS = 10_000
TOKEN_BYTES = 32
FOUND_KEPT = 20  # people found by an identifier that a session remembers


def new_token() -> str:
    """A random, URL-safe token of 256 bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def same_token(expected: str | None, presented: str | None) -> bool:
    """Constant-time equality of two tokens; an absent or empty one never matches."""
    if not expected or not presented:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Session:
    """One signed-in browser: whose it is, its CSRF token, and its times."""

    principal_id: str
    csrf_token: str
    created_at: datetime
    last_seen: datetime
    # (subject, what found them, masked) for the people this session found by a natural
    # identifier: the person's page says so, and the identifier never goes into a URL.
    found: tuple[tuple[str, str], ...] = ()

    def found_by(self, subject: str) -> list[str]:
        return [masked for ref, masked in self.found if ref == subject]

    def expires_at(self) -> datetime:
        """When it ends if not used again: idle timeout, capped by the maximum age."""
        return min(self.last_seen + IDLE_TIMEOUT, self.created_at + MAX_AGE)


class SessionStore:
    """Thread-safe map from (hashed) session id to :class:`Session`."""

    def __init__(
        self,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        *,
        capacity: int = MAX_SESSIONS,
    ) -> None:
        self._clock = clock
        self._capacity = capacity
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def create(self, principal_id: str) -> tuple[str, Session]:
        """A new session for ``principal_id``: its id (for the cookie only) and the session."""
        now = self._clock()
        session_id = new_token()
        session = Session(principal_id, new_token(), now, now)
        with self._lock:
            self._purge(now)
            self._sessions[_digest(session_id)] = session
            while len(self._sessions) > self._capacity:
                self._sessions.popitem(last=False)  # the least recently used goes first
        return session_id, session

    def touch(self, session_id: str | None) -> Session | None:
        """The live session with this id, marked as used now; None if there is none."""
        if not session_id:
            return None
        key = _digest(session_id)
        now = self._clock()
        with self._lock:
            session = self._sessions.get(key)
            if session is None:
                return None
            if now >= session.expires_at():
                del self._sessions[key]
                return None
            session = replace(session, last_seen=now)
            self._sessions[key] = session
            self._sessions.move_to_end(key)
        return session

    def remember_found(self, session_id: str, subject: str, masked: str) -> None:
        """Note that this session found ``subject`` by an identifier (masked); the latest few."""
        key = _digest(session_id)
        with self._lock:
            session = self._sessions.get(key)
            if session is not None:
                kept = tuple(f for f in session.found if f != (subject, masked))
                found = (*kept, (subject, masked))[-FOUND_KEPT:]
                self._sessions[key] = replace(session, found=found)

    def end(self, session_id: str | None) -> None:
        """Forget the session (signing out); unknown ids are ignored."""
        if session_id:
            with self._lock:
                self._sessions.pop(_digest(session_id), None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def _purge(self, now: datetime) -> None:
        expired = [key for key, s in self._sessions.items() if now >= s.expires_at()]
        for key in expired:
            del self._sessions[key]
