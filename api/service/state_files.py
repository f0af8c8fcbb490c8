"""Small JSON state files kept beside a key: what a signer or a witness remembers.

A signer or witness that forgets what it signed can be made to sign a fork,
so its memory lives outside the database it vouches for, in a file next to
its key, and is treated with the same care:

- read strictly: a file that is not what this code wrote is an error, never
  an empty memory (a corrupted state must not let a fork through);
- written atomically: a new file in the same directory (mode 0600), written,
  ``fsync``-ed, renamed over the old one, then the directory ``fsync``-ed, so
  a crash leaves either the old state or the new, never half of one;
- changed under an exclusive ``flock`` on ``<file>.lock``, so two processes
  signing with one key (``serve`` and a timer, say) cannot both read the
  same state and the later write lose the larger checkpoint.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ledger.storage.config import ConfigurationError


class StateFileError(ConfigurationError):
    """A state file cannot be read, parsed or written."""


def read_state(path: Path, format_name: str) -> dict[str, Any] | None:
    """The state in ``path``, or None if there is no file yet; raise if it is not ours."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        msg = f"cannot read the state file {path}: {error.strerror}"
        raise StateFileError(msg) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        document = None
    if not isinstance(document, dict) or document.get("format") != format_name:
        msg = (
            f"{path} is not a {format_name!r} state file; it is never overwritten or "
            "ignored (restore it, or move it aside deliberately)"
        )
        raise StateFileError(msg)
    return document


def write_state(path: Path, document: dict[str, Any]) -> None:
    """Replace ``path`` with ``document``, atomically and durably (mode 0600)."""
    directory = path.parent
    temporary = directory / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    data = (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        _fsync_directory(directory)
    except OSError as error:
        msg = f"cannot write the state file {path}: {error.strerror}"
        raise StateFileError(msg) from None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` (created 0600) while the state is changed."""
    lock = path.with_name(path.name + ".lock")
    try:
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        msg = f"cannot open the lock file {lock}: {error.strerror}"
        raise StateFileError(msg) from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
