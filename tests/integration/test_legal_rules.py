"""Legal judgements at their edges: commands recorded, the report read, on both stores.

Each test quotes the provision it applies. The rules themselves are
:mod:`projections.reports.restriction_rules` and the category hierarchy of
:mod:`ledger.domain.data_categories`; docs/legal-rules.md says each in a DPO's words.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from api.service.commands import execute
from api.service.composition import Service, open_service
from ledger.domain.errors import InvalidTransition
from ledger.domain.objections import Objection
from ledger.domain.partners import Partner
from ledger.domain.rectifications import Rectification
from ledger.domain.restrictions import Restriction
from ledger.domain.rights_requests import RightsRequest
from ledger.storage.config import Location
from projections.reports.objection_verdicts import objection_reports
from projections.reports.promises import Period, promises
from projections.reports.rectification_notices import rectification_reports
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import RestrictionReport, restriction_report
from tests.support.factories import access, share, subject

T0 = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
DAY = timedelta(days=1)
POLICE = "westshire-constabulary"


def open_at(location: Location, now: datetime) -> Service:
    service = open_service(location, clock=lambda: now)
    service.app.append(
        Partner.register(
            organisation=POLICE,
            name="Westshire Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        )
    )
    return service


@pytest.fixture
def svc(location: Location) -> Service:
    return open_at(location, T0 + 60 * DAY)


def request(categories: list[str], at: datetime = T0, reference: str = "RST-1") -> Restriction:
    return Restriction.request(
        occurred_at=at,
        subject=subject(1),
        ground="sl:A18-1-a",
        categories=categories,
        recorded_by="dpo-0001",
        reference=reference,
    )


def applied(categories: list[str], at: datetime = T0) -> Restriction:
    r = request(categories, at)
    r.apply(occurred_at=at + DAY, ground="sl:A18-1-a", categories=categories, applied_by="dpo-0001")
    return r


def report(svc: Service, reference: str = "RST-1") -> RestrictionReport:
    found = restriction_report(svc.reports(), reference)
    assert found is not None
    return found


def reasons(found: RestrictionReport, severity: str) -> list[str]:
    return [r.text for r in found.reasons if r.severity == severity]


# -- 1. Categories have a hierarchy --------------------------------------------------
def test_a_restriction_of_health_catches_narrower_categories(svc: Service) -> None:
    """Art 18(2): "such personal data shall ... only be processed" with an exception.

    pd:MentalHealth and sl:SubstanceMisuse narrow pd:Health: processing either is
    processing of the restricted data, and the reason says how the category matched.
    """
    svc.app.append(applied(["pd:Health"]))
    svc.app.append(access(T0 + 2 * DAY, categories=["pd:MentalHealth"]))
    svc.app.append(access(T0 + 3 * DAY, categories=["sl:SubstanceMisuse"]))
    found = report(svc)
    assert found.verdict == "breached"
    breaches = reasons(found, "breach")
    assert any("pd:MentalHealth (narrower than pd:Health)" in text for text in breaches)
    assert any("sl:SubstanceMisuse (narrower than pd:Health)" in text for text in breaches)


def test_a_restriction_of_a_narrow_category_catches_a_broader_one(svc: Service) -> None:
    """Art 18(2): a share of pd:Health, broader than the restricted pd:MentalHealth, holds it."""
    svc.app.append(applied(["pd:MentalHealth"]))
    svc.app.append(share(T0 + 2 * DAY, subjects=[subject(1)], categories=["pd:Health"]))
    breaches = reasons(report(svc), "breach")
    assert any("pd:Health (broader than pd:MentalHealth)" in text for text in breaches)


def test_a_rectification_of_health_names_the_earlier_recipient_of_health_records(
    svc: Service,
) -> None:
    """Art 19: "communicate any rectification ... to each recipient to whom the personal data
    have been disclosed": a pd:HealthRecord share to the police holds pd:Health data."""
    svc.app.append(share(T0, subjects=[subject(1)], categories=["pd:HealthRecord"]))
    svc.app.append(
        Rectification.record(
            occurred_at=T0 + 5 * DAY,
            subject=subject(1),
            categories=["pd:Health"],
            actor="dpo-0001",
            actor_organisation="westshire-council",
            summary="diagnosis corrected",
            reference="REC-1",
        )
    )
    (rectification,) = rectification_reports(svc.reports())
    assert [r.organisation for r in rectification.recipients] == [POLICE]


