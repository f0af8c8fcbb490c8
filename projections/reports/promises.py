"""Did we do what we told families we would do? The privacy notice's promises, checked.

Each promise quotes the council's privacy notice (``docs/privacy-notice.txt``)
word for word, with " ... " where words are left out (a test holds every
quote to the notice), and is evaluated over a period from the ledger alone:
kept, or broken with the positions of the entries that break it. A promise
the ledger cannot evidence is "not evidenced", and its note says what entry
would evidence it. ``docs/legal-rules.md`` says how each is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ledger.domain.data_categories import DATA_CATEGORIES, uncovered
from ledger.domain.processing import LEDGER_READER_ROLE
from projections.base import utc
from projections.read_models.activity_log import ACTIVITY
from projections.read_models.change_log import DISPOSALS
from projections.read_models.request_log import REQUESTS
from projections.read_models.share_register import PARTNERS
from projections.reports.common import ReportContext
from projections.reports.partner_disclosures import ShareReport, judge, shares
from projections.reports.request_deadlines import request_reports

MAX_EXAMPLES = 20
EVALUATOR = "sl:NationalEvaluation"
RESEARCH_PURPOSES = frozenset(
    {"dpv:ResearchAndDevelopment", "sl:AnonymisedResearch", "sl:ProgrammeEvaluation"}
)
# "Local authorities are asked to provide: ..." the National Impact Study's list.
NIS_DATA = (
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
# Categories that name or locate a person: data carrying them is not anonymised.
IDENTIFYING = ("pd:Name", "pd:OfficialID", "pd:BirthDate", "pd:PhysicalAddress", "pd:Picture")
CASE_SYSTEM = "liquidlogic"
PUBLIC_TASK = "eu-gdpr:A6-1-e"

Outcome = Literal["kept", "broken", "not evidenced"]


@dataclass(frozen=True, slots=True)
class PromiseResult:
    key: str
    notice_says: str
    outcome: Outcome
    checked: int
    broken: int
    examples: tuple[int, ...]  # chain positions of breaking entries (the first few)
    note: str = ""  # how it is checked, or what entry would evidence it


@dataclass(frozen=True, slots=True)
class Period:
    since: datetime
    until: datetime


def _result(key: str, says: str, checked: int, breaking: Sequence[int], note: str) -> PromiseResult:
    return PromiseResult(
        key,
        says,
        "broken" if breaking else "kept",
        checked,
        len(breaking),
        tuple(sorted(breaking)[:MAX_EXAMPLES]),
        note,
    )


def _not_evidenced(key: str, says: str, note: str) -> PromiseResult:
    return PromiseResult(key, says, "not evidenced", 0, 0, (), note)


@dataclass(frozen=True, slots=True)
class _Shares:
    """The period's shares, judged, and who their recipients are."""

    judged: tuple[ShareReport, ...]
    partners: dict[str, dict[str, str]]

    def to_evaluator(self) -> list[ShareReport]:
        return [r for r in self.judged if self.kind(r) == EVALUATOR]

    def kind(self, report: ShareReport) -> str | None:
        return self.partners.get(report.share.recipient, {}).get("partner_type")


def promises(context: ReportContext, period: Period) -> list[PromiseResult]:
    bounds = [utc(period.since), utc(period.until)]
    period_shares = _Shares(
        judge(context, shares(context, "s.occurred_at >= {p} AND s.occurred_at < {p}", bounds)),
        {
            row["organisation"]: row
            for row in context.rows(
                f"SELECT organisation, partner_type, country FROM {PARTNERS.name}"
            )
        },
    )
    accesses = context.rows(
        f"SELECT {context.position_of('a')} AS position, a.actor_organisation, a.actor_role, "
        f"a.legal_basis, a.source_system FROM {ACTIVITY.name} a "
        "WHERE a.kind = 'access' AND a.occurred_at >= {p} AND a.occurred_at < {p}",
        bounds,
    )
    return [
        *_sharing(period_shares),
        *_national_impact_study(period_shares),
        *_processing(period_shares, accesses),
        _requests(context, period),
        _retention(context, bounds),
        _not_evidenced(
            "no-charge-for-rights",
            "You are not required to pay any charge for exercising your rights.",
            "rights requests record no fee; a fee recorded with a request would evidence it",
        ),
        _not_evidenced(
            "no-automated-decisions",
            "Will this information be used to take automated decisions about me? ... No.",
            "the ledger records accesses and shares, not decisions about a person; an entry "
            "for each decision, saying how it was made, would evidence it",
        ),
    ]


def _sharing(found: _Shares) -> list[PromiseResult]:
    judged = found.judged
    return [
        _result(
            "no-transfer-abroad",
            "Will my data be transferred abroad and why? ... No.",
            len(judged),
            [
                r.share.position
                for r in judged
                if found.partners.get(r.share.recipient, {}).get("country", "GB") != "GB"
            ],
            "every share to a partner registered outside the United Kingdom breaks it",
        ),
        _result(
            "special-category-with-conditions",
            "We also collect sensitive information about you called special category data ... "
            "General Data Protection Legislation Article 6 Part g ... Data Protection Act 2018 "
            "Schedule 1 Part 3 Paragraph 36",
            len(judged),
            [r.share.position for r in judged if any(_is_condition_flag(f) for f in r.flags)],
            "a share of special category data with no Art 9 condition, or without the Schedule 1 "
            "condition DPA 2018 s.10 requires (criminal offence data too), breaks it",
        ),
    ]


def _is_condition_flag(flag: str) -> bool:
    return "Art 9" in flag or "Schedule 1" in flag


