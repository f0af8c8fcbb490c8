"""Evidence bundles: built from a real in-memory tree, verified, and every tampering named.

The helpers here (``make_ledger``, ``make_bundle``, ``TAMPERINGS``) are shared
with ``test_offline_verify.py``, which holds the standalone verifier to the
same verdicts.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from ledger.integrity import chain, checkpoints, cosignatures, evidence, merkle, notes
from ledger.integrity.chain import StoredEntry
from ledger.integrity.checkpoints import Checkpoint
from ledger.integrity.cosignatures import Cosignature, WitnessSigner
from ledger.integrity.evidence import (
    CheckedEntry,
    EvidenceError,
    ProvenEntry,
    Scope,
    ScopeKind,
)
from ledger.integrity.notes import KeyFormatError

ORIGIN = checkpoints.checkpoint_origin("council")
WITNESS = "westshire-constabulary"
CREATED_AT = "2026-06-01T12:00:00+00:00"
COSIGNED_AT = 1_780_315_200
TOPIC = "ledger.domain.processing:Access.DataAccessed"
LOG = notes.Signer.from_seed(ORIGIN, hashlib.sha256(b"test log key").digest())
WITNESS_SIGNER = WitnessSigner.from_seed(WITNESS, hashlib.sha256(b"test witness key").digest())
LOG_KEY = notes.format_verifier_key(LOG.verifier())
WITNESS_KEY = cosignatures.format_witness_key(WITNESS_SIGNER.witness_key())
DOCS = Path(__file__).parents[2] / "docs" / "evidence.md"

Json = dict[str, Any]


def stored_entries(size: int, salt: int = 0) -> list[StoredEntry]:
    """``size`` entries as the database would store them (UTF-8 JSON state)."""
    return [
        StoredEntry(
            notification_id=3 * i + 1,  # gaps, as real notification ids have
            originator_id=UUID(bytes=hashlib.sha256(f"{salt}:{i}".encode()).digest()[:16]),
            originator_version=1 + i % 3,
            topic=TOPIC,
            state=json.dumps(
                {"subject": f"sr_{i % 4:04d}", "categories": ["pd:HealthRecord"], "n": i},
                separators=(",", ":"),
            ).encode(),
        )
        for i in range(size)
    ]


@dataclass(frozen=True)
class Ledger:
    """A ledger in memory: its entries, its tree, and a checkpoint note of the whole tree."""

    entries: list[StoredEntry]
    store: merkle.DictNodeStore
    note: str

    @property
    def size(self) -> int:
        return len(self.entries)


def make_ledger(
    size: int,
    *,
    log: notes.Signer = LOG,
    witnesses: Sequence[WitnessSigner] = (WITNESS_SIGNER,),
    salt: int = 0,
) -> Ledger:
    """Chain the entries, append their digests to a tree, sign and cosign its checkpoint."""
    entries = stored_entries(size, salt)
    links = chain.link(
        None,
        [
            (e.notification_id, e.originator_id, e.originator_version, e.topic, e.state)
            for e in entries
        ],
    )
    store = merkle.DictNodeStore()
    store.append([merkle.entry_leaf_hash(link.entry_digest) for link in links])
    checkpoint = Checkpoint(ORIGIN, size, merkle.root_at(size, store))
    body = checkpoints.format_checkpoint(checkpoint)
    note = cosignatures.add_cosignatures(
        checkpoints.sign_checkpoint(checkpoint, log),
        [cosignatures.cosign(body, witness, COSIGNED_AT) for witness in witnesses],
    )
    return Ledger(entries, store, note)


def make_bundle(
    ledger: Ledger,
    positions: Sequence[int],
    *,
    log: notes.Signer = LOG,
    witnesses: Sequence[WitnessSigner] = (WITNESS_SIGNER,),
) -> str:
    """A bundle of the entries at ``positions``, proved against the ledger's checkpoint."""
    return evidence.build_bundle(
        scope=Scope(ScopeKind.SUBJECT, "sr_0001"),
        created_at=CREATED_AT,
        checkpoint_note=ledger.note,
        log_key=notes.format_verifier_key(log.verifier()),
        witness_keys=[cosignatures.format_witness_key(w.witness_key()) for w in witnesses],
        entries=[
            ProvenEntry(
                p, ledger.entries[p], tuple(merkle.inclusion_proof(p, ledger.size, ledger.store))
            )
            for p in positions
        ],
    )


