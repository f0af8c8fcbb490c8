"""Who saw what: one row per (subject, entry) for every access, share and refusal to share.

This is the body of a subject access response (Art 15(1)(c) recipients are the
``share`` rows' recipients). A share that concerns a whole family gives one
row to each person in it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ledger.domain.processing import Access, Share, SharingDecision
from projections.base import ReadModel, by_type, terms, utc
from projections.ops import Op, Value, insert, insert_row
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
    # Every report reads one person's rows (who saw, restrictions, rectifications,
    # evidence), through this key; a person has tens to hundreds of rows, which
    # are sorted and filtered by time after. No secondary index: each would cost
    # every write of a rebuild and no report reads by recipient or entry here.
    ("subject", "notification_id"),
    insert_only=True,
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
    insert_only=True,
)


_COLUMNS = ACTIVITY.column_names


def _note(row: dict[str, Value], sealed: str) -> Op:
    """The sealed justification of the entry ``row`` (made by :func:`_row`) stands for."""
    return insert(
        NOTES.name,
        entry_id=row["entry_id"],
        field="justification",
        sealed=sealed,
        notification_id=row["notification_id"],
    )


def _row(
    event: Access.DataAccessed | Share.DataShared | SharingDecision.SharingDeclined,
    notification_id: int,
    kind: str,
) -> dict[str, Value]:
    """The columns every kind shares, in table order; the subject is filled in per person."""
    row: dict[str, Value] = dict.fromkeys(_COLUMNS)
    row["notification_id"] = notification_id
    row["kind"] = kind
    row["entry_id"] = str(event.originator_id)  # once per entry: a UUID's str() runs in Python
    row["occurred_at"] = utc(event.occurred_at)
    row["actor"] = event.actor
    row["actor_organisation"] = row["on_behalf_of"] = event.actor_organisation
    row["categories"] = terms(event.categories)
    row["purpose"] = event.purpose
    return row


def _for_each(row: dict[str, Value], subjects: Sequence[str]) -> list[Op]:
    return [insert_row(ACTIVITY.name, row | {"subject": s}) for s in subjects]


def _accessed(event: Access.DataAccessed, notification_id: int) -> Sequence[Op]:
    row = _row(event, notification_id, "access")
    row["subject"] = event.subject
    row["actor_role"] = event.actor_role
    row["on_behalf_of"] = event.on_behalf_of
    row["legal_basis"] = event.legal_basis
    row["source_system"] = event.source_system
    return [insert_row(ACTIVITY.name, row), _note(row, event.justification)]


def _shared(event: Share.DataShared, notification_id: int) -> Sequence[Op]:
    row = _row(event, notification_id, "share")
    row["recipient"] = event.recipient
    row["legal_basis"] = event.legal_basis
    row["special_condition"] = event.special_condition
    row["schedule_1_condition"] = event.schedule_1_condition
    row["agreement"] = event.agreement
    row["channel"] = event.channel
    row["source_system"] = event.source_system
    return [_note(row, event.justification), *_for_each(row, event.subjects)]


def _declined(event: SharingDecision.SharingDeclined, notification_id: int) -> Sequence[Op]:
    row = _row(event, notification_id, "declined")
    row["recipient"] = event.requester
    return _for_each(row, event.subjects)


project = by_type(
    (Access.DataAccessed, _accessed),
    (Share.DataShared, _shared),
    (SharingDecision.SharingDeclined, _declined),
)


READ_MODEL = ReadModel("activity", 2, (ACTIVITY, NOTES), project)
