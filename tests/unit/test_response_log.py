"""The responses read model: a pure function from a request's response events to row changes."""

from __future__ import annotations

from datetime import date

from ledger.domain.rights_requests import RightsRequest
from projections.ops import Insert, Update
from projections.read_models.response_log import RESPONSES, WITHHELD, project

SUBJECT = "sr_" + "b" * 26


def _request() -> RightsRequest:
    request = RightsRequest.receive(
        received_on=date(2026, 3, 2), subject=SUBJECT, kind="eu-gdpr:A15", recorded_by="dpo"
    )
    request.verify_identity(verified_on=date(2026, 3, 3))
    request.withhold_entry(
        withheld_on=date(2026, 3, 4),
        entry_id="entry-1",
        position=3,
        exemption="sl:DPA2018-S3-3-11",
        reason="harm",
        review_date=date(2026, 6, 4),
        decided_by="dpo",
    )
    request.issue_response(
        issued_on=date(2026, 3, 5),
        frozen_at=9,
        html_sha256="a" * 64,
        pdf_sha256="b" * 64,
        addressee="A. Person",
        issued_by="dpo",
    )
    request.lift_withholding(
        lifted_on=date(2026, 3, 6), entry_id="entry-1", reason="over", lifted_by="dpo"
    )
    return request


def test_each_response_event_becomes_its_row_change() -> None:
    """Withheld inserts a row, issued inserts one with the withheld ids, lifted updates the
    open withholding of that entry only."""
    events = _request().collect_events()[2:]
    withheld, issued, lifted = (project(e, 100 + i) for i, e in enumerate(events))
    (row,) = withheld
    assert isinstance(row, Insert)
    assert (row.table, row.row["entry_id"], row.row["review_date"]) == (
        WITHHELD.name,
        "entry-1",
        "2026-06-04",
    )
    (response,) = issued
    assert isinstance(response, Insert)
    assert (response.table, response.row["withheld"], response.row["frozen_at"]) == (
        RESPONSES.name,
        " entry-1 ",
        9,
    )
    (change,) = lifted
    assert isinstance(change, Update)
    assert dict(change.where)["lifted_on"] is None
    assert dict(change.values) == {"lifted_on": "2026-03-06"}


def test_other_events_change_nothing() -> None:
    """The request's own lifecycle is the requests read model's, not this one's."""
    received, verified = _request().collect_events()[:2]
    assert project(received, 1) == ()
    assert project(verified, 2) == ()
