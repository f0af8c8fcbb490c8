"""The privacy notice's retention schedule, as rules, and what is due for disposal.

From the privacy notice ("How long will you keep this data for and why?"). Each rule
says what starts its clock and for how long. The directory keeps only the
date a subject's records fall due (not the birth date or closure date that
produced it: less personal data), and a legal hold suspends disposal.

Protection of vulnerable adults: the notice gives "between 10 years to 30
years". We keep such records 10 years from the closure of the case, and 30
years where the case involved an allegation of abuse or a safeguarding
adults review, the longer period that such inquiries can need. The two are
separate rules so the choice is recorded per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ledger.domain.deadlines import add_months
from ledger.domain.errors import ValidationError


class Trigger(StrEnum):
    BIRTH = "date of birth"
    CLOSURE = "closure of the case"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    label: str
    years: int
    trigger: Trigger
    source: str


_NOTICE = "Supporting Families privacy notice, 'How long will you keep this data for and why?'"

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("adult-social-care", "Adult social care", 6, Trigger.CLOSURE, _NOTICE),
        Rule("looked-after-children", "Looked-after children", 75, Trigger.BIRTH, _NOTICE),
        Rule("special-educational-needs", "Special educational needs", 31, Trigger.BIRTH, _NOTICE),
        Rule("children-other", "All other issues relating to children", 25, Trigger.BIRTH, _NOTICE),
        Rule(
            "vulnerable-adults",
            "Protection of vulnerable adults",
            10,
            Trigger.CLOSURE,
            _NOTICE + " (10 to 30 years: the lower bound for a case without allegations)",
        ),
        Rule(
            "vulnerable-adults-serious",
            "Protection of vulnerable adults: allegations or a safeguarding adults review",
            30,
            Trigger.CLOSURE,
            _NOTICE + " (10 to 30 years: the upper bound)",
        ),
        Rule("mental-health-support", "Mental health support", 20, Trigger.CLOSURE, _NOTICE),
    )
}


def rule(rule_id: object) -> Rule:
    if not isinstance(rule_id, str) or rule_id not in RULES:
        raise ValidationError("retention_rule", "unknown retention rule", sorted(RULES))
    return RULES[rule_id]


def dispose_on(rule_id: str, trigger_date: date) -> date:
    """The day the records fall due: the trigger date plus the rule's years (calendar)."""
    return add_months(trigger_date, 12 * rule(rule_id).years)


@dataclass(frozen=True, slots=True)
class Assignment:
    subject: str
    rule: str
    dispose_on: date
    legal_hold: str | None  # the hold's reference, e.g. a litigation case number


def due(assignments: list[Assignment], today: date) -> list[Assignment]:
    """Assignments whose date has come and that no legal hold suspends, oldest first."""
    return sorted(
        (a for a in assignments if a.dispose_on <= today and a.legal_hold is None),
        key=lambda a: (a.dispose_on, a.subject),
    )
