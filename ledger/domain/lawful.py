"""Validation of lawful bases (Art 6), conditions (Art 9) and DPA 2018 Sch 1 conditions."""

from __future__ import annotations

from ledger.domain.errors import ValidationError
from ledger.domain.processing_terms import LEGAL_BASES, SCHEDULE_1_CONDITIONS

ART6_BASES = tuple(t for t in LEGAL_BASES.ids if t.startswith("eu-gdpr:A6-"))
ART9_CONDITIONS = tuple(t for t in LEGAL_BASES.ids if t.startswith("eu-gdpr:A9-"))


def lawful_basis(field: str, value: object) -> str:
    """An Art 6(1) lawful basis: every processing needs exactly one."""
    if value not in ART6_BASES:
        raise ValidationError(field, "must be an Art 6(1) lawful basis", ART6_BASES)
    return str(value)


def special_condition(field: str, value: object) -> str | None:
    """An optional Art 9(2) condition (needed when special category data is involved)."""
    if value is None:
        return None
    if value not in ART9_CONDITIONS:
        raise ValidationError(field, "must be an Art 9(2) condition", ART9_CONDITIONS)
    return str(value)


def schedule_1_condition(field: str, value: object) -> str | None:
    """An optional DPA 2018 Schedule 1 condition."""
    if value is None:
        return None
    return SCHEDULE_1_CONDITIONS.require(field, value)
