"""Evidence bundles: built from a real in-memory tree, verified, and every tampering named.

The ledger, bundles and tamperings (``tests/support/bundles.py``) are shared
with ``test_offline_verify.py``, which holds the standalone verifier to the
same verdicts, and ``test_bundle_scope.py``, which tests the rule of what a
bundle holds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
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
from tests.support.bundles import (
    COSIGNED_AT,
    CREATED_AT,
    LOG,
    LOG_KEY,
    ORIGIN,
    PARTNER_SCOPE,
    POSITIONS,
    RESTRICTION,
    SIZE,
    SUBJECT,
    TOPIC,
    WITNESS,
    WITNESS_KEY,
    Ledger,
    as_v1,
    dump,
    make_bundle,
    make_ledger,
    resign,
    selection,
)
from tests.support.tamperings import TAMPERINGS, Tampering

DOCS = Path(__file__).parents[2] / "docs" / "evidence.md"


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return make_ledger(SIZE)


@pytest.fixture(scope="module")
def bundle(ledger: Ledger) -> str:
    return make_bundle(ledger)


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
    assert (report.format, report.complete) == (evidence.FORMAT, True)


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
    """An empty answer (nothing about the subject) verifies: the log signed that it is empty."""
    report = evidence.verify_bundle(make_bundle(ledger, Scope(ScopeKind.SUBJECT, "sr_0003")))
    assert report.entries == ()
    assert report.tree_size == SIZE
    assert report.complete


def test_every_position_of_a_tree_can_be_proved() -> None:
    """Across the scopes of trees of sizes 1 to 9, bundles prove every entry, and verify."""
    scopes = [Scope(ScopeKind.SUBJECT, f"sr_000{n}") for n in range(3)] + [PARTNER_SCOPE]
    for size in range(1, 10):
        ledger = make_ledger(size)
        proved = {
            entry.position
            for scope in scopes
            for entry in evidence.verify_bundle(make_bundle(ledger, scope)).entries
        }
        assert proved == set(range(size))


@pytest.mark.parametrize("scope", [SUBJECT, RESTRICTION, PARTNER_SCOPE], ids=str)
def test_a_bundle_of_each_scope_holds_its_selection_and_verifies(
    ledger: Ledger, scope: Scope
) -> None:
    """Subject, restriction and partner bundles hold exactly the rule's positions, and verify."""
    report = evidence.verify_bundle(make_bundle(ledger, scope))
    assert [entry.position for entry in report.entries] == selection(ledger, scope)
    assert report.scope == scope
    assert report.complete


def test_a_restriction_bundle_holds_its_persons_whole_record(ledger: Ledger) -> None:
    """The restriction's bundle holds what its subject's bundle holds (docs/evidence.md §3)."""
    assert selection(ledger, RESTRICTION) == selection(ledger, SUBJECT) == list(POSITIONS)
    assert selection(ledger, PARTNER_SCOPE) == [3, 4, 9, 10]


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


def test_re_signing_the_same_manifest_changes_nothing(bundle: str) -> None:
    """The tamperings' re-signing helper, applied without a change, gives the bundle back."""
    doc = json.loads(bundle)
    resign(doc)
    assert dump(doc) == bundle


def test_a_restriction_missing_from_its_own_bundle_is_named(ledger: Ledger) -> None:
    """A restriction bundle without the restriction's entries fails at the scope."""
    doc = json.loads(make_bundle(ledger, RESTRICTION))
    doc["entries"] = [e for e in doc["entries"] if e["originator_id"] != RESTRICTION.value]
    resign(doc)
    with pytest.raises(EvidenceError) as raised:
        evidence.verify_bundle(dump(doc))
    assert (raised.value.place, raised.value.detail) == (
        "scope",
        f"restriction {RESTRICTION.value} is not in the bundle",
    )


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("RST-2026-0001", "a restriction is named by its id, a UUID in canonical form"),
        (
            json.loads(make_bundle(make_ledger(SIZE)))["entries"][1]["originator_id"],
            "does not name one subject",
        ),
    ],
    ids=["a reference", "an aggregate naming two subjects"],
)
def test_a_restriction_scope_must_name_one_restriction_of_one_subject(
    bundle: str, value: str, detail: str
) -> None:
    """A restriction is stated by its id, and its events name exactly one subject."""
    doc = json.loads(bundle)
    doc["scope"] = {"kind": "restriction", "value": value}
    resign(doc, scope=Scope(ScopeKind.RESTRICTION, value))
    with pytest.raises(EvidenceError) as raised:
        evidence.verify_bundle(dump(doc))
    assert raised.value.place == "scope"
    assert raised.value.detail.endswith(detail)


