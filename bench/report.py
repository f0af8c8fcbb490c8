"""Turn a suite run's figures (bench/results.jsonl) into docs/performance.md and its chart.

    .venv/bin/python bench/report.py [--results bench/results.jsonl] [--out docs/performance.md]

The document is generated: edit the notes in ``bench/performance-notes.md``
(quoted under the tables), not the output. Each row is one figure beside the
baseline measured in the same run, the ratio, and whether its target
holds. Figures measured at several ledger sizes are also drawn as a chart
(``docs/performance-growth.svg``): cost per operation against ledger size, so
flat (or log n) growth can be seen rather than read.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "bench" / "performance-notes.md"
CHART = "performance-growth.svg"


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def _target(row: dict[str, Any]) -> str:
    parts = []
    ratio = row.get("target_ratio")
    if ratio is not None:
        parts.append(f"≥ {ratio:g}x baseline" if ratio >= 1 else f"≥ {ratio:.0%} of baseline")
    if row.get("target_value") is not None:
        sign = "≥" if row.get("higher_is_better", True) else "≤"
        parts.append(f"{sign} {_number(row['target_value'])} {row['unit']}")
    return "; ".join(parts)


def _met(row: dict[str, Any]) -> str:
    met = row.get("met")
    return "" if met is None else ("**met**" if met else "**not met**")


def table(rows: Sequence[dict[str, Any]]) -> list[str]:
    lines = [
        "| measure | store | entries | figure | baseline | ratio | target | |",
        "|---|---|--:|--:|--:|--:|---|---|",
    ]
    for row in rows:
        baseline = ""
        if row.get("baseline") is not None:
            baseline = f"{_number(row.get('baseline_value'))} ({row['baseline']})"
        ratio = "" if row.get("ratio") is None else f"{row['ratio']:.2f}"
        entries = "" if row.get("size") is None else f"{row['size']:,}"
        lines.append(
            f"| {row['measure']} | {row.get('store') or ''} | {entries} "
            f"| {_number(row['value'])} {row['unit']} | {baseline} | {ratio} "
            f"| {_target(row)} | {_met(row)} |"
        )
    return lines


def _nominal(size: int) -> int:
    """A ledger's nominal size (1,000,304 -> 1,000,000): reports append reads as they run."""
    digits = len(str(size))
    return round(size, -(digits - 2)) if digits > 2 else size


def growth_series(rows: Iterable[dict[str, Any]]) -> dict[str, list[tuple[int, float, str]]]:
    """Measures taken at two or more ledger sizes: name -> [(size, cost, unit)].

    A rate (higher is better) becomes its inverse, so every series is a cost
    per operation and "up" always means "dearer as the ledger grows". Medians
    are left out where a p99 of the same measure is drawn.
    """
    series: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
    for row in rows:
        if row.get("size") and row["value"] and ", p50" not in row["measure"]:
            name = f"{row['benchmark']}: {row['measure']} ({row.get('store') or '-'})"
            rate = row.get("higher_is_better", True)
            cost = 1.0 / float(row["value"]) if rate else float(row["value"])
            unit = f"1 / ({row['unit']})" if rate else str(row["unit"])
            series[name].append((_nominal(int(row["size"])), cost, unit))
    return {k: sorted(v) for k, v in series.items() if len({s for s, _, _ in v}) >= 2}


