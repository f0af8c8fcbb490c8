"""What an issued subject access response records, and how its fields are checked.

A response is frozen at a ledger size: it covers the entries at positions
0 to ``frozen_at - 1`` and nothing after, so rendering it again at that size
gives the same document. Two digests are recorded, one per file the person
may hold: the SHA-256 of the HTML and of the PDF. Either identifies the
letter; a check hashes the file it is given and looks for that digest
(``docs/subject-access.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ledger.domain.errors import ValidationError

SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def sha256_hex(field: str, value: object) -> str:
    """A SHA-256 digest as 64 lower-case hex digits."""
    if not isinstance(value, str) or SHA256_HEX.fullmatch(value) is None:
        raise ValidationError(field, "must be a SHA-256 digest: 64 lower-case hex digits")
    return value


def ledger_size(field: str, value: object) -> int:
    """A number of ledger entries (a size, or a position): a whole number, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(field, "must be a whole number, 0 or more")
    return value


def cited_checkpoint(size: object, root: object, frozen_at: int) -> tuple[int | None, str | None]:
    """The signed checkpoint a response cites: both or neither, and none beyond the response.

    A checkpoint of more entries than the response covers would vouch for
    entries the response does not show; one of fewer is what the DPO had.
    """
    if size is None and root is None:
        return None, None
    if size is None or root is None:
        raise ValidationError("checkpoint_size", "give the checkpoint's size and root together")
    checked = ledger_size("checkpoint_size", size)
    if checked > frozen_at:
        raise ValidationError("checkpoint_size", "must not exceed the size the response covers")
    return checked, sha256_hex("checkpoint_root", root)


@dataclass(frozen=True, slots=True)
class Withholding:
    """One entry withheld from the person's copy, under an exemption, until reviewed."""

    entry_id: str
    position: int
    exemption: str
    reason: str  # sealed once stored: open it only for an authorised reader
    review_date: date
    withheld_on: date
    decided_by: str


@dataclass(frozen=True, slots=True)
class Issued:
    """One response issued: what it covered, its digests and the checkpoint it cites."""

    issued_on: date
    frozen_at: int
    html_sha256: str
    pdf_sha256: str
    checkpoint_size: int | None
    checkpoint_root: str | None
    withheld: tuple[str, ...]
    addressee: str  # sealed once stored: the name and address the letter went to
    issued_by: str
