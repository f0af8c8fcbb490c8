"""The hash chain's framing, linking and verification, on rows held in memory."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.integrity import chain
from ledger.integrity.chain import ChainBroken, ChainLink, Failure, StoredEntry

OID = UUID("12345678-1234-5678-1234-567812345678")


def entries(n: int, start_id: int = 1) -> list[StoredEntry]:
    return [
        StoredEntry(
            notification_id=start_id + i * 2,  # gaps, as database ids have
            originator_id=UUID(int=i + 1),
            originator_version=1,
            topic="ledger.domain.processing:Access.DataAccessed",
            state=f'{{"n":{i}}}'.encode(),
        )
        for i in range(n)
    ]


def chained(stored: list[StoredEntry]) -> list[ChainLink]:
    return chain.link(
        None,
        (
            (e.notification_id, e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored
        ),
    )


def lookup(links: list[ChainLink]) -> Callable[[bytes], int | None]:
    table = {link.entry_digest: link.position for link in links}
    return table.get


def hashes_of(links: list[ChainLink]) -> Callable[[int, int], list[bytes]]:
    """``hashes_before`` over links held in memory (by position, as a store reads them)."""
    by_position = {link.position: link.chain_hash for link in links}

    def before(position: int, count: int) -> list[bytes]:
        return [by_position[q] for q in range(position - count, position) if q in by_position]

    return before


def verify(links: list[ChainLink], stored: list[StoredEntry]) -> chain.VerifiedChain:
    return chain.verify(
        links, stored, position_of_digest=lookup(links), hashes_before=hashes_of(links)
    )


def renumbered(links: list[ChainLink], start: int, by: int) -> list[ChainLink]:
    """The links from ``start`` on moved ``by`` positions, their hashes and digests kept."""
    return [
        ChainLink(k.position + by, k.notification_id, k.entry_digest, k.chain_hash)
        if k.position >= start
        else k
        for k in links
    ]


def test_entry_frame_matches_the_documented_layout() -> None:
    """§2: 16-byte id, u64 version, u32-prefixed topic, u64-prefixed state, all big-endian."""
    frame = chain.entry_frame(OID, 3, "t", b"ab")
    assert (
        frame
        == OID.bytes
        + (3).to_bytes(8, "big")
        + b"\x00\x00\x00\x01t"
        + (2).to_bytes(8, "big")
        + b"ab"
    )


def test_entry_digest_is_domain_separated_sha256_of_the_frame() -> None:
    """§3: the digest is SHA-256 over the entry tag and the frame."""
    expected = hashlib.sha256(
        b"sharing-ledger:entry:v1\x00" + chain.entry_frame(OID, 1, "t", b"{}")
    ).digest()
    assert chain.entry_digest(OID, 1, "t", b"{}") == expected


def test_link_hash_covers_position_previous_hash_and_digest() -> None:
    """§4: the link is SHA-256 over the link tag, u64 position, previous hash, digest."""
    digest = bytes(range(32))
    expected = hashlib.sha256(
        b"sharing-ledger:link:v1\x00" + (7).to_bytes(8, "big") + bytes(32) + digest
    ).digest()
    assert chain.link_hash(7, bytes(32), digest) == expected


def test_framing_keeps_topic_and_state_apart() -> None:
    """Moving bytes between topic and state changes the digest (length prefixes)."""
    assert chain.entry_digest(OID, 1, "ab", b"c") != chain.entry_digest(OID, 1, "a", b"bc")


def test_known_answer_for_a_two_entry_chain() -> None:
    """The vector in docs/chain-format.md §7, checked independently with printf | sha256sum."""
    stored = [
        StoredEntry(1, OID, 1, "example:Created", b'{"a":1}'),
        StoredEntry(2, OID, 2, "example:Changed", b'{"b":2}'),
    ]
    links = chained(stored)
    assert [link.entry_digest.hex() for link in links] == [
        "ad7d2d732ff218db295e8226bbffbddbfc315bf293019be291f1bfcfba4eab70",
        "320cd2cd5a3959b77abe135effda2b93f9301897163ac5ebcee8fa24ae55ad42",
    ]
    assert [link.chain_hash.hex() for link in links] == [
        "fe5070bffba619a14893e4277ea3a9b584b56b3283e09dcd1fbb0e8c414024d1",
        "0bc15cd7e95021ffac9d89d123137a63ca375cf17989ec8ca8d7b32c345ffbb7",
    ]


def test_linking_continues_from_the_head() -> None:
    """Links appended later continue positions and hashes from the given head."""
    stored = entries(5)
    all_at_once = chained(stored)
    first = chained(stored[:2])
    rest = chain.link(
        first[-1],
        (
            (e.notification_id, e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored[2:]
        ),
    )
    assert first + rest == all_at_once


def test_empty_ledger_verifies_with_the_genesis_hash() -> None:
    """Nothing stored: size 0 and the all-zero genesis hash."""
    assert verify([], []) == chain.VerifiedChain(0, chain.GENESIS_HASH)


@settings(max_examples=60)
@given(st.lists(st.binary(max_size=64), max_size=40))
def test_any_sequence_of_appends_verifies(states: list[bytes]) -> None:
    """Whatever was appended, in whatever batches, the untouched chain verifies."""
    stored = [StoredEntry(i + 1, UUID(int=i), 1, "t", s) for i, s in enumerate(states)]
    links = chained(stored)
    result = verify(links, stored)
    assert result.size == len(states)
    assert result.head_hash == (links[-1].chain_hash if links else chain.GENESIS_HASH)


@settings(max_examples=80)
@given(st.integers(min_value=2, max_value=30), st.data())
def test_any_altered_byte_is_caught_at_its_position(n: int, data: st.DataObject) -> None:
    """Flipping one byte of one stored state fails verification at that entry's position."""
    stored = entries(n)
    links = chained(stored)
    victim = data.draw(st.integers(0, n - 1))
    offset = data.draw(st.integers(0, len(stored[victim].state) - 1))
    state = bytearray(stored[victim].state)
    state[offset] ^= 0x01
    tampered = list(stored)
    tampered[victim] = StoredEntry(
        stored[victim].notification_id,
        stored[victim].originator_id,
        stored[victim].originator_version,
        stored[victim].topic,
        bytes(state),
    )
    with pytest.raises(ChainBroken) as caught:
        verify(links, tampered)
    assert (caught.value.position, caught.value.failure) == (victim, Failure.ALTERED_ENTRY)


