"""The fictional council's fixed terms: its name, its systems, category groups, partner shapes.

Terms are the closed vocabularies' ids (ledger.domain.vocabulary); the
partners themselves are listed in :mod:`api.demo.partner_network`.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNCIL = "westshire-council"
COUNCIL_NAME = "Westshire Council"

ANY, ADULT, CHILD = "any", "adult", "child"

# Categories that say who a person is rather than what is going on in their life.
IDENTIFYING = frozenset(
    {
        "pd:Name",
        "pd:BirthDate",
        "pd:PhysicalAddress",
        "pd:PostalCode",
        "pd:Gender",
        "sl:NHSNumber",
        "sl:NationalInsuranceNumber",
        "sl:UniquePupilNumber",
    }
)
IDENTITY = ("pd:Name", "pd:BirthDate", "pd:PhysicalAddress")

# The privacy notice's National Impact Study return, category by category.
NIS_CATEGORIES = (
    "pd:Name",
    "pd:BirthDate",
    "pd:Gender",
    "pd:PostalCode",
    "sl:NationalInsuranceNumber",
    "sl:UniquePupilNumber",
    "sl:EligibilityProblems",
    "sl:InterventionStatus",
    "sl:FamilyProgressData",
)
NIS_PURPOSE = "dpv:ResearchAndDevelopment"
MHCLG_CATEGORIES = ("sl:FamilyProgressData", "sl:EligibilityProblems", "sl:InterventionStatus")
MHCLG_PURPOSE = "sl:ProgrammeEvaluation"

PUBLIC_TASK = "eu-gdpr:A6-1-e"
LEGAL_OBLIGATION = "eu-gdpr:A6-1-c"

# Source systems and the prefix of the event ids each one writes in its audit log.
LIQUIDLOGIC = "liquidlogic"
EARLY_HELP = "early-help-module"
MOSAIC = "mosaic"
CAPITA_ONE = "capita-one"
SYSTEM_CODES = {LIQUIDLOGIC: "LL", EARLY_HELP: "EHM", MOSAIC: "MOS", CAPITA_ONE: "ONE"}


@dataclass(frozen=True, slots=True)
class AgreementTerms:
    """When an agreement was signed and is due for review, in months relative to ``until``."""

    code: str
    signed_months_ago: int
    review_after_months: int
    expired_months_ago: int | None = None


@dataclass(frozen=True, slots=True)
class PartnerProfile:
    """A partner agency, what an agreement with it covers, and how often it is shared with.

    ``categories`` .. ``schedule_1_condition`` are the agreement's terms; a
    partner without an agreement keeps them too, as what staff would cite.
    """

    slug: str
    name: str
    partner_type: str
    categories: tuple[str, ...]
    purposes: tuple[str, ...]
    special_condition: str | None
    schedule_1_condition: str | None
    agreement: AgreementTerms | None
    weight: int
    channels: tuple[str, ...]
    family_share: float
    audience: str
    reasons: tuple[str, ...]
    competent_authority: bool = False
    legal_basis: str = PUBLIC_TASK

    @property
    def topical(self) -> tuple[str, ...]:
        return tuple(c for c in self.categories if c not in IDENTIFYING)

    @property
    def identifying(self) -> tuple[str, ...]:
        return tuple(c for c in self.categories if c in IDENTIFYING)
