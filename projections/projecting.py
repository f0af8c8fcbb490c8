"""Projecting a batch of entries, and finding the entry a read model fails on.

The runner's inner loop: decode each entry once, hand it to every read model
still short of it, and keep the ops. A read model that fails on an entry (its
projector raises, or the entry cannot be decoded) makes no ops from it on and
gets a :class:`~projections.faults.Fault`; the others go on. When the store
refuses a batch's rows instead, :func:`commit_alone` commits one read model's
share of the batch, halving it down to the entry whose rows it refuses.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from eventsourcing.persistence import Notification

from projections.base import ReadModel
from projections.faults import ROW_ERRORS, Fault, decode_fault, projector_fault, store_fault
from projections.ops import Op
from projections.store import ReadModelStore

Decode = Callable[[Notification], object]
Entries = list[tuple[int, list[Op]]]  # (notification id, the ops one read model made of it)


@contextmanager
def young_collections_only() -> Iterator[Callable[[], object]]:
    """Pause CPython's cycle collector; yield what collects its young generations.

    A batch makes tens of thousands of short-lived containers (events, row
    dictionaries, operations), so the collector, triggered every 700 of them,
    kept walking the batch still in hand: a quarter of a rebuild's Python
    time (100k entries, PostgreSQL, measured phase by phase: 63 -> 45 µs an
    entry). The runner collects the young generations once per batch
    instead, so cycles cannot pile up and memory stays bounded (peak memory
    is in docs/performance.md); reference counting frees everything else as
    it always does. The collector is left as it was found.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield lambda: gc.collect(1)
    finally:
        if enabled:
            gc.enable()


def project_batch(
    decode: Decode, notifications: Sequence[Notification], positions: Mapping[ReadModel, int]
) -> tuple[list[Op], dict[ReadModel, Fault]]:
    """The ops of every read model for these entries, and the read models that failed.

    A read model that fails on an entry makes no ops from it on: the ops it
    made before it are kept, to be committed with its stall.
    """
    ops, faults, _ = project_entries(decode, notifications, positions)
    return ops, faults


def project_entries(
    decode: Decode,
    notifications: Sequence[Notification],
    positions: Mapping[ReadModel, int],
    max_ops: int | None = None,
) -> tuple[list[Op], dict[ReadModel, Fault], int]:
    """:func:`project_batch` up to the entry whose ops reach ``max_ops``; also how many it took.

    At least one entry is taken, whatever its ops. Entries after the one that
    reached ``max_ops`` are left for the caller to read again: their ops
    would have been made the same way (projections depend on the entry alone).
    """
    ops: list[Op] = []
    faults: dict[ReadModel, Fault] = {}
    running = dict(positions)
    for taken, notification in enumerate(notifications, 1):
        if max_ops is not None and taken > 1 and len(ops) >= max_ops:
            return ops, faults, taken - 1
        nid = notification.id
        try:
            event = decode(notification)
        except MemoryError:
            raise
        except Exception as error:  # noqa: BLE001 - as below: every read model stops on it
            faults.update({p: decode_fault(error, nid) for p, n in running.items() if nid > n})
            running = {p: n for p, n in running.items() if p not in faults}
            continue
        failed = False
        for projection, position in running.items():
            if nid > position:
                try:
                    ops.extend(projection.project(event, nid))
                except MemoryError:
                    raise
                # A read model's bug, whatever its type, must stop that read model alone
                # and say where (docs/operations.md, "A stalled read model"). MemoryError
                # is the process's trouble, not the entry's: re-raised above; and
                # KeyboardInterrupt and SystemExit are not Exceptions: they pass.
                except Exception as error:  # noqa: BLE001
                    faults[projection] = projector_fault(error, event, nid)
                    failed = True
        if failed:
            running = {p: n for p, n in running.items() if p not in faults}
    return ops, faults, len(notifications)


def entries_of(
    decode: Decode,
    notifications: Sequence[Notification],
    projection: ReadModel,
    position: int,
) -> tuple[Entries, Fault | None]:
    """One read model's ops, entry by entry, up to the first entry it cannot project."""
    entries: Entries = []
    for notification in notifications:
        if notification.id <= position:
            continue
        ops, faults = project_batch(decode, [notification], {projection: position})
        if faults:
            return entries, faults[projection]
        if ops:
            entries.append((notification.id, ops))
    return entries, None


def commit_alone(store: ReadModelStore, projection: ReadModel, entries: Entries) -> Fault | None:
    """Commit one read model's entries, halving a refused commit down to the entry at fault.

    Every entry before the one the store refuses is committed (with the read
    model's position), in about log2(len(entries)) transactions; that entry's
    fault is returned. None: every entry was committed.
    """
    chunks = deque([entries] if entries else [])
    while chunks:
        chunk = chunks.popleft()
        try:
            store.commit([op for _, ops in chunk for op in ops], {projection: chunk[-1][0]})
        except ROW_ERRORS as error:
            if len(chunk) == 1:
                return store_fault(error, chunk[0][0])
            half = len(chunk) // 2
            chunks.extendleft((chunk[half:], chunk[:half]))
    return None
