"""Merkle proof generation on cached bench ledgers: inclusion and consistency, p50 and p99.

For random leaves and tree sizes (fixed seed), times
``merkle.inclusion_proof(index, size, store)`` and
``merkle.consistency_proof(old, new, store)`` exactly as the CLI and the API
call them: each works out the stored nodes it needs and reads them in one
query. Every proof is checked against the root (``root_at``, timed too, as
the API returns it beside the proof). The baseline is one round trip that
reads a single stored node by its key: the floor of any proof that needs the
store at all. Usage:

    .venv/bin/python bench/proofs.py [--store sqlite --store postgres]
        [--entries 100000 --entries 1000000] [--calls 2000] [--no-save]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import Figure, latencies, save, show, timings  # noqa: E402
from ledgers import STORES, ledger_at  # noqa: E402

from api.service.composition import open_ledger  # noqa: E402
from ledger.application import LedgerApplication  # noqa: E402
from ledger.integrity import merkle  # noqa: E402

TARGET_MS = 5.0  # p99 (docs/performance.md, target 7)


def check(app: LedgerApplication, size: int, leaves: list[int], olds: list[int]) -> None:
    """Every proof timed must verify: a fast wrong answer is no answer."""
    tree = app.tree
    root = merkle.root_at(size, tree)
    for index in leaves[:50]:
        link = app.chain.link_at(index)
        proof = merkle.inclusion_proof(index, size, tree)
        leaf = merkle.entry_leaf_hash(link.entry_digest)
        merkle.verify_inclusion(leaf, index, size, proof, root)
    for old in olds[:50]:
        proof = merkle.consistency_proof(old, size, tree)
        merkle.verify_consistency(old, size, merkle.root_at(old, tree), root, proof)


def measure(store: str, entries: int, calls: int) -> list[Figure]:
    app = open_ledger(ledger_at(store, entries))
    chain = app.tree
    head, _ = app.chain.snapshot()
    if head is None:
        msg = "the bench ledger is empty"
        raise RuntimeError(msg)
    size = head.position + 1
    rng = Random(1)
    leaves = [rng.randrange(size) for _ in range(calls + 2)]
    # Older checkpoints a verifier may hold: anywhere in the ledger's history.
    olds = [rng.randrange(1, size) for _ in range(calls + 2)]
    check(app, size, leaves, olds)
    indices = range(calls)
    floor = timings(lambda i: chain.nodes([(0, leaves[i])]), indices, calls)
    cases = {
        "inclusion proof": timings(
            lambda i: merkle.inclusion_proof(leaves[i], size, chain), indices, calls
        ),
        "consistency proof": timings(
            lambda i: merkle.consistency_proof(olds[i], size, chain), indices, calls
        ),
        "root of the tree (beside each proof)": timings(
            lambda i: merkle.root_at(size - (i % 7), chain), indices, calls
        ),
    }
    app.close()
    return [
        figure
        for name, spent in cases.items()
        for figure in latencies(
            f"proofs-{store}",
            name,
            spent,
            size=size,
            store=store,
            baseline=("one stored node read by its key", floor),
            target_ms=TARGET_MS if "proof" in name else None,
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=STORES, action="append")
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    args = parser.parse_args()
    figures: list[Figure] = []
    for entries in args.entries or [100_000, 1_000_000]:
        for store in args.store or list(STORES):
            found = measure(store, entries, args.calls)
            show(found)
            figures += found
    if not args.no_save:
        save(figures, " ".join(["bench/proofs.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
