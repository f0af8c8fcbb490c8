"""Turning failures into one-line messages and exit codes for the command line.

Exit codes: 1 verification found tampering (or read models that differ from
the ledger); 2 bad input or settings; 3 the store cannot be used (unreachable,
wrong schema, database error), or a report's read models cannot answer (one
stalled, the projection worker silent or behind).
Messages never include a value from the input (it may be personal data),
only the field and what is wrong with it.

The exception classes are imported when a command runs, not when this module
is: ``--help`` must not load the service (docs/reference.md, the command line).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

EXIT_TAMPERED = 1
EXIT_BAD_INPUT = 2
EXIT_STORE = 3


def fail(message: str, code: int) -> typer.Exit:
    sys.stderr.write(f"sharing-ledger: error: {message}\n")
    return typer.Exit(code)


Plain = tuple[tuple[tuple[type[Exception], ...], str, int], ...]


def _as_they_stand() -> Plain:
    """Failures whose own message is the line, first match first: the classes, what the
    line starts with, the exit code. Read-model failures name read models, positions
    and code locations, never an entry's values."""
    from api.service.log_signing import NothingToAccept, SigningRefused
    from ledger.application import AlreadyRecorded, NotFound
    from ledger.domain.errors import DomainError
    from ledger.storage.checkpoint_rows import CheckpointConflict
    from ledger.storage.config import ConfigurationError
    from ledger.storage.postgres_admin import StoreUnavailable
    from ledger.storage.schema import SchemaMismatch
    from projections.faults import ReadSideUnavailable

    return (
        ((ConfigurationError, AlreadyRecorded, NotFound), "", EXIT_BAD_INPUT),
        ((DomainError,), "refused, nothing recorded: ", EXIT_BAD_INPUT),
        ((SigningRefused,), "refusing to sign: ", EXIT_TAMPERED),
        ((NothingToAccept,), "--accept-restore: ", EXIT_BAD_INPUT),
        ((CheckpointConflict,), "", EXIT_TAMPERED),
        ((StoreUnavailable, SchemaMismatch, ReadSideUnavailable), "", EXIT_STORE),
    )


@contextmanager
def one_line_errors() -> Iterator[None]:
    import structlog
    from eventsourcing.persistence import PersistenceError

    from ledger.integrity.merkle import MissingNodeError

    as_they_stand = _as_they_stand()
    plain = tuple(kind for kinds, _, _ in as_they_stand for kind in kinds)
    log = structlog.get_logger()
    try:
        yield
    except plain as error:
        prefix, code = next((p, c) for kinds, p, c in as_they_stand if isinstance(error, kinds))
        raise fail(f"{prefix}{error}", code) from None
    except MissingNodeError as error:
        raise fail(
            f"the ledger's Merkle tree is incomplete: {error}; run 'sharing-ledger verify'",
            EXIT_TAMPERED,
        ) from None
    except PersistenceError as error:
        # The library wraps driver errors; their first line names the problem.
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        # No traceback: driver errors can quote statement parameters (personal data).
        log.error("database.error", kind=type(error).__name__)  # noqa: TRY400
        raise fail(f"database error: {first}", EXIT_STORE) from None


def read_text(path: Path) -> str:
    """A file's text, or a one-line error naming the file (exit 2)."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot read {path}: {error.strerror}", EXIT_BAD_INPUT) from None
