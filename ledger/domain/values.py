"""Validation of the plain values events carry: references, names, times, text.

Events hold only JSON-friendly values (str, int, bool, None, date, datetime,
UUID and flat tuples of str) so that the stored bytes stay simple to decode in
another language. These functions check a command's arguments before any
event is triggered; they never echo the offending value back, because it may
be personal data (a name typed into the wrong field, an NHS number).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from ledger.domain.errors import ValidationError
from ledger.privacy.identifiers import Kind, natural_identifier_in

# A subject reference is the opaque pseudonym of one person: "sr_" and 26
# base32 characters (130 bits, e.g. a truncated keyed HMAC of a natural
# identifier). The fixed shape means an NHS number, NI number or name cannot be
# passed where a reference belongs.
SUBJECT_REF = re.compile(r"sr_[a-z2-7]{26}")
# Organisations are short lowercase slugs, e.g. "cheshire-constabulary".
ORGANISATION = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
# Staff and system identifiers as the source system knows them (usernames,
# staff numbers, service accounts): no spaces, so no free-text names.
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}")
# Human-chosen references for agreements, requests and cases: "ISA-2024-07".
REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")

MAX_TEXT = 4000
MAX_SUBJECTS_PER_SHARE = 500

# -- The window of times and dates --------------------------------------------
# Every time the ledger records is an instant in this window, judged in UTC
# whatever offset it was given with, and every date a day in the matching
# window. Python's datetime ends at years 1 and 9999 and an offset reaches
# +-23:59, so a time near either end overflows when a read model converts it to
# UTC: "0001-01-01T00:00:00+14:00" once stopped every read model (issue #14).
# 9998 leaves a year above the last instant for what reports add to it (Art
# 12(3): three months, then the next working day; a receipt's overdue days).
# 1900 is before any case record system, so a year-1 placeholder or a
# two-digit year ("0026-03-02") is refused at the door instead of recorded.
# How far in the future a time may be is the application's check, against
# its clock (LedgerApplication._refuse_future); agreements may end far ahead.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
END = datetime(9999, 1, 1, tzinfo=UTC)  # the first instant after the window
FIRST_DAY = EARLIEST.date()
LAST_DAY = date(9998, 12, 31)

# -- Characters ------------------------------------------------------------------
# No field holds NUL (a PostgreSQL text value cannot), an unpaired surrogate
# (not Unicode: it has no UTF-8 form, so it can be neither sealed nor stored)
# or a C0 or C1 control character or DEL (never part of what a person writes;
# terminals and log viewers act on them). Free text keeps tab, line feed and
# carriage return; a single-line field keeps none of them, nor U+2028/U+2029.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_IN_TEXT = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAK_OR_CONTROL = re.compile("[\x01-\x1f\x7f-\x9f\u2028\u2029]")

# Namespace for identifiers derived from natural keys (partner slugs,
# agreement references, source-system event ids), so that recording the same
# thing twice collides on the aggregate's primary key instead of duplicating.
LEDGER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:x-sharing-ledger:ids")


def derived_id(kind: str, *key: str) -> UUID:
    """Return the stable aggregate id for a natural key of the given kind."""
    return uuid5(LEDGER_NAMESPACE, "\x1f".join((kind, *key)))


def _require_pattern(field: str, value: object, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        raise ValidationError(field, f"must be {what}")
    return value


_WRITTEN_AS = {
    Kind.NHS: "an NHS number",
    Kind.NINO: "a National Insurance number",
    Kind.UPN: "a unique pupil number",
    Kind.CASE: "a case record id",
}


def _without_natural_identifier(field: str, value: str) -> str:
    """Refuse an NHS, NI or pupil number in a structured field (see privacy.identifiers).

    The message names the kind, never the value: the value is the personal data.
    """
    kind = natural_identifier_in(value)
    if kind is not None:
        raise ValidationError(
            field,
            f"must not hold what looks like {_WRITTEN_AS[kind]}: natural identifiers are "
            "kept only in the subject directory (use the person's subject reference)",
        )
    return value


def subject_ref(field: str, value: object) -> str:
    return _require_pattern(
        field, value, SUBJECT_REF, "a subject reference: 'sr_' and 26 base32 characters"
    )


def subject_refs(field: str, values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValidationError(field, "must be a list of subject references")
    refs = tuple(values)
    if not refs:
        raise ValidationError(field, "must name at least one subject")
    if len(refs) > MAX_SUBJECTS_PER_SHARE:
        raise ValidationError(field, f"must name at most {MAX_SUBJECTS_PER_SHARE} subjects")
    for ref in refs:
        subject_ref(field, ref)
    if len(set(refs)) != len(refs):
        raise ValidationError(field, "must not repeat a subject")
    return refs


COUNTRY = re.compile(r"[A-Z]{2}")


def country(field: str, value: object) -> str:
    return _require_pattern(field, value, COUNTRY, "an ISO 3166-1 alpha-2 country code, e.g. GB")


def organisation(field: str, value: object) -> str:
    slug = _require_pattern(
        field, value, ORGANISATION, "an organisation slug (lowercase letters, digits, hyphens)"
    )
    return _without_natural_identifier(field, slug)


def identifier(field: str, value: object) -> str:
    checked = _require_pattern(
        field, value, IDENTIFIER, "an identifier of 1-128 characters without spaces"
    )
    return _without_natural_identifier(field, checked)


_A_REFERENCE = "a reference of 1-64 letters, digits, '.', '_', '/', '-'"


def reference(field: str, value: object) -> str:
    return _without_natural_identifier(
        field, _require_pattern(field, value, REFERENCE, _A_REFERENCE)
    )


def _storable(field: str, value: str) -> str:
    """Text every store can hold and every encoder can write (see Characters above)."""
    if "\x00" in value:
        raise ValidationError(field, "must not contain a NUL character")
    if _SURROGATE.search(value) is not None:
        raise ValidationError(field, "must be Unicode text: no unpaired surrogate code points")
    return value


def text(field: str, value: object, *, required: bool = True) -> str:
    """Free text (a justification, an explanation): bounded, and present if required.

    Tab and line breaks are kept; other control characters are refused.
    """
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    if required and not value.strip():
        raise ValidationError(field, "must not be empty")
    if len(value) > MAX_TEXT:
        raise ValidationError(field, f"must be at most {MAX_TEXT} characters")
    if _CONTROL_IN_TEXT.search(_storable(field, value)) is not None:
        raise ValidationError(
            field, "must not contain control characters (tab and line breaks are allowed)"
        )
    return value


def single_line(field: str, value: object) -> str:
    """Text on one line: no line break, tab or other control character at all."""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    if _BREAK_OR_CONTROL.search(_storable(field, value)) is not None:
        raise ValidationError(field, "must be a single line, without control characters")
    return value


def label(field: str, value: object) -> str:
    """A short single-line name (an organisation's name), never personal data."""
    if not isinstance(value, str) or not value.strip() or len(value) > 200 or "\n" in value:
        raise ValidationError(field, "must be a single line of 1-200 characters")
    return _without_natural_identifier(field, single_line(field, value))


def aware(field: str, value: object) -> datetime:
    """A date and time with its offset, within the window (judged in UTC, see above)."""
    if not isinstance(value, datetime):
        raise ValidationError(field, "must be a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, "must include a time zone offset")
    # Compared as instants: the comparison subtracts offsets without building a
    # datetime, so it cannot overflow where astimezone(UTC) would.
    if not EARLIEST <= value < END:
        raise ValidationError(
            field, "must lie from 1900-01-01T00:00:00Z to 9998-12-31T23:59:59.999999Z (in UTC)"
        )
    return value


def calendar_date(field: str, value: object) -> date:
    """A date (not a datetime) within the window of days (see above)."""
    # datetime is a subclass of date; a datetime here is almost always a mistake.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(field, "must be a calendar date")
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(field, "must lie from 1900-01-01 to 9998-12-31")
    return value


def not_before(field: str, value: date, earliest: date, what: str) -> None:
    if value < earliest:
        raise ValidationError(field, f"must not be before {what}")


def optional_link(field: str, value: object, what: str) -> UUID | None:
    """An optional id of another aggregate (e.g. the rights request behind a change)."""
    if value is not None and not isinstance(value, UUID):
        raise ValidationError(field, f"must be the id of {what}")
    return value


def new_id(kind: str, reference: str | None) -> UUID:
    """A fresh aggregate id, or, given a caller's reference ("RST-2026-0042"), a stable one.

    A stable id makes recording the same case twice collide rather than duplicate.
    """
    if reference is None:
        return uuid4()
    # Checked here too: the id is derived (UTF-8 encoded) before the event's fields are.
    return derived_id(kind, _require_pattern("reference", reference, REFERENCE, _A_REFERENCE))
