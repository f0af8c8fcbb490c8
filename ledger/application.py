"""The `eventsourcing` Application: append aggregates' events, chained, in one transaction.

Commands follow the library's get -> call -> save shape. The domain builds
aggregates (``Access.record(...)``) or changes them (``restriction.lift(...)``);
this class stores their pending events in one transaction, the recorder
chains them inside it, and the caller gets back each entry's position and hash.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    Mapper,
    Recording,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import Environment

from ledger.domain.errors import DomainError, ValidationError
from ledger.integrity import chain, merkle
from ledger.integrity.chain import ChainBroken, Failure, VerifiedChain
from ledger.integrity.tree_audit import TreeBroken, audit_tree
from ledger.storage.chain_rows import ChainBounds, ChainRows
from ledger.storage.checkpoint_rows import CheckpointRows
from ledger.storage.config import APP_NAME
from ledger.storage.gateway import Gateway
from ledger.storage.idempotency import IdempotencyClaim, IdempotencyRows
from ledger.storage.merkle_nodes import MerkleNodes, RightEdge
from ledger.storage.subject_store import SubjectStore
from ledger.subjects import Keyring, Subjects
from ledger.transcoding import DateAsISO, LedgerTranscoder

A = TypeVar("A", bound=Aggregate)

# Clocks disagree a little; a source system a few minutes ahead is not lying.
CLOCK_SKEW = timedelta(minutes=5)
# The lowest key either store can hold (SQLite rowids and PostgreSQL bigints alike).
BIGINT_MIN = -(2**63)


class NotFound(DomainError):
    """No aggregate of the expected kind has that id."""


class IdempotencyConflict(DomainError):
    """An Idempotency-Key was reused for a request that differs from the first."""


class AlreadyRecorded(DomainError):
    """An entry with the same identity is already in the ledger (a retried append)."""


@dataclass(frozen=True, slots=True)
class Group:
    """One caller's aggregates to append together, with its idempotency claim if any."""

    aggregates: tuple[Aggregate, ...]
    idempotency: IdempotencyClaim | None = None


@dataclass(frozen=True, slots=True)
class Appended:
    """Where an appended entry landed: its chain position and hash."""

    position: int
    chain_hash: str
    event: str
    originator_id: UUID
    originator_version: int

    def public(self) -> dict[str, str | int]:
        """What a caller is told (the API's and the command line's field names)."""
        return {
            "position": self.position,
            "hash": self.chain_hash,
            "event": self.event,
            "id": str(self.originator_id),
            "version": self.originator_version,
        }


class LedgerMapper(Mapper[UUID]):
    """Decodes JSON arrays back into tuples, as the events declare them.

    Events hold only flat tuples of strings, so a shallow pass is enough.
    """

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        domain_event = super().to_domain_event(stored_event)
        state = vars(domain_event)
        for key, value in state.items():
            if isinstance(value, list):
                state[key] = tuple(value)
        return domain_event


