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


# DPA 2018 s.10 says where processing under Art 9(2) also needs a Schedule 1
# condition, and in which Part: s.10(2) for Art 9(2)(b), (h), (i) and (j), a
# condition in Part 1; s.10(3) for Art 9(2)(g), a condition in Part 2. Art
# 9(2)(a), (c), (d), (e) and (f) need none. s.10(5): criminal offence data
# (Art 10) needs a condition in Part 1, 2 or 3.
_PARTS_FOR_ART9: dict[str, tuple[str, str]] = {
    "eu-gdpr:A9-2-b": ("1", "s.10(2)"),
    "eu-gdpr:A9-2-h": ("1", "s.10(2)"),
    "eu-gdpr:A9-2-i": ("1", "s.10(2)"),
    "eu-gdpr:A9-2-j": ("1", "s.10(2)"),
    "eu-gdpr:A9-2-g": ("2", "s.10(3)"),
}


def _part(condition: str) -> str | None:
    """The Part of Schedule 1 a condition is in (``sl:DPA2018-S1-P2-18`` -> "2")."""
    prefix = "sl:DPA2018-S1-P"
    if not condition.startswith(prefix):
        return None
    return condition.removeprefix(prefix).partition("-")[0]


def schedule_1_problem(
    *, special: bool, criminal: bool, special_condition: str | None, schedule_1: str | None
) -> str | None:
    """Why the processing lacks the Schedule 1 condition DPA 2018 s.10 requires; None if not."""
    if special and special_condition in _PARTS_FOR_ART9:
        part, section = _PARTS_FOR_ART9[special_condition]
        point = f"Art 9(2)({special_condition.rpartition('-')[2]})"
        if schedule_1 is None:
            return (
                f"special category data shared under {point} without the DPA 2018 "
                f"Schedule 1 Part {part} condition {section} requires"
            )
        if _part(schedule_1) != part:
            return (
                f"special category data shared under {point} with a Schedule 1 condition "
                f"outside Part {part}, which {section} requires"
            )
    if criminal and (schedule_1 is None or _part(schedule_1) not in ("1", "2", "3")):
        return "criminal offence data shared without a DPA 2018 Schedule 1 condition (s.10(5))"
    return None