# -- 2. Art 18(2) is not "any exception clears any processing" -------------------------
@pytest.mark.parametrize("kind", ["access", "share"])
def test_storage_cannot_justify_an_access_or_a_share(svc: Service, kind: str) -> None:
    """Art 18(2): "with the exception of storage, only be processed with ...": storage is what
    the restriction still allows, not a reason for an access or a share."""
    r = applied(["pd:HealthRecord"])
    svc.app.append(r)
    processing = (
        access(T0 + 2 * DAY, categories=["pd:HealthRecord"])
        if kind == "access"
        else share(T0 + 2 * DAY, subjects=[subject(1)], categories=["pd:HealthRecord"])
    )
    r.justify_processing(
        occurred_at=T0 + 2 * DAY,
        processing=processing.id,
        exception="sl:A18-2-Storage",
        justification="kept on file",
        actor="dpo-0001",
    )
    svc.app.append(processing, r)
    found = report(svc)
    assert found.verdict == "breached"
    assert any("recorded as storage" in text for text in reasons(found, "breach"))


# -- 4. UK dates and working days ----------------------------------------------------
def test_a_request_made_after_midnight_uk_time_counts_from_that_uk_day(
    location: Location,
) -> None:
    """Art 12(3): "within one month of receipt": 00:30 BST on 1 October is 1 October (not 30
    September in UTC), so an application on 31 October is in time."""
    requested = datetime.fromisoformat("2026-10-01T00:30:00+01:00")
    svc = open_at(location, requested + 40 * DAY)
    r = request(["pd:HealthRecord"], at=requested)
    r.apply(
        occurred_at=datetime.fromisoformat("2026-10-31T10:00:00+00:00"),
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        applied_by="dpo-0001",
    )
    svc.app.append(r)
    found = report(svc)
    assert not any("Art 12(3)" in text for text in reasons(found, "breach"))


def test_a_period_ending_on_a_sunday_ends_on_the_monday(location: Location) -> None:
    """Art 12(3), as the ICO applies it: a month ending on a weekend ends on the next working
    day; requested 1 October, applied Monday 2 November (1 November is a Sunday)."""
    requested = datetime.fromisoformat("2026-10-01T10:00:00+01:00")
    svc = open_at(location, requested + 40 * DAY)
    r = request(["pd:HealthRecord"], at=requested)
    r.apply(
        occurred_at=datetime.fromisoformat("2026-11-02T10:00:00+00:00"),
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        applied_by="dpo-0001",
    )
    svc.app.append(r)
    assert not any("Art 12(3)" in text for text in reasons(report(svc), "breach"))


# -- 5. Art 19 asks the controller to tell each recipient --------------------------
def test_a_recipient_told_but_not_acknowledging_is_compliant(svc: Service) -> None:
    """Art 19: "The controller shall communicate ...": telling is the duty; the
    acknowledgement is information, and cannot keep the verdict pending for ever."""
    svc.app.append(share(T0 - 10 * DAY, subjects=[subject(1)], categories=["pd:HealthRecord"]))
    r = applied(["pd:HealthRecord"])
    r.notify_recipient(
        occurred_at=T0 + 2 * DAY, recipient=POLICE, channel="sl:SecureEmail", notified_by="dpo"
    )
    r.inform_subject_of_lift(occurred_at=T0 + 9 * DAY, channel="sl:Post", informed_by="dpo")
    r.lift(occurred_at=T0 + 10 * DAY, reason="accuracy confirmed", lifted_by="dpo-0001")
    svc.app.append(r)
    found = report(svc)
    assert found.verdict == "honoured"
    assert any("not acknowledged" in text for text in reasons(found, "info"))


