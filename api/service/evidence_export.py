"""Building an evidence bundle for one scope: what `evidence export` and the console share.

Complete by construction (docs/evidence.md §3): the entries are selected from
the ledger itself (:mod:`api.service.scope_selection`), every entry of every
aggregate that concerns the scope, proved against a signed checkpoint. The
log's key signs the bundle's manifest, which lists every position it holds,
so a bundle cannot be made without that key. The newest checkpoint is used
if the log's key signed it and it covers every selected entry (it may carry
witness cosignatures); otherwise one is signed first. Each caller words a
refusal its own way (a one-line error, a form message), from the
exception's kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.service import log_signing
from api.service.composition import Service
from api.service.scope_selection import (
    NothingInScope,
    Target,
    aggregates_naming,
    entries_in_tree,
    resolve,
)
from ledger.integrity import merkle
from ledger.integrity.chain import ChainLink, StoredEntry
from ledger.integrity.evidence import ProvenEntry, Scope, ScopeKind, build_bundle
from ledger.integrity.notes import format_verifier_key

__all__ = ["Exported", "NoSigningKey", "NothingInScope", "export_bundle"]


class NoSigningKey(Exception):
    """No signing key is configured, and a bundle's manifest must be signed by the log's key."""


@dataclass(frozen=True, slots=True)
class Exported:
    text: str  # the bundle (JSON)
    scope: Scope  # as the bundle states it (a restriction by its id)
    entries: int
    checkpoint_size: int  # the size of the checkpoint every proof is against


def _select(
    service: Service, target: Target, signer: log_signing.LogSigner
) -> tuple[log_signing.IssuedCheckpoint, list[tuple[ChainLink, StoredEntry]]]:
    """The checkpoint, and every entry the scope's rule selects in its tree."""
    app = service.app
    (value,) = target.selector.values
    size = log_signing.tree_size(app)
    aggregates = aggregates_naming(app, target.selector, size=size)[value]
    pairs = entries_in_tree(app, aggregates, size)
    if not pairs:
        raise NothingInScope(target.scope.kind.value)
    issued = log_signing.latest(app)
    if (
        issued is not None
        and issued.verifier_key == format_verifier_key(signer.signer.verifier())
        and pairs[-1][0].position < issued.checkpoint.size <= size
    ):
        # Every selected aggregate lies wholly inside that tree, so its selection is this one.
        return issued, pairs
    issued = log_signing.issue(app, signer, service.clock())
    grown = issued.checkpoint.size
    if grown > size:  # entries appended since the scan: they may concern the scope too
        aggregates |= aggregates_naming(app, target.selector, start=size, size=grown)[value]
        pairs = entries_in_tree(app, aggregates, grown)
    return issued, pairs


def export_bundle(
    service: Service, kind: ScopeKind, value: str, signer: log_signing.LogSigner | None
) -> Exported:
    """The bundle for one subject, restriction (id or reference) or partner."""
    if signer is None:
        raise NoSigningKey
    target = resolve(service.app, kind, value)
    issued, pairs = _select(service, target, signer)
    note, witness_keys = log_signing.witnessed_note(service.app, issued)
    size = issued.checkpoint.size
    text = build_bundle(
        scope=target.scope,
        created_at=service.clock().isoformat(),
        checkpoint_note=note,
        signer=signer.signer,
        witness_keys=witness_keys,
        entries=[
            ProvenEntry(
                link.position,
                entry,
                tuple(merkle.inclusion_proof(link.position, size, service.app.tree)),
            )
            for link, entry in pairs
        ],
    )
    return Exported(text, target.scope, len(pairs), size)
