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
from collections.abc import Callable, Iterable, Iterator
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
    commit order. Called by the recorders inside the insert transaction.
    """
    position = 0 if head is None else head.position + 1
    previous = GENESIS_HASH if head is None else head.chain_hash
    links = []
    for notification_id, originator_id, version, topic, state in entries:
        digest = entry_digest(originator_id, version, topic, state)
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


class _Peekable:
    def __init__(self, iterable: Iterable[ChainLink]) -> None:
        self._it: Iterator[ChainLink] = iter(iterable)
        self._next: ChainLink | None = None
        self._done = False

    def peek(self) -> ChainLink | None:
        if self._next is None and not self._done:
            self._next = next(self._it, None)
            self._done = self._next is None
        return self._next

    def pop(self) -> ChainLink | None:
        item = self.peek()
        self._next = None
        return item


def verify(  # noqa: C901 - one linear walk; splitting it hides the order of checks
    links: Iterable[ChainLink],
    entries: Iterable[StoredEntry],
    *,
    position_of_digest: Callable[[bytes], int | None],
    progress: Callable[[int], None] = lambda _n: None,
) -> VerifiedChain:
    """Re-derive the chain from stored rows; return its size and head, or raise.

    ``links`` are the chain table's rows ordered by position; ``entries`` the
    stored events ordered by notification id. Both are consumed once, in
    step, so memory stays constant whatever the ledger's size.
    ``position_of_digest`` is asked only after a failure, to tell a swapped
    entry (its digest is chained elsewhere) from an altered one.
    Raises :class:`ChainBroken` naming the first failing position.
    """
    chain = _Peekable(links)
    stored = iter(entries)
    previous = GENESIS_HASH
    position = 0
    entry = next(stored, None)
    while True:
        row = chain.pop()
        if row is None:
            if entry is not None:
                raise ChainBroken(
                    position,
                    Failure.INSERTED_ENTRY,
                    f"stored entry with notification id {entry.notification_id} "
                    "is not in the chain",
                )
            return VerifiedChain(position, previous)
        if row.position != position:
            raise ChainBroken(
                position,
                Failure.MISSING_ENTRY,
                f"the chain jumps from position {position - 1} to {row.position}",
            )
        if entry is None or entry.notification_id > row.notification_id:
            raise ChainBroken(
                position,
                Failure.MISSING_ENTRY,
                f"no stored entry with notification id {row.notification_id}",
            )
        if entry.notification_id < row.notification_id:
            raise ChainBroken(
                position,
                Failure.INSERTED_ENTRY,
                f"stored entry with notification id {entry.notification_id} is not in the chain",
            )
        digest = entry_digest(
            entry.originator_id, entry.originator_version, entry.topic, entry.state
        )
        if digest != row.entry_digest:
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
        expected = link_hash(position, previous, digest)
        if expected != row.chain_hash:
            # Either the stored chain hash was changed (the next row still links
            # to the true one), or the entry and its digest were rewritten
            # together (the next row links to the stored hash, which is original).
            following = chain.peek()
            if following is not None and following.chain_hash == link_hash(
                following.position, row.chain_hash, following.entry_digest
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
