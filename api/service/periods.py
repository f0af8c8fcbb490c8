"""Report periods as people give them: a date and time, read as UTC without an offset,
checked against the window every time in the ledger lies in (a 4xx, never an overflow)."""

from __future__ import annotations

from datetime import UTC, datetime

from ledger.domain import values


def moment(value: datetime | None, name: str) -> datetime | None:
    """``value`` as an aware time (UTC if it gave no offset), or None; ValidationError if odd."""
    if value is None:
        return None
    return values.aware(name, value if value.tzinfo else value.replace(tzinfo=UTC))