@settings(max_examples=60)
@given(st.integers(min_value=2, max_value=30), st.data())
def test_any_deleted_entry_is_caught_at_its_position(n: int, data: st.DataObject) -> None:
    """Deleting one stored entry (its link kept) fails at its position as a missing entry."""
    stored = entries(n)
    links = chained(stored)
    victim = data.draw(st.integers(0, n - 1))
    with pytest.raises(ChainBroken) as caught:
        verify(links, stored[:victim] + stored[victim + 1 :])
    assert (caught.value.position, caught.value.failure) == (victim, Failure.MISSING_ENTRY)


@settings(max_examples=60)
@given(st.integers(min_value=2, max_value=30), st.data())
def test_a_deleted_entry_and_link_is_caught_at_its_position(n: int, data: st.DataObject) -> None:
    """Deleting an entry and its chain row leaves a gap in positions, caught there."""
    stored = entries(n)
    links = chained(stored)
    victim = data.draw(st.integers(0, n - 2))  # the last one is indistinguishable from truncation
    with pytest.raises(ChainBroken) as caught:
        verify(links[:victim] + links[victim + 1 :], stored[:victim] + stored[victim + 1 :])
    assert (caught.value.position, caught.value.failure) == (victim, Failure.MISSING_ENTRY)


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=30), st.data())
def test_any_inserted_entry_is_caught_where_it_lands(n: int, data: st.DataObject) -> None:
    """A stored entry with no chain row fails at the position it would occupy."""
    stored = entries(n)  # notification ids 1, 3, 5, ...
    links = chained(stored)
    where = data.draw(st.integers(0, n))
    intruder = StoredEntry(where * 2, UUID(int=999), 1, "t", b"{}")
    with pytest.raises(ChainBroken) as caught:
        verify(links, [*stored[:where], intruder, *stored[where:]])
    assert (caught.value.position, caught.value.failure) == (where, Failure.INSERTED_ENTRY)


@settings(max_examples=60)
@given(st.integers(min_value=2, max_value=30), st.data())
def test_any_swap_of_two_entries_is_caught_at_the_first(n: int, data: st.DataObject) -> None:
    """Swapping the contents of two stored rows is reported as reordering at the earlier one."""
    stored = entries(n)
    links = chained(stored)
    i, j = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=2, max_size=2)))

    def moved(source: StoredEntry, target: StoredEntry) -> StoredEntry:
        return StoredEntry(
            target.notification_id,
            source.originator_id,
            source.originator_version,
            source.topic,
            source.state,
        )

    swapped = list(stored)
    swapped[i], swapped[j] = moved(stored[j], stored[i]), moved(stored[i], stored[j])
    with pytest.raises(ChainBroken) as caught:
        verify(links, swapped)
    assert (caught.value.position, caught.value.failure) == (i, Failure.REORDERED_ENTRIES)
    assert f"position {j}" in caught.value.detail


@settings(max_examples=60)
@given(st.integers(min_value=2, max_value=30), st.data())
def test_any_altered_link_is_caught_at_its_position(n: int, data: st.DataObject) -> None:
    """Changing one stored chain hash fails at that position as an altered link."""
    stored = entries(n)
    links = chained(stored)
    victim = data.draw(st.integers(0, n - 1))
    bad = bytearray(links[victim].chain_hash)
    bad[0] ^= 0xFF
    tampered = list(links)
    tampered[victim] = ChainLink(
        links[victim].position,
        links[victim].notification_id,
        links[victim].entry_digest,
        bytes(bad),
    )
    with pytest.raises(ChainBroken) as caught:
        verify(tampered, stored)
    assert (caught.value.position, caught.value.failure) == (victim, Failure.ALTERED_LINK)


