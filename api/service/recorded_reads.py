"""Reading a person's history through the ledger: every read recorded, text opened for display.

The watchers are watched: a read of a person's history is itself an access,
appended before the answer is given, so it shows in the answer. The command
line, the HTTP API and the console all read through :func:`who_saw_recorded`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from api.service.composition import Service
from ledger.domain.processing import LEDGER_READER_ROLE, Access
from ledger.principals import Principal
from projections.reports.common import Page
from projections.reports.who_saw import ActivityEntry, Filters, WhoSaw, categories_in, who_saw

# Why the text is gone, for the reader: once any person an entry concerns is
# disposed of, its free text (which may name them) is opened for no one.
DISPOSED_TEXT = "[not readable: a person this entry concerns was disposed of]"


@dataclass(frozen=True, slots=True)
class Reader:
    """Who is reading, as the ledger records it."""

    actor: str
    # None: the registered local authority (the controller) reads.
    organisation: str | None
    reason: str
    source_system: str = "sharing-ledger"

    @classmethod
    def of(cls, principal: Principal, reason: str, source_system: str) -> Reader:
        """A signed-in principal (an API key or a console session) reading."""
        return cls(f"principal:{principal.id}", principal.organisation, reason, source_system)


def record_read(service: Service, subject: str, categories: Iterable[str], reader: Reader) -> None:
    """Append the read of one person's history, under the reader's name."""
    service.app.append(
        Access.record(
            occurred_at=service.clock(),
            actor=reader.actor,
            actor_role=LEDGER_READER_ROLE,
            actor_organisation=reader.organisation or service.controller(),
            subject=subject,
            # What the report reveals; an empty report reveals only the
            # reference, a pseudonym of the person's official identifiers.
            categories=sorted(set(categories)) or ["pd:OfficialID"],
            purpose="dpv:RightsFulfillment",
            legal_basis="eu-gdpr:A6-1-c",
            source_system=reader.source_system,
            justification=reader.reason,
        )
    )


def who_saw_recorded(
    service: Service,
    subject: str,
    reader: Reader,
    filters: Filters | None = None,
    *,
    revealing: Iterable[str] = (),
    page: Page | None = None,
) -> WhoSaw:
    """Who saw one person's data, after recording this read (so the read shows in it).

    ``revealing``: categories the reader is shown beside the history (the
    person's name, on the console's page), recorded with the read. ``page``:
    one page of the history; the read is recorded with every category in the
    whole history all the same, as the counts and recipients beside the page
    span it.
    """
    filters = filters or Filters()
    shown = categories_in(service.reports("who-saw"), subject, filters)
    record_read(service, subject, {*shown, *revealing}, reader)
    return who_saw(service.reports("who-saw"), subject, filters, page)


def open_justifications(service: Service, entries: Iterable[ActivityEntry]) -> dict[str, str]:
    """Unsealed justifications by entry id, for an authorised reader's display.

    An entry whose subjects were all disposed of reads as such: its text is
    gone for good, by design.
    """
    sealed = [e for e in entries if e.justification is not None]
    texts = service.app.subjects.unseal_all([e.justification or "" for e in sealed])
    return {
        e.entry_id: DISPOSED_TEXT if text is None else text
        for e, text in zip(sealed, texts, strict=True)
    }


def revealed(report: WhoSaw, opened: Mapping[str, str]) -> WhoSaw:
    """The report with justifications opened (for an authorised reader's JSON)."""
    entries = tuple(
        replace(e, justification=opened.get(e.entry_id, e.justification)) for e in report.entries
    )
    return replace(report, entries=entries)