# -- Tamperings: each changes one thing in a good bundle ----------------------

#: The good bundle the tamperings apply to: entries 0, 1, 2 at positions 2, 5, 12.
SIZE, POSITIONS = 13, (2, 5, 12)


def _flip_hex(text: str, index: int = -1) -> str:
    chars = list(text)
    chars[index] = "0" if chars[index] != "0" else "1"
    return "".join(chars)


def _flip_b64(text: str, index: int) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _note_line(doc: Json, start: str, change: Callable[[str], str]) -> None:
    """Change the first line of the checkpoint note that starts with ``start``."""
    lines = doc["checkpoint"].split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[index] = change(lines[index])
    doc["checkpoint"] = "\n".join(lines)


def _signature(doc: Json, name: str, index: int) -> None:
    """Flip one byte of the decoded payload of ``name``'s signature line."""

    def flip(line: str) -> str:
        prefix, encoded = line.rsplit(" ", 1)
        return f"{prefix} {_flip_b64(encoded, index)}"

    _note_line(doc, f"\u2014 {name} ", flip)


def _set(path: Sequence[str | int], value: object) -> Callable[[Json], None]:
    def tamper(doc: Json) -> None:
        target: Any = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return tamper


def _state_byte(doc: Json) -> None:
    doc["entries"][1]["state"] = _flip_b64(doc["entries"][1]["state"], 3)


def _rewrite_entry(doc: Json) -> None:
    """A consistent rewrite: new state, its digest and its event, the old proof."""
    entry = doc["entries"][1]
    event = {**entry["event"], "categories": ["pd:EthnicOrigin"]}
    state = json.dumps(event, separators=(",", ":")).encode()
    digest = chain.entry_digest(
        UUID(entry["originator_id"]), entry["originator_version"], entry["topic"], state
    )
    entry.update(state=base64.b64encode(state).decode(), entry_digest=digest.hex(), event=event)


def _other_root(doc: Json) -> None:
    other = merkle.root_at(SIZE, make_ledger(SIZE, salt=1).store)
    lines = doc["checkpoint"].split("\n")
    lines[2] = base64.b64encode(other).decode()
    doc["checkpoint"] = "\n".join(lines)


def _drop_log_signature(doc: Json) -> None:
    lines = doc["checkpoint"].split("\n")
    doc["checkpoint"] = "\n".join(line for line in lines if not line.startswith(f"\u2014 {ORIGIN}"))


@dataclass(frozen=True)
class Tampering:
    """One change to a good bundle, and the place and failure verification must name."""

    name: str
    change: Callable[[Json], None]
    place: str
    detail: str

    def apply(self, text: str) -> str:
        doc = json.loads(text)
        self.change(doc)
        return json.dumps(doc, sort_keys=True, indent=2) + "\n"