# -- Format v1: still verified, completeness not signed ------------------------


def test_a_v1_bundle_verifies_and_is_reported_as_not_signed_complete(bundle: str) -> None:
    """A bundle without a manifest proves its entries; the report says completeness is unsigned."""
    report = evidence.verify_bundle(as_v1(bundle))
    assert (report.format, report.complete) == (evidence.FORMAT_V1, False)
    assert [entry.position for entry in report.entries] == list(POSITIONS)


def test_a_v1_bundle_is_not_held_to_the_rule(bundle: str) -> None:
    """v1 bundles were made before the rule: one missing an entry still verifies, as before."""
    doc = json.loads(as_v1(bundle))
    doc["entries"].pop(0)
    assert not evidence.verify_bundle(dump(doc)).complete


def test_a_v1_bundle_may_not_carry_a_manifest(bundle: str) -> None:
    """A manifest in a v1 bundle is an unexpected field, not a half-checked claim."""
    doc = json.loads(bundle)
    doc["format"] = evidence.FORMAT_V1
    with pytest.raises(EvidenceError, match=r"^bundle: unexpected field manifest$"):
        evidence.verify_bundle(dump(doc))


def test_text_that_is_not_json_is_named(bundle: str) -> None:
    """A truncated file fails at the bundle itself."""
    with pytest.raises(EvidenceError, match=r"^bundle: not JSON"):
        evidence.verify_bundle(bundle[:-20])


def test_a_bundle_signed_by_another_key_is_caught_when_the_key_is_given() -> None:
    """A forger's own key in the bundle verifies alone, but not against the published key."""
    forger = notes.generate_signer(ORIGIN)
    forged = make_bundle(make_ledger(SIZE, log=forger), log=forger)
    assert not evidence.verify_bundle(forged).log_key_trusted
    with pytest.raises(EvidenceError) as raised:
        evidence.verify_bundle(forged, trusted_log_key=LOG_KEY)
    assert raised.value.place == "keys"
    assert raised.value.detail.endswith(f"is not the trusted log key {ORIGIN}+{LOG.key_id:08x}")


def test_a_required_witness_that_did_not_cosign_is_named() -> None:
    """A trusted witness key is a required one: no cosignature by it fails."""
    uncosigned = make_bundle(make_ledger(SIZE, witnesses=()), witnesses=())
    with pytest.raises(EvidenceError, match=rf"^witness {WITNESS}: has not cosigned"):
        evidence.verify_bundle(uncosigned, trusted_witness_keys=[WITNESS_KEY])


def test_trusted_witness_keys_are_used_even_if_the_bundle_lists_none(ledger: Ledger) -> None:
    """The investigator's witness key checks the cosignature the bundle carries."""
    doc = json.loads(make_bundle(ledger))
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
    assert make_bundle(ledger) == bundle
    assert json.dumps(json.loads(bundle), sort_keys=True, indent=2) + "\n" == bundle


def test_entries_are_written_in_position_order_without_notification_ids(ledger: Ledger) -> None:
    """Positions sort the entries; the database's notification ids stay out."""
    doc = json.loads(
        evidence.build_bundle(
            scope=SUBJECT,
            created_at=CREATED_AT,
            checkpoint_note=ledger.note,
            signer=LOG,
            entries=[ledger.proven(p) for p in reversed(POSITIONS)],
        )
    )
    assert [entry["position"] for entry in doc["entries"]] == list(POSITIONS)
    assert "notification_id" not in doc["entries"][0]


def test_the_manifest_lists_every_position_signed_by_the_log_key(
    ledger: Ledger, bundle: str
) -> None:
    """The manifest states the checkpoint's tree, the scope, the time and each position."""
    note = json.loads(bundle)["manifest"]
    text, signature = note.split("\n\n")
    root = base64.b64encode(merkle.root_at(SIZE, ledger.store)).decode()
    assert text.split("\n") == [
        "sharing-ledger-evidence-manifest/v1",
        ORIGIN,
        str(SIZE),
        root,
        "scope subject sr_0001",
        f"created {CREATED_AT}",
        "entries 4",
        *(str(p) for p in POSITIONS),
    ]
    assert notes.open_note(note, [LOG.verifier()]).signers == [ORIGIN]
    assert signature.startswith(f"\u2014 {ORIGIN} ")


def test_building_refuses_a_selection_that_leaves_out_a_version(ledger: Ledger) -> None:
    """An exporter that drops an included aggregate's first entry is stopped before export."""
    with pytest.raises(EvidenceError, match=r"^entry 1 \(position 7\): aggregate .* not 1"):
        evidence.build_bundle(
            scope=SUBJECT,
            created_at=CREATED_AT,
            checkpoint_note=ledger.note,
            signer=LOG,
            entries=[ledger.proven(p) for p in POSITIONS[1:]],
        )


