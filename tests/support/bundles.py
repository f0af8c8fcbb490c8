"""Evidence bundles from a small ledger in memory, and the tamperings both verifiers must name.

Shared by ``tests/unit/test_evidence.py``, ``test_bundle_scope.py`` and
``test_offline_verify.py``. The ledger's entry ``i`` belongs to aggregate
``i % 6`` at version ``i // 6 + 1``, so every aggregate's versions run in
position order without gaps, and the aggregates name:

=====  =============================================
0, 5   subject ``sr_0000``
1      subject ``sr_0001`` (the restriction, in tests of that scope)
2      subject ``sr_0002``
3      subjects ``sr_0001`` and ``sr_0002``, recipient ``westshire-constabulary``
4      organisation ``westshire-constabulary``
=====  =============================================
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from ledger.integrity import bundle_scope, chain, checkpoints, cosignatures, evidence, merkle, notes
from ledger.integrity.chain import StoredEntry
from ledger.integrity.checkpoints import Checkpoint
from ledger.integrity.cosignatures import WitnessSigner
from ledger.integrity.evidence import ProvenEntry, Scope, ScopeKind
from ledger.integrity.manifest import Manifest, sign_manifest

ORIGIN = checkpoints.checkpoint_origin("council")
WITNESS = "westshire-constabulary"
PARTNER = "westshire-constabulary"
CREATED_AT = "2026-06-01T12:00:00+00:00"
COSIGNED_AT = 1_780_315_200
TOPIC = "ledger.domain.processing:Access.DataAccessed"
LOG = notes.Signer.from_seed(ORIGIN, hashlib.sha256(b"test log key").digest())
FORGER = notes.Signer.from_seed(ORIGIN, bytes(range(200, 232)))
WITNESS_SIGNER = WitnessSigner.from_seed(WITNESS, hashlib.sha256(b"test witness key").digest())
LOG_KEY = notes.format_verifier_key(LOG.verifier())
WITNESS_KEY = cosignatures.format_witness_key(WITNESS_SIGNER.witness_key())
AGGREGATES = 6

Json = dict[str, Any]


def aggregate_id(a: int, salt: int = 0) -> UUID:
    return UUID(bytes=hashlib.sha256(f"{salt}:aggregate {a}".encode()).digest()[:16])


def _names(a: int) -> dict[str, object]:
    if a == 3:
        return {"subjects": ["sr_0001", "sr_0002"], "recipient": PARTNER}
    if a == 4:
        return {"organisation": PARTNER}
    return {"subject": f"sr_{(0, 1, 2, None, None, 0)[a]:04d}"}


def stored_entries(size: int, salt: int = 0) -> list[StoredEntry]:
    """``size`` entries as the database would store them (UTF-8 JSON state)."""
    return [
        StoredEntry(
            notification_id=3 * i + 1,  # gaps, as real notification ids have
            originator_id=aggregate_id(i % AGGREGATES, salt),
            originator_version=i // AGGREGATES + 1,
            topic=TOPIC,
            state=json.dumps(
                {**_names(i % AGGREGATES), "categories": ["pd:HealthRecord"], "n": i},
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

    def proven(self, position: int) -> ProvenEntry:
        proof = merkle.inclusion_proof(position, self.size, self.store)
        return ProvenEntry(position, self.entries[position], tuple(proof))


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


SUBJECT = Scope(ScopeKind.SUBJECT, "sr_0001")
RESTRICTION = Scope(ScopeKind.RESTRICTION, str(aggregate_id(1)))
PARTNER_SCOPE = Scope(ScopeKind.PARTNER, PARTNER)


def selection(ledger: Ledger, scope: Scope) -> list[int]:
    """docs/evidence.md §3: the positions a bundle for ``scope`` holds, by the pure rule."""
    if scope.kind is ScopeKind.RESTRICTION:
        events = [
            bundle_scope.decode_event(e.state)
            for e in ledger.entries
            if str(e.originator_id) == scope.value
        ]
        subject = bundle_scope.restriction_subject(events)
        selector = bundle_scope.subject_selector("" if subject is None else subject)
    elif scope.kind is ScopeKind.SUBJECT:
        selector = bundle_scope.subject_selector(scope.value)
    else:
        selector = bundle_scope.partner_selector(scope.value)
    found = bundle_scope.concerned(
        ((e.originator_id.bytes, e.state) for e in ledger.entries), selector
    )
    ids = set().union(*found.values())
    return [p for p, e in enumerate(ledger.entries) if e.originator_id.bytes in ids]


def make_bundle(
    ledger: Ledger,
    scope: Scope = SUBJECT,
    *,
    log: notes.Signer = LOG,
    witnesses: Sequence[WitnessSigner] = (WITNESS_SIGNER,),
) -> str:
    """The complete bundle for ``scope``, proved against the ledger's checkpoint."""
    return evidence.build_bundle(
        scope=scope,
        created_at=CREATED_AT,
        checkpoint_note=ledger.note,
        signer=log,
        witness_keys=[cosignatures.format_witness_key(w.witness_key()) for w in witnesses],
        entries=[ledger.proven(p) for p in selection(ledger, scope)],
    )


def dump(doc: Json) -> str:
    return json.dumps(doc, sort_keys=True, indent=2) + "\n"


def resign(doc: Json, *, signer: notes.Signer = LOG, **changes: Any) -> None:
    """Sign the manifest again, listing the bundle's positions now, with any other changes.

    What an exporter that got the selection wrong would sign: the manifest
    then agrees with the bundle, and only the rule's own checks are left.
    """
    checkpoint = checkpoints.parse_checkpoint(doc["checkpoint"].split("\n\n")[0] + "\n")
    manifest = Manifest(
        origin=checkpoint.origin,
        tree_size=checkpoint.size,
        root_hash=checkpoint.root_hash,
        scope=Scope(ScopeKind(doc["scope"]["kind"]), doc["scope"]["value"]),
        created_at=doc["created_at"],
        positions=tuple(entry["position"] for entry in doc["entries"]),
    )
    doc["manifest"] = sign_manifest(replace(manifest, **changes), signer)


def as_v1(text: str) -> str:
    """The bundle as format v1 wrote it: the same, without a manifest."""
    doc = json.loads(text)
    del doc["manifest"]
    return dump({**doc, "format": evidence.FORMAT_V1})


#: The good bundle of the tests: sr_0001's, entries 0-3 at positions 1, 3, 7, 9.
SIZE = 13
POSITIONS = (1, 3, 7, 9)
