"""Tamperings of a good evidence bundle, and the place and failure each must be named at.

Shared by ``tests/unit/test_evidence.py`` (the service's verifier, place and
detail) and ``test_offline_verify.py`` (the standalone one, the same place).
Each starts from sr_0001's bundle of the ledger of ``bundles.py``: entries 0-3
at positions 1, 3, 7, 9 (aggregates 1 and 3, versions 1 and 2).
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ledger.integrity import chain, merkle, notes
from ledger.integrity.evidence import Scope, ScopeKind
from tests.support.bundles import (
    FORGER,
    ORIGIN,
    SIZE,
    WITNESS,
    WITNESS_KEY,
    Json,
    aggregate_id,
    dump,
    make_bundle,
    make_ledger,
    resign,
)

_LEDGER = make_ledger(SIZE)


def _flip_hex(text: str, index: int = -1) -> str:
    chars = list(text)
    chars[index] = "0" if chars[index] != "0" else "1"
    return "".join(chars)


def _flip_b64(text: str, index: int) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _note_line(doc: Json, start: str, change: Callable[[str], str], note: str) -> None:
    """Change the first line starting with ``start`` of a note (the checkpoint, the manifest)."""
    lines = doc[note].split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[index] = change(lines[index])
    doc[note] = "\n".join(lines)


def _signature(doc: Json, name: str, index: int, note: str = "checkpoint") -> None:
    """Flip one byte of the decoded payload of ``name``'s signature line."""

    def flip(line: str) -> str:
        prefix, encoded = line.rsplit(" ", 1)
        return f"{prefix} {_flip_b64(encoded, index)}"

    _note_line(doc, f"\u2014 {name} ", flip, note)


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


OTHER = Scope(ScopeKind.SUBJECT, "sr_0000")


def other_entries() -> list[Json]:
    """Genuine entries of the same tree, with good proofs, that concern another subject."""
    entries: list[Json] = json.loads(make_bundle(_LEDGER, OTHER))["entries"]
    return entries


def _add_other(doc: Json) -> None:
    doc["entries"].append(other_entries()[0])


def _drop_and_resign(doc: Json) -> None:
    doc["entries"].pop(0)  # aggregate 1's version 1: its version 2 stays
    resign(doc)


def _add_other_and_resign(doc: Json) -> None:
    doc["entries"] = sorted(doc["entries"] + other_entries(), key=lambda e: e["position"])
    resign(doc)


def _forged_manifest(doc: Json) -> None:
    resign(doc, signer=FORGER)


def _other_tree(doc: Json) -> None:
    resign(doc, tree_size=12, root_hash=merkle.root_at(12, _LEDGER.store))


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
        return dump(doc)


_A1, _A0 = aggregate_id(1), aggregate_id(0)
TAMPERINGS = [
    Tampering(
        "one byte of an entry's state",
        _state_byte,
        "entry 1 (position 3)",
        "state does not match entry_digest",
    ),
    Tampering(
        "an entry digest",
        lambda d: d["entries"][1].update(entry_digest=_flip_hex(d["entries"][1]["entry_digest"])),
        "entry 1 (position 3)",
        "state does not match entry_digest",
    ),
    Tampering(
        "an entry rewritten with its digest",
        _rewrite_entry,
        "entry 1 (position 3)",
        "inclusion proof does not lead to the checkpoint root",
    ),
    Tampering(
        "a decoded field",
        lambda d: d["entries"][1]["event"].update(subject="sr_9999"),
        "entry 1 (position 3)",
        "event does not match the decoded state",
    ),
    Tampering(
        "a decoded number's type",
        lambda d: d["entries"][1]["event"].update(n=3.0),
        "entry 1 (position 3)",
        "event does not match the decoded state",
    ),
    Tampering(
        "one proof hash",
        lambda d: d["entries"][0]["inclusion_proof"].__setitem__(
            1, _flip_hex(d["entries"][0]["inclusion_proof"][1], 7)
        ),
        "entry 0 (position 1)",
        "inclusion proof does not lead to the checkpoint root",
    ),
    Tampering(
        "a dropped proof hash",
        lambda d: d["entries"][0]["inclusion_proof"].pop(),
        "entry 0 (position 1)",
        "inclusion proof is malformed: proof too short",
    ),
    Tampering(
        "an added proof hash",
        lambda d: d["entries"][0]["inclusion_proof"].append("00" * 32),
        "entry 0 (position 1)",
        "inclusion proof is malformed: proof too long",
    ),
    Tampering(
        "a changed position",
        _set(["entries", 1, "position"], 2),
        "entry 1 (position 2)",
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
        "entry 4 (position 1)",
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
        _set(["format"], "sharing-ledger-evidence/v3"),
        "format",
        "expected sharing-ledger-evidence/v2 (or sharing-ledger-evidence/v1), "
        "found 'sharing-ledger-evidence/v3'",
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
    Tampering("an unexpected field", _set(["note"], "trust me"), "bundle", "unexpected field note"),
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
    # -- The manifest (format v2) --------------------------------------------
    Tampering(
        "the manifest's signature",
        lambda d: _signature(d, ORIGIN, 30, note="manifest"),
        "manifest",
        "signature does not verify with the log key",
    ),
    Tampering(
        "the manifest signed by another key",
        _forged_manifest,
        "manifest",
        "no signature by the log key",
    ),
    Tampering(
        "the manifest removed",
        lambda d: d.pop("manifest"),
        "bundle",
        "missing field manifest",
    ),
    Tampering(
        "the checkpoint in the manifest's place",
        lambda d: d.update(manifest=d["checkpoint"]),
        "manifest",
        "is not a manifest of the checkpoint's tree",
    ),
    Tampering(
        "a manifest of another tree",
        _other_tree,
        "manifest",
        "is not a manifest of the checkpoint's tree",
    ),
    Tampering(
        "the bundle's scope",
        _set(["scope", "value"], "sr_0002"),
        "scope",
        "is not the scope the manifest states",
    ),
    Tampering(
        "the bundle's creation time",
        _set(["created_at"], "2026-06-02T12:00:00+00:00"),
        "created_at",
        "is not the time the manifest states",
    ),
    # -- Completeness ----------------------------------------------------------
    Tampering(
        "a removed entry",
        lambda d: d["entries"].pop(2),
        "manifest",
        "lists position 7, which the bundle lacks",
    ),
    Tampering(
        "an added entry of another subject",
        _add_other,
        "entry 4 (position 0)",
        "is not listed in the manifest",
    ),
    Tampering(
        "entries out of order",
        lambda d: d["entries"].insert(0, d["entries"].pop(1)),
        "entry 0 (position 3)",
        "is not in position order",
    ),
    Tampering(
        "a missing version, the manifest signed to match",
        _drop_and_resign,
        "entry 1 (position 7)",
        f"aggregate {_A1} has version 2 here, not 1: an entry of it is missing",
    ),
    Tampering(
        "another subject's aggregate, the manifest signed to match",
        _add_other_and_resign,
        "entry 0 (position 0)",
        f"aggregate {_A0} does not concern subject sr_0001",
    ),
]
