"""Restriction compliance, written from the obligations (Arts 12(3), 18, 19), on both stores."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from api.service.composition import Service, open_service
from api.service.recorded_reads import Reader, record_read
from ledger.domain.partners import Partner
from ledger.domain.restrictions import Restriction
from ledger.storage.config import Location
from projections.reports.restriction_verdicts import restriction_report
from tests.support.factories import access, share, subject

T0 = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
DAY = timedelta(days=1)
HEALTH = ["pd:HealthRecord"]


@pytest.fixture
def svc(location: Location) -> Service:
    service = open_service(location, clock=lambda: T0 + 60 * DAY)
    service.app.append(
        Partner.register(
            organisation="westshire-constabulary",
            name="Westshire Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        )
    )
    return service


def restriction(svc: Service) -> Restriction:
    r = Restriction.request(
        occurred_at=T0,
        subject=subject(1),
        ground="sl:A18-1-a",
        categories=HEALTH,
        recorded_by="dpo-0001",
        reference="RST-1",
    )
    r.apply(occurred_at=T0 + DAY, ground="sl:A18-1-a", categories=HEALTH, applied_by="dpo-0001")
    svc.app.append(r)
    return r


def test_the_obligations_scenario(svc: Service) -> None:
    """Justified access, unjustified police share, lift without notice: breached, 2 breaches."""
    svc.app.append(share(T0 - 10 * DAY, subjects=[subject(1)], categories=HEALTH))
    r = restriction(svc)
    justified = access(T0 + 2 * DAY, categories=HEALTH)
    r.justify_processing(
        occurred_at=T0 + 2 * DAY,
        processing=justified.id,
        exception="sl:A18-2-LegalClaims",
        justification="disclosure to the council's solicitor",
        actor="fsw-0001",
    )
    svc.app.append(justified, r)
    svc.app.append(share(T0 + 3 * DAY, subjects=[subject(1)], categories=HEALTH))
    r.lift(occurred_at=T0 + 10 * DAY, reason="accuracy confirmed", lifted_by="dpo-0001")
    svc.app.append(r)

    report = restriction_report(svc.reports(), "RST-1")
    assert report is not None
    assert report.verdict == "breached"
    texts = [(reason.severity, reason.text) for reason in report.reasons]
    assert (
        "info",
        (
            "accessed by fsw-0001 (pd:HealthRecord) under Art 18(2): "
            "establishment, exercise or defence of legal claims"
        ),
    ) in texts
    assert (
        "breach",
        "shared with westshire-constabulary (pd:HealthRecord) with no Art 18(2) exception recorded",
    ) in texts
    assert ("breach", "lifted without informing the person first (Art 18(3))") in texts
    assert (
        "breach",
        (
            "westshire-constabulary, which received pd:HealthRecord on 2026-02-20, "
            "was not told by 2026-04-02 (Art 19)"
        ),
    ) in texts
    assert report.days_to_apply == 1


def test_a_restriction_kept_to_the_letter_is_honoured(svc: Service) -> None:
    """Applied in time, no processing, recipient notified and acknowledged, informed first."""
    svc.app.append(share(T0 - 10 * DAY, subjects=[subject(1)], categories=HEALTH))
    r = restriction(svc)
    r.notify_recipient(
        occurred_at=T0 + 2 * DAY,
        recipient="westshire-constabulary",
        channel="sl:SecureEmail",
        notified_by="dpo-0001",
    )
    r.acknowledge_notice(occurred_at=T0 + 3 * DAY, recipient="westshire-constabulary")
    r.inform_subject_of_lift(occurred_at=T0 + 9 * DAY, channel="sl:Post", informed_by="dpo-0001")
    r.lift(occurred_at=T0 + 10 * DAY, reason="accuracy confirmed", lifted_by="dpo-0001")
    svc.app.append(r)
    report = restriction_report(svc.reports(), "RST-1")
    assert report is not None
    assert report.verdict == "honoured"
    assert [r for r in report.reasons if r.severity != "info"] == []


def test_processing_of_other_categories_is_not_restricted(svc: Service) -> None:
    """An access to categories outside the restriction's scope is no breach."""
    restriction(svc)
    svc.app.append(access(T0 + 2 * DAY, categories=["pd:Name"]))
    report = restriction_report(svc.reports(), "RST-1")
    assert report is not None
    assert report.verdict == "honoured"
    assert report.processing == ()


def test_processing_before_the_restriction_applied_is_not_a_breach(svc: Service) -> None:
    """Processing before RestrictionApplied is outside the restriction's window."""
    svc.app.append(access(T0 - DAY, categories=HEALTH))
    restriction(svc)
    report = restriction_report(svc.reports(), "RST-1")
    assert report is not None
    assert report.verdict == "honoured"


def test_reading_the_persons_audit_trail_is_listed_not_breached(svc: Service) -> None:
    """A DPO's recorded read of a restricted person's report is information, not a breach."""
    restriction(svc)
    record_read(
        svc, subject(1), HEALTH, Reader("dpo-0001", "westshire-council", "restriction review")
    )
    report = restriction_report(svc.reports(), "RST-1")
    assert report is not None
    assert report.verdict == "honoured"
    read = [(r.severity, r.text) for r in report.reasons if r.position is not None]
    assert read == [("info", "audit trail read by dpo-0001 (Art 5(2))")]


def test_a_restriction_never_applied_is_breached_after_a_month(location: Location) -> None:
    """Art 12(3): requested and not applied within one month is a breach; before that, pending."""
    early = open_service(location, clock=lambda: T0 + 5 * DAY)
    early.app.append(
        Restriction.request(
            occurred_at=T0,
            subject=subject(1),
            ground="sl:A18-1-a",
            categories=HEALTH,
            recorded_by="dpo-0001",
            reference="RST-2",
        )
    )
    pending = restriction_report(early.reports(), "RST-2")
    late = open_service(location, clock=lambda: T0 + 40 * DAY)
    breached = restriction_report(late.reports(), "RST-2")
    assert pending is not None
    assert breached is not None
    assert (pending.verdict, breached.verdict) == ("pending", "breached")
