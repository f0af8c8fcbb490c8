"""When the read side cannot answer: a read model stalled on one entry, a silent worker, lag.

A read model whose projector raises on an entry, or whose rows for an entry
the store refuses (a key they break, a value a column cannot hold), stops at
that entry with a :class:`Fault`; the other read models go on. A fault says
where and what kind of failure, never what the entry held: its ``detail`` is
built from the code location, the event's type and the names of the store's
constraint, and never from an exception's message, which may quote values
(``KeyError('sr_...')``, a driver's ``Key (subject)=(...) already exists``).

The exceptions below are what a reader gets instead of an answer; every
entry point turns them into a 503 (or its command-line equivalent), never a
500 or a traceback.
"""

from __future__ import annotations

import re
import sqlite3
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
from eventsourcing.persistence import DataError, IntegrityError

# What the store raises when the rows a batch made cannot be held: a key they break,
# a value a column refuses. Anything else (a lost connection, a missing table) is not
# the rows' fault and is raised as before, for the runner's caller to retry.
ROW_ERRORS = (
    IntegrityError,
    DataError,
    sqlite3.IntegrityError,
    sqlite3.DataError,
    psycopg.IntegrityError,
    psycopg.DataError,
)
# SQLite names a refused constraint by its table and columns only: safe to repeat.
_SQLITE_CONSTRAINT = re.compile(
    r"^(UNIQUE|NOT NULL|CHECK|FOREIGN KEY) constraint failed: [\w., ]+$"
)
_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Fault:
    """Why a read model could not apply one entry: where, and what kind of failure."""

    notification_id: int  # the entry it could not apply
    kind: str  # the exception's class name
    detail: str  # code location, event type, constraint names; never a value
    position: int = -1  # the entry's chain position, once the runner has looked it up


@dataclass(frozen=True, slots=True)
class Stall:
    """A read model stopped before an entry, as recorded in the store."""

    name: str
    notification_id: int  # the entry it could not apply; it holds every entry before it
    position: int  # that entry's chain position
    kind: str
    detail: str
    stalled_at: str  # UTC, ISO 8601
    failures: int  # times this read model has stalled, ever

    def reason(self) -> str:
        """One line for operators: where it stopped and why, without personal data."""
        return f"stalled at position {self.position}: {self.kind} {self.detail}"


def projector_fault(error: Exception, event: object, notification_id: int) -> Fault:
    """A projector raised on this entry: the innermost frame of ours, and the event's type."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if _inside(f.filename)] or frames[-1:]
    where = (
        f" in {ours[-1].name} ({_relative(ours[-1].filename)}:{ours[-1].lineno})" if ours else ""
    )
    return Fault(
        notification_id, type(error).__name__, f"{where.strip()} projecting {_type_of(event)}"
    )


def decode_fault(error: Exception, notification_id: int) -> Fault:
    """The entry itself could not be decoded (an upcaster, the transcoder, the cipher)."""
    return Fault(notification_id, type(error).__name__, "decoding the stored entry")


def store_fault(error: Exception, notification_id: int) -> Fault:
    """The store refused the rows made for this entry: the constraint's name, if known."""
    cause = error.__cause__ if isinstance(error.__cause__, Exception) else error
    names: Sequence[str | None] = ()
    if isinstance(cause, psycopg.Error):
        names = (cause.diag.table_name, cause.diag.constraint_name, cause.diag.column_name)
    elif isinstance(cause, sqlite3.Error):
        first = str(cause).splitlines()[0] if str(cause) else ""
        names = (first,) if _SQLITE_CONSTRAINT.match(first) else ()
    named = ", ".join(n for n in names if n)
    detail = "the store refused its rows" + (f" ({named})" if named else "")
    return Fault(notification_id, type(cause).__name__, detail)


def _inside(filename: str) -> bool:
    return Path(filename).resolve().is_relative_to(_ROOT)


def _relative(filename: str) -> str:
    path = Path(filename).resolve()
    return str(path.relative_to(_ROOT)) if path.is_relative_to(_ROOT) else path.name


def _type_of(event: object) -> str:
    return type(event).__qualname__


# -- What readers get instead of an answer -------------------------------------------------
class ReadSideUnavailable(Exception):
    """A report cannot be answered now; each subclass says why. Entry points answer 503."""


class ReadModelStalled(ReadSideUnavailable):
    """A read model the report reads has stopped on an entry it could not apply."""

    def __init__(self, stalls: Sequence[Stall]) -> None:
        self.stalls = tuple(stalls)
        named = "; ".join(f"read model {s.name!r} {s.reason()}" for s in self.stalls)
        super().__init__(
            f"{named}; the reports that read it are unavailable until it is fixed and rebuilt "
            f"('sharing-ledger projections rebuild {' '.join(s.name for s in self.stalls)}')"
        )


class ProjectorSilent(ReadSideUnavailable):
    """A separate projection worker should keep the read models current, and has gone quiet."""

    def __init__(self, age: float | None, allowed: float) -> None:
        self.age = age
        self.allowed = allowed
        said = (
            "no projection worker has ever reported"
            if age is None
            else f"the projection worker last reported {age:.0f} s ago (allowed: {allowed:g} s)"
        )
        super().__init__(f"{said}; is 'sharing-ledger projections run' running?")


class ProjectionLagging(ReadSideUnavailable):
    """A read model did not reach the position a reader asked for in time."""
