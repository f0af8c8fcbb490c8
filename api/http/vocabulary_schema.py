"""The closed vocabularies as OpenAPI enums, generated from the domain's own term lists.

A generated client then offers the allowed terms (one named enum per
vocabulary, e.g. ``DataCategory``), and a body that is valid against the
document is not refused for an unknown term. The domain still validates
every term (ledger.domain.vocabulary): a value outside the enum gets the
domain's 422, naming the field and the allowed terms, as in a batch.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import PlainValidator

from ledger.domain import lawful
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.procedure_terms import (
    CHANNELS,
    COMPLAINANTS,
    COMPLAINT_ISSUES,
    COMPLAINT_OUTCOMES,
    DECLINE_REASONS,
    ICO_DECISIONS,
    OBJECTION_OUTCOMES,
    PARTNER_TYPES,
    REQUEST_KINDS,
    RESTRICTION_EXCEPTIONS,
    RESTRICTION_GROUNDS,
)
from ledger.domain.processing_terms import PURPOSES, SCHEDULE_1_CONDITIONS

# Enum name -> its terms, in the domain's order.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "DataCategory": DATA_CATEGORIES.ids,
    "Purpose": PURPOSES.ids,
    "LawfulBasis": lawful.ART6_BASES,  # Art 6(1)
    "SpecialCondition": lawful.ART9_CONDITIONS,  # Art 9(2)
    "Schedule1Condition": SCHEDULE_1_CONDITIONS.ids,  # DPA 2018 Sch 1
    "Channel": CHANNELS.ids,
    "DeclineReason": DECLINE_REASONS.ids,
    "RestrictionGround": RESTRICTION_GROUNDS.ids,  # Art 18(1)
    "RestrictionException": RESTRICTION_EXCEPTIONS.ids,  # Art 18(2)
    "ObjectionOutcome": OBJECTION_OUTCOMES.ids,  # Art 21(1)
    "RightsRequestKind": REQUEST_KINDS.ids,
    "PartnerType": PARTNER_TYPES.ids,
    "Complainant": COMPLAINANTS.ids,
    "ComplaintIssue": COMPLAINT_ISSUES.ids,
    "ComplaintOutcome": COMPLAINT_OUTCOMES.ids,  # DPA 2018 s.164A
    "ICODecision": ICO_DECISIONS.ids,
}

# Command field -> the vocabulary its terms come from (the field names the domain's
# signatures use, the same in every command that has them).
FIELDS: dict[str, str] = {
    "categories": "DataCategory",
    "purpose": "Purpose",
    "purposes": "Purpose",
    "legal_basis": "LawfulBasis",
    "lawful_basis": "LawfulBasis",
    "special_condition": "SpecialCondition",
    "schedule_1_condition": "Schedule1Condition",
    "channel": "Channel",
    "reasons": "DeclineReason",
    "ground": "RestrictionGround",
    "exception": "RestrictionException",
    "outcome": "ObjectionOutcome",
    "kind": "RightsRequestKind",
    "partner_type": "PartnerType",
    "complainant": "Complainant",
    "issues": "ComplaintIssue",
    "decision": "ICODecision",
}

# Where one field name holds terms of different vocabularies in different
# commands: (command, field) -> vocabulary, before FIELDS is consulted.
COMMAND_FIELDS: dict[tuple[str, str], str] = {
    ("close_complaint", "outcome"): "ComplaintOutcome",
}


def vocabulary_of(command: str, field: str) -> str | None:
    """The vocabulary a command's field takes its terms from, if it is a closed one."""
    return COMMAND_FIELDS.get((command, field), FIELDS.get(field))


@cache
def term_enum(name: str) -> type[StrEnum]:
    """The enum of one vocabulary's terms (for the document; members are the term ids)."""
    return StrEnum(name, [(term, term) for term in VOCABULARIES[name]])  # type: ignore[return-value] # the functional API is typed as returning the base class


def _as_sent(value: Any) -> Any:
    # The value goes on to the domain unchanged: the domain refuses an unknown
    # term in its own words (field, reason, allowed terms).
    return value


def term_field(name: str, *, many: bool = False, optional: bool = False) -> Any:
    """The type of a field holding one (or, with ``many``, a list of) ``name`` term(s)."""
    documented: Any = term_enum(name)
    if many:
        documented = list[documented]
    if optional:
        documented = documented | None
    return Annotated[Any, PlainValidator(_as_sent, json_schema_input_type=documented)]
