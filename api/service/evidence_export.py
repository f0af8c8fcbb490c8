"""Building an evidence bundle for one scope: what `evidence export` and the console share.

The entries of every aggregate the scope concerns, each with its inclusion
proof against the newest checkpoint covering them. If none covers them yet and
a signing key is at hand, one is signed first; otherwise the caller is told
to have one signed. Each caller words the refusal its own way (a one-line
error, a form message), from the exception's kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.service import log_signing
from api.service.composition import Service
from ledger.integrity import merkle
from ledger.integrity.evidence import ProvenEntry, Scope, ScopeKind, build_bundle
from projections.reports.evidence_scope import scope_aggregates


class NothingInScope(Exception):
    """The ledger holds no entry for the scope."""


class NoCoveringCheckpoint(Exception):
    """No signed checkpoint covers the entries, and no signing key was given."""


@dataclass(frozen=True, slots=True)
class Exported:
    text: str  # the bundle (JSON)
    entries: int
    checkpoint_size: int  # the size of the checkpoint every proof is against


def export_bundle(
    service: Service, kind: ScopeKind, value: str, signer: log_signing.LogSigner | None
) -> Exported:
    """The bundle for one subject, restriction or partner."""
    ids = scope_aggregates(service.reports(), kind, value)
    pairs = service.app.chain.entries_of(sorted(ids))
    if not pairs:
        raise NothingInScope(kind.value)
    issued = log_signing.covering(service.app, pairs[-1][0].position)
    if issued is None:
        if signer is None:
            raise NoCoveringCheckpoint
        issued = log_signing.issue(service.app, signer, service.clock())
    note, witness_keys = log_signing.witnessed_note(service.app, issued)
    size = issued.checkpoint.size
    text = build_bundle(
        scope=Scope(kind, value),
        created_at=service.clock().isoformat(),
        checkpoint_note=note,
        log_key=issued.verifier_key,
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
    return Exported(text, len(pairs), size)