class LedgerApplication(Application[UUID]):
    """The ledger. Opened by :func:`api.service.composition.open_ledger`, which reads the settings.

    ``env`` is the library's environment (``ledger.storage.config``);
    ``keyring`` holds the directory and key-encryption keys that seal free
    text for the subjects an entry concerns (``ledger.subjects``).
    """

    name = APP_NAME

    def __init__(
        self,
        env: Mapping[str, str],
        keyring: Keyring,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.clock = clock
        super().__init__(dict(env))
        right_edge = getattr(self.recorder, "right_edge", None)
        if not isinstance(right_edge, RightEdge):
            msg = "the ledger needs a chained recorder (APPLICATION_RECORDER_TOPIC)"
            raise TypeError(msg)
        self._right_edge = right_edge
        # The recorder is the gateway to the whole database; each concern reads through it.
        self.database: Gateway = self.recorder  # type: ignore[assignment]
        self.chain = ChainRows(self.database)
        self.tree = MerkleNodes(self.database)
        self.checkpoints = CheckpointRows(self.database)
        self.idempotency = IdempotencyRows(self.database)
        # The subject directory and data keys; every entry's free text is sealed
        # for the subjects it concerns before it is stored.
        self.subjects = Subjects(SubjectStore(self.database), keyring)
        self.seal: Callable[[Aggregate, Any], Any] = self.subjects.seal_event
        if self.snapshots is not None or self.repository.cache is not None:
            # append_groups stores events without Application.save's snapshot and cache steps.
            msg = "the ledger keeps no snapshots and no aggregate cache"
            raise TypeError(msg)

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        # Only the settings we translated: the library would otherwise also read
        # every variable of the process environment (a stray CIPHER_KEY, say).
        return Environment(name, dict(env or {}))

    def construct_mapper(self) -> Mapper[UUID]:
        return LedgerMapper(transcoder=self.construct_transcoder())

    def construct_transcoder(self) -> Transcoder:
        transcoder = LedgerTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- Commands ----------------------------------------------------------------
    def append(
        self, *aggregates: Aggregate, idempotency: IdempotencyClaim | None = None
    ) -> tuple[Appended, ...]:
        """Store the pending events of ``aggregates`` in one transaction, chained.

        All or nothing: if any event is refused, none is stored. With an
        ``idempotency`` claim, a repeat of the same claim gets the first
        append's entries back instead of appending again (and a different
        request under the same key is refused).
        """
        (result,) = self.append_groups([Group(tuple(aggregates), idempotency)])
        return result

    def append_groups(self, groups: Sequence[Group]) -> list[tuple[Appended, ...]]:
        """Several callers' appends in one transaction (group commit); one result each.

        All or nothing across the groups: the caller (the group committer)
        retries them one by one if the shared transaction is refused.
        """
        results: list[tuple[Appended, ...] | None] = []
        to_save: list[Group] = []
        for group in groups:
            replay = None if group.idempotency is None else self._replay(group.idempotency)
            results.append(replay)
            if replay is None:
                self._refuse_future([e for a in group.aggregates for e in a.pending_events])
                to_save.append(group)
        claims = [
            (g.idempotency, sum(len(a.pending_events) for a in g.aggregates)) for g in to_save
        ]
        # Save the events, not the aggregates: the library would pop the
        # aggregates' pending events even when the transaction fails, and a
        # group committer must be able to retry a refused group alone.
        events = [self.seal(a, e) for g in to_save for a in g.aggregates for e in a.pending_events]
        try:
            # What Application.save does with events, less its per-event protocol
            # checks: this application keeps no snapshots and no aggregate cache.
            recordings = self.events.put(events, idempotency=claims)
        except IntegrityError:
            # A concurrent retry may have won the race for one of the keys.
            claim = groups[0].idempotency if len(groups) == 1 else None
            if claim is not None and (replay := self._replay(claim)) is not None:
                return [replay]
            msg = "an entry with the same identity is already in the ledger"
            raise AlreadyRecorded(msg) from None
        for group in to_save:
            for aggregate in group.aggregates:
                aggregate.collect_events()  # stored now: no longer pending
        appended = iter(self._appended(recordings))
        saved = iter(tuple(next(appended) for _ in range(count)) for _claim, count in claims)
        return [r if r is not None else next(saved) for r in results]

    def _appended(self, recordings: Sequence[Recording[UUID]]) -> list[Appended]:
        ids = [r.notification.id for r in recordings]
        # The recorder hands this thread its insert's links; ask the store only if not.
        links = {link.notification_id: link for link in self._right_edge.take_links() or ()}
        if not all(i in links for i in ids):
            links = {link.notification_id: link for link in self.chain.links_for(ids)}
        return [
            Appended(
                position=links[r.notification.id].position,
                chain_hash=links[r.notification.id].chain_hash.hex(),
                event=type(r.domain_event).__qualname__,
                originator_id=r.domain_event.originator_id,
                originator_version=r.domain_event.originator_version,
            )
            for r in recordings
        ]

    def _replay(self, claim: IdempotencyClaim) -> tuple[Appended, ...] | None:
        record = self.idempotency.find(claim.principal, claim.key)
        if record is None:
            return None
        if record.request_hash != claim.request_hash:
            msg = "this Idempotency-Key was already used for a different request"
            raise IdempotencyConflict(msg)
        return tuple(
            Appended(
                position=link.position,
                chain_hash=link.chain_hash.hex(),
                event=topic.rpartition(":")[2],
                originator_id=originator_id,
                originator_version=version,
            )
            for link, topic, originator_id, version in self.chain.appended_between(
                record.first_position, record.count
            )
        )

    def get(self, kind: type[A], aggregate_id: UUID) -> A:
        """The current state of one aggregate of the given kind."""
        aggregate: object = None
        with contextlib.suppress(AggregateNotFoundError):
            aggregate = self.repository.get(aggregate_id)
        if not isinstance(aggregate, kind):
            msg = f"no {kind.__name__.lower()} with that id"
            raise NotFound(msg)
        return aggregate

    def change(
        self, kind: type[A], aggregate_id: UUID, command: Callable[[A], Any]
    ) -> tuple[Appended, ...]:
        """Get an aggregate, call a command on it, append what it decided."""
        aggregate = self.get(kind, aggregate_id)
        command(aggregate)
        return self.append(aggregate)

    # -- Integrity ---------------------------------------------------------------
    def verify_chain(self, progress: Callable[[int], None] = lambda _n: None) -> VerifiedChain:
        """Re-derive the whole chain from stored rows, page by page; raise ChainBroken if it fails.

        Bounded by one snapshot of the head, so appends that land meanwhile are
        left for the next run rather than mistaken for tampering. Every stored
        event and link up to that head is read, from the lowest stored id and
        position on (an event row inserted with an id of 0 or below, which the
        notification log never shows, is named like any other).
        """
        bounds = self.chain.bounds()
        last = -1 if bounds.head is None else bounds.head.position
        link_after, entry_after = scan_starts(bounds)
        links = self.chain.link_rows(upto=last, after=link_after)
        entries = self.chain.entry_rows(upto=bounds.max_notification_id, after=entry_after)
        try:
            return chain.verify_rows(
                links,
                entries,
                position_of_digest=self.chain.position_of_digest,
                hashes_before=self.chain.hashes_before,
                progress=progress,
            )
        finally:  # a failure leaves both scans part-read: give their connections back now
            links.close()
            entries.close()

    def verify_tree(self, size: int, each_page: Callable[[int], None] = lambda _n: None) -> bytes:
        """Check every stored Merkle node of the first ``size`` entries; return their root.

        Raises :class:`TreeBroken` naming the first node that is missing or
        wrong, or stored beyond the tree. Run after :meth:`verify_chain`, whose
        digests it trusts. ``each_page`` hears the entries audited so far after
        each page (what may end an audit early, by raising).
        """
        links = self.chain.link_rows(upto=size - 1)
        try:
            root = audit_tree((row[2] for row in links), self.tree.node_rows, each_page=each_page)
        finally:
            links.close()
        self._refuse_nodes_beyond(size)
        return root

    def _refuse_nodes_beyond(self, size: int) -> None:
        """Raise TreeBroken for a stored node outside the tree, allowing for appends meanwhile.

        A node found beyond ``size`` may belong to an append committed since:
        its chain rows were committed with it, so a size read after the
        query covers it. Only a node beyond that later size is outside the tree.
        """
        bound = size
        for _ in range(5):  # appends keep landing: chase a few times, then leave it to the next run
            found = self.tree.first_beyond(bound)
            if found is None:
                return
            current = self.chain.size()
            level, index = found
            if not 0 <= level < merkle.MAX_LEVELS or not 0 <= index < current >> level:
                raise TreeBroken(level, index, f"beyond the tree of {current:,} entries")
            bound = current

    def _refuse_future(self, events: list[Any]) -> None:
        now = self.clock()
        for event in events:
            for field, value in vars(event).items():
                late = (
                    field == "occurred_at"
                    and isinstance(value, datetime)
                    and value > now + CLOCK_SKEW
                ) or (
                    field.endswith("_on")
                    and isinstance(value, date)
                    and value > (now + CLOCK_SKEW).date()
                )
                if late:
                    raise ValidationError(field, "must not be in the future")


def scan_starts(bounds: ChainBounds) -> tuple[int, int]:
    """Where verification's link and entry scans start: below every stored position and id.

    Raises :class:`ChainBroken` for a row at the lowest key either store can
    hold, which no scan can start below.
    """
    return (
        _scan_start(bounds.min_position, -1, Failure.STRAY_LINK),
        _scan_start(bounds.min_notification_id, 0, Failure.INSERTED_ENTRY),
    )


def _scan_start(lowest: int | None, usual: int, failure: Failure) -> int:
    """Where a verifying scan starts: after ``usual``, or just below the lowest stored key."""
    if lowest is None or lowest > usual:
        return usual
    if lowest <= BIGINT_MIN:  # nothing below it to start after: it is outside the chain
        row = (
            "event row with notification id"
            if failure is Failure.INSERTED_ENTRY
            else "chain row at position"
        )
        raise ChainBroken(0, failure, f"{row} {lowest} is not in the chain")
    return lowest - 1


__all__ = [
    "AlreadyRecorded",
    "Appended",
    "Group",
    "IdempotencyClaim",
    "IdempotencyConflict",
    "LedgerApplication",
    "NotFound",
]
