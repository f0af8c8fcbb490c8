"""Which read models each report reads: a report is as available as the least of them.

A stalled read model makes the reports that read it unavailable (503), and
only those; a reader served by a separate worker waits for these read models
alone. :class:`~projections.reports.common.ReportContext` holds each report
to its line here: a query naming a table of a read model the report did not
declare fails, so the map cannot quietly fall behind the code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from projections.read_models import (
    READ_MODELS,
    activity_log,
    change_log,
    complaint_log,
    request_log,
    response_log,
)
from projections.read_models import share_register as sharing

ACTIVITY = activity_log.READ_MODEL.name  # rm_activity, rm_notes: who saw what
SHARING = sharing.READ_MODEL.name  # rm_partners, rm_agreements, rm_shares, rm_share_receipts
CHANGES = change_log.READ_MODEL.name  # restrictions, justifications, rectifications, ...
REQUESTS = request_log.READ_MODEL.name  # rm_requests, rm_request_pauses
COMPLAINTS = complaint_log.READ_MODEL.name  # rm_complaints, rm_complaint_steps
RESPONSES = response_log.READ_MODEL.name  # rm_access_responses, rm_withheld_entries

#: Report (as the command line and the API name it) -> the read models it reads.
REPORT_READS: Mapping[str, frozenset[str]] = {
    # Accesses, disclosures and notes; partners' names; the disposal, if any.
    "who-saw": frozenset({ACTIVITY, SHARING, CHANGES}),
    "partner": frozenset({SHARING}),
    # ... narrowed to one person: through that person's who-saw rows.
    "partner-subject": frozenset({SHARING, ACTIVITY}),
    # Restrictions, their justifications, exemptions and notices; the processing
    # while they stood; the rights request each came from (Art 18(3): the person told).
    "restriction": frozenset({CHANGES, ACTIVITY, REQUESTS}),
    "restrictions": frozenset({CHANGES, ACTIVITY, REQUESTS}),
    "requests": frozenset({REQUESTS}),
    # Access responses: what each covered (who saw what, partners' names, the
    # disposal), the request, the responses issued and the entries withheld.
    "responses": frozenset({RESPONSES, REQUESTS, ACTIVITY, SHARING, CHANGES}),
    # Rectifications and notices; the earlier recipients, from who saw what.
    "rectifications": frozenset({CHANGES, ACTIVITY}),
    # Objections; the processing after each; the request it came with.
    "objections": frozenset({CHANGES, ACTIVITY, REQUESTS}),
    # Complaints and their steps; the rights requests and restrictions they are about.
    "complaints": frozenset({COMPLAINTS, REQUESTS, CHANGES}),
    "agreements": frozenset({SHARING}),
    "promises": frozenset({SHARING, ACTIVITY, REQUESTS, CHANGES}),
    # (Evidence bundles and disposal's counts read the ledger itself, no read model.)
}


def read_models_of(reports: Iterable[str]) -> frozenset[str]:
    """The read models the named reports read (every read model for none)."""
    names = list(reports)
    if not names:
        return frozenset(p.name for p in READ_MODELS)
    unknown = sorted(set(names) - set(REPORT_READS))
    if unknown:
        msg = f"no such report: {', '.join(unknown)} (projections/reports/reads.py)"
        raise ValueError(msg)
    return frozenset().union(*(REPORT_READS[name] for name in names))


def tables_of(read_models: Iterable[str]) -> frozenset[str]:
    """The tables of the named read models."""
    wanted = set(read_models)
    return frozenset(t.name for p in READ_MODELS if p.name in wanted for t in p.tables)


def reports_reading(read_model: str) -> list[str]:
    """The reports a read model's stall makes unavailable."""
    return sorted(name for name, reads in REPORT_READS.items() if read_model in reads)
