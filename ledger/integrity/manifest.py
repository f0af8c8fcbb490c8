"""The evidence manifest: the log's signed statement of what one bundle holds.

Pure: no I/O, no clock. A C2SP signed note (:mod:`ledger.integrity.notes`)
signed by the log's key, whose text is (docs/evidence.md §1.2)::

    sharing-ledger-evidence-manifest/v1
    <origin>
    <tree size, decimal>
    <base64 of the 32-byte root hash>
    scope <kind> <value>
    created <the bundle's created_at>
    entries <count, decimal>
    <position, decimal>            (count lines, increasing)

[M1] The first line names what the note is, so a manifest can never be read
as a checkpoint (whose first line is an origin and second a number) nor a
checkpoint as a manifest. [M2] Origin, size and root are the checkpoint's:
the manifest speaks of that tree only. [M3] The positions are every entry
the scope's rule selects in that tree (``bundle_scope.py``): the log signs
that the bundle is complete. [M4] A verifier does not parse a manifest: it
writes the one the bundle implies, line by line, and compares (so no two
readers can disagree on a manifest's meaning).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ledger.integrity.bundle_format import Scope, ScopeKind
from ledger.integrity.encoding import encode_base64
from ledger.integrity.notes import Signer, sign_note

HEADER = "sharing-ledger-evidence-manifest/v1"


class ManifestError(ValueError):
    """A manifest cannot state this: a line would break, or positions do not increase."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What the log states about one bundle: its tree, scope, time and every position."""

    origin: str
    tree_size: int
    root_hash: bytes
    scope: Scope
    created_at: str
    positions: tuple[int, ...]


def manifest_lines(manifest: Manifest) -> list[str]:
    """[M1]-[M3] The text's lines, as written and as a verifier expects them."""
    return [
        HEADER,
        manifest.origin,
        str(manifest.tree_size),
        encode_base64(manifest.root_hash),
        f"scope {ScopeKind(manifest.scope.kind).value} {manifest.scope.value}",
        f"created {manifest.created_at}",
        f"entries {len(manifest.positions)}",
        *(str(position) for position in manifest.positions),
    ]


def format_manifest(manifest: Manifest) -> str:
    """The note text, ending in a newline; refuses what could not be read back as written."""
    positions: Sequence[int] = manifest.positions
    if list(positions) != sorted(set(positions)) or any(
        not 0 <= p < manifest.tree_size for p in positions
    ):
        raise ManifestError("positions must increase and lie below the tree size")
    lines = manifest_lines(manifest)
    for line in (manifest.origin, manifest.scope.value, manifest.created_at):
        if not line or any(ord(ch) < 0x20 for ch in line):
            raise ManifestError("origin, scope and creation time must each be one line")
    return "".join(f"{line}\n" for line in lines)


def sign_manifest(manifest: Manifest, signer: Signer) -> str:
    """The signed note; the signer's key name must be the origin, as for checkpoints."""
    if signer.name != manifest.origin:
        raise ManifestError(f"key {signer.name!r} cannot sign for {manifest.origin!r}")
    return sign_note(format_manifest(manifest), [signer])
