"""Natural identifiers of a person, validated and normalised, and their keyed digests.

The ledger never stores these. The subject directory stores only
``HMAC-SHA-256(directory key, kind || 0x1F || normalised value)``, under a
key held outside the database, and maps it to the person's opaque subject
reference. Validation errors name the kind of identifier, never its value.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from enum import StrEnum

from ledger.domain.errors import ValidationError


class Kind(StrEnum):
    NHS = "nhs"  # NHS number: 10 digits, modulus 11 check digit
    NINO = "nino"  # National Insurance number: AB123456C
    UPN = "upn"  # unique pupil number: check letter + 12 digits
    CASE = "case"  # the local case record id (e.g. LiquidLogic's person id)


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: Kind
    value: str  # normalised: no spaces, upper case

    def __repr__(self) -> str:
        # Identifiers must not reach logs or tracebacks through a repr.
        return f"Identifier(kind={self.kind.value!r}, value=<redacted>)"


_NINO = re.compile(r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")
_UPN = re.compile(r"[A-Z]\d{12}")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # DfE: 23 letters, no I, O or S
_CASE = re.compile(r"[A-Z0-9][A-Z0-9._/-]{0,63}")


def nhs_check_digit(first_nine: str) -> int | None:
    """Modulus 11 over the first nine digits, weights 10..2; None where 10 (no valid number)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def upn_check_letter(twelve: str) -> str:
    """DfE: sum of digit x weight (2..13) over the 12 digits, mod 23, as a letter."""
    total = sum(int(d) * w for d, w in zip(twelve, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23]


def _check_nhs(normal: str) -> None:
    if not (len(normal) == 10 and normal.isdigit()):
        raise ValidationError("nhs", "an NHS number is 10 digits")
    if nhs_check_digit(normal[:9]) != int(normal[9]):
        raise ValidationError("nhs", "the NHS number's check digit is wrong")


def _check_nino(normal: str) -> None:
    if not _NINO.fullmatch(normal):
        raise ValidationError(
            "nino", "a National Insurance number is two letters, six digits and A-D, e.g. AB123456C"
        )


def _check_upn(normal: str) -> None:
    if not _UPN.fullmatch(normal):
        raise ValidationError("upn", "a unique pupil number is a letter and 12 digits")
    if upn_check_letter(normal[1:]) != normal[0]:
        raise ValidationError("upn", "the unique pupil number's check letter is wrong")


def _check_case(normal: str) -> None:
    if not _CASE.fullmatch(normal):
        raise ValidationError(
            "case", "a case record id is 1-64 letters, digits, '.', '_', '/', '-'"
        )


_CHECKS = {
    Kind.NHS: _check_nhs,
    Kind.NINO: _check_nino,
    Kind.UPN: _check_upn,
    Kind.CASE: _check_case,
}


def parse(kind: Kind | str, value: object) -> Identifier:
    """Validate and normalise one identifier of ``kind``."""
    try:
        which = Kind(kind)
    except ValueError:
        raise ValidationError("kind", "unknown identifier kind", [k.value for k in Kind]) from None
    if not isinstance(value, str):
        raise ValidationError(which.value, "must be text")
    # Spaces and hyphens are how people write these numbers; a case id keeps its hyphens.
    normal = value.strip().upper() if which is Kind.CASE else re.sub(r"[\s-]", "", value).upper()
    _CHECKS[which](normal)
    return Identifier(which, normal)


# -- Natural identifiers written where none belong ---------------------------
# Every field but the directory's holds references, slugs, staff ids and names
# of organisations, never a person's natural identifier: an NI number typed as
# an actor would sit in an immutable entry for ever. These find one written
# anywhere in a value, the way people write them (spaces, hyphens, any case),
# bounded so that a longer run of digits or letters is not read as one. Only a
# number whose check digit or letter is right counts, so a random ten-digit
# run is taken for an NHS number about one time in eleven: a source system
# whose ids are bare ten-digit numbers (a Unix time, say) should prefix them.
_NHS_WRITTEN = re.compile(r"(?<![0-9])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![0-9])")
_NINO_WRITTEN = re.compile(
    r"(?<![A-Z0-9])((?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])"
    r" ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Z0-9])"
)
_UPN_WRITTEN = re.compile(r"(?<![A-Z0-9])([A-Z])(\d{12})(?![0-9])")


def natural_identifier_in(value: str) -> Kind | None:
    """The kind of the first NHS number, NI number or UPN written in ``value``, if any."""
    upper = value.upper()
    for match in _NHS_WRITTEN.finditer(upper):
        digits = "".join(match.groups())
        if nhs_check_digit(digits[:9]) == int(digits[9]):
            return Kind.NHS
    if _NINO_WRITTEN.search(upper) is not None:
        return Kind.NINO
    for match in _UPN_WRITTEN.finditer(upper):
        if upn_check_letter(match.group(2)) == match.group(1):
            return Kind.UPN
    return None


def digest(key: bytes, identifier: Identifier) -> str:
    """The keyed digest the directory stores in place of the identifier."""
    message = identifier.kind.value.encode() + b"\x1f" + identifier.value.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
