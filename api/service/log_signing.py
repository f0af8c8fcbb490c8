"""Signed checkpoints: issue and keep them, and keep witnesses' cosignatures of them.

The signing key comes from ``LEDGER_SIGNING_KEY`` (the key text) or
``LEDGER_SIGNING_KEY_FILE`` (a file holding it); it is never logged and never
stored in the database. Its verifier key is registered in the ledger the
first time it signs, so after a rotation old checkpoints still verify with
the key that signed them.

**The log never signs a fork** (docs/checkpoints.md §7). The signer remembers
the last checkpoint it signed in a state file outside the database
(:mod:`api.service.signer_state`), and before every signature proves that the
ledger's tree extends both that checkpoint and the largest one stored in the
database (:func:`ledger.integrity.forks.check_extends`). Otherwise nothing is
signed, stored or written: :class:`SigningRefused` names what contradicts
what, and the refusal is counted in the state file for ``/metrics``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import structlog

from api.service.signer_state import SignerState
from api.service.state_files import StateFileError
from ledger.application import LedgerApplication
from ledger.integrity import merkle
from ledger.integrity.checkpoints import (
    Checkpoint,
    CheckpointError,
    sign_checkpoint,
    verify_checkpoint,
)
from ledger.integrity.cosignatures import (
    Cosignature,
    add_cosignatures,
    format_witness_key,
    parse_witness_key,
    verify_cosignature,
)
from ledger.integrity.forks import ForkError, Refusal, check_extends, describe
from ledger.integrity.notes import (
    KeyFormatError,
    NoteError,
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
STATE_FILE_ENV = "LEDGER_SIGNER_STATE_FILE"


class SigningRefused(Exception):
    """The tree does not extend a checkpoint already signed: nothing was signed.

    ``against`` says what it contradicts (``signer_state``: the checkpoint the
    signer last signed; ``database``: the largest one stored), ``reason`` how
    (a :class:`~ledger.integrity.forks.Refusal`, ``unverifiable`` or ``conflict``).
    """

    def __init__(self, against: str, reason: str, message: str) -> None:
        self.against, self.reason = against, reason
        super().__init__(message)

    @property
    def label(self) -> str:
        return f"{self.against}/{self.reason}"


#: Every (against, reason) a refusal can carry: the labels of the refusal counter.
REFUSAL_LABELS = (
    *(f"signer_state/{reason.value}" for reason in Refusal),
    *(f"database/{reason.value}" for reason in Refusal),
    "database/unverifiable",
    "database/conflict",
)


class NothingToAccept(Exception):
    """``--accept-restore`` was given, but the ledger extends the signer's last checkpoint."""


@dataclass(frozen=True, slots=True)
class LogSigner:
    """The log's signing key and the state file that remembers what it signed."""

    signer: Signer
    state: SignerState


@dataclass(frozen=True, slots=True)
class IssuedCheckpoint:
    checkpoint: Checkpoint
    note: str
    verifier_key: str
    issued_at: str
    # An accepted restore: the note of the checkpoint given up, and why it was not extended.
    abandoned: tuple[str, str] | None = None


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


