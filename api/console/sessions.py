"""Console sign-in sessions, kept in this process's memory: a random id in a cookie.

The cookie holds only a random session id (256 bits from :mod:`secrets`); the
server keeps the SHA-256 of that id (never the id itself, and never the API
key the person signed in with) mapped to the principal's public id, a CSRF
token, and when the session was last used. A session ends when it is signed
out, when it is idle for :data:`IDLE_TIMEOUT`, or after :data:`MAX_AGE`
whatever its use. Every request reads the principal again, so revoking a key
or its expiry ends the console session at once.

:class:`SessionStore` keeps them in this process's memory (tests, one
process); the server keeps them in the ledger's database
(:class:`SharedSessionStore`), so that with ``serve --workers N`` every process
knows every session, and a restart does not sign anyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from ledger.storage.session_rows import SessionRows

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


# How often a session's last use is written back: every request would be a write.
TOUCH_EVERY = timedelta(seconds=30)


def _stamp(value: datetime) -> str:
    """UTC, fixed width, so that text order is time order in SQL."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


class SharedSessionStore(SessionStore):
    """Sessions in the ledger's database, shared by every server process.

    A session's last use is written at most every :data:`TOUCH_EVERY` (the
    idle timeout is half an hour), so a busy console does not write on every
    page; expired rows are purged when a session is created.
    """

    def __init__(
        self, rows: SessionRows, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        super().__init__(clock)
        self._rows = rows

    def create(self, principal_id: str) -> tuple[str, Session]:
        now = self._clock()
        session_id = new_token()
        session = Session(principal_id, new_token(), now, now)
        self._rows.purge(_stamp(now - IDLE_TIMEOUT), _stamp(now - MAX_AGE))
        key, csrf = _digest(session_id), session.csrf_token
        self._rows.insert((key, principal_id, csrf, _stamp(now), _stamp(now), "[]"))
        return session_id, session

    def touch(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        key = _digest(session_id)
        row = self._rows.get(key)
        if row is None:
            return None
        now = self._clock()
        found = tuple((str(ref), str(masked)) for ref, masked in json.loads(row["found"]))
        stored = Session(
            str(row["principal_id"]),
            str(row["csrf_token"]),
            _parse(row["created_at"]),
            _parse(row["last_seen"]),
            found,
        )
        if now >= stored.expires_at():
            self._rows.delete(key)
            return None
        if now - stored.last_seen >= TOUCH_EVERY:
            self._rows.touch(key, _stamp(now))
        return replace(stored, last_seen=now)

    def remember_found(self, session_id: str, subject: str, masked: str) -> None:
        key = _digest(session_id)
        row = self._rows.get(key)
        if row is not None:
            kept = [tuple(f) for f in json.loads(row["found"]) if tuple(f) != (subject, masked)]
            found = [*kept, (subject, masked)][-FOUND_KEPT:]
            self._rows.set_found(key, json.dumps(found))

    def end(self, session_id: str | None) -> None:
        if session_id:
            self._rows.delete(_digest(session_id))

    def __len__(self) -> int:
        return self._rows.count()
