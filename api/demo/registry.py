"""The first step of every demo: the council and its partners, and their agreements."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate

from api.demo.catalogue import COUNCIL, COUNCIL_NAME, AgreementTerms, PartnerProfile
from api.demo.partner_network import PARTNERS
from api.demo.period import add_months
from ledger.domain.partners import Agreement, Partner


def signed_on(terms: AgreementTerms, until: date) -> date:
    return add_months(until, -terms.signed_months_ago)


def agreement_reference(terms: AgreementTerms, until: date) -> str:
    return f"ISA-{terms.code}-{signed_on(terms, until).year}"


def agreement_references(until: date) -> dict[str, str]:
    """Partner slug -> the reference staff cite when sharing with it."""
    return {
        p.slug: agreement_reference(p.agreement, until) for p in PARTNERS if p.agreement is not None
    }


def registry_events() -> int:
    return 1 + len(PARTNERS) + sum(1 for p in PARTNERS if p.agreement is not None)


def _agreement(profile: PartnerProfile, terms: AgreementTerms, until: date) -> Agreement:
    valid_from = signed_on(terms, until)
    expired = terms.expired_months_ago
    return Agreement.register(
        reference=agreement_reference(terms, until),
        partner=profile.slug,
        categories=profile.categories,
        purposes=profile.purposes,
        legal_basis=profile.legal_basis,
        valid_from=valid_from,
        # Some reviews fall before `until`: overdue reviews are part of the picture.
        review_date=add_months(valid_from, terms.review_after_months),
        valid_to=None if expired is None else add_months(until, -expired),
        special_condition=profile.special_condition,
        schedule_1_condition=profile.schedule_1_condition,
    )


def register(until: date) -> list[Aggregate]:
    """The council, every partner, and every agreement, as new aggregates."""
    council = Partner.register(
        organisation=COUNCIL,
        name=COUNCIL_NAME,
        partner_type="sl:LocalAuthority",
        competent_authority=False,
    )
    partners = [
        Partner.register(
            organisation=p.slug,
            name=p.name,
            partner_type=p.partner_type,
            competent_authority=p.competent_authority,
        )
        for p in PARTNERS
    ]
    agreements = [_agreement(p, p.agreement, until) for p in PARTNERS if p.agreement is not None]
    return [council, *partners, *agreements]
