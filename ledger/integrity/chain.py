"""The hash chain: entry framing, digests, links, and verification.

Format version 1, specified in ``docs/chain-format.md`` (numbered sections are
cited below as §n). In short:

* §2 An *entry* is one stored event exactly as the database holds it:
  originator id (16 bytes), originator version, topic, stored state bytes.
* §3 ``entry_digest = SHA-256(ENTRY_TAG || frame(entry))``.
* §4 ``chain_hash[p] = SHA-256(LINK_TAG || u64(p) || chain_hash[p-1] || entry_digest[p])``
  with ``chain_hash[-1] = 32 zero bytes``.
* §5 Positions are 0, 1, 2, ... in commit order, without gaps.

The digest and the link are kept apart so that verification can say *how* a
chain broke (an entry altered, a link altered, entries swapped) and so that
later a Merkle tree can take the digests as leaves without re-reading state.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

FORMAT_VERSION = 1
ENTRY_TAG = b"sharing-ledger:entry:v1\x00"
LINK_TAG = b"sharing-ledger:link:v1\x00"
GENESIS_HASH = bytes(32)

_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """One stored event as read back from the database (§2)."""

    notification_id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One row of the chain table: where an entry sits and what it hashes to."""

    position: int
    notification_id: int
    entry_digest: bytes
    chain_hash: bytes


def entry_frame(originator_id: UUID, originator_version: int, topic: str, state: bytes) -> bytes:
    """§2: the length-prefixed, big-endian framing of an entry's stored bytes."""
    topic_bytes = topic.encode("utf-8")
    return b"".join(
        (
            originator_id.bytes,
            _U64.pack(originator_version),
            _U32.pack(len(topic_bytes)),
            topic_bytes,
            _U64.pack(len(state)),
            state,
        )
    )


def entry_digest(originator_id: UUID, originator_version: int, topic: str, state: bytes) -> bytes:
    """§3: the digest of one entry, independent of where it sits in the chain."""
    return hashlib.sha256(
        ENTRY_TAG + entry_frame(originator_id, originator_version, topic, state)
    ).digest()


def link_hash(position: int, previous: bytes, digest: bytes) -> bytes:
    """§4: the chain hash at ``position``."""
    return hashlib.sha256(LINK_TAG + _U64.pack(position) + previous + digest).digest()


def link(
    head: ChainLink | None,
    entries: Iterable[tuple[int, UUID, int, str, bytes]],
) -> list[ChainLink]:
    """Chain new entries after ``head`` (None for an empty ledger).

    ``entries`` are (notification id, originator id, version, topic, state) in
    commit order.
    """
    return link_digests(
        head,
        [
            (notification_id, entry_digest(originator_id, version, topic, state))
            for notification_id, originator_id, version, topic, state in entries
        ],
    )


def link_digests(head: ChainLink | None, entries: Iterable[tuple[int, bytes]]) -> list[ChainLink]:
    """§4: chain entries whose §3 digests are already known, after ``head``.

    ``entries`` are (notification id, entry digest) in commit order. Called by
    the recorders inside the insert transaction, under the write lock; the
    digests, which depend on nothing but each entry, are computed before it.
    """
    position = 0 if head is None else head.position + 1
    previous = GENESIS_HASH if head is None else head.chain_hash
    links = []
    for notification_id, digest in entries:
        previous = link_hash(position, previous, digest)
        links.append(ChainLink(position, notification_id, digest, previous))
        position += 1
    return links


class Failure(StrEnum):
    """How a chain can break, as ``verify`` reports it (§7 says how each is told apart)."""

    ALTERED_ENTRY = "altered entry"
    ALTERED_DIGEST = "altered digest"
    ALTERED_LINK = "altered link"
    MISSING_ENTRY = "missing entry"
    INSERTED_ENTRY = "inserted entry"
    FORGED_INSERT = "forged insert"
    RENUMBERED = "renumbered"
    REORDERED_ENTRIES = "reordered entries"
    STRAY_LINK = "stray link"


#: §7.4: how many removed entries a renumbered row is looked for behind (one hash each).
RENUMBER_REACH = 4096
#: §7.4: how many forged entries a row pushed down the chain is looked for behind.
FORGED_REACH = 64


class ChainBroken(Exception):
    """Verification found the first position at which the chain does not hold."""

    def __init__(self, position: int, failure: Failure, detail: str) -> None:
        self.position = position
        self.failure = failure
        self.detail = detail
        super().__init__(f"position {position}: {failure.value}: {detail}")


