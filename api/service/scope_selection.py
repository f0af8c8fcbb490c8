"""Which aggregates a scope concerns, read from the ledger itself: never from a read model.

A read model is the service's own copy of the ledger, and a row deleted from
it (the writer role may) would silently drop an entry from an answer. What
an evidence bundle holds, and what a disposal counts, is therefore selected
by streaming the ledger's stored entries (bounded memory: one page at a
time) through the pure rule of :mod:`ledger.integrity.bundle_scope`
(docs/evidence.md §3). A state is decoded only if it may name the value,
so a scan costs about one read of every row (docs/performance.md, "evidence").
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.utils import get_topic

from ledger.application import LedgerApplication
from ledger.domain.restrictions import Restriction
from ledger.domain.values import derived_id
from ledger.integrity.bundle_format import Scope, ScopeKind
from ledger.integrity.bundle_scope import (
    Selector,
    concerned,
    decode_event,
    partner_selector,
    restriction_subject,
    subject_selector,
)
from ledger.integrity.chain import ChainLink, StoredEntry

RESTRICTION_REQUESTED = get_topic(Restriction.RestrictionRequested)


class NothingInScope(Exception):
    """The ledger holds no entry for the scope (or no restriction by that id or reference)."""


@dataclass(frozen=True, slots=True)
class Target:
    """A scope as the bundle states it, the selector its rule means, and its person if any."""

    scope: Scope
    selector: Selector
    subject: str | None  # the person a subject or restriction scope is about


def _restriction_id(value: str) -> UUID:
    """A restriction's id, given as such or as its reference ("RST-2026-0002": a derived id)."""
    try:
        return UUID(value)
    except ValueError:
        return derived_id("restriction", value)


def resolve(app: LedgerApplication, kind: ScopeKind, value: str) -> Target:
    """The scope's target; a restriction is found in the ledger (its first entry requests it).

    A restriction's scope is stated by its id, whichever way it was named.
    """
    if kind is ScopeKind.SUBJECT:
        return Target(Scope(kind, value), subject_selector(value), value)
    if kind is ScopeKind.PARTNER:
        return Target(Scope(kind, value), partner_selector(value), None)
    restriction = _restriction_id(value)
    pairs = app.chain.entries_of([restriction])
    if not pairs or pairs[0][1].topic != RESTRICTION_REQUESTED:
        raise NothingInScope(kind.value)
    try:
        subject = restriction_subject(decode_event(entry.state) for _, entry in pairs)
    except ValueError:
        subject = None
    if subject is None:
        raise NothingInScope(kind.value)
    return Target(Scope(kind, str(restriction)), subject_selector(subject), subject)


def aggregates_naming(
    app: LedgerApplication, selector: Selector, *, size: int, start: int = 0
) -> dict[str, set[UUID]]:
    """For each value, the aggregates with an entry at a position in [start, size) naming it.

    One pass over the stored entries, bounded by the notification ids of
    those positions; only the ids found are kept.
    """
    if size <= start:
        return {value: set() for value in selector.values}
    upto = app.chain.link_at(size - 1).notification_id
    after = 0 if start == 0 else app.chain.link_at(start - 1).notification_id
    rows = app.chain.entry_rows(upto=upto, after=after)
    try:
        found = concerned(((row[1], row[4]) for row in rows), selector)
    finally:  # a failure leaves the scan part-read: give its connection back now
        rows.close()
    return {value: {UUID(bytes=raw) for raw in ids} for value, ids in found.items()}


def entries_in_tree(
    app: LedgerApplication, aggregates: set[UUID], size: int
) -> list[tuple[ChainLink, StoredEntry]]:
    """docs/evidence.md §3.3: every entry of the aggregates below ``size``, in chain order."""
    return [pair for pair in app.chain.entries_of(sorted(aggregates)) if pair[0].position < size]
