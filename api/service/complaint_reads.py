"""Reading one complaint with its text opened: the read is recorded, as every read of a person is.

A complaint's summary, findings and remedial action are sealed for the person
(ledger/subjects.py); opening them shows what the person said, so the read is
appended to the ledger first (the watchers are watched), under the reader's name.
"""

from __future__ import annotations

from dataclasses import replace

from api.service.composition import Service
from api.service.recorded_reads import DISPOSED_TEXT, Reader, record_read
from ledger.application import NotFound
from projections.reports.complaints import ComplaintReport, complaint_report

REASON = "complaint investigation"


def find_complaint(service: Service, complaint: str) -> ComplaintReport:
    """One complaint by id or reference, text still sealed; NotFound if there is none."""
    report = complaint_report(service.reports("complaints"), complaint)
    if report is None:
        msg = "no complaint with that id or reference"
        raise NotFound(msg)
    return report


def opened(service: Service, report: ComplaintReport) -> ComplaintReport:
    """The report with its sealed text opened (for a reader whose read is already recorded)."""

    def unseal(value: str | None) -> str | None:
        if not value:
            return value
        text = service.app.subjects.unseal(value)
        return DISPOSED_TEXT if text is None else text

    return replace(
        report,
        summary=unseal(report.summary) or "",
        findings=unseal(report.findings),
        remedial_action=unseal(report.remedial_action),
    )


def open_complaint(service: Service, complaint: str, reader: Reader) -> ComplaintReport:
    """Find the complaint, record the read of the person's record, and open its text."""
    report = find_complaint(service, complaint)
    # What the read reveals: the person's reference and what they complained of.
    record_read(service, report.subject, (), reader)
    return opened(service, report)