TAMPERINGS = [
    Tampering(
        "one byte of an entry's state",
        _state_byte,
        "entry 1 (position 5)",
        "state does not match entry_digest",
    ),
    Tampering(
        "an entry digest",
        lambda d: d["entries"][1].update(entry_digest=_flip_hex(d["entries"][1]["entry_digest"])),
        "entry 1 (position 5)",
        "state does not match entry_digest",
    ),
    Tampering(
        "an entry rewritten with its digest",
        _rewrite_entry,
        "entry 1 (position 5)",
        "inclusion proof does not lead to the checkpoint root",
    ),
    Tampering(
        "a decoded field",
        lambda d: d["entries"][1]["event"].update(subject="sr_9999"),
        "entry 1 (position 5)",
        "event does not match the decoded state",
    ),
    Tampering(
        "a decoded number's type",
        lambda d: d["entries"][1]["event"].update(n=5.0),
        "entry 1 (position 5)",
        "event does not match the decoded state",
    ),
    Tampering(
        "one proof hash",
        lambda d: d["entries"][0]["inclusion_proof"].__setitem__(
            1, _flip_hex(d["entries"][0]["inclusion_proof"][1], 7)
        ),
        "entry 0 (position 2)",
        "inclusion proof does not lead to the checkpoint root",
    ),
    Tampering(
        "a dropped proof hash",
        lambda d: d["entries"][0]["inclusion_proof"].pop(),
        "entry 0 (position 2)",
        "inclusion proof is malformed: proof too short",
    ),
    Tampering(
        "an added proof hash",
        lambda d: d["entries"][0]["inclusion_proof"].append("00" * 32),
        "entry 0 (position 2)",
        "inclusion proof is malformed: proof too long",
    ),
    Tampering(
        "a changed position",
        _set(["entries", 1, "position"], 4),
        "entry 1 (position 4)",
        "inclusion proof does not lead to the checkpoint root",
    ),
    Tampering(
        "a position beyond the tree",
        _set(["entries", 2, "position"], 13),
        "entry 2 (position 13)",
        "position is not below the tree size 13",
    ),
    Tampering(
        "a repeated entry",
        lambda d: d["entries"].append(copy.deepcopy(d["entries"][0])),
        "entry 3 (position 2)",
        "position appears more than once in the bundle",
    ),
    Tampering(
        "the checkpoint's size line",
        lambda d: d.update(checkpoint=d["checkpoint"].replace("\n13\n", "\n14\n", 1)),
        "checkpoint",
        "signature does not verify with the log key",
    ),
    Tampering(
        "the checkpoint's root line",
        _other_root,
        "checkpoint",
        "signature does not verify with the log key",
    ),
    Tampering(
        "the checkpoint's signature",
        lambda d: _signature(d, ORIGIN, 30),
        "checkpoint",
        "signature does not verify with the log key",
    ),
    Tampering(
        "the checkpoint's signature removed",
        _drop_log_signature,
        "checkpoint",
        "no signature by the log key",
    ),
    Tampering(
        "a witness cosignature byte",
        lambda d: _signature(d, WITNESS, 40),
        f"witness {WITNESS}",
        "cosignature does not verify",
    ),
    Tampering(
        "a witness cosignature's time",
        lambda d: _signature(d, WITNESS, 11),
        f"witness {WITNESS}",
        "cosignature does not verify",
    ),
    Tampering(
        "the format id",
        _set(["format"], "sharing-ledger-evidence/v2"),
        "format",
        "expected sharing-ledger-evidence/v1, found 'sharing-ledger-evidence/v2'",
    ),
    Tampering(
        "the origin",
        _set(["origin"], "elsewhere.example/log"),
        "origin",
        f"the bundle names 'elsewhere.example/log', the checkpoint '{ORIGIN}'",
    ),
    Tampering(
        "the log key",
        _set(["keys", "log"], notes.format_verifier_key(notes.generate_signer(ORIGIN).verifier())),
        "checkpoint",
        "no signature by the log key",
    ),
    Tampering(
        "a malformed witness key",
        _set(["keys", "witnesses", 0], WITNESS_KEY[:-2]),
        "keys",
        "witness key 0: key data is not base64",
    ),
    Tampering(
        "an unexpected field",
        _set(["note"], "trust me"),
        "bundle",
        "unexpected field note",
    ),
    Tampering(
        "a missing entry field",
        lambda d: d["entries"][0].pop("event"),
        "entry 0",
        "missing field event",
    ),
    Tampering(
        "an uppercase digest",
        lambda d: d["entries"][0].update(entry_digest=d["entries"][0]["entry_digest"].upper()),
        "entry 0",
        "entry_digest is not 64 lowercase hex digits",
    ),
    Tampering(
        "a UUID in another spelling",
        lambda d: d["entries"][0].update(
            originator_id=d["entries"][0]["originator_id"].replace("-", "")
        ),
        "entry 0",
        "originator_id is not a UUID in its canonical form",
    ),
    Tampering(
        "a position that is not a number",
        _set(["entries", 0, "position"], value=True),
        "entry 0",
        "position is not an integer from 0 to 2^64 - 1",
    ),
    Tampering(
        "the scope's kind",
        _set(["scope", "kind"], "everyone"),
        "scope",
        "kind is not subject, restriction or partner",
    ),
    Tampering(
        "a creation time without an offset",
        _set(["created_at"], "2026-06-01T12:00:00"),
        "created_at",
        "has no UTC offset",
    ),
]


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return make_ledger(SIZE)