# Issue #19's targets (use every core), each with the figures the run measured for it:
# the words, then which rows answer it. Rebuild memory is a comparison
# between two sizes, made below from the peak-memory rows.
Row = dict[str, Any]
MILLION, TEN_MILLION = 1_000_000, 10_000_000
SCALING: tuple[tuple[str, Callable[[Row], bool]], ...] = (
    (
        "HTTP single entries, 16 clients, `--workers 2` against `--workers 1`: ≥ 1.7x",
        lambda r: (
            r["benchmark"] == "http-record"
            and "single entry, group commit, serve --workers 2" in r["measure"]
        ),
    ),
    (
        "PostgreSQL library appends from 2 processes against raw `executemany`: ≥ 25%",
        lambda r: (
            r["benchmark"].startswith("append-")
            and r.get("store") == "postgres"
            and r.get("target_ratio") == 0.25
        ),
    ),
    (
        "`verify` at 1M entries against the bare hashlib loop: ≥ 50% on both stores",
        lambda r: (
            r["benchmark"] == "verify"
            and "worker processes" in r["measure"]
            and _nominal(r.get("size") or 0) == MILLION
        ),
    ),
    (
        "who saw one person, p99 at 10M entries, in-process: < 20 ms",
        lambda r: (
            r["benchmark"].startswith("reports-")
            and r["measure"].startswith("who saw one subject, a page of")
            and r["measure"].endswith("p99, in-process")
            and _nominal(r.get("size") or 0) == TEN_MILLION
        ),
    ),
    (
        "who saw one person over HTTP, the read recorded, p99 at 1M: < 20 ms",
        lambda r: (
            r["benchmark"].startswith("reports-http-")
            and r["measure"].startswith("who saw one subject (read recorded)")
            and r["measure"].endswith("p99, HTTP")
            and _nominal(r.get("size") or 0) == MILLION
        ),
    ),
    (
        "a page of a partner's disclosure list, p99 at 1M: < 50 ms",
        lambda r: (
            r["benchmark"].startswith("reports-")
            and r["measure"].startswith("partner's disclosures, a page of")
            and ", p99" in r["measure"]
            and _nominal(r.get("size") or 0) == MILLION
        ),
    ),
)
MEMORY_GROWTH = 1.10  # "flat": peak memory at 10M within 10% of 1M's


def scaling(rows: Sequence[Row]) -> list[str]:
    """Issue #19's targets, each beside the rows of this run that answer it."""
    lines = [
        "| target | measure | store | entries | figure | baseline | ratio | |",
        "|---|---|---|--:|--:|--:|--:|---|",
    ]
    for goal, answers in SCALING:
        found = [r for r in rows if answers(r)]
        lines += [_scaling_row(goal, r) for r in found] or [f"| {goal} | not measured |||||||"]
    goal = "rebuild peak memory from 1M to 10M entries: flat (within 10%)"
    memory = {
        (r.get("store"), _nominal(r.get("size") or 0)): r
        for r in rows
        if r["benchmark"].startswith("rebuild-") and r["measure"].startswith("peak resident")
    }
    grown = False
    for (store, size), row in sorted(memory.items(), key=lambda kv: str(kv[0])):
        small = memory.get((store, MILLION))
        if size != TEN_MILLION or small is None:
            continue
        grown = True
        ratio = row["value"] / small["value"]
        met = "**met**" if ratio <= MEMORY_GROWTH else "**not met**"
        lines.append(
            f"| {goal} | {row['measure']} | {store} | {size:,} | {_number(row['value'])} MiB "
            f"| {_number(small['value'])} MiB at 1,000,000 | {ratio:.2f} | {met} |"
        )
    if not grown:
        lines.append(f"| {goal} | not measured at both sizes |||||||")
    return lines


def _scaling_row(goal: str, row: Row) -> str:
    baseline = ""
    if row.get("baseline") is not None:
        baseline = f"{_number(row.get('baseline_value'))} ({row['baseline']})"
    ratio = "" if row.get("ratio") is None else f"{row['ratio']:.2f}"
    entries = "" if row.get("size") is None else f"{row['size']:,}"
    return (
        f"| {goal} | {row['measure']} | {row.get('store') or ''} | {entries} "
        f"| {_number(row['value'])} {row['unit']} | {baseline} | {ratio} | {_met(row)} |"
    )


PANEL_HEIGHT = 220


def chart(series: dict[str, list[tuple[int, float, str]]]) -> str:
    """An SVG, a panel per benchmark, of each series relative to its smallest size (1.0 = flat)."""
    families: dict[str, dict[str, list[tuple[int, float, str]]]] = defaultdict(dict)
    for name, points in series.items():
        families[name.split(":")[0].split("-")[0]][name] = points
    width = 760
    out: list[str] = []
    top = 10
    for family, members in families.items():
        parts, height = _panel(family, members, top, width)
        out += parts
        top += height
    label = "Cost per operation against ledger size, relative to the smallest size"
    head = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top}" '
            f'font-family="sans-serif" font-size="12" role="img" aria-label="{label}">'
        ),
        f'<rect width="{width}" height="{top}" fill="white"/>',
    ]
    return "\n".join([*head, *out, "</svg>"]) + "\n"


