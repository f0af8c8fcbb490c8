"""One person's history a page at a time (issue #19): each page read by its key in the
database, so a page costs the same however long the history; the pages together are the
whole history, and every page carries the whole history's counts and recipients."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.service.composition import Service, open_service
from ledger.domain.partners import Partner
from ledger.principals import Role
from ledger.storage.config import Location
from ledger.storage.principal_store import PrincipalStore
from projections.reports.common import Page
from projections.reports.who_saw import Filters, WhoSaw, who_saw
from tests.support.factories import access, share, subject

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


@pytest.fixture
def svc(location: Location) -> Service:
    service = open_service(location, clock=lambda: T0 + 40 * H)
    service.app.append(
        Partner.register(
            organisation="westshire-constabulary",
            name="Westshire Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        ),
        Partner.register(
            organisation="westshire-homes",
            name="Westshire Homes",
            partner_type="sl:Housing",
            competent_authority=False,
        ),
    )
    # Eleven entries about subject(1); four share one moment, so pages split a tie.
    moments = [T0, T0 + H, T0 + H, T0 + H, T0 + H, T0 + 2 * H, T0 + 3 * H]
    for n, moment in enumerate(moments):
        categories = ["pd:Name"] if n % 2 else ["pd:HealthRecord"]
        service.app.append(access(moment, subject=subject(1), categories=categories))
    service.app.append(share(T0 + H, subjects=[subject(1), subject(2)]))
    service.app.append(share(T0 + 4 * H, subjects=[subject(1)], categories=["pd:Name"]))
    service.app.append(
        share(T0 + 5 * H, subjects=[subject(1)], recipient="westshire-homes", agreement=None)
    )
    service.app.append(access(T0 + 6 * H, subject=subject(2)))
    service.app.append(access(T0 + 7 * H, subject=subject(1)))
    return service


def pages(svc: Service, limit: int, filters: Filters | None = None) -> list[WhoSaw]:
    read, after = [], None
    filters = filters or Filters()
    while True:
        page = who_saw(svc.reports(), subject(1), filters, Page(limit, after))
        read.append(page)
        if page.next is None:
            return read
        after = page.next


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 11, 12])
def test_the_pages_together_are_the_whole_history_in_order(svc: Service, limit: int) -> None:
    """Every entry once, newest first, ties at one moment split across pages included."""
    whole = who_saw(svc.reports(), subject(1))
    read = pages(svc, limit)
    assert [e.entry_id for p in read for e in p.entries] == [e.entry_id for e in whole.entries]
    assert all(len(p.entries) <= limit for p in read)
    assert len(read) == -(-len(whole.entries) // limit)  # no empty last page


def test_every_page_carries_the_whole_histories_counts_and_recipients(svc: Service) -> None:
    """Art 15(1)(c) recipients and the totals do not depend on which page is read."""
    whole = who_saw(svc.reports(), subject(1))
    assert (whole.accesses, whole.disclosures) == (8, 3)
    (police, homes) = (r.organisation for r in whole.recipients)
    assert (police, homes) == ("westshire-constabulary", "westshire-homes")
    for page in pages(svc, 3):
        assert (page.accesses, page.disclosures) == (whole.accesses, whole.disclosures)
        assert page.recipients == whole.recipients


def test_recipients_merge_categories_and_span_every_share(svc: Service) -> None:
    """A partner sent different categories at different times is one recipient."""
    page = who_saw(svc.reports(), subject(1), page=Page(1))
    police = next(r for r in page.recipients if r.organisation == "westshire-constabulary")
    assert (police.name, police.shares) == ("Westshire Constabulary", 2)
    assert police.categories == ("pd:HealthRecord", "pd:Name")
    assert (police.first, police.last) == (T0 + H, T0 + 4 * H)


def test_filters_narrow_the_pages_and_the_counts_alike(svc: Service) -> None:
    """A period filter applies to every page and to the totals beside them."""
    since = Filters(since=T0 + 2 * H)
    whole = who_saw(svc.reports(), subject(1), since)
    read = pages(svc, 2, since)
    assert [e.entry_id for p in read for e in p.entries] == [e.entry_id for e in whole.entries]
    assert {(p.accesses, p.disclosures) for p in read} == {(3, 2)}


def test_an_entry_recorded_between_pages_shifts_nothing_after_the_cursor(svc: Service) -> None:
    """The cursor is the last entry's place in the order, not an offset: a newer entry
    (a DPO's recorded read, say) lands before it, and the next page starts where it ended."""
    first = who_saw(svc.reports(), subject(1), page=Page(4))
    whole = who_saw(svc.reports(), subject(1))
    svc.app.append(access(T0 + 30 * H, subject=subject(1)))
    second = who_saw(svc.reports(), subject(1), page=Page(4, first.next))
    assert [e.entry_id for e in second.entries] == [e.entry_id for e in whole.entries[4:8]]
    assert second.accesses == whole.accesses + 1


# -- over HTTP ------------------------------------------------------------------------------


@pytest.fixture
def dpo(svc: Service) -> tuple[TestClient, dict[str, str]]:
    _, key = PrincipalStore(svc.app.database).create(
        name="dpo-1", role=Role.DPO, now=T0, organisation="westshire-council"
    )
    return TestClient(create_app(svc)), {"Authorization": f"Bearer {key}"}


def test_http_pages_follow_next_to_the_whole_history(
    dpo: tuple[TestClient, dict[str, str]],
) -> None:
    """Following `next` reads every entry once; the counts include the recorded reads."""
    client, headers = dpo
    url = f"/v1/subjects/{subject(1)}/who-saw"
    seen: list[str] = []
    bodies = []
    query: dict[str, str | int] = {"limit": 5}
    while True:
        reply = client.get(url, params=query, headers=headers)
        assert reply.status_code == 200, reply.text
        bodies.append(reply.json())
        seen += [item["entry_id"] for item in reply.json()["items"]]
        if reply.json()["next"] is None:
            break
        query = {"limit": 5, "cursor": reply.json()["next"]}
    assert len(seen) == len(set(seen))
    # 11 entries, and this client's first read (recorded before the first page was read);
    # later reads are newer than every cursor, so they land on pages already read.
    assert len(seen) == 12
    assert [b["accesses"] for b in bodies] == [9, 10, 11]


def test_a_cursor_this_api_did_not_issue_is_a_problem_document(
    dpo: tuple[TestClient, dict[str, str]],
) -> None:
    """A made-up or truncated cursor: 400 bad-cursor, and no read recorded."""
    client, headers = dpo
    url = f"/v1/subjects/{subject(1)}/who-saw"
    first = client.get(url, params={"limit": 2}, headers=headers).json()
    for cursor in ("MTI", "not a cursor", first["next"][:-3]):
        reply = client.get(url, params={"cursor": cursor}, headers=headers)
        assert reply.status_code == 400, (cursor, reply.text)
        assert reply.headers["content-type"].startswith("application/problem+json")
        assert reply.json()["type"].endswith("bad-cursor")
    again = client.get(url, params={"limit": 2}, headers=headers).json()
    assert again["accesses"] == first["accesses"] + 1  # only this read was recorded


def test_csv_is_still_the_whole_history(dpo: tuple[TestClient, dict[str, str]]) -> None:
    """An export is every entry, whatever the page size asked of JSON."""
    client, headers = dpo
    reply = client.get(
        f"/v1/subjects/{subject(1)}/who-saw", params={"format": "csv", "limit": 2}, headers=headers
    )
    assert reply.status_code == 200
    assert len(reply.text.strip().splitlines()) == 1 + 12  # header, 11 entries and this read
