"""Reading ahead: pages in order, errors raised in the reader, an early stop ends the thread."""

from __future__ import annotations

import threading
from collections.abc import Generator

import pytest

from ledger.storage.read_ahead import read_ahead


def pages(count: int, size: int, closed: list[bool]) -> Generator[list[int], None, None]:
    try:
        for n in range(count):
            yield list(range(n * size, (n + 1) * size))
    finally:
        closed.append(True)


def test_every_row_arrives_once_in_order() -> None:
    """Pages fetched ahead still give their rows in the order the pages hold them."""
    closed: list[bool] = []
    assert [row for page in read_ahead(pages(50, 7, closed)) for row in page] == list(range(350))
    assert closed == [True]


def test_an_error_while_fetching_is_raised_to_the_reader() -> None:
    """A failing fetch (a lost connection, say) is raised where the rows are read."""

    def failing() -> Generator[list[int], None, None]:
        yield [1, 2]
        raise ConnectionError("server closed the connection")

    read = read_ahead(failing())
    assert next(read) == [1, 2]
    with pytest.raises(ConnectionError, match="server closed"):
        next(read)


def test_stopping_early_closes_the_pages_and_ends_the_thread() -> None:
    """A verifier stopping at the first broken row leaves no thread and no open scan behind."""
    closed: list[bool] = []
    before = threading.active_count()
    read = read_ahead(pages(1000, 100, closed), depth=2)
    assert next(read)[0] == 0
    read.close()
    assert closed == [True]
    assert threading.active_count() == before