def _national_impact_study(found: _Shares) -> list[PromiseResult]:
    evaluated = found.to_evaluator()
    evaluation = [
        r
        for r in found.judged
        if found.kind(r) == EVALUATOR or r.share.purpose in RESEARCH_PURPOSES
    ]
    return [
        _result(
            "nis-listed-data-only",
            "Local authorities are asked to provide: ... name, date of birth, gender and "
            "postcode, National Insurance numbers, unique pupil numbers ... eligibility "
            "problems met ... status of intervention ... family progress data (FPD)",
            len(evaluated),
            [r.share.position for r in evaluated if uncovered(r.share.categories, NIS_DATA)],
            "a share to the National Impact Study's evaluator of any category outside the list "
            "(or narrower than one on it) breaks it",
        ),
        _result(
            "nis-research-only",
            "the data can only be used for carrying out research",
            len(evaluated),
            [r.share.position for r in evaluated if r.share.purpose not in RESEARCH_PURPOSES],
            "a share to the evaluator for any purpose but research breaks it",
        ),
        _result(
            "evaluation-under-agreements",
            "Information sharing agreements are in place to ensure that:",
            len(evaluation),
            [r.share.position for r in evaluation if any("agreement" in f for f in r.flags)],
            "the notice promises agreements for the evaluation and the study's linkage: a share "
            "to the evaluator, or for research or evaluation, that no agreement covers breaks it",
        ),
        _not_evidenced(
            "nis-no-decisions-about-individuals",
            "the linked data cannot be used to make decisions about individuals",
            "the ledger records no decisions about a person; an entry for each decision, naming "
            "the data it relied on, would evidence it",
        ),
        _not_evidenced(
            "nis-linked-data-not-returned",
            "the linked personal data from the National Impact Study will not be shared with "
            "or made available to the local authority or any other public agency",
            "the ledger records what the council discloses, not what it receives; an entry for "
            "data received from the evaluator would evidence it",
        ),
        _not_evidenced(
            "nis-no-one-identifiable",
            "it will be impossible for any person or family to be identified from any "
            "published reports",
            "publications are not recorded; an entry for each published report, with the "
            "disclosure check made on it, would evidence it",
        ),
        _result(
            "research-anonymised",
            "research using anonymised data",
            sum(1 for r in found.judged if r.share.purpose == "sl:AnonymisedResearch"),
            [
                r.share.position
                for r in found.judged
                if r.share.purpose == "sl:AnonymisedResearch"
                and any(DATA_CATEGORIES.covered_by(c, IDENTIFYING) for c in r.share.categories)
            ],
            "a share for anonymised research that carries a name, an identifier, a date of "
            "birth, an address or a picture breaks it",
        ),
    ]


def _processing(found: _Shares, accesses: Sequence[dict[str, object]]) -> list[PromiseResult]:
    staff = [a for a in accesses if a["actor_role"] != LEDGER_READER_ROLE]
    return [
        _result(
            "public-task-basis",
            "we do so as part of our public duties as a local authority in order to deliver "
            "services to you",
            len(found.judged) + len(staff),
            [r.share.position for r in found.judged if r.share.legal_basis != PUBLIC_TASK]
            + [int(str(a["position"])) for a in staff if a["legal_basis"] != PUBLIC_TASK],
            "an access or share recorded under an Art 6 basis other than public task (Art "
            "6(1)(e)) breaks it; the ledger's own recorded reads are not counted",
        ),
        _result(
            "stored-on-the-case-system",
            # The notice's own curly quotes, kept: a quote is the notice's words exactly.
            "Information will be stored securely on our \u2018LiquidLogic\u2019 electronic "
            "case record system.",
            len(staff),
            [int(str(a["position"])) for a in staff if a["source_system"] != CASE_SYSTEM],
            "an access reported by any other system shows the data held there too",
        ),
        _result(
            "access-by-known-organisations",
            "Access to this system is for a limited number of required users ... "
            "All access is monitored.",
            len(accesses),
            [
                int(str(a["position"]))
                for a in accesses
                if a["actor_organisation"] not in found.partners
            ],
            "an access by an organisation the ledger does not know (not the council, not a "
            "registered partner) breaks it",
        ),
    ]


def _requests(context: ReportContext, period: Period) -> PromiseResult:
    # A request belongs to the period in which it fell due.
    considered = [
        r
        for r in request_reports(context)
        if r.deadline.due is not None
        and period.since.date() <= r.deadline.due < period.until.date()
    ]
    late = {r.request_id for r in considered if r.status in ("overdue", "answered late")}
    positions = [
        int(row["position"])
        for row in context.rows(
            f"SELECT {context.position_of('q')} AS position, q.request_id FROM {REQUESTS.name} q"
        )
        if row["request_id"] in late
    ]
    return _result(
        "rights-requests-in-time",
        "If you make a request, we have one month to respond to you.",
        len(considered),
        positions,
        "a request answered after its Art 12(3) deadline, or still open after it, breaks it; "
        "the positions are the requests' first entries",
    )


def _retention(context: ReportContext, bounds: Sequence[str]) -> PromiseResult:
    rows = context.rows(
        f"SELECT {context.position_of('d')} AS position, d.due_on, d.disposed_on "
        f"FROM {DISPOSALS.name} d WHERE d.disposed_on >= {{p}} AND d.disposed_on < {{p}}",
        [bounds[0][:10], bounds[1][:10]],
    )
    return _result(
        "kept-no-longer-than-the-schedule",
        "How long will you keep this data for and why? ... data relating to adult social care "
        "will be kept for six years ... data relating to all other issues relating to children "
        "will be kept for 25 years",
        len(rows),
        [int(row["position"]) for row in rows if row["disposed_on"] > row["due_on"]],
        "a disposal evidenced after its due date breaks it; people still held past their "
        "date are listed by `sharing-ledger retention due` (the directory, not the ledger)",
    )
