"""Console sessions in the database (api/console/sessions.SharedSessionStore): every server
process knows every session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from api.console.sessions import IDLE_TIMEOUT, SharedSessionStore
from api.service.composition import Service, open_service
from ledger.storage.config import Location
from ledger.storage.session_rows import SessionRows


@pytest.fixture
def svc(location: Location) -> Iterator[Service]:
    service = open_service(location)
    yield service
    service.close()


def _stores(svc: Service, clock: list[datetime]) -> tuple[SharedSessionStore, SharedSessionStore]:
    """Two stores over one database, as two server processes have."""
    return (
        SharedSessionStore(SessionRows(svc.app.database), lambda: clock[0]),
        SharedSessionStore(SessionRows(svc.app.database), lambda: clock[0]),
    )


def test_a_session_made_in_one_process_is_used_and_ended_in_another(svc: Service) -> None:
    """Created by one store, found (with its CSRF token and found people) by the other;
    ended by the other, gone from both."""
    clock = [datetime(2026, 3, 1, 9, tzinfo=UTC)]
    one, other = _stores(svc, clock)
    session_id, made = one.create("p-1")
    one.remember_found(session_id, "sr_x", "943 *** ****")
    found = other.touch(session_id)
    assert found is not None
    assert (found.principal_id, found.csrf_token) == ("p-1", made.csrf_token)
    assert found.found_by("sr_x") == ["943 *** ****"]
    other.end(session_id)
    assert one.touch(session_id) is None


def test_an_idle_session_ends_for_every_process(svc: Service) -> None:
    """Unused for the idle timeout, the session is refused by the process that never saw it."""
    clock = [datetime(2026, 3, 1, 9, tzinfo=UTC)]
    one, other = _stores(svc, clock)
    session_id, _ = one.create("p-1")
    clock[0] += IDLE_TIMEOUT
    assert other.touch(session_id) is None
    assert len(one) == 0
