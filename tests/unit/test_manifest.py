"""The evidence manifest: the log's signed list of what one bundle holds (docs/evidence.md §1.2)."""

from __future__ import annotations

import hashlib

import pytest

from ledger.integrity import checkpoints, notes
from ledger.integrity.bundle_format import Scope, ScopeKind
from ledger.integrity.checkpoints import CheckpointError
from ledger.integrity.manifest import (
    HEADER,
    Manifest,
    ManifestError,
    format_manifest,
    sign_manifest,
)

ORIGIN = checkpoints.checkpoint_origin("council")
LOG = notes.Signer.from_seed(ORIGIN, hashlib.sha256(b"test log key").digest())
CREATED_AT = "2026-06-01T12:00:00+00:00"
SUBJECT = Scope(ScopeKind.SUBJECT, "sr_0001")

MANIFEST = Manifest(
    origin=ORIGIN,
    tree_size=13,
    root_hash=bytes(range(32)),
    scope=SUBJECT,
    created_at=CREATED_AT,
    positions=(1, 3, 7, 9),
)


def test_the_text_is_header_tree_scope_time_count_and_positions() -> None:
    """One value a line, the header first, each position on its own line."""
    assert format_manifest(MANIFEST) == (
        f"{HEADER}\n{ORIGIN}\n13\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
        f"scope subject sr_0001\ncreated {CREATED_AT}\nentries 4\n1\n3\n7\n9\n"
    )


def test_an_empty_bundle_has_a_manifest_of_no_positions() -> None:
    """A signed 'nothing concerns this scope in the tree' is a manifest too."""
    empty = Manifest(ORIGIN, 0, bytes(32), SUBJECT, CREATED_AT, ())
    assert format_manifest(empty).endswith("entries 0\n")


@pytest.mark.parametrize(
    "positions", [(3, 1), (1, 1), (13,)], ids=["decreasing", "repeated", "beyond the tree"]
)
def test_positions_must_increase_inside_the_tree(positions: tuple[int, ...]) -> None:
    """A list that could not be a selection of the tree is refused before it is signed."""
    with pytest.raises(ManifestError):
        format_manifest(Manifest(ORIGIN, 13, bytes(32), SUBJECT, CREATED_AT, positions))


@pytest.mark.parametrize(
    "scope", [Scope(ScopeKind.SUBJECT, "sr_a\nentries 0"), Scope(ScopeKind.PARTNER, "")]
)
def test_a_value_that_is_not_one_line_is_refused(scope: Scope) -> None:
    """A newline in a value could forge a line of its own; an empty value says nothing."""
    with pytest.raises(ManifestError):
        format_manifest(Manifest(ORIGIN, 13, bytes(32), scope, CREATED_AT, ()))


def test_only_the_logs_own_key_signs_its_manifest() -> None:
    """The signer's key name must be the origin, as for checkpoints."""
    other = notes.generate_signer("elsewhere.example/log")
    with pytest.raises(ManifestError, match="cannot sign"):
        sign_manifest(MANIFEST, other)
    note = sign_manifest(MANIFEST, LOG)
    assert notes.open_note(note, [LOG.verifier()]).text == format_manifest(MANIFEST)


def test_a_manifest_is_never_read_as_a_checkpoint() -> None:
    """Signed by the same key, a manifest still fails as a checkpoint: its second line is
    no tree size (C2SP signed-note: the first line names what a note is)."""
    with pytest.raises(CheckpointError):
        checkpoints.verify_checkpoint(sign_manifest(MANIFEST, LOG), LOG.verifier())