def _panel(
    family: str, series: dict[str, list[tuple[int, float, str]]], top: int, width: int
) -> tuple[list[str], int]:
    """One benchmark's series on their own scale; returns the SVG parts and the height used."""
    left, right, plot_h = 70, 60, PANEL_HEIGHT - 80
    plot_top = top + 24
    sizes = sorted({s for points in series.values() for s, _, _ in points})
    lo, hi = math.log10(sizes[0]), math.log10(sizes[-1])
    span = hi - lo or 1.0
    relatives = [
        v / points[0][1] for points in series.values() for _, v, _ in points if points[0][1]
    ]
    top_ratio = max(2.0, max(relatives, default=1.0) * 1.1)

    def x(size: int) -> float:
        return left + (math.log10(size) - lo) / span * (width - left - right)

    def y(ratio: float) -> float:
        return plot_top + plot_h - ratio / top_ratio * plot_h

    palette = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840", "#5694ca"]
    out = [f'<text x="{left}" y="{top + 14}" font-weight="bold">{_escape(family)}</text>']
    out.extend(
        f'<line x1="{left}" x2="{width - right}" y1="{y(ratio):.1f}" y2="{y(ratio):.1f}" '
        f'stroke="{"#0b0c0c" if ratio == 1.0 else "#dddddd"}"/>'
        f'<text x="{left - 6}" y="{y(ratio) + 4:.1f}" text-anchor="end">{ratio:.1f}x</text>'
        for ratio in (0.0, 1.0, top_ratio)
    )
    out.extend(
        f'<text x="{x(size):.1f}" y="{plot_top + plot_h + 16}" text-anchor="middle">'
        f"{size:,} entries</text>"
        for size in sizes
    )
    legend_top = plot_top + plot_h + 36
    for index, (name, points) in enumerate(series.items()):
        colour = palette[index % len(palette)]
        base = points[0][1] or 1.0
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x(s):.1f},{y(v / base):.1f}"
            for i, (s, v, _) in enumerate(points)
        )
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out.extend(
            f'<circle cx="{x(s):.1f}" cy="{y(v / base):.1f}" r="3" fill="{colour}"/>'
            for s, v, _ in points
        )
        legend_y = legend_top + 18 * index
        change = points[-1][1] / base
        out.append(
            f'<rect x="{left}" y="{legend_y - 9}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{left + 20}" y="{legend_y - 3}">{_escape(name.split(": ", 1)[1])} '
            f"— {change:.2f}x</text>"
        )
    return out, legend_top - top + 18 * len(series) + 16


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(rows: Sequence[dict[str, Any]], out: Path) -> None:
    by_benchmark: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_benchmark[row["benchmark"]].append(row)
    first = rows[0]
    lines = [
        "# Performance",
        "",
        "Generated by `./dev bench` (bench/suite.py, then bench/report.py); do not edit by hand.",
        (
            f"Measured on {first['date']}: {first['cpus']} CPUs, {first['platform']}, "
            f"Python {first['python']}, PostgreSQL on the same host. Every figure sits beside "
            "a baseline measured in the same run on the same machine."
        ),
        "",
    ]
    met = [r for r in rows if r.get("met") is not None]
    if met:
        kept = sum(1 for r in met if r["met"])
        lines += [f"Targets met: {kept} of {len(met)}.", ""]
    lines += [
        "## Using every core (issue #19)",
        "",
        "Each target of the issue, with the figures below that answer it.",
        "",
        *scaling(rows),
        "",
    ]
    for benchmark, items in by_benchmark.items():
        commands = sorted({r["command"] for r in items})
        lines += [f"## {benchmark}", "", *(f"`{c}`" for c in commands), ""]
        lines += [*table(items), ""]
    series = growth_series(rows)
    if series:
        (out.parent / CHART).write_text(chart(series), encoding="utf-8")
        lines += [
            "## Growth",
            "",
            f"![Cost per operation against ledger size]({CHART})",
            "",
        ]
    if NOTES.exists():
        lines += [NOTES.read_text(encoding="utf-8").rstrip(), ""]
    out.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    rows = load(args.results)
    if not rows:
        raise SystemExit(f"report: {args.results} holds no figures; run the suite first")
    render(rows, args.out)
    print(f"report: wrote {args.out} from {len(rows)} figures")


if __name__ == "__main__":
    main()
