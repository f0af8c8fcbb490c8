"""Verifying the chain and the Merkle tree on every core: ranges of positions in worker processes.

Each entry's digest depends on its stored bytes alone, and each link on the
link before it only through the *stored* chain hash there. So the chain is
cut into ranges of positions; a worker re-derives one range starting from
the stored hash before it (``chain.verify_rows(span=ChainRange(...))``),
and the range before checks that stored hash. Every range passing is the
whole chain verified (docs/chain-format.md §7). The first failure is the
first failing range's: every range before it passed, so it started from the
same hash the single-process verifier would have recomputed, and it names
the same position and kind. The first range starts below the lowest stored
id and position (rows outside the chain), and the last checks that no event
row follows the head (§7.5), as the single-process verifier does.

The Merkle tree is audited beside them in one more worker (it trusts the
chain's digests, so a chain failure is reported first whatever the tree
says). Each worker opens its own connection to the same store and reads
page by page: memory stays flat whatever the ledger's size. After a chain
failure the other tasks stop at their next page (a shared flag), so the
failure is reported without waiting for the rest of the ledger.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized

from ledger.application import LedgerApplication, scan_starts
from ledger.integrity import chain
from ledger.integrity.chain import ChainBroken, Failure, VerifiedChain
from ledger.integrity.tree_audit import TreeBroken
from ledger.storage.paging import VERIFY_PAGE
from ledger.subjects import Keyring

#: Below this many entries one process verifies: starting the workers (a fork server that
#: imports the program, then a connection each) took 1.4 s on the loaded 2-core bench
#: machine, where one process verifies 100,000 entries in about a second.
PARALLEL_FROM = 200_000
#: Ranges per worker: a few each, so that one slow range does not leave the other cores idle.
RANGES_PER_JOB = 4
#: How many verified entries a worker counts before telling the progress bar.
REPORT_EVERY = 2_000
#: How often (seconds) the progress bar hears the workers' aggregate count.
POLL_SECONDS = 0.2

# Verification reads and seals nothing: the workers' ledgers need no real keys.
_NO_KEYS = Keyring(directory_key=bytes(32), kek=bytes(32))


@dataclass(frozen=True, slots=True)
class Verified:
    """The chain verified (its size and head hash) and the Merkle root of that many entries."""

    chain: VerifiedChain
    root: bytes


@dataclass(frozen=True, slots=True)
class _Range:
    """Positions ``first`` up to ``stop`` (None: to the head, then the §7.5 check)."""

    first: int
    stop: int | None
    link_after: int  # where the link scan starts (below ``first`` for the first range)
    entry_after: int | None  # where the entry scan starts (None: after the link before)
    last: int  # the head's position in the snapshot
    last_id: int  # the highest stored notification id in the snapshot


@dataclass(frozen=True, slots=True)
class _Outcome:
    """A range's result, as plain values (exceptions with their own arguments do not pickle)."""

    verified: VerifiedChain | None = None
    broken: tuple[int, Failure, str] | None = None


@dataclass(frozen=True, slots=True)
class _TreeOutcome:
    root: bytes | None = None
    broken: tuple[int, int, str] | None = None


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def verify_ledger(
    app: LedgerApplication,
    *,
    jobs: int = 1,
    range_size: int | None = None,
    progress: Callable[[int], None] = lambda _n: None,
) -> Verified:
    """Verify the chain, then the tree; ``jobs`` processes (1: this one, as it always did).

    Raises :class:`ChainBroken` naming the first failing position, or
    :class:`TreeBroken`. ``range_size`` fixes how many positions a worker
    takes at a time (tests make it small, so that a failure falls in a later
    range and on a boundary); by default ``RANGES_PER_JOB`` ranges per job.
    """
    if jobs < 1:
        msg = f"jobs must be 1 or more, not {jobs}"
        raise ValueError(msg)
    bounds = app.chain.bounds()
    size = 0 if bounds.head is None else bounds.head.position + 1
    env = dict(app.env)
    in_memory = env.get("SQLITE_DBNAME") == ":memory:"  # no other process can open it
    if jobs == 1 or in_memory or (range_size is None and size < PARALLEL_FROM):
        result = app.verify_chain(progress=progress)
        return Verified(result, app.verify_tree(result.size))
    link_after, entry_after = scan_starts(bounds)
    step = range_size or max(1, math.ceil(size / (jobs * RANGES_PER_JOB)))
    ranges = [
        _Range(
            first,
            None if first + step >= size else first + step,
            link_after if first == 0 else first - 1,
            entry_after if first == 0 else None,
            size - 1,
            bounds.max_notification_id,
        )
        for first in range(0, max(size, 1), step)
    ]
    env["CREATE_TABLE"] = "n"
    # forkserver: workers start from a clean process, not a copy of this one's
    # connections and threads (a server's pool, a scan's read-ahead).
    context = multiprocessing.get_context("forkserver")
    # The fork server imports this module (and the program) once; each worker is a fork of it.
    context.set_forkserver_preload(["__main__", __name__])
    # done: entries verified, for the progress bar; stop: set after a failure, so that the
    # ranges after it and the tree audit end at their next page instead of running out.
    done: Synchronized[int] = context.Value("q", 0)
    stop: Synchronized[int] = context.Value("b", 0)
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_open, initargs=(env, done, stop)
    ) as pool:
        tree: Future[_TreeOutcome] = pool.submit(_audit_tree, size)
        spans = [(span, pool.submit(_verify_range, span)) for span in ranges]
        try:
            result = _stitch(spans, progress, done)
        except ChainBroken:
            stop.value = 1
            for _, future in spans:
                future.cancel()
            tree.cancel()
            raise
        if result.size != size:  # the chain ended early (rows gone meanwhile): that many only
            tree.cancel()
            return Verified(result, app.verify_tree(result.size))
        audited = tree.result()
    if audited.broken is not None:
        raise TreeBroken(*audited.broken)
    if audited.root is None:  # pragma: no cover - the audit sets one of the two
        msg = "the tree audit returned nothing"
        raise RuntimeError(msg)
    return Verified(result, audited.root)


