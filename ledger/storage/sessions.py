"""Sessions: one connection, one snapshot, scratch tables, and nothing ever committed.

What checking the read models against the ledger needs: every read in one
consistent snapshot (the read models' positions and their rows agree with
each other), tables of its own to replay the ledger into, and the certainty
that nothing it does can reach a live table. A session's transaction is
rolled back at its end, whatever happened, and its scratch tables live where
no live table is:

- PostgreSQL: a REPEATABLE READ transaction; scratch tables are temporary
  (``pg_temp``), created inside it, so they go with its rollback. Any role
  may create them (``TEMPORARY`` is granted to PUBLIC by default), though
  not on a hot standby.
- SQLite: a transaction on a connection of its own, with a private
  temporary database attached as ``scratch`` (on disk, removed when
  detached); WAL mode keeps writers to the ledger going meanwhile.

Long scans are streamed (:meth:`Session.stream`) page by page, so memory
stays bounded by the page, not the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Literal, Protocol

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.rows import tuple_row

# (SQL with {p} placeholders, one parameter row per execution)
Statement = tuple[str, Sequence[Sequence[Any]]]


class Session(Protocol):
    dialect: Literal["sqlite", "postgres"]
    live: str  # the live tables' schema, quoted, to qualify them by
    scratch: str  # the scratch tables' schema

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Mapping[str, Any]]: ...

    def write(self, statements: Sequence[Statement]) -> None:
        """Run each statement once per parameter row, inside the session (never committed)."""
        ...

    def stream(
        self, sql: str, params: Sequence[Any] = (), page: int = 5000
    ) -> Iterator[Sequence[tuple[Any, ...]]]:
        """One query's rows, ``page`` at a time, read as they are needed."""
        ...


class _PostgresSession:
    dialect: Literal["sqlite", "postgres"] = "postgres"
    scratch = "pg_temp"

    def __init__(self, conn: Any, live: str) -> None:
        self._conn = conn
        self.live = live
        self._cursors = 0

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Mapping[str, Any]]:
        with self._conn.cursor() as c:
            c.execute(sql.replace("{p}", "%s").encode(), params)
            rows: Sequence[Mapping[str, Any]] = c.fetchall()
            return rows

    def write(self, statements: Sequence[Statement]) -> None:
        with self._conn.cursor() as c:
            write_postgres(c, statements)

    def stream(
        self, sql: str, params: Sequence[Any] = (), page: int = 5000
    ) -> Iterator[Sequence[tuple[Any, ...]]]:
        # A server-side cursor: PostgreSQL sorts once and hands rows over a page at a time.
        self._cursors += 1
        name = f"session_scan_{self._cursors}"
        with self._conn.cursor(name=name, row_factory=tuple_row) as c:
            c.execute(sql.replace("{p}", "%s").encode(), params)
            while rows := c.fetchmany(page):
                yield rows


class _SQLiteSession:
    dialect: Literal["sqlite", "postgres"] = "sqlite"
    live = "main"
    scratch = "scratch"

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Mapping[str, Any]]:
        rows: Sequence[Mapping[str, Any]] = self._conn.execute(
            sql.replace("{p}", "?"), tuple(params)
        ).fetchall()
        return rows

    def write(self, statements: Sequence[Statement]) -> None:
        for sql, rows in statements:
            query = sql.replace("{p}", "?")
            if len(rows) == 1:  # DDL cannot go through executemany
                self._conn.execute(query, tuple(rows[0]))
            else:
                self._conn.executemany(query, rows)

    def stream(
        self, sql: str, params: Sequence[Any] = (), page: int = 5000
    ) -> Iterator[Sequence[tuple[Any, ...]]]:
        cursor = self._conn.cursor()
        cursor.row_factory = None  # plain tuples
        try:
            cursor.execute(sql.replace("{p}", "?"), tuple(params))
            while rows := cursor.fetchmany(page):
                yield rows
        finally:
            cursor.close()


@contextmanager
def postgres_session(datastore: PostgresDatastore) -> Iterator[Session]:
    with datastore.get_connection() as conn, conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # The session pauses between statements while it projects; the pool's
        # idle-in-transaction timeout is for forgotten transactions, not this one.
        conn.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
        (row,) = conn.execute("SELECT current_schema() AS name").fetchall()
        live = '"' + str(row["name"]).replace('"', '""') + '"'
        yield _PostgresSession(conn, live)


@contextmanager
def sqlite_session(datastore: SQLiteDatastore) -> Iterator[Session]:
    # A reader's connection (commit=False): the pool's one writer is not held meanwhile.
    with datastore.get_connection(commit=False) as connection:
        conn = connection._sqlite_conn  # noqa: SLF001 - the library keeps the sqlite3 connection here
        conn.execute("ATTACH DATABASE '' AS scratch")  # not allowed inside a transaction
        try:
            conn.execute("BEGIN")
            try:
                yield _SQLiteSession(conn)
            finally:
                conn.rollback()
        finally:
            conn.execute("DETACH DATABASE scratch")


def write_postgres(cursor: Any, statements: Sequence[Statement]) -> None:
    """Run read-model statements on a psycopg cursor: ``COPY ... FROM STDIN`` row by row,
    anything else with ``executemany``."""
    for sql, rows in statements:
        if sql.startswith("COPY "):
            with cursor.copy(sql.encode()) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(sql.replace("{p}", "%s").encode(), rows)
