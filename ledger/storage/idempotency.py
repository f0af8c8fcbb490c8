"""Idempotency-Keys: claimed in the same transaction as the entries they made.

A retry finds its claim and gets the first reply; a crash before the commit
loses both, so the retry appends afresh. Either way: at most once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ledger.integrity.chain import ChainLink

if TYPE_CHECKING:
    from ledger.storage.gateway import Gateway


@dataclass(frozen=True, slots=True)
class IdempotencyClaim:
    """A caller's Idempotency-Key, stored in the same transaction as the entries it made."""

    principal: str
    key: str
    request_hash: str
    created_at: str


@dataclass(frozen=True, slots=True)
class IdempotentRecord:
    request_hash: str
    first_position: int
    count: int


# The recorders insert a claim with these columns, in this order.
CLAIM_COLUMNS = "principal, key, request_hash, first_position, count, created_at"


def claim_rows(claims: object, links: Sequence[ChainLink]) -> list[tuple[Any, ...]]:
    """Rows for the claims of an insert: ``[(claim or None, entries it covers), ...]`` in order.

    The groups of a shared (group-committed) transaction are contiguous in
    the insert, so each claim covers the next ``count`` links.
    """
    rows: list[tuple[Any, ...]] = []
    if not isinstance(claims, list):
        return rows
    start = 0
    for claim, count in claims:
        if isinstance(claim, IdempotencyClaim) and count:
            first = links[start]
            rows.append(
                (
                    claim.principal,
                    claim.key,
                    claim.request_hash,
                    first.position,
                    count,
                    claim.created_at,
                )
            )
        start += count
    return rows


class IdempotencyRows:
    """The claims already stored."""

    def __init__(self, database: Gateway) -> None:
        self.database = database

    def find(self, principal: str, key: str) -> IdempotentRecord | None:
        rows = self.database.fetch(
            f"SELECT request_hash, first_position, count FROM {self.database.tables.idempotency} "
            "WHERE principal = {p} AND key = {p}",
            (principal, key),
        )
        if not rows:
            return None
        row = rows[0]
        return IdempotentRecord(
            str(row["request_hash"]), int(row["first_position"]), int(row["count"])
        )