def test_a_recipient_never_told_is_a_breach_once_the_period_ends(svc: Service) -> None:
    """Art 19: a recipient never told is a failure once the period ends, lifted or not."""
    svc.app.append(share(T0 - 10 * DAY, subjects=[subject(1)], categories=["pd:HealthRecord"]))
    r = applied(["pd:HealthRecord"])
    r.inform_subject_of_lift(occurred_at=T0 + 9 * DAY, channel="sl:Post", informed_by="dpo")
    r.lift(occurred_at=T0 + 10 * DAY, reason="accuracy confirmed", lifted_by="dpo-0001")
    svc.app.append(r)
    found = report(svc)
    assert found.verdict == "breached"
    assert any("was not told by 2026-04-02 (Art 19)" in text for text in reasons(found, "breach"))


def test_a_recipient_not_yet_told_within_the_period_is_pending(location: Location) -> None:
    """Art 19, within the notice period: not yet told is pending, not a breach."""
    svc = open_at(location, T0 + 10 * DAY)
    svc.app.append(share(T0 - 10 * DAY, subjects=[subject(1)], categories=["pd:HealthRecord"]))
    svc.app.append(applied(["pd:HealthRecord"]))
    found = report(svc)
    assert found.verdict == "pending"
    assert any("is yet to be told; due by 2026-04-02" in t for t in reasons(found, "pending"))


def test_an_exemption_recorded_by_the_dpo_excuses_the_notice(svc: Service) -> None:
    """Art 19: "unless this proves impossible or involves disproportionate effort": recorded
    with its reason, the recipient is not a breach."""
    svc.app.append(share(T0 - 10 * DAY, subjects=[subject(1)], categories=["pd:HealthRecord"]))
    r = applied(["pd:HealthRecord"])
    r.exempt_recipient(
        occurred_at=T0 + 2 * DAY,
        recipient=POLICE,
        explanation="the force's data protection unit has closed; no successor is known",
        recorded_by="dpo-0001",
    )
    svc.app.append(r)
    found = report(svc)
    assert found.verdict == "honoured"
    assert any(
        "impossible or involving disproportionate effort" in t for t in reasons(found, "info")
    )


# -- 6. A narrowed restriction, and processing before its application -----------------
def test_a_restriction_applied_to_fewer_categories_without_a_reason_is_flagged(
    svc: Service,
) -> None:
    """Art 18(1): the person asked for pd:HealthRecord and pd:Education; applied to
    pd:HealthRecord only and no reason recorded, the request was not honoured as made."""
    r = request(["pd:HealthRecord", "pd:Education"])
    r.apply(
        occurred_at=T0 + DAY,
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        applied_by="dpo-0001",
    )
    svc.app.append(r)
    found = report(svc)
    assert found.verdict == "breached"
    assert any("pd:Education was asked for too" in text for text in reasons(found, "breach"))


def test_a_narrowing_with_its_reason_is_shown_not_flagged(svc: Service) -> None:
    """Art 18(1), narrowed with a reason recorded: shown as information."""
    r = request(["pd:HealthRecord", "pd:Education"])
    r.apply(
        occurred_at=T0 + DAY,
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        applied_by="dpo-0001",
        explanation="the person contests only the health records' accuracy",
    )
    svc.app.append(r)
    found = report(svc)
    assert found.verdict == "honoured"
    assert any("the reason is recorded" in text for text in reasons(found, "info"))


