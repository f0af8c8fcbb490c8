"""Art 16 rectification, followed by Art 19 notices to earlier recipients."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import values
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.notices import Art19Change


class Rectification(Art19Change):
    """Inaccurate or incomplete data about a person was corrected."""

    class DataRectified(Aggregate.Created):
        occurred_at: datetime
        subject: str
        categories: tuple[str, ...]
        actor: str
        actor_organisation: str
        rights_request: UUID | None
        summary: str
        reference: str | None

    @event(DataRectified)
    def __init__(  # noqa: PLR0913 - one parameter per field of the rectification
        self,
        *,
        occurred_at: datetime,
        subject: str,
        categories: tuple[str, ...],
        actor: str,
        actor_organisation: str,
        rights_request: UUID | None,
        summary: str,
        reference: str | None,
    ) -> None:
        self.occurred_at = occurred_at
        self.subject = subject
        self.categories = tuple(categories)
        self.notified = {}
        self.acknowledged = {}
        self.exempted = {}

    @classmethod
    def record(  # noqa: PLR0913
        cls,
        *,
        occurred_at: datetime,
        subject: str,
        categories: object,
        actor: str,
        actor_organisation: str,
        summary: str,
        rights_request: UUID | None = None,
        reference: str | None = None,
    ) -> Rectification:
        return cls._create(
            cls.DataRectified,
            id=values.new_id("rectification", reference),
            reference=None if reference is None else values.reference("reference", reference),
            occurred_at=values.aware("occurred_at", occurred_at),
            subject=values.subject_ref("subject", subject),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            actor=values.identifier("actor", actor),
            actor_organisation=values.organisation("actor_organisation", actor_organisation),
            rights_request=values.optional_link(
                "rights_request", rights_request, "a rights request"
            ),
            summary=values.text("summary", summary),
        )
