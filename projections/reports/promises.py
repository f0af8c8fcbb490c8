"""Did we do what we told families we would do? The privacy notice's promises, checked.

Each promise quotes the council's privacy notice and is evaluated over a
period from the ledger alone: kept, or broken with the entries that break it.
A promise the ledger cannot evidence is listed as such rather than left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from projections.base import utc
from projections.read_models.activity_log import ACTIVITY
from projections.read_models.share_register import PARTNERS
from projections.reports.common import ReportContext
from projections.reports.partner_disclosures import judge, shares
from projections.reports.request_deadlines import request_reports

RESEARCH_PURPOSES = frozenset(
    {"dpv:ResearchAndDevelopment", "sl:AnonymisedResearch", "sl:ProgrammeEvaluation"}
)
MAX_EXAMPLES = 20


@dataclass(frozen=True, slots=True)
class PromiseResult:
    key: str
    notice_says: str
    outcome: Literal["kept", "broken", "not evidenced"]
    checked: int
    broken: int
    examples: tuple[int, ...]  # chain positions of breaking entries (the first few)


@dataclass(frozen=True, slots=True)
class Period:
    since: datetime
    until: datetime


def _result(key: str, says: str, checked: int, breaking: list[int]) -> PromiseResult:
    return PromiseResult(
        key,
        says,
        "broken" if breaking else "kept",
        checked,
        len(breaking),
        tuple(sorted(breaking)[:MAX_EXAMPLES]),
    )


def promises(context: ReportContext, period: Period) -> list[PromiseResult]:
    window = "s.occurred_at >= {p} AND s.occurred_at < {p}"
    bounds = [utc(period.since), utc(period.until)]
    judged = judge(context, shares(context, window, bounds))
    partners = {
        row["organisation"]: row
        for row in context.rows(f"SELECT organisation, partner_type, country FROM {PARTNERS.name}")
    }
    return [
        _result(
            "listed-partners-only",
            "the partners we share information with includes ... health, social services, "
            "housing, police and fire, ... the Department for Work & Pensions",
            len(judged),
            [r.share.position for r in judged if r.share.recipient not in partners],
        ),
        _result(
            "no-transfer-abroad",
            "Will my data be transferred abroad and why? No.",
            len(judged),
            [
                r.share.position
                for r in judged
                if partners.get(r.share.recipient, {}).get("country", "GB") != "GB"
            ],
        ),
        _result(
            "nis-research-only",
            "the data can only be used for carrying out research",
            sum(1 for r in judged if _is_evaluator(partners, r.share.recipient)),
            [
                r.share.position
                for r in judged
                if _is_evaluator(partners, r.share.recipient)
                and r.share.purpose not in RESEARCH_PURPOSES
            ],
        ),
        _result(
            "special-category-with-condition",
            "special category data ... (DPA 2018 Schedule 1)",
            len(judged),
            [
                r.share.position
                for r in judged
                if any("Art 9" in f or "Sch 1" in f for f in r.flags)
            ],
        ),
        _result(
            "sharing-agreements",
            "Information sharing agreements are in place",
            len(judged),
            [r.share.position for r in judged if any("agreement" in f for f in r.flags)],
        ),
        _accesses(context, period, partners),
        _requests(context, period),
        PromiseResult(
            "no-automated-decisions",
            "Will this information be used to take automated decisions about me? No.",
            "not evidenced",
            0,
            0,
            (),
        ),
    ]


def _is_evaluator(partners: dict[str, dict[str, str]], organisation: str) -> bool:
    return partners.get(organisation, {}).get("partner_type") == "sl:NationalEvaluation"


def _accesses(
    context: ReportContext, period: Period, partners: dict[str, dict[str, str]]
) -> PromiseResult:
    rows = context.rows(
        f"SELECT c.position, a.actor_organisation FROM {ACTIVITY.name} a "
        f"JOIN {context.chain_table} c ON c.notification_id = a.notification_id "
        "WHERE a.kind = 'access' AND a.occurred_at >= {p} AND a.occurred_at < {p}",
        [utc(period.since), utc(period.until)],
    )
    return _result(
        "access-by-known-organisations",
        "Access to this system is for a limited number of required users ... "
        "All access is monitored.",
        len(rows),
        [int(r["position"]) for r in rows if r["actor_organisation"] not in partners],
    )


def _requests(context: ReportContext, period: Period) -> PromiseResult:
    # A request belongs to the period in which it fell due.
    considered = [
        r
        for r in request_reports(context)
        if r.deadline.due is not None
        and period.since.date() <= r.deadline.due < period.until.date()
    ]
    late = [r for r in considered if r.status in ("overdue", "answered late")]
    return PromiseResult(
        "rights-requests-in-time",
        "If you make a request, we have one month to respond to you.",
        "broken" if late else "kept",
        len(considered),
        len(late),
        (),
    )
