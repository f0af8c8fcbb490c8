"""Idempotency keys: applied at most once, across retries, races and restarts; on both stores."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from api.service.composition import open_ledger
from ledger.application import IdempotencyClaim, IdempotencyConflict
from ledger.storage.config import Location
from tests.support.factories import access, subject


def claim(key: str = "k-1", request_hash: str = "h-1") -> IdempotencyClaim:
    return IdempotencyClaim("source-1", key, request_hash, "2026-06-01T12:00:00+00:00")


def test_a_retry_gets_the_first_reply_and_appends_nothing(
    location: Location, now: datetime
) -> None:
    """The same claim twice: the second returns the first's positions and hashes."""
    app = open_ledger(location)
    first = app.append(access(now), access(now), idempotency=claim())
    again = app.append(access(now), access(now), idempotency=claim())
    assert again == first
    assert app.verify_chain().size == 2


def test_the_first_reply_survives_a_restart(location: Location, now: datetime) -> None:
    """After closing and reopening the store the key still answers with the first reply."""
    app = open_ledger(location)
    first = app.append(access(now), idempotency=claim())
    app.close()
    assert open_ledger(location).append(access(now), idempotency=claim()) == first


def test_a_key_reused_for_another_request_is_refused(location: Location, now: datetime) -> None:
    """Same key, different request: refused, nothing appended."""
    app = open_ledger(location)
    app.append(access(now), idempotency=claim())
    with pytest.raises(IdempotencyConflict):
        app.append(access(now), idempotency=claim(request_hash="h-2"))
    assert app.verify_chain().size == 1


def test_concurrent_retries_append_once(location: Location, now: datetime) -> None:
    """Four threads sending the same keyed request at once: one append, four equal replies."""
    open_ledger(location).close()
    replies: list[object] = []

    def send() -> None:
        replies.append(
            open_ledger(location).append(access(now, subject=subject(1)), idempotency=claim())
        )

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(replies) == 4
    assert all(reply == replies[0] for reply in replies)
    assert open_ledger(location).verify_chain().size == 1
