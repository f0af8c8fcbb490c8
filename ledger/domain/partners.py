"""Partner agencies and the information sharing agreements that cover them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import lawful, values
from ledger.domain.errors import ValidationError
from ledger.domain.vocabulary import DATA_CATEGORIES, PARTNER_TYPES, PURPOSES


def partner_id(organisation: str) -> UUID:
    """The aggregate id of a partner: one registration per organisation slug."""
    return values.derived_id("partner", organisation)


def agreement_id(reference: str) -> UUID:
    """The aggregate id of an agreement: one registration per reference."""
    return values.derived_id("agreement", reference)


class Partner(Aggregate):
    """An organisation the council shares with (or that accesses data itself)."""

    class PartnerRegistered(Aggregate.Created):
        organisation: str
        name: str
        partner_type: str
        # DPA 2018 Part 3 "competent authority" (police, probation): its
        # consultations and disclosures must be logged under s.62.
        competent_authority: bool
        # ISO 3166-1 alpha-2: the notice promises no transfer abroad.
        country: str

    @event(PartnerRegistered)
    def __init__(
        self,
        *,
        organisation: str,
        name: str,
        partner_type: str,
        competent_authority: bool,
        country: str,
    ) -> None:
        self.organisation = organisation
        self.name = name
        self.partner_type = partner_type
        self.competent_authority = competent_authority
        self.country = country

    @classmethod
    def register(
        cls,
        *,
        organisation: str,
        name: str,
        partner_type: str,
        competent_authority: bool,
        country: str = "GB",
    ) -> Partner:
        slug = values.organisation("organisation", organisation)
        if not isinstance(competent_authority, bool):
            raise ValidationError("competent_authority", "must be true or false")
        return cls._create(
            cls.PartnerRegistered,
            id=partner_id(slug),
            organisation=slug,
            name=values.label("name", name),
            partner_type=PARTNER_TYPES.require("partner_type", partner_type),
            competent_authority=competent_authority,
            country=values.country("country", country),
        )


class Agreement(Aggregate):
    """An information sharing agreement: who may receive what, why, on what basis, when."""

    class AgreementRegistered(Aggregate.Created):
        reference: str
        partner: str
        categories: tuple[str, ...]
        purposes: tuple[str, ...]
        legal_basis: str
        special_condition: str | None
        schedule_1_condition: str | None
        valid_from: date
        valid_to: date | None
        review_date: date

    @event(AgreementRegistered)
    def __init__(  # noqa: PLR0913 - one parameter per field of the agreement
        self,
        *,
        reference: str,
        partner: str,
        categories: tuple[str, ...],
        purposes: tuple[str, ...],
        legal_basis: str,
        special_condition: str | None,
        schedule_1_condition: str | None,
        valid_from: date,
        valid_to: date | None,
        review_date: date,
    ) -> None:
        self.reference = reference
        self.partner = partner
        self.valid_from = valid_from
        self.valid_to = valid_to

    @classmethod
    def register(  # noqa: PLR0913
        cls,
        *,
        reference: str,
        partner: str,
        categories: object,
        purposes: object,
        legal_basis: str,
        valid_from: date,
        review_date: date,
        valid_to: date | None = None,
        special_condition: str | None = None,
        schedule_1_condition: str | None = None,
    ) -> Agreement:
        ref = values.reference("reference", reference)
        start = values.calendar_date("valid_from", valid_from)
        end = None if valid_to is None else values.calendar_date("valid_to", valid_to)
        if end is not None:
            values.not_before("valid_to", end, start, "valid_from")
        review = values.calendar_date("review_date", review_date)
        values.not_before("review_date", review, start, "valid_from")
        return cls._create(
            cls.AgreementRegistered,
            id=agreement_id(ref),
            reference=ref,
            partner=values.organisation("partner", partner),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            purposes=PURPOSES.require_all("purposes", purposes),
            legal_basis=lawful.lawful_basis("legal_basis", legal_basis),
            special_condition=lawful.special_condition("special_condition", special_condition),
            schedule_1_condition=lawful.schedule_1_condition(
                "schedule_1_condition", schedule_1_condition
            ),
            valid_from=start,
            valid_to=end,
            review_date=review,
        )
