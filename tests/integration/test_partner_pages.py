"""Everything one partner received, a page at a time (issue #19): a page is read by the
partner's key in the database, so an integrator pulling the whole list pays for each page
once, however long the list; the pages together are the whole list, judged the same, and
every page carries the whole list's counts of flagged shares and overdue receipts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from api.service.composition import Service, open_service
from ledger.domain.partners import Agreement, Partner
from ledger.storage.config import Location
from projections.reports.common import Page
from projections.reports.partner_disclosures import PartnerReport, partner_report
from tests.integration.test_http_partners import (  # noqa: F401 - world: the fixture
    World,
    signed,
    world,
)
from tests.support.factories import POLICE, police_share_body, share, subject

T0 = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
H = timedelta(hours=1)
NOW = T0 + timedelta(days=10)  # receipts are overdue after 5 days


@pytest.fixture
def svc(location: Location) -> Service:
    service = open_service(location, clock=lambda: NOW)
    service.app.append(
        Partner.register(
            organisation=POLICE,
            name="Westshire Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        ),
        Agreement.register(
            reference="ISA-POLICE-2025",
            partner=POLICE,
            categories=["pd:HealthRecord", "pd:Name"],
            purposes=["dpv:ServiceProvision"],
            legal_basis="eu-gdpr:A6-1-e",
            valid_from=date(2025, 4, 1),
            review_date=date(2027, 4, 1),
        ),
    )
    # Twelve shares over nine days: three at one moment (pages split the tie), some
    # without their Art 9 condition (flagged), the older ones' receipts overdue.
    moments = [T0 + n * 18 * H for n in range(9)] + [T0 + 40 * H] * 3
    for n, moment in enumerate(moments):
        bare = {"special_condition": None, "schedule_1_condition": None} if n % 4 == 0 else {}
        service.app.append(share(moment, subjects=[subject(n % 3 + 1)], **bare))
    service.app.append(share(T0, recipient="westshire-homes", agreement=None))  # not theirs
    return service


def pages(svc: Service, limit: int) -> list[PartnerReport]:
    read = []
    after = None
    while True:
        page = partner_report(svc.reports(), POLICE, page=Page(limit, after))
        read.append(page)
        if page.next is None:
            return read
        after = page.next


@pytest.mark.parametrize("limit", [1, 2, 5, 12, 13])
def test_the_pages_together_are_the_whole_list_judged_the_same(svc: Service, limit: int) -> None:
    """Every share once, newest first, with the flags and receipt status the whole list has."""
    whole = partner_report(svc.reports(), POLICE)
    read = pages(svc, limit)
    assert [r for p in read for r in p.shares] == list(whole.shares)
    assert all(len(p.shares) <= limit for p in read)
    assert len(read) == -(-len(whole.shares) // limit)  # no empty last page


def test_every_page_carries_the_whole_lists_counts(svc: Service) -> None:
    """Flagged shares and overdue receipts are the whole list's on every page."""
    whole = partner_report(svc.reports(), POLICE)
    assert (whole.flagged, whole.overdue_receipts) == (3, 10)
    for page in pages(svc, 4):
        assert (page.flagged, page.overdue_receipts) == (3, 10)
        assert (page.name, page.agreements) == (whole.name, whole.agreements)


def test_a_receipted_share_is_not_counted_overdue_on_any_page(world: World) -> None:  # noqa: F811
    """A share the partner signed for leaves the overdue count, page or whole list."""
    client, as_ = world.client, world.as_
    posted = client.post(
        f"/v1/shares/{world.share}/receipt", json=signed(world), headers=as_["partner"]
    )
    assert posted.status_code == 201, posted.text
    later = world.service.clock() + timedelta(days=30)
    context = replace(world.service.reports(), now=later)
    whole = partner_report(context, POLICE)
    page = partner_report(context, POLICE, page=Page(1))
    assert [r.receipt for r in whole.shares] == ["receipted"]
    assert (page.overdue_receipts, whole.overdue_receipts) == (0, 0)
    assert [r.receipt for r in page.shares] == ["receipted"]


# -- over HTTP ------------------------------------------------------------------------------


def test_http_pages_follow_next_to_the_whole_list(world: World) -> None:  # noqa: F811
    """A partner's integrator follows `next`: every share once, the counts on each page."""
    client, as_ = world.client, world.as_
    for n in range(6):
        body = police_share_body(world.service.clock() - timedelta(minutes=n + 1), subject(n + 2))
        assert client.post("/v1/shares", json=body, headers=as_["source-system"]).is_success
    url = f"/v1/partners/{POLICE}/disclosures"
    whole = client.get(url, params={"format": "csv"}, headers=as_["partner"])
    seen, counts, query = [], set(), {"limit": "3"}
    while True:
        reply = client.get(url, params=query, headers=as_["partner"])
        assert reply.status_code == 200, reply.text
        seen += [item["share"]["share_id"] for item in reply.json()["items"]]
        counts.add((reply.json()["flagged"], reply.json()["overdue_receipts"]))
        if reply.json()["next"] is None:
            break
        query = {"limit": "3", "cursor": reply.json()["next"]}
    assert len(seen) == len(set(seen)) == 7
    assert len(whole.text.strip().splitlines()) == 1 + 7
    assert len(counts) == 1
    bad = client.get(url, params={"cursor": "bm90IG9uZQ"}, headers=as_["partner"])
    assert bad.status_code == 400
    assert bad.json()["type"].endswith("bad-cursor")
