"""The agreements registry reconciled against actual shares (Art 30, ICO Data Sharing Code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from projections.read_models.share_register import SHARES
from projections.reports.common import ReportContext
from projections.reports.partner_disclosures import AgreementTerms, judge, load_agreements, shares


@dataclass(frozen=True, slots=True)
class AgreementReport:
    terms: AgreementTerms
    shares_under_it: int
    in_force: bool
    review_overdue: bool


@dataclass(frozen=True, slots=True)
class UncoveredRecipient:
    """A partner that received data no agreement covered."""

    organisation: str
    shares: int
    has_current_agreement: bool


@dataclass(frozen=True, slots=True)
class AgreementsReport:
    agreements: tuple[AgreementReport, ...]
    uncovered: tuple[UncoveredRecipient, ...]


def agreements_report(context: ReportContext) -> AgreementsReport:
    today = context.now.date()
    counts = {
        row["agreement"]: int(row["n"])
        for row in context.rows(
            f"SELECT agreement, count(*) AS n FROM {SHARES.name} "
            "WHERE agreement IS NOT NULL GROUP BY agreement"
        )
    }
    terms = load_agreements(context)
    reports = tuple(
        AgreementReport(
            terms=t,
            shares_under_it=counts.get(t.reference, 0),
            in_force=_in_force(t, today),
            review_overdue=t.review_date < today,
        )
        for t in terms
    )
    uncovered: dict[str, int] = {}
    for report in judge(context, shares(context, "1 = 1", []), terms):
        if any("agreement" in flag for flag in report.flags):
            uncovered[report.share.recipient] = uncovered.get(report.share.recipient, 0) + 1
    current = {t.partner for t in terms if _in_force(t, today)}
    return AgreementsReport(
        agreements=reports,
        uncovered=tuple(
            UncoveredRecipient(org, n, org in current) for org, n in sorted(uncovered.items())
        ),
    )


def _in_force(terms: AgreementTerms, today: date) -> bool:
    return terms.valid_from <= today and (terms.valid_to is None or today <= terms.valid_to)
