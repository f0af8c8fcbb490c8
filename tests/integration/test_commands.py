"""JSON commands: the service layer the command line (and later the API) speak."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.service.commands import CommandError, execute
from api.service.composition import open_ledger
from ledger.application import LedgerApplication
from ledger.domain.restrictions import Restriction
from ledger.storage.config import SQLiteLocation
from tests.support.factories import access_command, subject


@pytest.fixture
def app(sqlite_location: SQLiteLocation) -> LedgerApplication:
    return open_ledger(sqlite_location)


def test_a_batch_is_appended_in_one_transaction(app: LedgerApplication, now: datetime) -> None:
    """Several commands give consecutive positions and one verified chain."""
    appended = execute(app, [access_command(now), access_command(now)])
    assert [a.position for a in appended] == [0, 1]
    assert app.verify_chain().size == 2


def test_one_bad_command_records_nothing(app: LedgerApplication, now: datetime) -> None:
    """A bad term in the second command refuses the batch, naming command, field and terms."""
    with pytest.raises(CommandError) as caught:
        execute(app, [access_command(now), access_command(now, purpose="dpv:Marketing")])
    assert caught.value.index == 1
    assert caught.value.field == "purpose"
    assert "dpv:ServiceProvision" in caught.value.allowed
    assert app.chain.snapshot() == (None, 0)


def test_an_unknown_field_is_named(app: LedgerApplication, now: datetime) -> None:
    """A field the command does not take is refused by name (a typo is not silently dropped)."""
    with pytest.raises(CommandError) as caught:
        execute(app, [access_command(now, justifcation="typo")])
    assert caught.value.field == "justifcation"


def test_a_missing_field_is_named(app: LedgerApplication, now: datetime) -> None:
    """A required field left out is refused by name."""
    command = access_command(now)
    del command["legal_basis"]
    with pytest.raises(CommandError, match="legal_basis: is required"):
        execute(app, [command])


def test_an_unparseable_time_is_named(app: LedgerApplication) -> None:
    """occurred_at that is not ISO 8601 is refused by name."""
    with pytest.raises(CommandError, match="occurred_at: must be an ISO 8601"):
        execute(app, [{**access_command(datetime.now(UTC)), "occurred_at": "yesterday"}])


def test_the_ledgers_own_reader_role_is_reserved(app: LedgerApplication, now: datetime) -> None:
    """A caller may not record processing as the ledger's own audit reads (verdicts skip them)."""
    with pytest.raises(CommandError, match="actor_role: is reserved"):
        execute(app, [access_command(now, actor_role="ledger-report-reader")])
    assert app.chain.snapshot() == (None, 0)


def test_an_unknown_command_lists_the_known_ones(app: LedgerApplication) -> None:
    """A misspelt command name is refused with the list of command names."""
    with pytest.raises(CommandError) as caught:
        execute(app, [{"command": "record_acess"}])
    assert "record_access" in caught.value.allowed


def test_a_batch_can_change_what_it_created(app: LedgerApplication, now: datetime) -> None:
    """request_restriction then apply_restriction in one batch: both land, in order."""
    requested = now - timedelta(days=2)
    restriction_id = Restriction.request(
        occurred_at=requested,
        subject=subject(1),
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        recorded_by="dpo-0001",
        reference="RST-1",
    ).id
    appended = execute(
        app,
        [
            {
                "command": "request_restriction",
                "occurred_at": requested.isoformat(),
                "subject": subject(1),
                "ground": "sl:A18-1-a",
                "categories": ["pd:HealthRecord"],
                "recorded_by": "dpo-0001",
                "reference": "RST-1",
            },
            {
                "command": "apply_restriction",
                "id": str(restriction_id),
                "occurred_at": (requested + timedelta(days=1)).isoformat(),
                "ground": "sl:A18-1-a",
                "categories": ["pd:HealthRecord"],
                "applied_by": "dpo-0001",
            },
        ],
    )
    assert [a.event for a in appended] == [
        "Restriction.RestrictionRequested",
        "Restriction.RestrictionApplied",
    ]
    assert app.get(Restriction, restriction_id).applied_at is not None


def test_changing_an_unknown_aggregate_is_refused(app: LedgerApplication, now: datetime) -> None:
    """A lifecycle command for an id the ledger does not hold names the id field."""
    with pytest.raises(CommandError, match="id: no restriction with that id"):
        execute(
            app,
            [
                {
                    "command": "lift_restriction",
                    "id": "00000000-0000-0000-0000-000000000001",
                    "occurred_at": now.isoformat(),
                    "reason": "x",
                    "lifted_by": "dpo-0001",
                }
            ],
        )


@pytest.mark.parametrize("sent", [1, 0, 1.5, True, [2026, 3, 2], {"year": 2026}])
def test_a_number_or_anything_but_text_is_not_a_time(app: LedgerApplication, sent: object) -> None:
    """occurred_at as a JSON number, bool, list or object is refused by name, nothing recorded.

    Protects: the record from `"occurred_at": 1` read as Unix time (1970-01-01).
    """
    with pytest.raises(CommandError) as caught:
        execute(app, [{**access_command(datetime.now(UTC)), "occurred_at": sent}])
    assert (caught.value.field, caught.value.reason) == (
        "occurred_at",
        "must be an ISO 8601 date and time",
    )
    assert app.chain.snapshot() == (None, 0)


@pytest.mark.parametrize("sent", [20260302, False])
def test_a_number_is_not_a_date(app: LedgerApplication, sent: object) -> None:
    """received_on as a number (even one that reads like a date) or a bool is refused by name."""
    command = {
        "command": "receive_request",
        "received_on": sent,
        "subject": subject(1),
        "kind": "eu-gdpr:A15",
        "recorded_by": "dpo-0001",
    }
    with pytest.raises(CommandError) as caught:
        execute(app, [command])
    assert (caught.value.field, caught.value.reason) == ("received_on", "must be an ISO 8601 date")


def test_a_number_is_not_an_id(app: LedgerApplication, now: datetime) -> None:
    """An id sent as a JSON number is refused, even one whose 32 digits would spell a UUID."""
    with pytest.raises(CommandError) as caught:
        execute(
            app,
            [
                {
                    "command": "lift_restriction",
                    "id": 12345678901234567890123456789012,
                    "occurred_at": now.isoformat(),
                    "reason": "x",
                    "lifted_by": "dpo-0001",
                }
            ],
        )
    assert (caught.value.field, caught.value.reason) == ("id", "must be a UUID")


def test_the_hostile_testers_time_is_refused_and_nothing_recorded(app: LedgerApplication) -> None:
    """ "0001-01-01T00:00:00+14:00" parses, then the domain refuses it, naming occurred_at.

    Protects: every read model, which stopped at such an entry (issue #14).
    """
    with pytest.raises(CommandError) as caught:
        execute(
            app,
            [{**access_command(datetime.now(UTC)), "occurred_at": "0001-01-01T00:00:00+14:00"}],
        )
    assert caught.value.field == "occurred_at"
    assert app.chain.snapshot() == (None, 0)


def test_a_time_with_a_nul_inside_is_refused(app: LedgerApplication) -> None:
    """ISO 8601 is printable ASCII: "09:00:00\\x00+00:00" is refused (CPython 3.11 reads it)."""
    with pytest.raises(CommandError) as caught:
        execute(
            app,
            [{**access_command(datetime.now(UTC)), "occurred_at": "2026-06-05T09:00:00\x00+00:00"}],
        )
    assert (caught.value.field, caught.value.reason) == (
        "occurred_at",
        "must be an ISO 8601 date and time",
    )
