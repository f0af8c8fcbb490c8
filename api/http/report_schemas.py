"""Typed replies of the report endpoints, built from the read models' own dataclasses.

The handlers turn those dataclasses into JSON with :func:`api.jsonable.jsonable`
(dates as ISO 8601 text, sets as sorted lists, enums as their values), which
is what pydantic's serialisation schema of the same dataclasses says; a page
adds ``items`` and ``next`` (api/http/pagination.py). They document and do not
validate: the handlers build the replies (``response_model=None``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from projections.reports.agreement_register import AgreementsReport
from projections.reports.objection_verdicts import ObjectionReport
from projections.reports.partner_disclosures import AgreementTerms, ShareReport
from projections.reports.promises import PromiseResult
from projections.reports.rectification_notices import RectificationReport
from projections.reports.request_deadlines import RequestReport
from projections.reports.restriction_verdicts import RestrictionReport
from projections.reports.who_saw import ActivityEntry, DisposalFacts, Recipient

NEXT = Field(description="The cursor of the next page (null: the last page)")


class WhoSawPage(BaseModel):
    """One page of a person's accesses and disclosures, newest first (Art 15(1)(c)).

    The counts, recipients and disposal are the whole history's on every page.
    `next` marks where this page ended (not an offset), so entries recorded
    meanwhile never shift the pages after it; CSV is the whole history.
    """

    subject: str
    accesses: int
    disclosures: int
    recipients: list[Recipient]
    disposal: DisposalFacts | None
    items: list[ActivityEntry]
    next: str | None = NEXT


class DisclosuresPage(BaseModel):
    """A page of what one partner received, with its agreements and receipt status.

    `flagged` and `overdue_receipts` are the whole list's on every page; `next`
    marks where this page ended (not an offset); CSV is the whole list.
    """

    organisation: str
    name: str | None
    agreements: list[AgreementTerms]
    flagged: int
    overdue_receipts: int
    items: list[ShareReport]
    next: str | None = NEXT


class RestrictionsPage(BaseModel):
    items: list[RestrictionReport]
    next: str | None = NEXT


class RequestsPage(BaseModel):
    items: list[RequestReport]
    next: str | None = NEXT


class RectificationsPage(BaseModel):
    items: list[RectificationReport]
    next: str | None = NEXT


class ObjectionsPage(BaseModel):
    items: list[ObjectionReport]
    next: str | None = NEXT


Responses = dict[int | str, dict[str, Any]]


def json_page(model: type[BaseModel]) -> Responses:
    """``responses=`` for a report: its JSON page (CSV, where offered, is added from examples)."""
    return {200: {"model": model}}


RESTRICTION: Responses = {200: {"model": RestrictionReport}}
AGREEMENTS: Responses = {200: {"model": AgreementsReport}}
PROMISES: Responses = {200: {"model": list[PromiseResult]}}
