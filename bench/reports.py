"""Report latency on cached bench ledgers: p50 and p99, in-process and over HTTP.

Three questions, each asked many times about different people, partners and
restrictions drawn (with a fixed seed) from the ledger itself:

* who saw one person's data (``projections.reports.who_saw``,
  ``GET /v1/subjects/{ref}/who-saw``; over HTTP each read is itself
  appended to the ledger, by design, before the report is read again);
* what one partner received concerning one person (``partner_report(...,
  subject=...)``, ``GET /v1/partners/{org}/disclosures?subject=``), and
  everything one partner received (the whole list: its size, and so its
  cost, grows with the ledger);
* one restriction's verdict (``restriction_report``,
  ``GET /v1/restrictions/{id}/compliance``).

In-process reports run against a :class:`ReportContext` on read models that
are already current. The baseline beside each is the report's main query
alone (the rows, no judging or objects). Over HTTP a real ``sharing-ledger
serve`` process answers a real client (keep-alive, one request at a time).
``--explain`` prints each main query's plan on each store. Usage:

    .venv/bin/python bench/reports.py [--store sqlite --store postgres]
        [--entries 100000 --entries 1000000] [--calls 400] [--http-calls 150]
        [--no-http] [--explain] [--no-save]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from random import Random
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import (  # noqa: E402
    Figure,
    cli,
    latencies,
    ledger_process_env,
    save,
    serving,
    show,
    timings,
)
from ledgers import STORES, ledger_at, ledger_env  # noqa: E402

from api.service.composition import Service, open_service  # noqa: E402
from projections.read_models.activity_log import ACTIVITY, NOTES  # noqa: E402
from projections.read_models.change_log import RESTRICTIONS  # noqa: E402
from projections.read_models.share_register import RECEIPTS, SHARES  # noqa: E402
from projections.reports.common import Page, ReportContext  # noqa: E402
from projections.reports.partner_disclosures import partner_report  # noqa: E402
from projections.reports.restriction_verdicts import restriction_report  # noqa: E402
from projections.reports.who_saw import who_saw  # noqa: E402

# p99 targets, in-process (docs/performance.md, target 6; the partner's page: issue #19,
# it carries the whole list's counts). Whole lists follow the ledger or the person: none.
TARGETS_MS = {"who-saw": 20.0, "partner+subject": 20.0, "restriction": 20.0, "partner-page": 50.0}
# Over HTTP (issue #19): who saw, its read recorded before the answer, and a partner's page.
HTTP_TARGETS_MS = {"who-saw": 20.0, "partner-page": 50.0}
PAGE = 100  # entries a page: the API's default `limit`
NOW = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)  # just after the bench ledgers' last day


@dataclass(frozen=True, slots=True)
class Samples:
    subjects: list[str]
    partner_subjects: list[tuple[str, str]]  # (partner, a person it received data about)
    partners: list[str]
    restrictions: list[str]


def draw(context: ReportContext, count: int, seed: int = 1) -> Samples:
    rng = Random(seed)
    subjects = sorted({r["subject"] for r in context.rows(f"SELECT subject FROM {ACTIVITY.name}")})
    pairs = sorted(
        {
            (r["recipient"], r["subject"])
            for r in context.rows(
                f"SELECT recipient, subject FROM {ACTIVITY.name} WHERE kind = 'share'"
            )
        }
    )
    by_size = context.rows(
        f"SELECT recipient, count(*) AS n FROM {SHARES.name} GROUP BY recipient ORDER BY n"
    )
    restrictions = [
        r["restriction_id"]
        for r in context.rows(
            f"SELECT restriction_id FROM {RESTRICTIONS.name} ORDER BY restriction_id"
        )
    ]
    return Samples(
        subjects=rng.sample(subjects, min(count, len(subjects))),
        partner_subjects=rng.sample(pairs, min(count, len(pairs))),
        # The median partner by number of shares, and the two either side of it.
        partners=[r["recipient"] for r in by_size[len(by_size) // 2 - 1 : len(by_size) // 2 + 2]],
        restrictions=restrictions,
    )


# -- The main queries, alone: the baselines, and what --explain shows ---------------------------


def main_queries(context: ReportContext) -> dict[str, tuple[str, Callable[[Any], list[Any]]]]:
    history = (
        f"SELECT {context.position_of('a')} AS position, n.sealed AS justification, a.* "
        f"FROM {ACTIVITY.name} a "
        f"LEFT JOIN {NOTES.name} n ON n.entry_id = a.entry_id AND n.field = 'justification' "
        "WHERE a.subject = {p} ORDER BY a.occurred_at DESC, a.notification_id DESC"
    )
    who = f"{history} LIMIT {PAGE + 1}"
    select_shares = f"SELECT {context.position_of('s')} AS position, r.receipted_at, s.* "
    receipts = f"LEFT JOIN {RECEIPTS.name} r ON r.share_id = s.share_id "
    shares = (
        f"{select_shares} FROM {ACTIVITY.name} a CROSS JOIN {SHARES.name} s {receipts}"
        "WHERE a.subject = {p} AND a.kind = 'share' AND s.share_id = a.entry_id "
        "AND s.recipient = {p} ORDER BY s.occurred_at DESC, s.notification_id DESC"
    )
    whole = (
        f"{select_shares} FROM {SHARES.name} s {receipts}"
        "WHERE s.recipient = {p} ORDER BY s.occurred_at DESC, s.notification_id DESC"
    )
    partner_page = f"{whole} LIMIT {PAGE + 1}"
    restriction = (
        f"SELECT * FROM {RESTRICTIONS.name} WHERE restriction_id = {{p}} OR reference = {{p}}"
    )
    return {
        "who-saw": (who, lambda s: context.rows(who, [s])),
        "who-saw-whole": (history, lambda s: context.rows(history, [s])),
        "partner+subject": (shares, lambda ps: context.rows(shares, [ps[1], ps[0]])),
        "partner": (whole, lambda o: context.rows(whole, [o])),
        "partner-page": (partner_page, lambda o: context.rows(partner_page, [o])),
        "restriction": (restriction, lambda r: context.rows(restriction, [r, r])),
    }


def explain(service: Service, samples: Samples) -> None:
    context = ReportContext(service.app.database, NOW)
    dialect = service.app.database.dialect
    arguments = {
        "who-saw": [samples.subjects[0]],
        "who-saw-whole": [samples.subjects[0]],
        "partner+subject": list(reversed(samples.partner_subjects[0])),
        "partner": [samples.partners[0]],
        "partner-page": [samples.partners[0]],
        "restriction": [samples.restrictions[0]] * 2,
    }
    for name, (query, _) in main_queries(context).items():
        prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
        rows = context.rows(prefix + query, arguments[name])
        print(f"-- {dialect}: {name}")
        for row in rows:
            print("   ", row.get("detail") or row.get("QUERY PLAN"))


# -- In-process ---------------------------------------------------------------------------------


def in_process(
    service: Service, samples: Samples, calls: int, store: str, size: int
) -> list[Figure]:
    context = ReportContext(service.app.database, NOW)
    queries = main_queries(context)
    cases: list[tuple[str, Callable[[Any], object], Sequence[Any], str]] = [
        (
            f"who saw one subject, a page of {PAGE}",
            lambda s: who_saw(context, s, page=Page(PAGE)),
            samples.subjects,
            "who-saw",
        ),
        (
            "who saw one subject, the whole history",
            lambda s: who_saw(context, s),
            samples.subjects,
            "who-saw-whole",
        ),
        (
            "partner's disclosures about one subject",
            lambda ps: partner_report(context, ps[0], subject=ps[1]),
            samples.partner_subjects,
            "partner+subject",
        ),
        (
            "partner's disclosures, all (median partner)",
            lambda o: partner_report(context, o),
            samples.partners,
            "partner",
        ),
        (
            f"partner's disclosures, a page of {PAGE} (median partner)",
            lambda o: partner_report(context, o, page=Page(PAGE)),
            samples.partners,
            "partner-page",
        ),
        (
            "restriction verdict",
            lambda r: restriction_report(context, r),
            samples.restrictions,
            "restriction",
        ),
    ]
    figures = []
    for measure, call, arguments, query in cases:
        # The whole-partner report grows with the ledger: fewer calls keep the run short.
        n = calls if query != "partner" else max(20, calls // 20)
        spent = timings(call, arguments, n)
        base = timings(queries[query][1], arguments, n)
        figures += latencies(
            f"reports-{store}",
            measure,
            spent,
            size=size,
            store=store,
            where="in-process",
            baseline=("its main query alone", base),
            target_ms=TARGETS_MS.get(query),
        )
    return figures


# -- Over HTTP ----------------------------------------------------------------------------------


def over_http(store: str, size: int, samples: Samples, calls: int) -> list[Figure]:
    env = ledger_process_env(ledger_env(store, size))
    key = cli(
        env, "principals", "create", "--name", "bench-reports", "--role", "dpo", "--reason", "bench"
    ).split()[-1]
    figures = []
    with (
        serving(env, ["-m", "api.cli", "serve"]) as (_pid, base),
        httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60) as http,
    ):

        def get(path: str) -> None:
            http.get(path).raise_for_status()

        cases: list[tuple[str, Callable[[Any], object], Sequence[Any], str]] = [
            (
                f"who saw one subject (read recorded), a page of {PAGE}",
                lambda s: get(f"/v1/subjects/{s}/who-saw?reason=benchmark&limit={PAGE}"),
                samples.subjects,
                "who-saw",
            ),
            (
                "partner's disclosures about one subject",
                lambda ps: get(f"/v1/partners/{ps[0]}/disclosures?subject={ps[1]}"),
                samples.partner_subjects,
                "partner+subject",
            ),
            (
                f"partner's disclosures, a page of {PAGE} (median partner)",
                lambda o: get(f"/v1/partners/{o}/disclosures?limit={PAGE}"),
                samples.partners,
                "partner-page",
            ),
            (
                "restriction verdict",
                lambda r: get(f"/v1/restrictions/{r}/compliance"),
                samples.restrictions,
                "restriction",
            ),
        ]
        for measure, call, arguments, query in cases:
            spent = timings(call, arguments, calls)
            figures += latencies(
                f"reports-http-{store}",
                measure,
                spent,
                size=size,
                store=store,
                where="HTTP",
                target_ms=HTTP_TARGETS_MS.get(query),
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=STORES, action="append")
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--http-calls", type=int, default=150)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print the main queries' plans")
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    args = parser.parse_args()
    figures: list[Figure] = []
    for size in args.entries or [100_000, 1_000_000]:
        for store in args.store or list(STORES):
            service = open_service(ledger_at(store, size))
            service.runner.catch_up()  # current read models: the reports read, never project
            samples = draw(ReportContext(service.app.database, NOW), args.calls)
            if args.explain:
                explain(service, samples)
            found = in_process(service, samples, args.calls, store, size)
            service.close()
            if not args.no_http:
                found += over_http(store, size, samples, args.http_calls)
            show(found)
            figures += found
    if not args.no_save:
        save(figures, " ".join(["bench/reports.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
