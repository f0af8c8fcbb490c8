"""A chain verified range by range, each from the stored hash before it, as parallel workers do."""

from __future__ import annotations

import dataclasses
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.integrity import chain
from ledger.integrity.chain import ChainBroken, ChainLink, ChainRange, StoredEntry

TOPIC = "ledger.domain.processing:Access.DataAccessed"
Outcome = tuple[int, str, str] | tuple[int, bytes]


def stored(n: int) -> list[StoredEntry]:
    return [
        StoredEntry(i * 2 + 1, UUID(int=i + 1), 1, TOPIC, f'{{"n":{i}}}'.encode()) for i in range(n)
    ]


def linked(entries: list[StoredEntry]) -> list[ChainLink]:
    return chain.link(
        None,
        ((e.notification_id, e.originator_id, 1, e.topic, e.state) for e in entries),
    )


def verify_span(
    links: list[ChainLink], entries: list[StoredEntry], span: ChainRange, entry_after: int
) -> chain.VerifiedChain:
    """One range as a worker reads it: rows from its first position and id on, to the end."""
    by_position = {k.position: k.chain_hash for k in links}
    digests = {k.entry_digest: k.position for k in links}
    return chain.verify(
        [k for k in links if k.position >= span.start],
        [e for e in entries if e.notification_id > entry_after],
        position_of_digest=digests.get,
        hashes_before=lambda p, c: [by_position[q] for q in range(p - c, p) if q in by_position],
        span=span,
    )


def outcome(run: chain.VerifiedChain | ChainBroken) -> Outcome:
    if isinstance(run, ChainBroken):
        return run.position, run.failure.value, run.detail
    return run.size, run.head_hash


def whole(links: list[ChainLink], entries: list[StoredEntry]) -> Outcome:
    try:
        return outcome(verify_span(links, entries, ChainRange(), 0))
    except ChainBroken as broken:
        return outcome(broken)


def in_ranges(links: list[ChainLink], entries: list[StoredEntry], cuts: list[int]) -> Outcome:
    """The first failing range's first failure, or the last range's size and head."""
    by_position = {k.position: k for k in links}
    starts = [0, *cuts]
    result: Outcome = (0, chain.GENESIS_HASH)
    for first, stop in zip(starts, [*cuts, None], strict=True):
        before = by_position.get(first - 1)
        if first and before is None:
            break  # the range before failed at that missing row (it is checked first)
        span = ChainRange(first, before.chain_hash if before else chain.GENESIS_HASH, stop)
        try:
            verified = verify_span(links, entries, span, before.notification_id if before else 0)
        except ChainBroken as broken:
            return outcome(broken)
        result = outcome(verified)
        if stop is not None and verified.size < stop:
            break
    return result


def tampered(kind: str, at: int, n: int) -> tuple[list[ChainLink], list[StoredEntry]]:
    entries = stored(n)
    links = linked(entries)
    other = (at + 1) % n
    if kind == "state":
        entries[at] = dataclasses.replace(entries[at], state=entries[at].state + b" ")
    elif kind == "link":
        links[at] = dataclasses.replace(links[at], chain_hash=bytes(32))
    elif kind == "digest":
        links[at] = dataclasses.replace(links[at], entry_digest=bytes(32))
    elif kind == "delete":
        del entries[at]
    elif kind == "delete with link":
        del entries[at]
        del links[at]
    elif kind == "swap" and other != at:
        a, b = entries[at], entries[other]
        entries[at] = dataclasses.replace(b, notification_id=a.notification_id)
        entries[other] = dataclasses.replace(a, notification_id=b.notification_id)
    elif kind == "insert":
        entries.insert(at, dataclasses.replace(entries[at], notification_id=at * 2))
    return links, entries


KINDS = ["none", "state", "link", "digest", "delete", "delete with link", "swap", "insert"]


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=30), st.sampled_from(KINDS), st.data())
def test_a_chain_split_anywhere_verifies_as_the_whole_does(
    n: int, kind: str, data: st.DataObject
) -> None:
    """Ranges cut at random positions: the same size and head, or the same first failure."""
    at = data.draw(st.integers(min_value=0, max_value=n - 1), label="tampered at")
    positions = st.integers(min_value=1, max_value=max(n - 1, 1))
    cuts = sorted(c for c in data.draw(st.sets(positions), label="cuts") if c < n)
    links, entries = tampered(kind, at, n)
    assert in_ranges(links, entries, cuts) == whole(links, entries)


def test_a_range_stops_before_its_end_and_leaves_the_rest_unread() -> None:
    """Positions 0-3 of 8: size 4, the hash at 3, and a later altered entry not its concern."""
    entries = stored(8)
    links = linked(entries)
    entries[6] = dataclasses.replace(entries[6], state=b"{}")
    verified = verify_span(links, entries, ChainRange(0, chain.GENESIS_HASH, 4), 0)
    assert (verified.size, verified.head_hash) == (4, links[3].chain_hash)