def test_building_refuses_an_entry_of_another_scope(ledger: Ledger) -> None:
    """An exporter that adds another subject's aggregate is stopped before export."""
    with pytest.raises(EvidenceError, match=r"^entry 0 \(position 0\): .* not concern subject"):
        evidence.build_bundle(
            scope=SUBJECT,
            created_at=CREATED_AT,
            checkpoint_note=ledger.note,
            signer=LOG,
            entries=[ledger.proven(p) for p in (0, 6, 12, *POSITIONS)],
        )


def test_building_refuses_a_checkpoint_the_signer_did_not_sign(ledger: Ledger) -> None:
    """The manifest's key must be the checkpoint's: another key cannot sign for that tree."""
    other = notes.generate_signer(ORIGIN)
    with pytest.raises(EvidenceError, match=r"^checkpoint: no signature by the log key$"):
        evidence.build_bundle(
            scope=SUBJECT,
            created_at=CREATED_AT,
            checkpoint_note=ledger.note,
            signer=other,
            entries=[ledger.proven(p) for p in POSITIONS],
        )


def test_an_entry_carries_its_stored_bytes_digest_event_and_proof(ledger: Ledger) -> None:
    """Each field is what the store holds, or what follows from it."""
    entry = ledger.entries[3]
    doc = json.loads(make_bundle(ledger))["entries"][1]
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
        h.hex() for h in merkle.inclusion_proof(3, SIZE, ledger.store)
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
            signer=LOG,
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
            signer=LOG,
            entries=[ProvenEntry(0, entry, ())],
        )


def test_parse_bundle_reads_the_parts_back(ledger: Ledger, bundle: str) -> None:
    """The dataclasses carry the decoded bytes, UUIDs and proofs."""
    parsed = evidence.parse_bundle(bundle)
    assert parsed.origin == ORIGIN
    assert parsed.checkpoint_note == ledger.note
    assert parsed.witness_keys == (WITNESS_KEY,)
    assert parsed.entries[1].state == ledger.entries[3].state
    assert parsed.entries[1].originator_id == ledger.entries[3].originator_id
    assert list(parsed.entries[1].inclusion_proof) == merkle.inclusion_proof(3, SIZE, ledger.store)
    assert parsed.manifest_note is not None
    assert parsed.format == evidence.FORMAT


# -- The documented example ---------------------------------------------------

DOCS_LOG = notes.Signer.from_seed(ORIGIN, hashlib.sha256(b"sharing-ledger docs log").digest())
DOCS_WITNESS = WitnessSigner.from_seed(
    WITNESS, hashlib.sha256(b"sharing-ledger docs witness").digest()
)


def docs_example() -> str:
    """docs/evidence.md's bundle: of a tree of three entries, the two of sr_example's aggregate."""
    ours, theirs = UUID("12345678-1234-5678-1234-567812345678"), UUID(int=1)
    entries = [
        StoredEntry(1, ours, 1, "example:Created", b'{"subject":"sr_example"}'),
        StoredEntry(2, theirs, 1, "example:Created", b'{"subject":"sr_other"}'),
        StoredEntry(3, ours, 2, "example:Changed", b'{"b":2}'),
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
    checkpoint = Checkpoint(ORIGIN, 3, merkle.root_at(3, store))
    note = cosignatures.add_cosignatures(
        checkpoints.sign_checkpoint(checkpoint, DOCS_LOG),
        [cosignatures.cosign(checkpoints.format_checkpoint(checkpoint), DOCS_WITNESS, COSIGNED_AT)],
    )
    return evidence.build_bundle(
        scope=Scope(ScopeKind.SUBJECT, "sr_example"),
        created_at=CREATED_AT,
        checkpoint_note=note,
        signer=DOCS_LOG,
        witness_keys=[cosignatures.format_witness_key(DOCS_WITNESS.witness_key())],
        entries=[
            ProvenEntry(p, entries[p], tuple(merkle.inclusion_proof(p, 3, store))) for p in (0, 2)
        ],
    )


def test_the_example_in_the_docs_is_a_real_bundle() -> None:
    """docs/evidence.md shows exactly what build_bundle makes from its stated parts."""
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"```json\n(\{.*?\n\})\n```", text, flags=re.DOTALL)
    assert block is not None
    assert block.group(1) + "\n" == docs_example()
    assert evidence.verify_bundle(block.group(1)).entries == (
        CheckedEntry(0, "example:Created"),
        CheckedEntry(2, "example:Changed"),
    )
