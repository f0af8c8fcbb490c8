"""Exporting one person's evidence bundle, selected from the ledger itself, against reading it.

An export never asks a read model what to include (docs/evidence.md §3): it
streams every stored entry up to the checkpoint through the pure rule of
``ledger/integrity/bundle_scope.py``, then reads the chosen aggregates'
entries, proves each, signs the manifest and verifies the bundle. For each
store and size, on the cached synthetic ledgers of ``bench/ledgers.py``:

* the selection alone: the scan that finds the aggregates naming one person;
* the whole export: ``api.service.evidence_export.export_bundle``, as
  ``sharing-ledger evidence export --subject`` runs it (a checkpoint is
  signed by the first export and reused by the others);
* the baseline: every stored entry read back and nothing else done with it
  (``app.chain.entry_rows``), the physical minimum of a scan.

Three people are exported: the one named by the most entries among the first
20,000, and two named once there; the figures are their median.

Usage:

    .venv/bin/python bench/evidence.py [--store sqlite] [--store postgres]
        [--entries 100000 --entries 1000000] [--seed 1] [--no-save]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import Figure, save, show  # noqa: E402
from ledgers import STORES, ledger_at  # noqa: E402

from api.service import log_signing  # noqa: E402
from api.service.composition import open_service  # noqa: E402
from api.service.evidence_export import export_bundle  # noqa: E402
from api.service.log_signing import LogSigner  # noqa: E402
from api.service.scope_selection import aggregates_naming  # noqa: E402
from api.service.signer_state import SignerState  # noqa: E402
from ledger.application import LedgerApplication  # noqa: E402
from ledger.integrity.bundle_scope import subject_selector  # noqa: E402
from ledger.integrity.evidence import ScopeKind  # noqa: E402
from ledger.integrity.notes import generate_signer  # noqa: E402

_SUBJECT = re.compile(rb'"(sr_[a-z2-7]{26})"')


def people(app: LedgerApplication) -> list[str]:
    """The busiest person among the first 20,000 entries, and two named there once."""
    rows = app.chain.entry_rows(upto=20_000)
    try:
        named = Counter(m for row in rows for m in set(_SUBJECT.findall(row[4])))
    finally:
        rows.close()
    ranked = [ref.decode() for ref, _ in named.most_common()]
    return [ranked[0], *[ref.decode() for ref, n in named.items() if n == 1][:2]]


def seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(store: str, entries: int, seed: int) -> list[Figure]:
    service = open_service(ledger_at(store, entries, seed=seed, quiet=True))
    app = service.app
    size = log_signing.tree_size(app)
    upto = app.chain.link_at(size - 1).notification_id

    def read_all() -> None:
        rows = app.chain.entry_rows(upto=upto)
        try:
            for _row in rows:
                pass
        finally:
            rows.close()

    chosen = people(app)
    signer = LogSigner(
        generate_signer(f"bench.sharing-ledger.example/{store}-{entries}"),
        SignerState(Path(tempfile.mkdtemp()) / "signer.state"),
    )
    reading = statistics.median(seconds(read_all) for _ in range(3))
    scans, exports, held = [], [], []
    for person in chosen:
        started = time.perf_counter()
        aggregates_naming(app, subject_selector(person), size=size)
        scans.append(time.perf_counter() - started)
        started = time.perf_counter()
        exported = export_bundle(service, ScopeKind.SUBJECT, person, signer)
        exports.append(time.perf_counter() - started)
        held.append(exported.entries)
        json.loads(exported.text)  # the bundle is whole JSON
    service.close()
    baseline = "read every stored entry, nothing else"
    figures = [
        Figure(
            "evidence",
            measure,
            statistics.median(spent),
            "s",
            baseline,
            reading,
            size=size,
            store=store,
            higher_is_better=False,
        )
        for measure, spent in (
            ("select one person's aggregates (scan + rule)", scans),
            (f"export one person's bundle ({min(held)}-{max(held)} entries)", exports),
        )
    ]
    print(
        f"{store} {size:,}: people {chosen}, entries {held}, "
        f"scans {[round(s, 2) for s in scans]} s, exports {[round(s, 2) for s in exports]} s",
        flush=True,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=STORES, action="append")
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    figures = [
        figure
        for store, entries in itertools.product(
            args.store or list(STORES), args.entries or [100_000, 1_000_000]
        )
        for figure in measure(store, entries, args.seed)
    ]
    show(figures)
    if not args.no_save:
        save(figures, " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
