"""Verifying the whole ledger (chain, then Merkle tree), as every entry point does it.

The command line (``sharing-ledger verify --jobs N``), the HTTP API
(``GET /ledger/verification``) and the console's verification page all call
:func:`verify`: by default on every core this process may use
(``ledger/parallel_verify.py``), one process when ``jobs`` is 1.
"""

from __future__ import annotations

from collections.abc import Callable

from ledger.application import LedgerApplication
from ledger.parallel_verify import Verified, default_jobs, verify_ledger


def verify(
    app: LedgerApplication,
    *,
    jobs: int | None = None,
    range_size: int | None = None,
    progress: Callable[[int], None] = lambda _n: None,
) -> Verified:
    """Re-derive every hash; raise ChainBroken or TreeBroken naming the first failure.

    ``jobs``: worker processes (default: the cores available; 1 verifies in
    this process). ``range_size``: positions per worker task (default: a few
    ranges per job; small only in tests).
    """
    return verify_ledger(
        app, jobs=default_jobs() if jobs is None else jobs, range_size=range_size, progress=progress
    )


__all__ = ["Verified", "verify"]