@pytest.fixture(scope="module")
def bundle(ledger: Ledger) -> str:
    return make_bundle(ledger, POSITIONS)


# -- A good bundle ------------------------------------------------------------


def test_a_good_bundle_verifies_and_reports_what_it_proves(ledger: Ledger, bundle: str) -> None:
    """The report names the origin, tree, key, witness and every entry checked."""
    report = evidence.verify_bundle(bundle)
    assert report.origin == ORIGIN
    assert report.tree_size == SIZE
    assert report.root_hash == merkle.root_at(SIZE, ledger.store).hex()
    assert report.log_key_name == ORIGIN
    assert report.witnesses == (Cosignature(WITNESS, COSIGNED_AT),)
    assert report.entries == tuple(CheckedEntry(p, TOPIC) for p in POSITIONS)
    assert report.scope == Scope(ScopeKind.SUBJECT, "sr_0001")
    assert report.created_at == CREATED_AT


def test_without_trusted_keys_the_report_says_they_came_from_the_bundle(bundle: str) -> None:
    """Keys taken from the bundle prove consistency, not origin, and the report says so."""
    report = evidence.verify_bundle(bundle)
    assert not report.log_key_trusted
    assert not report.witness_keys_trusted


def test_with_trusted_keys_the_report_says_they_were_trusted(bundle: str) -> None:
    """Given the published log key and a witness key, both are marked trusted."""
    report = evidence.verify_bundle(
        bundle, trusted_log_key=LOG_KEY, trusted_witness_keys=[WITNESS_KEY]
    )
    assert report.log_key_trusted
    assert report.witness_keys_trusted
    assert report.witnesses == (Cosignature(WITNESS, COSIGNED_AT),)


def test_a_bundle_with_no_entries_still_proves_its_checkpoint(ledger: Ledger) -> None:
    """An empty answer (nothing about the subject) verifies and lists no entries."""
    report = evidence.verify_bundle(make_bundle(ledger, []))
    assert report.entries == ()
    assert report.tree_size == SIZE


def test_every_position_of_a_tree_can_be_proved() -> None:
    """Bundles of every entry of trees of sizes 1 to 9 verify."""
    for size in range(1, 10):
        ledger = make_ledger(size)
        assert len(evidence.verify_bundle(make_bundle(ledger, range(size))).entries) == size


# -- Tampering ----------------------------------------------------------------


@pytest.mark.parametrize("tampering", TAMPERINGS, ids=lambda t: t.name)
def test_every_tampering_is_caught_and_named(bundle: str, tampering: Tampering) -> None:
    """One change to a good bundle fails verification, naming the place and the failure."""
    with pytest.raises(EvidenceError) as raised:
        evidence.verify_bundle(tampering.apply(bundle))
    assert (raised.value.place, raised.value.detail) == (tampering.place, tampering.detail)
    assert str(raised.value) == f"{tampering.place}: {tampering.detail}"


def test_the_tamperings_start_from_a_good_bundle(bundle: str) -> None:
    """Re-serialising the untouched bundle gives it back, so each failure is the tampering's."""
    assert Tampering("none", lambda _d: None, "", "").apply(bundle) == bundle
    evidence.verify_bundle(bundle)


def test_text_that_is_not_json_is_named(bundle: str) -> None:
    """A truncated file fails at the bundle itself."""
    with pytest.raises(EvidenceError, match=r"^bundle: not JSON"):
        evidence.verify_bundle(bundle[:-20])