@dataclass(frozen=True, slots=True)
class VerifiedChain:
    """What a successful verification proved: this many entries, ending in this hash."""

    size: int
    head_hash: bytes


@dataclass(frozen=True, slots=True)
class ChainRange:
    """Positions ``start`` up to ``stop`` verified on their own, from ``previous``.

    ``previous`` is the stored chain hash at ``start - 1``: the range before
    verifies it, so every range passing is the whole chain verified (§7).
    ``stop`` None: the range runs to the last row, then makes the §7.5 check.
    """

    start: int = 0
    previous: bytes = GENESIS_HASH
    stop: int | None = None


LinkRow = tuple[int, int, bytes, bytes]
"""A chain row as stored: (position, notification id, entry digest, chain hash)."""

EntryRow = tuple[int, bytes, int, str, bytes]
"""A stored event as §2 frames it: (notification id, originator id's 16 bytes, version, topic,
state)."""


def verify(
    links: Iterable[ChainLink],
    entries: Iterable[StoredEntry],
    *,
    position_of_digest: Callable[[bytes], int | None],
    hashes_before: Callable[[int, int], Sequence[bytes]] | None = None,
    progress: Callable[[int], None] = lambda _n: None,
    span: ChainRange | None = None,
) -> VerifiedChain:
    """Re-derive the chain from stored rows; return its size and head, or raise.

    ``links`` are the chain table's rows ordered by position; ``entries`` the
    stored events ordered by notification id. :func:`verify_rows` over the
    same rows as plain tuples.
    """
    return verify_rows(
        ((k.position, k.notification_id, k.entry_digest, k.chain_hash) for k in links),
        (
            (e.notification_id, e.originator_id.bytes, e.originator_version, e.topic, e.state)
            for e in entries
        ),
        position_of_digest=position_of_digest,
        hashes_before=hashes_before,
        progress=progress,
        span=span,
    )


def verify_rows(
    links: Iterable[LinkRow],
    entries: Iterable[EntryRow],
    *,
    position_of_digest: Callable[[bytes], int | None],
    hashes_before: Callable[[int, int], Sequence[bytes]] | None = None,
    progress: Callable[[int], None] = lambda _n: None,
    span: ChainRange | None = None,
) -> VerifiedChain:
    """Re-derive the chain from stored rows (§7); return its size and head, or raise.

    ``links`` are the chain table's rows ordered by position; ``entries`` the
    stored events ordered by notification id. Both are consumed once, in
    step, so memory stays constant whatever the ledger's size. Every row of
    both must be accounted for: a caller that wants rows outside the chain
    named (an event with id 0 or below, a link at a negative position) passes
    scans that start below them.

    Asked only after a failure, to say what kind it is:
    ``position_of_digest`` tells a swapped entry (its digest is chained
    elsewhere) from an altered one; ``hashes_before(position, count)`` gives
    the stored chain hashes of the ``count`` positions before ``position``
    (already verified), oldest first, to recognise a row pushed down the
    chain by forged entries.
    Raises :class:`ChainBroken` naming the first failing position.

    ``span`` verifies one range of the chain (:class:`ChainRange`; parallel
    verification, ``ledger/parallel_verify.py``): the scans start at its first
    position and run on past its end (the row after still tells a failure's
    kind); it returns the size it reached and the hash there.

    The loop is the verifier's hot path: §3 and §4 are written out inline
    (the same bytes as :func:`entry_digest` and :func:`link_hash`).
    """
    sha256, u64, u32 = hashlib.sha256, _U64.pack, _U32.pack
    chain = iter(links)
    stored = iter(entries)
    span = span or ChainRange()
    position, previous = span.start, span.previous
    end = -1 if span.stop is None else span.stop  # positions are never negative: -1 never ends
    entry = next(stored, None)
    for row_position, row_id, row_digest, row_hash in chain:
        if position == end:
            # The range's last row verified; this one starts the next range.
            return VerifiedChain(position, previous)
        # §7.1: the next chain row must have position p.
        if row_position != position:
            if row_position < position:
                raise ChainBroken(
                    position,
                    Failure.STRAY_LINK,
                    f"chain row at position {row_position} is outside the chain "
                    "(positions start at 0)",
                )
            raise ChainBroken(
                position,
                Failure.MISSING_ENTRY,
                f"the chain jumps from position {position - 1} to {row_position}",
            )
        # §7.2: the next stored event must have the row's notification id.
        if entry is None or entry[0] > row_id:
            raise ChainBroken(
                position,
                Failure.MISSING_ENTRY,
                f"no stored entry with notification id {row_id}",
            )
        notification_id, originator_id, version, topic, state = entry
        if notification_id < row_id:
            raise ChainBroken(
                position,
                Failure.INSERTED_ENTRY,
                f"event row with notification id {notification_id} is not in the chain",
            )
        # §7.3: the digest of the stored bytes (§2, §3).
        topic_bytes = topic.encode("utf-8")
        digest = sha256(
            b"".join(
                (
                    ENTRY_TAG,
                    originator_id,
                    u64(version),
                    u32(len(topic_bytes)),
                    topic_bytes,
                    u64(len(state)),
                    state,
                )
            )
        ).digest()
        if digest != row_digest:
            raise _digest_failure(position, previous, digest, row_hash, position_of_digest)
        # §7.4: the link from the recomputed previous hash (§4).
        expected = sha256(LINK_TAG + u64(position) + previous + digest).digest()
        if expected != row_hash:
            raise _link_failure(position, digest, row_hash, next(chain, None), hashes_before)
        previous = expected
        position += 1
        progress(position)
        entry = next(stored, None)
    # §7.5: after the last row, any remaining stored event is an inserted entry.
    if entry is not None:
        raise ChainBroken(
            position,
            Failure.INSERTED_ENTRY,
            f"event row with notification id {entry[0]} is not in the chain",
        )
    return VerifiedChain(position, previous)


