"""The timeline the demo is planned on, and the batches it is replayed in.

Planning and replaying are separate. Planners add *steps*: a time, the number
of events the step will produce, and a callable that calls the domain. Steps
outside the period are dropped as they are added, which is how a case opened
late in the period is still open at its end. Replaying sorts the steps by
time and runs them, cutting the result into batches of whole steps, so that a
justification always travels with the access it justifies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from random import Random
from typing import Generic, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from api.demo.period import Period

A = TypeVar("A", bound=Aggregate)

Run = Callable[[], Sequence[Aggregate]]

BATCH_EVENTS = 500


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    seq: int
    events: int
    run: Run


class Handle(Generic[A]):
    """An aggregate a later step will change, known once the step creating it has run."""

    __slots__ = ("_value",)

    def __init__(self) -> None:
        self._value: A | None = None

    def set(self, value: A) -> A:
        self._value = value
        return value

    def get(self) -> A:
        if self._value is None:
            msg = "a step ran before the step that creates its aggregate"
            raise RuntimeError(msg)
        return self._value


@dataclass(slots=True)
class Ticket:
    """A human reference ("DSR-2026-0042"), numbered in order of time once planning ends."""

    prefix: str
    at: datetime
    reference: str = ""


class Timeline:
    """The planned steps of one demo run."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self.events = 0
        self._steps: list[Step] = []
        self._tickets: list[Ticket] = []
        self._seq = count()

    def add(self, at: datetime, events: int, run: Run) -> bool:
        """Plan a step; return False (and drop it) if it falls outside the period."""
        if not self.period.contains(at):
            return False
        self._steps.append(Step(at, next(self._seq), events, run))
        self.events += events
        return True

    def change(self, at: datetime, handle: Handle[A], command: Callable[[A], object]) -> bool:
        """Plan a one-event step that calls ``command`` on the aggregate behind ``handle``."""

        def run() -> tuple[A]:
            aggregate = handle.get()
            command(aggregate)
            return (aggregate,)

        return self.add(at, 1, run)

    def ticket(self, prefix: str, at: datetime) -> Ticket:
        ticket = Ticket(prefix, at)
        self._tickets.append(ticket)
        return ticket

    def number_tickets(self) -> None:
        """Give each ticket its reference: per prefix and year, in order of time."""
        counters: dict[tuple[str, int], int] = {}
        for ticket in sorted(self._tickets, key=lambda t: t.at):
            key = (ticket.prefix, ticket.at.year)
            counters[key] = counters.get(key, 0) + 1
            ticket.reference = f"{ticket.prefix}-{ticket.at.year}-{counters[key]:04d}"

    def in_order(self) -> list[Step]:
        return sorted(self._steps, key=lambda s: (s.at, s.seq))


class SourceRefs:
    """Each source system's own event ids, rising as the replay runs.

    Passing them as ``source_ref`` derives every access and share id from them,
    so the same plan always yields the same ids.
    """

    def __init__(self, rng: Random) -> None:
        self._rng = rng
        self._next: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        # Each system starts somewhere in its history, not at 1: its log is years old.
        number = self._next.get(prefix)
        if number is None:
            number = self._rng.randrange(100_000, 900_000)
        self._next[prefix] = number + 1
        return f"{prefix}-{number:08d}"


def replay(steps: Sequence[Step], batch_events: int = BATCH_EVENTS) -> Iterator[list[Aggregate]]:
    """Run the steps in order; yield each batch of aggregates once it holds enough events."""
    batch: dict[UUID, Aggregate] = {}
    pending = 0
    for step in steps:
        for aggregate in step.run():
            # One object per aggregate and batch: its pending events accumulate.
            batch.setdefault(aggregate.id, aggregate)
        pending += step.events
        if pending >= batch_events:
            yield list(batch.values())
            batch = {}
            pending = 0
    if batch:
        yield list(batch.values())


__all__ = ["Handle", "SourceRefs", "Step", "Ticket", "Timeline", "replay"]