def test_processing_between_the_request_and_its_application_is_shown(svc: Service) -> None:
    """A share on day 2 and an access on day 3, before an application on day 20: both shown."""
    r = request(["pd:HealthRecord"])
    svc.app.append(r)
    svc.app.append(share(T0 + 2 * DAY, subjects=[subject(1)], categories=["pd:HealthRecord"]))
    svc.app.append(access(T0 + 3 * DAY, categories=["pd:HealthRecord"]))
    r.apply(
        occurred_at=T0 + 20 * DAY,
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        applied_by="dpo-0001",
    )
    svc.app.append(r)
    shown = [t for t in reasons(report(svc), "info") if "before the restriction was applied" in t]
    assert len(shown) == 2
    assert any(text.startswith("shared with") for text in shown)
    assert any(text.startswith("accessed by") for text in shown)


# -- 8. Objections are judged ---------------------------------------------------------
def objection(at: datetime = T0) -> Objection:
    return Objection.receive(
        occurred_at=at,
        subject=subject(1),
        purposes=["dpv:ServiceOptimisation"],
        grounds="does not want their case used for service planning",
        recorded_by="dpo-0001",
        reference="OBJ-1",
    )


def test_an_objection_left_undecided_past_the_month_is_a_breach(svc: Service) -> None:
    """Art 12(3): "without undue delay and in any event within one month of receipt"."""
    svc.app.append(objection())
    (found,) = objection_reports(svc.reports())
    assert found.verdict == "breached"
    assert "not decided; due by 2026-04-02 (Art 12(3))" in [r.text for r in found.reasons]


def test_processing_for_an_objected_purpose_after_upholding_is_a_breach(svc: Service) -> None:
    """Art 21(1): "The controller shall no longer process the personal data" for that purpose;
    processing for another purpose is not caught."""
    o = objection()
    o.decide(
        occurred_at=T0 + 5 * DAY,
        outcome="sl:ObjectionUpheld",
        explanation="no compelling grounds",
        decided_by="dpo-0001",
    )
    svc.app.append(o)
    svc.app.append(access(T0 + 6 * DAY, purpose="dpv:ServiceOptimisation"))
    svc.app.append(access(T0 + 7 * DAY, purpose="dpv:ServiceProvision"))
    (found,) = objection_reports(svc.reports())
    assert found.verdict == "breached"
    breaches = [r.text for r in found.reasons if r.severity == "breach"]
    assert breaches == [
        (
            "accessed by fsw-0001 for dpv:ServiceOptimisation after the objection was upheld "
            "(Art 21(1))"
        )
    ]


def test_processing_while_an_objection_awaits_a_decision_is_shown(svc: Service) -> None:
    """Art 18(1)(d): pending an objection's decision, processing for its purpose is shown."""
    o = objection()
    svc.app.append(o)
    svc.app.append(access(T0 + 2 * DAY, purpose="dpv:ServiceOptimisation"))
    o.decide(
        occurred_at=T0 + 5 * DAY,
        outcome="sl:CompellingGrounds",
        explanation="safeguarding needs it",
        decided_by="dpo-0001",
    )
    svc.app.append(o)
    (found,) = objection_reports(svc.reports())
    assert found.verdict == "honoured"
    assert any("awaited a decision" in r.text for r in found.reasons if r.severity == "info")


# -- 7. The rights-request clock as UK GDPR Art 12A words it ----------------------
def test_the_request_report_counts_from_identity_information_and_both_pause_days(
    svc: Service,
) -> None:
    """Art 12A(3)(b) and (6)(b), recorded as named commands and read in the requests report:
    the month runs from the day the identity information arrived (6 March), and the days
    from asking (9 March) to the answer (13 March) do not count, both included (5 days)."""
    (received,) = execute(
        svc.app,
        [
            {
                "command": "receive_request",
                "received_on": "2026-03-02",
                "subject": subject(1),
                "kind": "eu-gdpr:A15",
                "recorded_by": "dpo-0001",
                "reference": "DSR-12A",
            }
        ],
    )
    steps = [
        ("receive_identity_information", {"received_on": "2026-03-06"}),
        ("verify_identity", {"verified_on": "2026-03-09"}),
        ("pause_clock", {"paused_on": "2026-03-09", "reason": "which records are meant"}),
        ("resume_clock", {"resumed_on": "2026-03-13"}),
    ]
    for name, fields in steps:
        execute(svc.app, [{"command": name, "id": str(received.originator_id), **fields}])
    (found,) = request_reports(svc.reports("requests"))
    assert (found.deadline.starts_on, found.deadline.starts_from) == (
        date(2026, 3, 6),
        "identity information received",
    )
    # 6 April + 5 days = 11 April, a Saturday: the next working day.
    assert (found.deadline.paused_days, found.deadline.due) == (5, date(2026, 4, 13))


