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
from collections.abc import Callable, Iterable
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
    """How a chain can break, as ``verify`` reports it."""

    ALTERED_ENTRY = "altered entry"
    ALTERED_LINK = "altered link"
    MISSING_ENTRY = "missing entry"
    INSERTED_ENTRY = "inserted entry"
    REORDERED_ENTRIES = "reordered entries"


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
    progress: Callable[[int], None] = lambda _n: None,
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
        progress=progress,
    )


def verify_rows(
    links: Iterable[LinkRow],
    entries: Iterable[EntryRow],
    *,
    position_of_digest: Callable[[bytes], int | None],
    progress: Callable[[int], None] = lambda _n: None,
) -> VerifiedChain:
    """Re-derive the chain from stored rows (§7); return its size and head, or raise.

    ``links`` are the chain table's rows ordered by position; ``entries`` the
    stored events ordered by notification id. Both are consumed once, in
    step, so memory stays constant whatever the ledger's size.
    ``position_of_digest`` is asked only after a failure, to tell a swapped
    entry (its digest is chained elsewhere) from an altered one.
    Raises :class:`ChainBroken` naming the first failing position.

    The loop is the verifier's hot path: §3 and §4 are written out inline
    (the same bytes as :func:`entry_digest` and :func:`link_hash`).
    """
    sha256, u64, u32 = hashlib.sha256, _U64.pack, _U32.pack
    chain = iter(links)
    stored = iter(entries)
    previous = GENESIS_HASH
    position = 0
    entry = next(stored, None)
    for row_position, row_id, row_digest, row_hash in chain:
        # §7.1: the next chain row must have position p.
        if row_position != position:
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
                f"stored entry with notification id {notification_id} is not in the chain",
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
            elsewhere = position_of_digest(digest)
            if elsewhere is not None and elsewhere != position:
                raise ChainBroken(
                    position,
                    Failure.REORDERED_ENTRIES,
                    f"holds the entry chained at position {elsewhere}",
                )
            raise ChainBroken(
                position, Failure.ALTERED_ENTRY, "stored bytes do not match the entry digest"
            )
        # §7.4: the link from the recomputed previous hash (§4).
        expected = sha256(LINK_TAG + u64(position) + previous + digest).digest()
        if expected != row_hash:
            # Either the stored chain hash was changed (the next row still links
            # to the true one), or the entry and its digest were rewritten
            # together (the next row links to the stored hash, which is original).
            following = next(chain, None)
            if following is not None and following[3] == link_hash(
                following[0], row_hash, following[2]
            ):
                raise ChainBroken(
                    position,
                    Failure.ALTERED_ENTRY,
                    "entry and digest were rewritten; the link no longer matches",
                )
            raise ChainBroken(
                position,
                Failure.ALTERED_LINK,
                "stored chain hash does not follow from the previous hash and the entry",
            )
        previous = expected
        position += 1
        progress(position)
        entry = next(stored, None)
    # §7.5: after the last row, any remaining stored event is an inserted entry.
    if entry is not None:
        raise ChainBroken(
            position,
            Failure.INSERTED_ENTRY,
            f"stored entry with notification id {entry[0]} is not in the chain",
        )
    return VerifiedChain(position, previous)
