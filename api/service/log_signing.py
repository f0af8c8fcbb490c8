"""Signed checkpoints: issue and keep them, and keep witnesses' cosignatures of them.
Checking the ledger against checkpoints is :mod:`api.service.checkpoint_checks`.

The signing key comes from ``LEDGER_SIGNING_KEY`` (the key text) or
``LEDGER_SIGNING_KEY_FILE`` (a file holding it); it is never logged and never
stored in the database. Its verifier key is registered in the ledger the
first time it signs, so after a rotation old checkpoints still verify with
the key that signed them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ledger.application import LedgerApplication
from ledger.integrity import merkle
from ledger.integrity.checkpoints import Checkpoint, sign_checkpoint, verify_checkpoint
from ledger.integrity.cosignatures import (
    Cosignature,
    add_cosignatures,
    format_witness_key,
    parse_witness_key,
    verify_cosignature,
)
from ledger.integrity.notes import (
    KeyFormatError,
    Signer,
    Verifier,
    format_signer_key,
    format_verifier_key,
    generate_signer,
    parse_signer_key,
    parse_verifier_key,
)
from ledger.storage.config import ConfigurationError

KEY_ENV = "LEDGER_SIGNING_KEY"
KEY_FILE_ENV = "LEDGER_SIGNING_KEY_FILE"


@dataclass(frozen=True, slots=True)
class IssuedCheckpoint:
    checkpoint: Checkpoint
    note: str
    verifier_key: str
    issued_at: str


def load_signer(environ: Mapping[str, str]) -> Signer | None:
    """The configured signing key, or None; a malformed one is a configuration error."""
    text = environ.get(KEY_ENV, "").strip()
    source = KEY_ENV
    if not text and environ.get(KEY_FILE_ENV):
        path = Path(environ[KEY_FILE_ENV]).expanduser()
        source = KEY_FILE_ENV
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError as error:
            msg = f"{KEY_FILE_ENV}: cannot read {path}: {error.strerror}"
            raise ConfigurationError(msg) from None
    if not text:
        return None
    try:
        return parse_signer_key(text)
    except (KeyFormatError, ValueError):
        # Never echo the text: it is a private key.
        msg = f"{source}: not a signer key (expected PRIVATE+KEY+<name>+<id>+<key>)"
        raise ConfigurationError(msg) from None


def create_key_file(path: Path, origin: str) -> Signer:
    """Write a new signing key to ``path`` (readable by its owner only); refuse to overwrite."""
    signer = generate_signer(origin)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        msg = f"{path} already exists; a signing key is never overwritten"
        raise ConfigurationError(msg) from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(format_signer_key(signer) + "\n")
    return signer


def tree_size(app: LedgerApplication) -> int:
    head, _ = app.chain.snapshot()
    return 0 if head is None else head.position + 1


def issue(app: LedgerApplication, signer: Signer, now: datetime) -> IssuedCheckpoint:
    """Sign the current tree head, keep the checkpoint, and return it."""
    size = tree_size(app)
    root = merkle.root_at(size, app.tree) if size else merkle.EMPTY_ROOT
    checkpoint = Checkpoint(origin=signer.name, size=size, root_hash=root)
    note = sign_checkpoint(checkpoint, signer)
    verifier_key = format_verifier_key(signer.verifier())
    issued_at = now.isoformat()
    app.checkpoints.store(size, root, verifier_key, signer.name, note, issued_at)
    return IssuedCheckpoint(checkpoint, note, verifier_key, issued_at)


def latest(app: LedgerApplication) -> IssuedCheckpoint | None:
    rows = app.checkpoints.newest(limit=1)
    return None if not rows else _issued(rows[0])


def covering(app: LedgerApplication, position: int) -> IssuedCheckpoint | None:
    """The newest kept checkpoint whose tree includes ``position``."""
    rows = app.checkpoints.newest(limit=1)
    if not rows or int(str(rows[0]["tree_size"])) <= position:
        return None
    return _issued(rows[0])


def record_cosignature(
    app: LedgerApplication, issued: IssuedCheckpoint, witness_key: str, line: str, now: datetime
) -> Cosignature:
    """Check a witness's cosignature of a kept checkpoint, then keep it."""
    key = parse_witness_key(witness_key)
    body = issued.note.split("\n\n", 1)[0] + "\n"
    cosignature = verify_cosignature(body, line.strip(), key)
    app.checkpoints.store_cosignature(
        issued.checkpoint.size,
        issued.verifier_key,
        format_witness_key(key),
        line.strip(),
        cosignature.timestamp,
        now.isoformat(),
    )
    return cosignature


def witnessed_note(app: LedgerApplication, issued: IssuedCheckpoint) -> tuple[str, list[str]]:
    """The checkpoint note with every kept cosignature, and the witnesses' keys."""
    rows = app.checkpoints.cosignatures(issued.checkpoint.size, issued.verifier_key)
    note = add_cosignatures(issued.note, [str(r["line"]) for r in rows]) if rows else issued.note
    return note, [str(r["witness_key"]) for r in rows]


def registered_verifiers(app: LedgerApplication) -> list[Verifier]:
    return [parse_verifier_key(key) for key in app.checkpoints.log_keys()]


def _issued(row: Mapping[str, object]) -> IssuedCheckpoint:
    note = str(row["note"])
    checkpoint = verify_checkpoint(note, parse_verifier_key(str(row["verifier_key"])))
    return IssuedCheckpoint(checkpoint, note, str(row["verifier_key"]), str(row["issued_at"]))