def state_location(environ: Mapping[str, str]) -> Path | None:
    """Where the signer's state is kept: the setting, else beside the key file, else None."""
    explicit = environ.get(STATE_FILE_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    if environ.get(KEY_ENV, "").strip():
        return None  # the key came as text: there is no file to keep the state beside
    key_file = environ.get(KEY_FILE_ENV, "").strip()
    if not key_file:
        return None
    path = Path(key_file).expanduser()
    return path.with_name(path.name + ".state")


def load_log_signer(environ: Mapping[str, str]) -> LogSigner | None:
    """The configured signing key with its state file, or None when no key is configured."""
    signer = load_signer(environ)
    if signer is None:
        return None
    path = state_location(environ)
    if path is None:
        msg = (
            f"{KEY_ENV} is set but {STATE_FILE_ENV} is not: the signer must remember what it "
            "signed outside the database; point it at a file beside the key"
        )
        raise ConfigurationError(msg)
    return LogSigner(signer, SignerState(path))


def create_key_file(path: Path, origin: str) -> Signer:
    """Write a new signing key to ``path`` (readable by its owner only); refuse to overwrite."""
    signer = generate_signer(origin)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        msg = f"{path} already exists; a signing key is never overwritten"
        raise ConfigurationError(msg) from None
    except OSError as error:
        msg = f"cannot create {path}: {error.strerror}"
        raise ConfigurationError(msg) from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(format_signer_key(signer) + "\n")
    return signer


def tree_size(app: LedgerApplication) -> int:
    head, _ = app.chain.snapshot()
    return 0 if head is None else head.position + 1


def issue(
    app: LedgerApplication, log_signer: LogSigner, now: datetime, *, accept_restore: bool = False
) -> IssuedCheckpoint:
    """Sign the current tree head if it extends every checkpoint signed before; keep it.

    Raises :class:`SigningRefused` (nothing signed, stored or written) when
    the tree does not extend the signer's last checkpoint or the largest one
    stored in the database. ``accept_restore`` signs although the signer's
    last checkpoint is contradicted (a restore that lost entries), records the
    checkpoint given up in the state file, and raises :class:`NothingToAccept`
    if nothing contradicts it; a contradiction of the database is never accepted.
    """
    signer, state = log_signer.signer, log_signer.state
    at = now.isoformat()
    verifier_key = format_verifier_key(signer.verifier())
    with state.locked():
        size = tree_size(app)
        root = merkle.root_at(size, app.tree) if size else merkle.EMPTY_ROOT
        try:
            abandoned = _check_signer_state(app, state, signer.name, (size, root), accept_restore)
            _check_database(app, verifier_key, size, root)
        except SigningRefused as refused:
            _report(refused, state, size, at)
            raise
        checkpoint = Checkpoint(origin=signer.name, size=size, root_hash=root)
        note = sign_checkpoint(checkpoint, signer)
        # Remembered before anyone (the database included) is given it: a
        # signature the signer had forgotten could be contradicted by its next one.
        state.record(signer.name, note, at, abandoned=abandoned)
        app.checkpoints.store(size, root, verifier_key, signer.name, note, at)
    if abandoned is not None:
        structlog.get_logger().warning(
            "checkpoint.restore_accepted", size=size, state=str(state.path)
        )
    return IssuedCheckpoint(checkpoint, note, verifier_key, at, abandoned)


def _report(refused: SigningRefused, state: SignerState, size: int, at: str) -> None:
    """Log a refusal and count it in the state file (for /metrics), whatever the caller."""
    log = structlog.get_logger()
    log.error("checkpoint.refused", against=refused.against, reason=refused.reason, size=size)
    try:
        state.count_refusal(refused.label, str(refused), at)
    except StateFileError as error:  # the refusal matters more than its count
        # The message says which file and why; a traceback would add nothing.
        log.error("checkpoint.refusal_not_counted", detail=str(error))  # noqa: TRY400


def _check_signer_state(
    app: LedgerApplication,
    state: SignerState,
    origin: str,
    tree: tuple[int, bytes],
    accept_restore: bool,  # noqa: FBT001 - passed through from issue's keyword
) -> tuple[str, str] | None:
    """The tree must extend the signer's last checkpoint; return (note, why) if one is given up."""
    last = state.last(origin)
    if last is None:
        if accept_restore:
            msg = f"nothing to accept: the signer has not signed a checkpoint of {origin} yet"
            raise NothingToAccept(msg)
        return None
    note, held = last
    size, root = tree
    try:
        check_extends(
            held,
            size,
            root,
            _proof(app, held.size, size),
            held_as=f"the signer's last checkpoint (kept in {state.path})",
        )
    except ForkError as fork:
        if accept_restore:
            return note, str(fork)
        raise SigningRefused("signer_state", fork.reason.value, str(fork)) from None
    if accept_restore:
        msg = (
            f"nothing to accept: the ledger extends the signer's last checkpoint "
            f"({describe(held)}); run without --accept-restore"
        )
        raise NothingToAccept(msg)
    return None


def _check_database(app: LedgerApplication, verifier_key: str, size: int, root: bytes) -> None:
    """The tree must extend the largest checkpoint stored, and not clash with one of its size."""
    rows = app.checkpoints.newest(limit=1)
    if rows:
        held_as = f"the largest checkpoint stored in the database (issued {rows[0]['issued_at']})"
        try:
            held = _issued(rows[0]).checkpoint
        except (NoteError, CheckpointError, KeyFormatError, ValueError):
            msg = f"{held_as} does not verify with the key stored beside it: the table was altered"
            raise SigningRefused("database", "unverifiable", msg) from None
        try:
            check_extends(held, size, root, _proof(app, held.size, size), held_as=held_as)
        except ForkError as fork:
            raise SigningRefused("database", fork.reason.value, str(fork)) from None
    same = app.checkpoints.at(size, verifier_key)
    if same is not None and bytes(same["root_hash"]) != root:
        msg = (
            f"a checkpoint of {size:,} entries with another root, signed by this key, is "
            f"stored in the database (issued {same['issued_at']}): history was rewritten"
        )
        raise SigningRefused("database", "conflict", msg)


def _proof(app: LedgerApplication, old_size: int, new_size: int) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(m, D_n) from the stored nodes (empty when there is none)."""
    if not 0 < old_size < new_size:
        return []
    return merkle.consistency_proof(old_size, new_size, app.tree)


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