def test_identity_information_after_verification_is_refused(svc: Service) -> None:
    """Art 12(6) information is asked for before identity is confirmed; once verified, a
    later "received" step is refused and nothing is recorded."""
    r = RightsRequest.receive(
        received_on=T0.date(), subject=subject(1), kind="eu-gdpr:A15", recorded_by="dpo-0001"
    )
    r.verify_identity(verified_on=T0.date())
    svc.app.append(r)
    before = svc.app.chain.snapshot()
    with pytest.raises(InvalidTransition, match="already been verified"):
        execute(
            svc.app,
            [
                {
                    "command": "receive_identity_information",
                    "id": str(r.id),
                    "received_on": T0.date().isoformat(),
                }
            ],
        )
    assert svc.app.chain.snapshot() == before


# -- 9. The promises report quotes the notice, and only the notice -------------------
NOTICE = (Path(__file__).parents[2] / "docs" / "privacy-notice.txt").read_text(encoding="utf-8")


def test_every_promise_quotes_the_notice_word_for_word(svc: Service) -> None:
    """A promise says what the privacy notice says: each fragment between " ... " is in it."""
    results = promises(svc.reports(), Period(T0 - 400 * DAY, T0 + 60 * DAY))
    for result in results:
        for fragment in result.notice_says.split(" ... "):
            assert fragment in NOTICE, (result.key, fragment)
        if result.outcome == "not evidenced":
            assert result.note, result.key  # says what entry would evidence it


def test_the_rights_requests_promise_gives_the_breaking_positions(svc: Service) -> None:
    """ "If you make a request, we have one month to respond to you": a late request's entry
    is named, so the DPO can open it."""
    late = RightsRequest.receive(
        received_on=T0.date(), subject=subject(1), kind="eu-gdpr:A15", recorded_by="dpo-0001"
    )
    (appended,) = svc.app.append(late)
    result = next(
        r
        for r in promises(svc.reports(), Period(T0 - DAY, T0 + 60 * DAY))
        if r.key == "rights-requests-in-time"
    )
    assert (result.outcome, result.examples) == ("broken", (appended.position,))


def test_a_share_to_the_evaluator_of_unlisted_data_breaks_the_nis_promise(svc: Service) -> None:
    """ "Local authorities are asked to provide: name, date of birth, gender and postcode, ...":
    health records sent to the National Impact Study are not on the list."""
    svc.app.append(
        Partner.register(
            organisation="nis-evaluator",
            name="National Impact Study evaluator",
            partner_type="sl:NationalEvaluation",
            competent_authority=False,
        )
    )
    (_listed,) = svc.app.append(
        share(
            T0,
            recipient="nis-evaluator",
            categories=["pd:Name"],
            purpose="dpv:ResearchAndDevelopment",
        )
    )
    (unlisted,) = svc.app.append(
        share(
            T0,
            recipient="nis-evaluator",
            categories=["pd:HealthRecord"],
            purpose="dpv:ResearchAndDevelopment",
            special_condition="eu-gdpr:A9-2-j",
            schedule_1_condition="sl:DPA2018-S1-P1-4",
        )
    )
    result = next(
        r
        for r in promises(svc.reports(), Period(T0 - DAY, T0 + DAY))
        if r.key == "nis-listed-data-only"
    )
    assert (result.checked, result.examples) == (2, (unlisted.position,))
