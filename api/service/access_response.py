"""Subject access responses: built from the ledger frozen at a size, issued, re-opened, checked.

A response covers the entries at positions below ``frozen_at`` (the ledger's
size when the DPO issued it) and nothing else that moves: its dates are the
request's and the issue's, never "now", so rendering it again at that size
gives the same bytes. Opening a response records nothing (it is a copy of a
letter already recorded); issuing appends ``ResponseIssued`` with the SHA-256
of the HTML and of the PDF, so anyone holding either file can ask the ledger
whether it is the letter issued (:mod:`api.service.letter_checks`).

What the letter holds follows UK GDPR Art 15(1)(a)-(h) and the ICO's right of
access guidance ("What should we include in our response?"): the categories
of data, purposes, recipients (15(1)(c)), retention (15(1)(d), the privacy
notice's schedule), the rights to rectification, erasure, restriction and
objection (15(1)(e)), the right to complain to the ICO (15(1)(f)), sources
(15(1)(g)) and automated decision-making (15(1)(h)). The DPO team's own looks
while answering are one explained line, not a row each.

Rendering (HTML and PDF) is the entry points' business: they pass a
:class:`Renderer`, so this layer knows no template or PDF library.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Literal, Protocol
from uuid import UUID

from api.service import log_signing
from api.service.composition import Service
from api.service.letterhead import Letterhead
from ledger.application import Appended
from ledger.domain.access_responses import Issued
from ledger.domain.errors import DomainError, ValidationError
from ledger.domain.processing import LEDGER_READER_ROLE
from ledger.domain.rights_requests import RightsRequest
from ledger.privacy import retention, sealing
from projections.reports.access_responses import (
    WithheldEntry,
    partner_names,
    withheld_entries,
)
from projections.reports.who_saw import ActivityEntry, Recipient, recipients_of, who_saw

Copy = Literal["person", "dpo"]
REPORT = "responses"
# Only what happened to the data goes in as rows: refusals to share are not processing of it.
SHOWN_KINDS = ("access", "share")
# The privacy notice's answer to "Will this information be used to take automated
# decisions about me?" (UK GDPR Art 15(1)(h), Art 22).
AUTOMATED_DECISIONS = "No."


class NoDpoContact(DomainError):
    """The letter must say how to reach the DPO, and no contact is configured."""


@dataclass(frozen=True, slots=True)
class WithheldLine:
    """An entry withheld, as the DPO's copy and the ICO's evidence show it."""

    entry: ActivityEntry
    exemption: str
    reason: str  # opened for the DPO
    review_date: date
    review_due: bool


@dataclass(frozen=True, slots=True)
class ResponseContent:
    """Everything the letter says; nothing in it depends on when it is rendered."""

    copy: Copy
    letterhead: Letterhead
    council: str
    addressee: tuple[str, ...]
    request_id: str
    reference: str | None
    received_on: date
    issued_on: date
    number: int
    frozen_at: int
    checkpoint_size: int | None
    checkpoint_root: str | None
    entries: tuple[ActivityEntry, ...]
    handling_looks: int
    recipients: tuple[Recipient, ...]
    categories: tuple[str, ...]
    purposes: tuple[str, ...]
    legal_bases: tuple[str, ...]
    sources: tuple[str, ...]
    names: dict[str, str]
    retention_rules: tuple[retention.Rule, ...]
    automated_decisions: str
    withheld: tuple[WithheldLine, ...]  # the DPO's copy only


class Renderer(Protocol):
    """Turns content into the two files the person may be sent."""

    def html(self, content: ResponseContent) -> str: ...

    def pdf(self, html: str, identifier: str) -> bytes: ...


@dataclass(frozen=True)
class Document:
    """A rendered response: the HTML and PDF files, and their SHA-256 digests.

    The PDF is made when first asked for: it takes WeasyPrint seconds (about
    a second per page here), and an HTML download needs none of it.
    """

    content: ResponseContent
    html: bytes
    renderer: Renderer

    @cached_property
    def pdf(self) -> bytes:
        identifier = f"{self.content.request_id}/{self.content.number}"
        return self.renderer.pdf(self.html.decode("utf-8"), identifier)

    @property
    def html_sha256(self) -> str:
        return hashlib.sha256(self.html).hexdigest()

    @property
    def pdf_sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


@dataclass(frozen=True, slots=True)
class Draft:
    """What issuing now would record (for the DPO's check-your-answers page)."""

    request: RightsRequest
    frozen_at: int
    checkpoint: tuple[int, str] | None
    name: str | None  # from the subject directory, if it holds one


@dataclass(frozen=True, slots=True)
class IssuedDocument:
    document: Document
    appended: tuple[Appended, ...]


# -- Reading the request ------------------------------------------------------------


def access_request(service: Service, request_id: str | UUID) -> RightsRequest:
    """The rights request, which must be an access request (Art 15)."""
    try:
        key = request_id if isinstance(request_id, UUID) else UUID(str(request_id))
    except ValueError:
        raise ValidationError("request", "must be a rights request's id (a UUID)") from None
    request = service.app.get(RightsRequest, key)
    if request.kind != "eu-gdpr:A15":
        raise ValidationError("request", "is not an access request (Art 15)")
    return request


def draft(service: Service, request: RightsRequest) -> Draft:
    """The size the response would be frozen at now, the checkpoint it would cite, the name."""
    size = log_signing.tree_size(service.app)
    return Draft(request, size, _checkpoint(service, size), directory_name(service, request))


def directory_name(service: Service, request: RightsRequest) -> str | None:
    """The person's name as the sealed subject directory holds it (None if it holds none)."""
    profiles = service.app.subjects.store.profiles([request.subject])
    if not profiles or profiles[0].display_name is None:
        return None
    return service.app.subjects.unseal(profiles[0].display_name)


def _checkpoint(service: Service, size: int) -> tuple[int, str] | None:
    latest = log_signing.latest(service.app)
    if latest is None or latest.checkpoint.size > size:
        return None  # none yet, or signed after the size was read: cite none rather than more
    return latest.checkpoint.size, latest.checkpoint.root_hash.hex()


# -- Building and rendering -----------------------------------------------------------


def content(  # noqa: PLR0913 - the letter's frame: which copy, of what, when, to whom
    service: Service,
    request: RightsRequest,
    *,
    copy: Copy,
    frozen_at: int,
    issued_on: date,
    number: int,
    addressee: str,
    checkpoint: tuple[int, str] | None,
    withheld: tuple[str, ...],
) -> ResponseContent:
    """The letter's content, from who saw what at positions below ``frozen_at``."""
    context = service.reports(REPORT)
    report = who_saw(context, request.subject)
    names = {r.organisation: r.name for r in report.recipients if r.name}
    names |= partner_names(context)
    frozen = [e for e in report.entries if e.position < frozen_at and e.kind in SHOWN_KINDS]
    started = request.received_on

    def handling(entry: ActivityEntry) -> bool:
        # The DPO team's reads while answering this request: the ledger's own reads
        # (through the console, the API or the command line) from the day it came in.
        return entry.actor_role == LEDGER_READER_ROLE and _day_of(entry.occurred_at) >= started

    kept = [e for e in frozen if e.entry_id not in withheld]
    shown = kept if copy == "person" else frozen
    rows = tuple(e for e in shown if not handling(e))
    return ResponseContent(
        copy=copy,
        letterhead=service.letterhead,
        council=service.letterhead.council or _controller_name(service, names),
        addressee=tuple(line.strip() for line in addressee.splitlines() if line.strip()),
        request_id=str(request.id),
        reference=request.reference,
        received_on=request.received_on,
        issued_on=issued_on,
        number=number,
        frozen_at=frozen_at,
        checkpoint_size=None if checkpoint is None else checkpoint[0],
        checkpoint_root=None if checkpoint is None else checkpoint[1],
        entries=rows,
        handling_looks=sum(1 for e in shown if handling(e)),
        # Summaries from the copy's own rows: a withheld entry must not show through them.
        recipients=recipients_of(tuple(shown), names),
        categories=tuple(sorted({c for e in shown for c in e.categories})),
        purposes=tuple(sorted({e.purpose for e in shown})),
        legal_bases=tuple(sorted({e.legal_basis for e in shown if e.legal_basis})),
        sources=tuple(sorted({e.source_system for e in shown if e.source_system})),
        names=names,
        retention_rules=tuple(retention.RULES.values()),
        automated_decisions=AUTOMATED_DECISIONS,
        withheld=()
        if copy == "person"
        else _withheld_lines(service, request, frozen, withheld, service.clock().date()),
    )


def render(renderer: Renderer, content_: ResponseContent) -> Document:
    return Document(content_, renderer.html(content_).encode("utf-8"), renderer)


def _withheld_lines(
    service: Service,
    request: RightsRequest,
    entries: list[ActivityEntry],
    withheld: tuple[str, ...],
    today: date,
) -> tuple[WithheldLine, ...]:
    by_entry = {e.entry_id: e for e in entries}
    rows: dict[str, WithheldEntry] = {}
    for row in withheld_entries(service.reports(REPORT), str(request.id), current=False):
        if row.entry_id in withheld:
            rows[row.entry_id] = row  # ordered by review date: the latest withholding wins
    lines = []
    for entry_id in withheld:
        entry, found = by_entry.get(entry_id), rows.get(entry_id)
        if entry is None or found is None:
            continue
        opened = service.app.subjects.unseal(found.reason)
        lines.append(
            WithheldLine(
                entry,
                found.exemption,
                "[not readable: the person was disposed of]" if opened is None else opened,
                found.review_date,
                found.review_due(today),
            )
        )
    return tuple(lines)


# -- Issuing, re-opening, checking ---------------------------------------------------


def preview(service: Service, request_id: str, addressee: str, renderer: Renderer) -> Document:
    """The person's copy as issuing now would make it (nothing is recorded)."""
    request = access_request(service, request_id)
    now = draft(service, request)
    return render(
        renderer,
        content(
            service,
            request,
            copy="person",
            frozen_at=now.frozen_at,
            issued_on=service.clock().date(),
            number=len(request.responses) + 1,
            addressee=addressee,
            checkpoint=now.checkpoint,
            withheld=tuple(sorted(request.withheld)),
        ),
    )


def issue(
    service: Service, request_id: str, *, addressee: str, issued_by: str, renderer: Renderer
) -> IssuedDocument:
    """Freeze the response at the ledger's size now, render it, record its digests."""
    if not service.letterhead.dpo_reachable:
        msg = (
            "the letter must say how to reach the Data Protection Officer: set "
            "LEDGER_DPO_EMAIL or LEDGER_DPO_ADDRESS"
        )
        raise NoDpoContact(msg)
    request = access_request(service, request_id)
    now = draft(service, request)
    issued_on = service.clock().date()
    document = render(
        renderer,
        content(
            service,
            request,
            copy="person",
            frozen_at=now.frozen_at,
            issued_on=issued_on,
            number=len(request.responses) + 1,
            addressee=addressee,
            checkpoint=now.checkpoint,
            withheld=tuple(sorted(request.withheld)),
        ),
    )
    request.issue_response(
        issued_on=issued_on,
        frozen_at=now.frozen_at,
        html_sha256=document.html_sha256,
        pdf_sha256=document.pdf_sha256,
        addressee=addressee,
        issued_by=issued_by,
        checkpoint_size=None if now.checkpoint is None else now.checkpoint[0],
        checkpoint_root=None if now.checkpoint is None else now.checkpoint[1],
    )
    return IssuedDocument(document, service.app.append(request))


def reopen(
    service: Service, request_id: str, number: int, copy: Copy, renderer: Renderer
) -> Document:
    """Response ``number`` (1 for the first) as issued: the same bytes for the person's copy."""
    request = access_request(service, request_id)
    if not 1 <= number <= len(request.responses):
        raise ValidationError("response", "this request has no response with that number")
    issued = request.responses[number - 1]
    checkpoint = (
        None
        if issued.checkpoint_size is None or issued.checkpoint_root is None
        else (issued.checkpoint_size, issued.checkpoint_root)
    )
    return render(
        renderer,
        content(
            service,
            request,
            copy=copy,
            frozen_at=issued.frozen_at,
            issued_on=issued.issued_on,
            number=number,
            addressee=_addressee(service, issued),
            checkpoint=checkpoint,
            withheld=issued.withheld,
        ),
    )


def withhold(  # noqa: PLR0913 - one parameter per field of the withholding
    service: Service,
    request_id: str,
    *,
    entry_id: str,
    exemption: str,
    reason: str,
    review_date: date,
    decided_by: str,
) -> tuple[Appended, ...]:
    """Withhold one of the person's entries from their copy, under a DPA 2018 exemption."""
    request = access_request(service, request_id)
    report = who_saw(service.reports(REPORT), request.subject)
    entry = next(
        (e for e in report.entries if e.entry_id == entry_id and e.kind in SHOWN_KINDS), None
    )
    if entry is None:
        raise ValidationError("entry_id", "is not an access to or disclosure of this person's data")
    request.withhold_entry(
        withheld_on=service.clock().date(),
        entry_id=entry_id,
        position=entry.position,
        exemption=exemption,
        reason=reason,
        review_date=review_date,
        decided_by=decided_by,
    )
    return service.app.append(request)


def lift(
    service: Service, request_id: str, *, entry_id: str, reason: str, lifted_by: str
) -> tuple[Appended, ...]:
    """The exemption no longer applies to the entry: the next response includes it."""
    request = access_request(service, request_id)
    request.lift_withholding(
        lifted_on=service.clock().date(), entry_id=entry_id, reason=reason, lifted_by=lifted_by
    )
    return service.app.append(request)


def _addressee(service: Service, issued: Issued) -> str:
    text: str = issued.addressee
    if not sealing.is_sealed(text):
        return text
    opened = service.app.subjects.unseal(text)
    if opened is None:
        raise ValidationError("response", "the person was disposed of: the letter cannot be made")
    return opened


def _controller_name(service: Service, names: dict[str, str]) -> str:
    try:
        organisation = service.controller()
    except ValidationError:
        return "The council"
    return names.get(organisation, organisation)


def _day_of(moment: datetime) -> date:
    return moment.date()


__all__ = [
    "Document",
    "IssuedDocument",
    "NoDpoContact",
    "Renderer",
    "ResponseContent",
    "content",
    "issue",
    "lift",
    "preview",
    "reopen",
    "withhold",
]
