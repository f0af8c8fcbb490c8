"""The ledger's tables: their names, the DDL both stores share, the schema version, standby.

The events table is the `eventsourcing` library's; every other table is
named after it (``ledger_events`` -> ``ledger_chain``, ``ledger_merkle``...),
so documentation and tools can name one set of tables on both stores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ledger.storage.gateway import Gateway

SCHEMA_VERSION = 1


class SchemaMismatch(Exception):
    """The database holds a schema this version of the code does not understand."""


@dataclass(frozen=True, slots=True)
class LedgerTables:
    """The (possibly schema-qualified) names of the ledger's own tables."""

    events: str
    chain: str
    merkle: str
    meta: str
    checkpoints: str
    keys: str
    cosignatures: str
    idempotency: str
    # The events table's notification id column (SQLite numbers rows with its rowid).
    notification_id: str

    @classmethod
    def named_after(
        cls, events_table: str, notification_id: str, qualify: Callable[[str], str] = str
    ) -> LedgerTables:
        base = events_table.removesuffix("_events")
        return cls(
            events=qualify(events_table),
            chain=qualify(base + "_chain"),
            merkle=qualify(base + "_merkle"),
            meta=qualify(base + "_meta"),
            checkpoints=qualify(base + "_checkpoints"),
            keys=qualify(base + "_log_keys"),
            cosignatures=qualify(base + "_cosignatures"),
            idempotency=qualify(base + "_idempotency"),
            notification_id=notification_id,
        )

    def append_only(self) -> tuple[str, ...]:
        """Tables whose rows are evidence someone may hold: never updated, never deleted."""
        return (
            self.events,
            self.chain,
            self.merkle,
            self.checkpoints,
            self.keys,
            self.cosignatures,
        )


def auxiliary_tables_ddl(tables: LedgerTables, dialect: Literal["sqlite", "postgres"]) -> list[str]:
    """Checkpoints issued, the log's verifier keys, witnesses' cosignatures, idempotency keys.

    The first three are append-only like the entries (a checkpoint once
    issued is evidence someone may hold); idempotency keys are bookkeeping.
    """
    blob = "BLOB" if dialect == "sqlite" else "bytea"
    checkpoints = (
        f"CREATE TABLE IF NOT EXISTS {tables.checkpoints} ("
        f"tree_size BIGINT NOT NULL, root_hash {blob} NOT NULL, verifier_key TEXT NOT NULL, "
        "note TEXT NOT NULL, issued_at TEXT NOT NULL, PRIMARY KEY (tree_size, verifier_key))"
    )
    keys = (
        f"CREATE TABLE IF NOT EXISTS {tables.keys} ("
        "verifier_key TEXT PRIMARY KEY, name TEXT NOT NULL, registered_at TEXT NOT NULL)"
    )
    cosignatures = (
        f"CREATE TABLE IF NOT EXISTS {tables.cosignatures} ("
        "tree_size BIGINT NOT NULL, verifier_key TEXT NOT NULL, witness_key TEXT NOT NULL, "
        "line TEXT NOT NULL, cosigned_at BIGINT NOT NULL, received_at TEXT NOT NULL, "
        "PRIMARY KEY (tree_size, verifier_key, witness_key))"
    )
    idempotency = (
        f"CREATE TABLE IF NOT EXISTS {tables.idempotency} ("
        "principal TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, "
        "first_position BIGINT NOT NULL, count BIGINT NOT NULL, created_at TEXT NOT NULL, "
        "PRIMARY KEY (principal, key))"
    )
    return [checkpoints, keys, cosignatures, idempotency]


def schema_version(database: Gateway) -> int | None:
    """The schema version recorded in the meta table; None where there is no schema yet."""
    meta = database.tables.meta
    if not database.has_table(meta):
        return None
    rows = database.fetch(f"SELECT value FROM {meta} WHERE key = {{p}}", ("schema_version",))
    return int(rows[0]["value"]) if rows else None


def check_schema(database: Gateway) -> None:
    """Refuse to work against a schema this code does not understand."""
    found = schema_version(database)
    if found != SCHEMA_VERSION:
        msg = (
            f"the ledger database has schema version {found}, this program understands "
            f"version {SCHEMA_VERSION}; "
            + (
                "run 'sharing-ledger db init'"
                if found is None
                else "upgrade sharing-ledger before using this database"
                if found > SCHEMA_VERSION
                else "migrate the database first (docs/operations.md, Upgrades)"
            )
        )
        raise SchemaMismatch(msg)


@dataclass(frozen=True, slots=True)
class Standby:
    """This store is a PostgreSQL hot standby: it replays the primary's log and refuses writes."""

    last_replayed_at: datetime | None  # the primary's commit time of the last replayed transaction


def standby(database: Gateway) -> Standby | None:
    """The standby's replay state, or None on a primary (and on SQLite, which has none)."""
    if database.dialect != "postgres":
        return None
    (row,) = database.fetch(
        "SELECT pg_is_in_recovery() AS standby, pg_last_xact_replay_timestamp() AS replayed"
    )
    return Standby(row["replayed"]) if row["standby"] else None
