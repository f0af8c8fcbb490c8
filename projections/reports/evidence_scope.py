"""Which entries an evidence bundle for one person, restriction or partner must hold.

The read models say which aggregates concern the scope; the bundle then
carries every entry of those aggregates (so a restriction comes with its
whole lifecycle) straight from the ledger, with proofs.
"""

from __future__ import annotations

from uuid import UUID

from ledger.domain.partners import agreement_id, partner_id
from ledger.integrity.evidence import ScopeKind
from projections.read_models.activity_log import ACTIVITY
from projections.read_models.change_log import OBJECTIONS, RECTIFICATIONS, RESTRICTIONS
from projections.read_models.request_log import REQUESTS
from projections.read_models.share_register import AGREEMENTS, SHARES
from projections.reports.common import ReportContext
from projections.reports.restriction_verdicts import restriction_report


def _ids(context: ReportContext, query: str, value: str) -> set[UUID]:
    return {UUID(str(row["id"])) for row in context.rows(query, [value])}


def scope_aggregates(context: ReportContext, kind: ScopeKind, value: str) -> set[UUID]:
    """The ids of every aggregate the scope concerns (empty if it names nothing)."""
    if kind is ScopeKind.SUBJECT:
        return set().union(
            _ids(
                context, f"SELECT entry_id AS id FROM {ACTIVITY.name} WHERE subject = {{p}}", value
            ),
            *(
                _ids(context, f"SELECT {key} AS id FROM {table} WHERE subject = {{p}}", value)
                for table, key in (
                    (RESTRICTIONS.name, "restriction_id"),
                    (RECTIFICATIONS.name, "rectification_id"),
                    (OBJECTIONS.name, "objection_id"),
                    (REQUESTS.name, "request_id"),
                )
            ),
        )
    if kind is ScopeKind.RESTRICTION:
        report = restriction_report(context, value)
        if report is None:
            return set()
        return {UUID(report.facts.restriction_id)} | {
            UUID(item.entry.entry_id) for item in report.processing
        }
    shares = _ids(
        context, f"SELECT share_id AS id FROM {SHARES.name} WHERE recipient = {{p}}", value
    )
    agreements = {
        agreement_id(str(row["reference"]))
        for row in context.rows(
            f"SELECT reference FROM {AGREEMENTS.name} WHERE partner = {{p}}", [value]
        )
    }
    return shares | agreements | ({partner_id(value)} if shares or agreements else set())