def _stitch(
    spans: list[tuple[_Range, Future[_Outcome]]],
    progress: Callable[[int], None],
    done: Synchronized[int],
) -> VerifiedChain:
    """The ranges' outcomes in order: the first failure, or the last range's size and head.

    A later range failing says nothing until every range before it is known
    to pass: the first failing range's first failure is the chain's.
    """
    pending = {future for _, future in spans}
    result = VerifiedChain(0, chain.GENESIS_HASH)
    for span, future in spans:
        while not future.done():
            _, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            progress(done.value)
        outcome = future.result()
        if outcome.broken is not None:
            raise ChainBroken(*outcome.broken)
        if outcome.verified is None:  # pragma: no cover - a range sets one of the two
            msg = "a verification range returned nothing"
            raise RuntimeError(msg)
        result = outcome.verified
        if span.stop is not None and result.size < span.stop:
            break  # the chain's rows ended before the range did: so does the single pass
    progress(result.size)
    return result


# -- In the worker processes -------------------------------------------------------------
_ledger: LedgerApplication | None = None
_done: Synchronized[int] | None = None
_stop: Synchronized[int] | None = None


class _Stopped(Exception):
    """Another range failed first: what this task would find no longer matters."""


def _open(env: Mapping[str, str], done: Synchronized[int], stop: Synchronized[int]) -> None:
    """Each worker's own connection to the same store, opened once for all its ranges."""
    global _ledger, _done, _stop
    _ledger, _done, _stop = LedgerApplication(env, _NO_KEYS), done, stop


def _worker() -> tuple[LedgerApplication, Synchronized[int]]:
    if _ledger is None or _done is None:
        msg = "a verification worker runs only in the pool verify_ledger starts"
        raise RuntimeError(msg)
    return _ledger, _done


def _check_stop(_count: int = 0) -> None:
    """End this task if the parent saw a failure (called every page or ``REPORT_EVERY`` rows)."""
    if _stop is not None and _stop.value:
        raise _Stopped


def _verify_range(span: _Range) -> _Outcome:
    app, done = _worker()
    previous = chain.GENESIS_HASH
    entry_after = span.entry_after
    if entry_after is None:
        try:
            before = app.chain.link_at(span.first - 1)
        except LookupError:
            # The range before fails at that missing row; this one has nowhere to start.
            return _Outcome(
                broken=(
                    span.first - 1,
                    Failure.MISSING_ENTRY,
                    f"no chain row at position {span.first - 1}",
                )
            )
        previous, entry_after = before.chain_hash, before.notification_id
    page = VERIFY_PAGE if span.stop is None else min(VERIFY_PAGE, span.stop - span.first + 1)
    links = app.chain.link_rows(upto=span.last, after=span.link_after, page=page)
    entries = app.chain.entry_rows(upto=span.last_id, after=entry_after, page=page)
    reported = span.first

    def advance(position: int) -> None:
        nonlocal reported
        if position - reported >= REPORT_EVERY:
            with done.get_lock():
                done.value += position - reported
            reported = position
            _check_stop()

    try:
        verified = chain.verify_rows(
            links,
            entries,
            position_of_digest=app.chain.position_of_digest,
            hashes_before=app.chain.hashes_before,
            progress=advance,
            span=chain.ChainRange(span.first, previous, span.stop),
        )
    except ChainBroken as broken:
        return _Outcome(broken=(broken.position, broken.failure, broken.detail))
    except _Stopped:
        return _Outcome()
    finally:
        links.close()
        entries.close()
    with done.get_lock():
        done.value += verified.size - reported
    return _Outcome(verified=verified)


def _audit_tree(size: int) -> _TreeOutcome:
    app, _ = _worker()
    try:
        return _TreeOutcome(root=app.verify_tree(size, each_page=_check_stop))
    except TreeBroken as broken:
        return _TreeOutcome(broken=(broken.level, broken.index, broken.detail))
    except _Stopped:
        return _TreeOutcome()