def test_rewriting_an_entry_and_its_digest_is_still_an_altered_entry() -> None:
    """An entry rewritten with a matching new digest breaks the link, named as the entry."""
    stored = entries(5)
    links = chained(stored)
    rewritten = StoredEntry(stored[2].notification_id, OID, 1, "t", b'{"forged":true}')
    tampered = list(links)
    tampered[2] = ChainLink(
        2,
        links[2].notification_id,
        chain.entry_digest(OID, 1, "t", b'{"forged":true}'),
        links[2].chain_hash,
    )
    with pytest.raises(ChainBroken) as caught:
        verify(tampered, [*stored[:2], rewritten, *stored[3:]])
    assert (caught.value.position, caught.value.failure) == (2, Failure.ALTERED_ENTRY)


def test_progress_is_reported_per_entry() -> None:
    """The progress callback sees every verified count, in order."""
    stored = entries(4)
    seen: list[int] = []
    chain.verify(chained(stored), stored, position_of_digest=lambda _d: None, progress=seen.append)
    assert seen == [1, 2, 3, 4]


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=30), st.data())
def test_an_altered_digest_is_named_as_such(n: int, data: st.DataObject) -> None:
    """A changed digest column, entry and link untouched: altered digest at its position."""
    stored = entries(n)
    links = chained(stored)
    victim = data.draw(st.integers(0, n - 1))
    bad = bytearray(links[victim].entry_digest)
    bad[data.draw(st.integers(0, 31))] ^= 0x01
    tampered = list(links)
    tampered[victim] = ChainLink(
        victim, links[victim].notification_id, bytes(bad), links[victim].chain_hash
    )
    with pytest.raises(ChainBroken) as caught:
        verify(tampered, stored)
    assert (caught.value.position, caught.value.failure) == (victim, Failure.ALTERED_DIGEST)


@settings(max_examples=60)
@given(st.integers(min_value=3, max_value=30), st.data())
def test_deleted_entries_with_the_chain_renumbered_are_named(n: int, data: st.DataObject) -> None:
    """Entries and links removed, later links moved down to close the gap: renumbered there."""
    stored = entries(n)
    links = chained(stored)
    victim = data.draw(st.integers(0, n - 3))  # a row after the gap must remain to tell
    removed = data.draw(st.integers(1, n - 2 - victim))
    kept = links[:victim] + renumbered(links[victim + removed :], victim + removed, -removed)
    with pytest.raises(ChainBroken) as caught:
        verify(kept, stored[:victim] + stored[victim + removed :])
    assert (caught.value.position, caught.value.failure) == (victim, Failure.RENUMBERED)
    assert f"links as position {victim + removed} ({removed} removed" in caught.value.detail


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=30), st.data())
def test_a_correctly_linked_forged_insert_is_named_where_it_was_made(
    n: int, data: st.DataObject
) -> None:
    """Entries chained in at p, later links pushed down unchanged: forged insert at p."""
    stored = [  # ids 10, 30, 50, ...: room for forged rows between
        StoredEntry(e.notification_id * 10, e.originator_id, 1, e.topic, e.state)
        for e in entries(n)
    ]
    links = chained(stored)
    where = data.draw(st.integers(0, n - 1))
    count = data.draw(st.integers(1, 3))
    first_id = stored[where].notification_id - count
    forged = [StoredEntry(first_id + i, UUID(int=900 + i), 1, "t", b"{}") for i in range(count)]
    forged_links = chain.link(
        links[where - 1] if where else None,
        ((e.notification_id, e.originator_id, 1, e.topic, e.state) for e in forged),
    )
    tampered = links[:where] + forged_links + renumbered(links[where:], where, count)
    with pytest.raises(ChainBroken) as caught:
        verify(tampered, stored[:where] + forged + stored[where:])
    assert (caught.value.position, caught.value.failure) == (where, Failure.FORGED_INSERT)
    assert f"links as position {where}," in caught.value.detail


def test_a_link_at_a_negative_position_is_a_stray_link() -> None:
    """A chain row read below position 0 (a scan from the lowest stored position) is named."""
    stored = entries(3)
    links = chained(stored)
    stray = ChainLink(-1, 0, bytes(32), bytes(32))
    with pytest.raises(ChainBroken) as caught:
        verify([stray, *links], stored)
    assert (caught.value.position, caught.value.failure) == (0, Failure.STRAY_LINK)
    assert "chain row at position -1 is outside the chain" in caught.value.detail


def test_an_event_row_below_the_first_link_is_an_inserted_entry() -> None:
    """An event with id -5 read before the first entry: inserted entry at 0, its id named."""
    stored = entries(3)
    links = chained(stored)
    intruder = StoredEntry(-5, UUID(int=999), 1, "t", b"{}")
    with pytest.raises(ChainBroken) as caught:
        verify(links, [intruder, *stored])
    assert (caught.value.position, caught.value.failure) == (0, Failure.INSERTED_ENTRY)
    assert caught.value.detail == "event row with notification id -5 is not in the chain"
