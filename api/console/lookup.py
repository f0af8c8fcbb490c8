"""Finding a person: the identifiers the console accepts, and why someone is looking.

Today a person is found by their pseudonymous subject reference. The form is
built from :data:`IDENTIFIER_KINDS`, so a natural identifier (NHS number,
National Insurance number, case id) is one more entry whose ``resolve``
asks the subject directory for the reference; the identifier travels only in
the POST body, never in a URL or a log, and the page the browser is sent to
names the person by reference alone.

The reason for looking is chosen from a fixed list (:data:`REASONS`), never
typed, so no free text (which could hold personal data) reaches the ledger
through the recorded read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api.service import person_details
from api.service.composition import Service
from api.service.directory_lookups import look_up
from api.service.recorded_reads import Reader
from ledger.domain.errors import ValidationError
from ledger.domain.values import SUBJECT_REF
from ledger.privacy.identifiers import Kind, parse


class LookupProblem(Exception):
    """The identifier cannot be used; the message says how to correct it (never echoes it)."""


@dataclass(frozen=True, slots=True)
class IdentifierKind:
    value: str  # the form's value for this kind
    label: str
    hint: str
    # The subject reference, or LookupProblem; a directory lookup is recorded as ``reader``'s.
    resolve: Callable[[Service, str, Reader], str]
    directory: bool = True  # asks the subject directory (the API's subjects.resolve group)

    def masked(self, text: str) -> str | None:
        """What the person's page may say they were found by: the kind and the last four
        characters, never the whole identifier (None for a subject reference)."""
        if not self.directory:
            return None
        kind = Kind(self.value)
        try:
            value = parse(kind, text).value
        except ValidationError:
            return None
        shown = value[-4:] if len(value) >= 8 else ""  # a short id is not shown at all
        return f"{self.label}, ending {shown}" if shown else f"{self.label} (hidden)"


def _subject_reference(service: Service, text: str, _reader: Reader) -> str:
    reference = text.strip().lower()
    if not reference:
        raise LookupProblem("Enter the person's subject reference")
    if SUBJECT_REF.fullmatch(reference) is None:
        raise LookupProblem(
            "Enter a subject reference in the right format: sr_ then 26 letters a to z "
            "and digits 2 to 7"
        )
    if not person_details.known(service, reference):
        raise LookupProblem("There is no such person in this ledger: check the reference")
    return reference


def _from_directory(kind: Kind, label: str) -> Callable[[Service, str, Reader], str]:
    """Resolve a natural identifier through the subject directory (keyed digests only)."""

    def resolve(service: Service, text: str, reader: Reader) -> str:
        if not text.strip():
            raise LookupProblem(f"Enter the person's {label}")
        try:
            identifier = parse(kind, text)
        except ValidationError as error:
            # The reason says what shape is expected; it never quotes the value.
            raise LookupProblem(error.reason[:1].upper() + error.reason[1:]) from None
        subject = look_up(service, identifier, reader)  # recorded, found or not
        if subject is None:
            raise LookupProblem(f"No person with that {label} is in the subject directory")
        return subject

    return resolve


IDENTIFIER_KINDS: tuple[IdentifierKind, ...] = (
    IdentifierKind(
        "subject-reference",
        "Subject reference",
        "The ledger's pseudonymous reference, for example sr_dae7u4rnxckhuwqbyawclltaqc",
        _subject_reference,
        directory=False,
    ),
    IdentifierKind(
        "nhs",
        "NHS number",
        "10 digits, spaces allowed, for example 943 476 5919",
        _from_directory(Kind.NHS, "NHS number"),
    ),
    IdentifierKind(
        "nino",
        "National Insurance number",
        "Two letters, six digits and a letter, for example QQ 12 34 56 C",
        _from_directory(Kind.NINO, "National Insurance number"),
    ),
    IdentifierKind(
        "upn",
        "Unique pupil number",
        "A letter and 12 digits",
        _from_directory(Kind.UPN, "unique pupil number"),
    ),
    IdentifierKind(
        "case",
        "Case record id",
        "The id in the case record system",
        _from_directory(Kind.CASE, "case record id"),
    ),
)

REASONS: dict[str, str] = {
    "sar": "subject access request",
    "complaint": "complaint investigation",
    "restriction": "restriction compliance review",
    "rights": "rights request",
    "ico": "ICO investigation",
    "audit": "audit of access",
}
DEFAULT_REASON = "sar"


def identifier_kind(value: str | None) -> IdentifierKind | None:
    if value is None or value == "":
        return IDENTIFIER_KINDS[0]
    return next((k for k in IDENTIFIER_KINDS if k.value == value), None)


def reason_key(value: str | None) -> str:
    """A known reason's key; anything else falls back to the default."""
    return value if value is not None and value in REASONS else DEFAULT_REASON
