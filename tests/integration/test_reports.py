"""Who saw what, partner disclosures and rights requests, read back from the read models."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from api.service.composition import Service, open_service
from ledger.domain.partners import Agreement, Partner
from ledger.domain.rights_requests import RightsRequest
from ledger.storage.config import Location
from projections.reports.common import UndeclaredRead
from projections.reports.partner_disclosures import partner_report
from projections.reports.request_deadlines import request_reports
from projections.reports.who_saw import Filters, who_saw
from tests.support.factories import access, share, subject

T0 = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
H = timedelta(hours=1)


@pytest.fixture
def svc(location: Location) -> Service:
    service = open_service(location, clock=lambda: T0 + timedelta(days=45))
    service.app.append(
        Partner.register(
            organisation="westshire-constabulary",
            name="Westshire Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        ),
        Agreement.register(
            reference="ISA-POLICE-2025",
            partner="westshire-constabulary",
            categories=["pd:HealthRecord", "pd:Name"],
            purposes=["dpv:ServiceProvision"],
            legal_basis="eu-gdpr:A6-1-e",
            valid_from=date(2025, 4, 1),
            review_date=date(2027, 4, 1),
        ),
    )
    return service


def test_who_saw_lists_accesses_and_shares_newest_first(svc: Service) -> None:
    """Entries newest first; the family share appears for each member; recipients listed."""
    svc.app.append(access(T0, subject=subject(1)))
    svc.app.append(share(T0 + H, subjects=[subject(1), subject(2)]))
    svc.app.append(access(T0 + 2 * H, subject=subject(2)))
    report = who_saw(svc.reports(), subject(1))
    assert [e.kind for e in report.entries] == ["share", "access"]
    assert (report.accesses, report.disclosures) == (1, 1)
    (recipient,) = report.recipients
    assert (recipient.organisation, recipient.name, recipient.shares) == (
        "westshire-constabulary",
        "Westshire Constabulary",
        1,
    )
    assert [e.kind for e in who_saw(svc.reports(), subject(2)).entries] == ["access", "share"]


def test_who_saw_filters_by_period_category_and_organisation(svc: Service) -> None:
    """Each filter narrows the list to what it names."""
    svc.app.append(access(T0, subject=subject(1), categories=["pd:Name"]))
    svc.app.append(access(T0 + 5 * H, subject=subject(1), categories=["pd:HealthRecord"]))
    svc.app.append(share(T0 + 6 * H, subjects=[subject(1)]))
    context = svc.reports()
    assert len(who_saw(context, subject(1), Filters(since=T0 + H)).entries) == 2
    assert len(who_saw(context, subject(1), Filters(until=T0 + H)).entries) == 1
    assert len(who_saw(context, subject(1), Filters(category="pd:Name")).entries) == 1
    by_police = who_saw(context, subject(1), Filters(organisation="westshire-constabulary"))
    assert [e.kind for e in by_police.entries] == ["share"]


def test_entries_carry_their_chain_positions(svc: Service) -> None:
    """Each reported entry names its position, so it can be proved and verified."""
    (appended,) = svc.app.append(access(T0, subject=subject(3)))
    (entry,) = who_saw(svc.reports(), subject(3)).entries
    assert entry.position == appended.position


def test_partner_report_flags_and_receipts(svc: Service) -> None:
    """A share within the agreement is clean; one without its Art 9 condition is flagged."""
    svc.app.append(share(T0, subjects=[subject(1)], categories=["pd:Name"]))
    svc.app.append(
        share(T0 + H, subjects=[subject(1)], special_condition=None, schedule_1_condition=None)
    )
    report = partner_report(svc.reports(), "westshire-constabulary")
    assert [bool(r.flags) for r in report.shares] == [True, False]
    assert report.flagged == 1
    assert report.overdue_receipts == 2  # 45 days on, neither has been receipted


def test_requests_report_orders_overdue_first(svc: Service) -> None:
    """An open request past its deadline is overdue; an answered one is answered."""
    late = RightsRequest.receive(
        received_on=date(2026, 1, 5), subject=subject(1), kind="eu-gdpr:A15", recorded_by="d"
    )
    done = RightsRequest.receive(
        received_on=date(2026, 3, 1), subject=subject(2), kind="eu-gdpr:A15", recorded_by="d"
    )
    done.fulfil(fulfilled_on=date(2026, 3, 20))
    svc.app.append(late, done)
    reports = request_reports(svc.reports())
    assert [(r.subject, r.status) for r in reports] == [
        (subject(1), "overdue"),
        (subject(2), "answered"),
    ]
    assert [r.subject for r in request_reports(svc.reports(), overdue_only=True)] == [subject(1)]


def test_partner_report_for_one_subject(svc: Service) -> None:
    """With a subject, only the shares that concerned that person are listed."""
    svc.app.append(share(T0, subjects=[subject(1)], categories=["pd:Name"]))
    svc.app.append(share(T0 + H, subjects=[subject(2)], categories=["pd:Name"]))
    context = svc.reports()
    assert len(partner_report(context, "westshire-constabulary").shares) == 2
    only = partner_report(context, "westshire-constabulary", subject=subject(2))
    assert [r.share.occurred_at for r in only.shares] == [T0 + H]


def test_a_clock_paused_twice_in_one_day_is_reported(svc: Service) -> None:
    """Paused, resumed and paused again on 5 March, resumed on the 15th: the 5th to the 15th
    stopped, each day once (UK GDPR Art 12A(6)(b) counts the day asked and the day answered).

    Protects: the request read model, whose key (request, day) the second pause
    broke, stopping every read model at that entry (issue #14).
    """
    request = RightsRequest.receive(
        received_on=date(2026, 3, 2), subject=subject(1), kind="eu-gdpr:A15", recorded_by="d"
    )
    request.pause_clock(paused_on=date(2026, 3, 5), reason="which records?")
    request.resume_clock(resumed_on=date(2026, 3, 5))
    request.pause_clock(paused_on=date(2026, 3, 5), reason="and which years?")
    svc.app.append(request)
    (paused,) = request_reports(svc.reports("requests"))
    assert (paused.status, paused.deadline.due) == ("paused", None)
    request.resume_clock(resumed_on=date(2026, 3, 15))
    svc.app.append(request)
    (resumed,) = request_reports(svc.reports("requests"))
    assert resumed.deadline.paused_days == 11
    assert resumed.deadline.first_month_ends == date(2026, 4, 13)  # 2 April + 11 days, a Monday


def test_a_report_may_read_only_the_read_models_it_declares(svc: Service) -> None:
    """A context made for rights requests refuses a who-saw query: reads.py must name it."""
    context = svc.reports("requests")
    assert request_reports(context) == []
    with pytest.raises(UndeclaredRead, match="rm_activity"):
        who_saw(context, subject(1))
    with pytest.raises(ValueError, match="no such report: who-said"):
        svc.reports("who-said")
