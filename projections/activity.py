"""Who saw what: one row per (subject, entry) for every access, share and refusal to share.

This is the body of a subject access response (Art 15(1)(c) recipients are the
``share`` rows' recipients). A share that concerns a whole family gives one
row to each person in it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ledger.domain.processing import Access, Share, SharingDecision
from projections.base import Projection, terms, utc
from projections.ops import Op, insert
from projections.tables import Table

ACTIVITY = Table(
    "rm_activity",
    (
        ("subject", "text"),
        ("notification_id", "integer"),
        ("kind", "text"),  # access | share | declined
        ("entry_id", "text"),
        ("occurred_at", "text"),
        ("actor", "text"),
        ("actor_role", "text"),
        ("actor_organisation", "text"),
        ("on_behalf_of", "text"),
        ("recipient", "text"),
        ("categories", "text"),
        ("purpose", "text"),
        ("legal_basis", "text"),
        ("special_condition", "text"),
        ("schedule_1_condition", "text"),
        ("agreement", "text"),
        ("channel", "text"),
        ("source_system", "text"),
    ),
    ("subject", "notification_id"),
    indexes=(("subject", "occurred_at"), ("recipient", "occurred_at"), ("entry_id",)),
)


NOTES = Table(
    "rm_notes",
    (
        ("entry_id", "text"),
        ("field", "text"),
        ("sealed", "text"),  # as stored: sealed for the subjects, opened only for display
        ("notification_id", "integer"),
    ),
    ("entry_id", "field"),
)


def _note(event: Access.DataAccessed | Share.DataShared, notification_id: int) -> Op:
    return insert(
        NOTES.name,
        entry_id=str(event.originator_id),
        field="justification",
        sealed=event.justification,
        notification_id=notification_id,
    )


def _row(
    event: Access.DataAccessed | Share.DataShared | SharingDecision.SharingDeclined,
    notification_id: int,
    subject: str,
    kind: str,
    **extra: str | None,
) -> Op:
    row: dict[str, str | int | None] = dict.fromkeys(ACTIVITY.column_names)
    row |= {
        "subject": subject,
        "notification_id": notification_id,
        "kind": kind,
        "entry_id": str(event.originator_id),
        "occurred_at": utc(event.occurred_at),
        "actor": event.actor,
        "actor_organisation": event.actor_organisation,
        "on_behalf_of": event.actor_organisation,
        "categories": terms(event.categories),
        "purpose": event.purpose,
    }
    row |= extra
    return insert(ACTIVITY.name, **row)


def project(event: object, notification_id: int) -> Sequence[Op]:
    if isinstance(event, Access.DataAccessed):
        return [
            _row(
                event,
                notification_id,
                event.subject,
                "access",
                actor_role=event.actor_role,
                on_behalf_of=event.on_behalf_of,
                legal_basis=event.legal_basis,
                source_system=event.source_system,
            ),
            _note(event, notification_id),
        ]
    if isinstance(event, Share.DataShared):
        return [
            _note(event, notification_id),
            *(
                _row(
                    event,
                    notification_id,
                    subject,
                    "share",
                    recipient=event.recipient,
                    legal_basis=event.legal_basis,
                    special_condition=event.special_condition,
                    schedule_1_condition=event.schedule_1_condition,
                    agreement=event.agreement,
                    channel=event.channel,
                    source_system=event.source_system,
                )
                for subject in event.subjects
            ),
        ]
    if isinstance(event, SharingDecision.SharingDeclined):
        return [
            _row(event, notification_id, subject, "declined", recipient=event.requester)
            for subject in event.subjects
        ]
    return []


PROJECTION = Projection("activity", 2, (ACTIVITY, NOTES), project)
