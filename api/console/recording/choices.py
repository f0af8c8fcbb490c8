"""Answers the forms offer that come from the ledger: a person's open requests, vocabularies."""

from __future__ import annotations

from api.console.recording.fields import Options
from api.console.render import term
from api.service.composition import Service
from ledger.domain.errors import ValidationError
from ledger.domain.vocabulary import Vocabulary
from ledger.principals import Principal
from projections.reports.request_deadlines import request_reports


def vocabulary(terms: Vocabulary) -> Options:
    return [(t.id, t.label) for t in terms]


def open_requests(service: Service, subject: str) -> Options:
    """The person's rights requests not yet answered, that a change may name as its cause."""
    return [
        (r.request_id, f"{r.reference or r.request_id[:8]}: {term(r.kind)}")
        for r in request_reports(service.reports("requests"), subject=subject)
        if r.closed_on is None
    ]


def organisation_of(service: Service, principal: Principal) -> dict[str, str]:
    """The organisation acting: the principal's, else the registered council (else none)."""
    if principal.organisation:
        return {"actor_organisation": principal.organisation}
    try:
        return {"actor_organisation": service.controller()}
    except ValidationError:
        return {}  # the domain then says the organisation is required
