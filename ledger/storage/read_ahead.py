"""Reading the next page of a long scan while the caller works on this one.

Verification reads every stored row once and hashes it. Reading is mostly
waiting (on PostgreSQL's socket, or inside SQLite's C code), during which
Python gives up the GIL; hashing is Python work. A thread that fetches page
n + 1 while the caller hashes page n lets the two overlap. At most ``depth``
pages wait in memory, so a scan's memory stays bounded by its page size.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Sequence
from typing import TypeVar

T = TypeVar("T")

_END = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(
    pages: Generator[Sequence[T], None, None], depth: int = 2
) -> Generator[Sequence[T], None, None]:
    """The pages of ``pages``, each fetched in a thread while the one before is used.

    ``pages`` runs entirely in that thread, so a connection it opens is used
    by one thread only. Closing the returned generator early (a verifier
    stopping at the first broken row) stops the thread and closes ``pages``;
    an error in ``pages`` is raised here, in the caller.
    """
    waiting: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def fetch() -> None:
        try:
            for page in pages:
                while not stop.is_set():
                    try:
                        waiting.put(page, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
        except BaseException as error:  # noqa: BLE001 - handed to the reader, who raises it
            _offer(waiting, _Failed(error), stop)
        else:
            _offer(waiting, _END, stop)
        finally:
            pages.close()

    thread = threading.Thread(target=fetch, name="read-ahead", daemon=True)
    thread.start()
    try:
        while (item := waiting.get()) is not _END:
            if isinstance(item, _Failed):
                raise item.error
            yield _page(item)
    finally:
        stop.set()
        thread.join()


def _page(page: object) -> Sequence[T]:
    rows: Sequence[T] = page  # type: ignore[assignment] # only pages of T are queued
    return rows


def _offer(waiting: queue.Queue[object], item: object, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            waiting.put(item, timeout=0.1)
        except queue.Full:
            continue
        return