def test_a_bundle_signed_by_another_key_is_caught_when_the_key_is_given() -> None:
    """A forger's own key in the bundle verifies alone, but not against the published key."""
    forger = notes.generate_signer(ORIGIN)
    forged = make_bundle(make_ledger(SIZE, log=forger), POSITIONS, log=forger)
    assert not evidence.verify_bundle(forged).log_key_trusted
    with pytest.raises(EvidenceError) as raised:
        evidence.verify_bundle(forged, trusted_log_key=LOG_KEY)
    assert raised.value.place == "keys"
    assert raised.value.detail.endswith(f"is not the trusted log key {ORIGIN}+{LOG.key_id:08x}")


def test_a_required_witness_that_did_not_cosign_is_named() -> None:
    """A trusted witness key is a required one: no cosignature by it fails."""
    uncosigned = make_bundle(make_ledger(SIZE, witnesses=()), POSITIONS, witnesses=())
    with pytest.raises(EvidenceError, match=rf"^witness {WITNESS}: has not cosigned"):
        evidence.verify_bundle(uncosigned, trusted_witness_keys=[WITNESS_KEY])


def test_trusted_witness_keys_are_used_even_if_the_bundle_lists_none(ledger: Ledger) -> None:
    """The investigator's witness key checks the cosignature the bundle carries."""
    doc = json.loads(make_bundle(ledger, POSITIONS))
    doc["keys"]["witnesses"] = []
    text = json.dumps(doc, sort_keys=True, indent=2)
    assert evidence.verify_bundle(text).witnesses == ()
    report = evidence.verify_bundle(text, trusted_witness_keys=[WITNESS_KEY])
    assert report.witnesses == (Cosignature(WITNESS, COSIGNED_AT),)


def test_a_malformed_trusted_key_is_the_callers_error(bundle: str) -> None:
    """A bad --key is a KeyFormatError, not a verdict on the bundle."""
    with pytest.raises(KeyFormatError):
        evidence.verify_bundle(bundle, trusted_log_key="not a key")
    with pytest.raises(KeyFormatError):
        evidence.verify_bundle(bundle, trusted_witness_keys=[LOG_KEY])


# -- Building -----------------------------------------------------------------


def test_a_bundle_is_deterministic_json_with_sorted_keys_and_two_space_indent(
    ledger: Ledger, bundle: str
) -> None:
    """The same parts give the same text, formatted as json.dumps(sort_keys, indent=2)."""
    assert make_bundle(ledger, POSITIONS) == bundle
    assert json.dumps(json.loads(bundle), sort_keys=True, indent=2) + "\n" == bundle


def test_entries_are_written_in_position_order_without_notification_ids(ledger: Ledger) -> None:
    """Positions sort the entries; the database's notification ids stay out."""
    doc = json.loads(make_bundle(ledger, [12, 2, 5]))
    assert [entry["position"] for entry in doc["entries"]] == [2, 5, 12]
    assert "notification_id" not in doc["entries"][0]


def test_an_entry_carries_its_stored_bytes_digest_event_and_proof(ledger: Ledger) -> None:
    """Each field is what the store holds, or what follows from it."""
    entry = ledger.entries[5]
    doc = json.loads(make_bundle(ledger, [5]))["entries"][0]
    assert doc["originator_id"] == str(entry.originator_id)
    assert doc["originator_version"] == entry.originator_version
    assert doc["topic"] == entry.topic
    assert base64.b64decode(doc["state"]) == entry.state
    assert (
        doc["entry_digest"]
        == chain.entry_digest(
            entry.originator_id, entry.originator_version, entry.topic, entry.state
        ).hex()
    )
    assert doc["event"] == json.loads(entry.state)
    assert doc["inclusion_proof"] == [
        h.hex() for h in merkle.inclusion_proof(5, SIZE, ledger.store)
    ]


def test_the_checkpoint_note_is_carried_exactly_as_issued(ledger: Ledger, bundle: str) -> None:
    """The note, cosignature lines included, is byte for byte the one signed."""
    doc = json.loads(bundle)
    assert doc["checkpoint"] == ledger.note
    assert doc["keys"] == {"log": LOG_KEY, "witnesses": [WITNESS_KEY]}
    assert doc["format"] == evidence.FORMAT


