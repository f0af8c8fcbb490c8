"""Planned accesses and shares: plain data until the replay calls them into aggregates.

A planned record is callable: calling it validates and records the fact
through the domain factory, with a source-system event id drawn at that
moment, so ids rise in the order the facts happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from api.demo.catalogue import PUBLIC_TASK, SYSTEM_CODES, PartnerProfile
from api.demo.plan_timeline import SourceRefs
from api.demo.population import Staff
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.processing import Access, Share

# Special category (Art 9) and criminal offence (Art 10) data: a share of either
# names a condition. The vocabulary treats both alike (vocabulary.py, Term).
SENSITIVE = frozenset(t.id for t in DATA_CATEGORIES if t.special or t.criminal)


def in_order_of(reference: tuple[str, ...], chosen: set[str]) -> tuple[str, ...]:
    """``chosen`` in the order ``reference`` lists them, so records read consistently."""
    return tuple(c for c in reference if c in chosen)


@dataclass(frozen=True, slots=True)
class PlannedAccess:
    at: datetime
    actor: Staff
    subject: str
    categories: tuple[str, ...]
    purpose: str
    justification: str
    refs: SourceRefs
    legal_basis: str = PUBLIC_TASK
    on_behalf_of: str | None = None

    def record(self) -> Access:
        return Access.record(
            occurred_at=self.at,
            actor=self.actor.id,
            actor_role=self.actor.role,
            actor_organisation=self.actor.organisation,
            on_behalf_of=self.on_behalf_of,
            subject=self.subject,
            categories=self.categories,
            purpose=self.purpose,
            legal_basis=self.legal_basis,
            source_system=self.actor.system,
            justification=self.justification,
            source_ref=self.refs.next(f"{SYSTEM_CODES[self.actor.system]}-AUD"),
        )

    def __call__(self) -> tuple[Access]:
        return (self.record(),)


@dataclass(frozen=True, slots=True)
class PlannedShare:
    at: datetime
    actor: Staff
    partner: PartnerProfile
    subjects: tuple[str, ...]
    categories: tuple[str, ...]
    purpose: str
    channel: str
    justification: str
    agreement: str | None
    refs: SourceRefs
    # A mistake the projections should find: sensitive data shared with no condition named.
    omit_conditions: bool = False

    @property
    def sensitive(self) -> bool:
        return not SENSITIVE.isdisjoint(self.categories)

    def conditions(self) -> tuple[str | None, str | None]:
        if self.omit_conditions or not self.sensitive:
            return None, None
        return self.partner.special_condition, self.partner.schedule_1_condition

    def record(self) -> Share:
        special, schedule_1 = self.conditions()
        return Share.record(
            occurred_at=self.at,
            actor=self.actor.id,
            actor_organisation=self.actor.organisation,
            recipient=self.partner.slug,
            subjects=self.subjects,
            categories=self.categories,
            purpose=self.purpose,
            legal_basis=self.partner.legal_basis,
            special_condition=special,
            schedule_1_condition=schedule_1,
            agreement=self.agreement,
            channel=self.channel,
            source_system=self.actor.system,
            justification=self.justification,
            source_ref=self.refs.next(f"{SYSTEM_CODES[self.actor.system]}-SHR"),
        )

    def __call__(self) -> tuple[Share]:
        return (self.record(),)