def _digest_failure(
    position: int,
    previous: bytes,
    digest: bytes,
    row_hash: bytes,
    position_of_digest: Callable[[bytes], int | None],
) -> ChainBroken:
    """§7.3: the stored digest differs from the one recomputed from the stored bytes."""
    # The stored link still commits to the recomputed digest: the entry is the
    # one that was chained, and only the digest column was changed.
    if link_hash(position, previous, digest) == row_hash:
        return ChainBroken(
            position,
            Failure.ALTERED_DIGEST,
            "the stored entry digest was changed; the entry and its link still agree",
        )
    elsewhere = position_of_digest(digest)
    if elsewhere is not None and elsewhere != position:
        return ChainBroken(
            position, Failure.REORDERED_ENTRIES, f"holds the entry chained at position {elsewhere}"
        )
    return ChainBroken(
        position, Failure.ALTERED_ENTRY, "stored bytes do not match the entry digest"
    )


def _link_failure(
    position: int,
    digest: bytes,
    row_hash: bytes,
    following: LinkRow | None,
    hashes_before: Callable[[int, int], Sequence[bytes]] | None,
) -> ChainBroken:
    """§7.4: the entry matches its digest, but the stored link does not follow."""
    if following is not None:
        next_position, _, next_digest, next_hash = following
        # The next row still links to the stored hash at its own position: the
        # stored hash is the original, so the entry was rewritten with its digest.
        if next_hash == link_hash(next_position, row_hash, next_digest):
            return ChainBroken(
                position,
                Failure.ALTERED_ENTRY,
                "entry and digest were rewritten; the link no longer matches",
            )
        # The next row links to this one as if both sat k places further on:
        # k entries before this row were removed and the rows after renumbered.
        for k in range(1, RENUMBER_REACH + 1):
            if next_hash == link_hash(next_position + k, row_hash, next_digest):
                return ChainBroken(
                    position,
                    Failure.RENUMBERED,
                    f"rows renumbered after a removal: this row links as position "
                    f"{position + k} ({k} removed before it)",
                )
    # The row links as if it sat m places earlier, after the hash verified
    # there: the m rows before it were forged, chained in, and it was pushed down.
    if hashes_before is not None and position > 0:
        reach = min(FORGED_REACH, position)
        first_known = position - reach - 1  # -1: the genesis value (§4)
        known = list(hashes_before(position, reach + min(first_known, 0) + 1))
        if first_known < 0:
            known.insert(0, GENESIS_HASH)
        for m in range(1, reach + 1):
            if row_hash == link_hash(position - m, known[position - m - 1 - first_known], digest):
                first = position - m
                where = f"position {first}" if m == 1 else f"positions {first}-{position - 1}"
                return ChainBroken(
                    first,
                    Failure.FORGED_INSERT,
                    f"{where} inserted and chained in afterwards: the row now at position "
                    f"{position} links as position {first}, the rows after it were renumbered",
                )
    return ChainBroken(
        position,
        Failure.ALTERED_LINK,
        "stored chain hash does not follow from the previous hash and the entry",
    )