def test_building_refuses_a_bundle_that_would_not_verify(ledger: Ledger) -> None:
    """A wrong proof from the storage side is caught before anything is exported."""
    wrong = ProvenEntry(5, ledger.entries[5], tuple(merkle.inclusion_proof(4, SIZE, ledger.store)))
    with pytest.raises(EvidenceError, match=r"^entry 0 \(position 5\): inclusion proof"):
        evidence.build_bundle(
            scope=Scope(ScopeKind.PARTNER, "westshire-constabulary"),
            created_at=CREATED_AT,
            checkpoint_note=ledger.note,
            log_key=LOG_KEY,
            entries=[wrong],
        )


def test_building_refuses_state_that_is_not_json(ledger: Ledger) -> None:
    """State that does not decode to JSON cannot be shown decoded, so it is refused."""
    entry = StoredEntry(1, UUID(int=1), 1, TOPIC, b"\xff\x00")
    with pytest.raises(EvidenceError, match="state is not UTF-8 JSON"):
        evidence.build_bundle(
            scope=Scope(ScopeKind.RESTRICTION, "r-1"),
            created_at=CREATED_AT,
            checkpoint_note=ledger.note,
            log_key=LOG_KEY,
            entries=[ProvenEntry(0, entry, ())],
        )


def test_parse_bundle_reads_the_parts_back(ledger: Ledger, bundle: str) -> None:
    """The dataclasses carry the decoded bytes, UUIDs and proofs."""
    parsed = evidence.parse_bundle(bundle)
    assert parsed.origin == ORIGIN
    assert parsed.checkpoint_note == ledger.note
    assert parsed.witness_keys == (WITNESS_KEY,)
    assert parsed.entries[1].state == ledger.entries[5].state
    assert parsed.entries[1].originator_id == ledger.entries[5].originator_id
    assert list(parsed.entries[1].inclusion_proof) == merkle.inclusion_proof(5, SIZE, ledger.store)


# -- The documented example ---------------------------------------------------

DOCS_LOG = notes.Signer.from_seed(ORIGIN, hashlib.sha256(b"sharing-ledger docs log").digest())
DOCS_WITNESS = WitnessSigner.from_seed(
    WITNESS, hashlib.sha256(b"sharing-ledger docs witness").digest()
)


def docs_example() -> str:
    """docs/evidence.md's bundle: the chain's known-answer entries, position 1 proved."""
    oid = UUID("12345678-1234-5678-1234-567812345678")
    entries = [
        StoredEntry(1, oid, 1, "example:Created", b'{"a":1}'),
        StoredEntry(2, oid, 2, "example:Changed", b'{"b":2}'),
    ]
    store = merkle.DictNodeStore()
    store.append(
        [
            merkle.entry_leaf_hash(
                chain.entry_digest(e.originator_id, e.originator_version, e.topic, e.state)
            )
            for e in entries
        ]
    )
    checkpoint = Checkpoint(ORIGIN, 2, merkle.root_at(2, store))
    note = cosignatures.add_cosignatures(
        checkpoints.sign_checkpoint(checkpoint, DOCS_LOG),
        [cosignatures.cosign(checkpoints.format_checkpoint(checkpoint), DOCS_WITNESS, COSIGNED_AT)],
    )
    return evidence.build_bundle(
        scope=Scope(ScopeKind.SUBJECT, "sr_example"),
        created_at=CREATED_AT,
        checkpoint_note=note,
        log_key=notes.format_verifier_key(DOCS_LOG.verifier()),
        witness_keys=[cosignatures.format_witness_key(DOCS_WITNESS.witness_key())],
        entries=[ProvenEntry(1, entries[1], tuple(merkle.inclusion_proof(1, 2, store)))],
    )


def test_the_example_in_the_docs_is_a_real_bundle() -> None:
    """docs/evidence.md shows exactly what build_bundle makes from its stated parts."""
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"```json\n(\{.*?\n\})\n```", text, flags=re.DOTALL)
    assert block is not None
    assert block.group(1) + "\n" == docs_example()
    assert evidence.verify_bundle(block.group(1)).entries == (CheckedEntry(1, "example:Changed"),)
