"""What may not be processed, for whom, when: restrictions and objections as planning rules.

Planners consult these before making up an access or a share, so that the
only processing of restricted data in the demo is the processing planned on
purpose: justified under Art 18(2), or the deliberate breaches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

RESTRICTION, OBJECTION = "restriction", "objection"


@dataclass(frozen=True, slots=True)
class Block:
    """No processing of ``categories`` (None: any) for ``purposes`` (None: any) in [start, end)."""

    kind: str
    subject: str
    start: datetime
    end: datetime
    categories: frozenset[str] | None
    purposes: frozenset[str] | None

    def covers(self, at: datetime, purpose: str) -> bool:
        return self.start <= at < self.end and (self.purposes is None or purpose in self.purposes)


class Constraints:
    """Every block of the run, by subject (few subjects have any)."""

    def __init__(self) -> None:
        self._by_subject: dict[str, list[Block]] = {}

    def add(self, block: Block) -> None:
        self._by_subject.setdefault(block.subject, []).append(block)

    def __contains__(self, subject: object) -> bool:
        return subject in self._by_subject

    def blocks(self, kind: str) -> Iterator[Block]:
        for blocks in self._by_subject.values():
            yield from (b for b in blocks if b.kind == kind)

    def allowed(
        self, subject: str, at: datetime, purpose: str, categories: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The part of ``categories`` that may be processed; empty if none may."""
        for block in self._by_subject.get(subject, ()):
            if block.covers(at, purpose):
                if block.categories is None:
                    return ()
                categories = tuple(c for c in categories if c not in block.categories)
        return categories
