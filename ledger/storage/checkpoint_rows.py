"""Checkpoints the ledger issued, the log keys that signed them, witnesses' cosignatures.

All three tables are append-only like the entries: a checkpoint once issued
is evidence someone outside may hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ledger.storage.gateway import Gateway


CHECKPOINT_COLUMNS = "tree_size, root_hash, verifier_key, note, issued_at"


class CheckpointConflict(Exception):
    """A different checkpoint of the same size, signed by the same key, is already stored."""


class CheckpointRows:
    def __init__(self, database: Gateway) -> None:
        self.database = database

    def store(
        self, size: int, root: bytes, verifier_key: str, key_name: str, note: str, issued_at: str
    ) -> None:
        """Keep a checkpoint (and register its key the first time).

        An identical repeat (the same note: Ed25519 signatures are deterministic)
        is a no-op. A different checkpoint already kept for this size and key is
        a :class:`CheckpointConflict`: the new one is not stored, and the caller
        must not hand it out as kept.
        """
        tables = self.database.tables
        self.database.write(
            [
                (
                    (
                        f"INSERT INTO {tables.keys} (verifier_key, name, registered_at) "
                        "VALUES ({p}, {p}, {p}) ON CONFLICT (verifier_key) DO NOTHING"
                    ),
                    [(verifier_key, key_name, issued_at)],
                ),
                (
                    (
                        f"INSERT INTO {tables.checkpoints} "
                        "(tree_size, root_hash, verifier_key, note, issued_at) "
                        "VALUES ({p}, {p}, {p}, {p}, {p}) "
                        "ON CONFLICT (tree_size, verifier_key) DO NOTHING"
                    ),
                    [(size, root, verifier_key, note, issued_at)],
                ),
            ]
        )
        kept = self.at(size, verifier_key)
        if kept is None or str(kept["note"]) != note:
            msg = (
                f"a different checkpoint of {size:,} entries signed by this key is already "
                "stored"
                + ("" if kept is None else f" (issued {kept['issued_at']})")
                + "; the new one was not kept: the log would have signed two trees of one size"
            )
            raise CheckpointConflict(msg)

    def at(self, size: int, verifier_key: str) -> dict[str, Any] | None:
        """The checkpoint of ``size`` entries signed by ``verifier_key``, if one is stored."""
        rows = self.database.fetch(
            f"SELECT {CHECKPOINT_COLUMNS} FROM {self.database.tables.checkpoints} "
            "WHERE tree_size = {p} AND verifier_key = {p}",
            (size, verifier_key),
        )
        return dict(rows[0]) if rows else None

    def ascending(self, after: tuple[int, str] | None, *, limit: int) -> list[dict[str, Any]]:
        """Stored checkpoints after ``(tree_size, verifier_key)``, smallest tree first: a page."""
        size, key = after if after is not None else (-1, "")
        rows = self.database.fetch(
            f"SELECT {CHECKPOINT_COLUMNS} FROM {self.database.tables.checkpoints} "
            "WHERE tree_size > {p} OR (tree_size = {p} AND verifier_key > {p}) "
            "ORDER BY tree_size, verifier_key LIMIT {p}",
            (size, size, key, limit),
        )
        return [dict(row) for row in rows]

    def newest(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Issued checkpoints, largest tree first."""
        rows = self.database.fetch(
            "SELECT tree_size, verifier_key, note, issued_at "
            f"FROM {self.database.tables.checkpoints} "
            "ORDER BY tree_size DESC, issued_at DESC LIMIT {p}",
            (limit,),
        )
        return [dict(row) for row in rows]

    def store_cosignature(
        self,
        size: int,
        verifier_key: str,
        witness_key: str,
        line: str,
        cosigned_at: int,
        received_at: str,
    ) -> None:
        """Keep a witness's cosignature of a checkpoint; a repeat is a no-op."""
        self.database.write(
            [
                (
                    (
                        f"INSERT INTO {self.database.tables.cosignatures} (tree_size, "
                        "verifier_key, witness_key, line, cosigned_at, received_at) "
                        "VALUES ({p}, {p}, {p}, {p}, {p}, {p}) "
                        "ON CONFLICT (tree_size, verifier_key, witness_key) DO NOTHING"
                    ),
                    [(size, verifier_key, witness_key, line, cosigned_at, received_at)],
                )
            ]
        )

    def cosignatures(self, size: int, verifier_key: str) -> list[dict[str, Any]]:
        rows = self.database.fetch(
            "SELECT witness_key, line, cosigned_at "
            f"FROM {self.database.tables.cosignatures} "
            "WHERE tree_size = {p} AND verifier_key = {p} ORDER BY witness_key",
            (size, verifier_key),
        )
        return [dict(row) for row in rows]

    def log_keys(self) -> list[str]:
        """Every verifier key that has signed a checkpoint of this ledger, oldest first."""
        rows = self.database.fetch(
            f"SELECT verifier_key FROM {self.database.tables.keys} "
            "ORDER BY registered_at, verifier_key"
        )
        return [str(row["verifier_key"]) for row in rows]
