"""Restrictions (Art 18), rectifications (Art 16), their Art 19 notices, and objections (Art 21).

Rows hold the lifecycle as it happened; whether it was lawful is decided when
a report is asked for (see :mod:`projections.verdicts`), because the answer
depends on every processing of the person's data in the window, which the
activity read model holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from ledger.domain.disposal import Disposal
from ledger.domain.notices import Art19Change
from ledger.domain.objections import Objection
from ledger.domain.rectifications import Rectification
from ledger.domain.restrictions import Restriction
from projections.base import ReadModel, by_type, day, terms, utc
from projections.ops import Op, insert, update
from projections.tables import Table

RESTRICTIONS = Table(
    "rm_restrictions",
    (
        ("restriction_id", "text"),
        ("reference", "text"),
        ("subject", "text"),
        ("ground", "text"),
        ("categories", "text"),
        ("requested_at", "text"),
        ("applied_at", "text"),
        ("applied_ground", "text"),
        ("applied_categories", "text"),
        ("applied_explanation", "text"),  # sealed: why fewer categories than asked
        ("informed_at", "text"),
        ("lifted_at", "text"),
        ("rights_request", "text"),
        ("notification_id", "integer"),
    ),
    ("restriction_id",),
    indexes=(("subject",), ("reference",)),
)

JUSTIFICATIONS = Table(
    "rm_justifications",
    (
        ("restriction_id", "text"),
        ("processing_id", "text"),
        ("occurred_at", "text"),
        ("exception", "text"),
        ("actor", "text"),
        ("notification_id", "integer"),
    ),
    ("restriction_id", "processing_id"),
)

RECTIFICATIONS = Table(
    "rm_rectifications",
    (
        ("rectification_id", "text"),
        ("reference", "text"),
        ("subject", "text"),
        ("categories", "text"),
        ("occurred_at", "text"),
        ("actor", "text"),
        ("actor_organisation", "text"),
        ("rights_request", "text"),
        ("notification_id", "integer"),
    ),
    ("rectification_id",),
    indexes=(("subject",),),
)

NOTICES = Table(
    "rm_notices",
    (
        ("change_id", "text"),
        ("recipient", "text"),
        ("notified_at", "text"),
        ("channel", "text"),
        ("acknowledged_at", "text"),
        ("notification_id", "integer"),
    ),
    ("change_id", "recipient"),
    indexes=(("recipient",),),
)

# Art 19 notices recorded as impossible or disproportionate (the reason stays sealed
# in the ledger entry); a recipient may be exempted, and later notified after all.
EXEMPTIONS = Table(
    "rm_notice_exemptions",
    (
        ("change_id", "text"),
        ("recipient", "text"),
        ("exempted_at", "text"),
        ("recorded_by", "text"),
        ("notification_id", "integer"),
    ),
    ("change_id", "recipient"),
)

OBJECTIONS = Table(
    "rm_objections",
    (
        ("objection_id", "text"),
        ("reference", "text"),
        ("subject", "text"),
        ("purposes", "text"),
        ("received_at", "text"),
        ("decided_at", "text"),
        ("outcome", "text"),
        ("rights_request", "text"),
        ("notification_id", "integer"),
    ),
    ("objection_id",),
    indexes=(("subject",),),
)


DISPOSALS = Table(
    "rm_disposals",
    (
        ("subject", "text"),
        ("rule", "text"),
        ("due_on", "text"),
        ("disposed_on", "text"),
        ("authoriser", "text"),
        ("entries_affected", "integer"),
        ("notification_id", "integer"),
    ),
    ("subject",),
)


def _restriction(event: object, notification_id: int) -> Sequence[Op]:
    if isinstance(event, Restriction.RestrictionRequested):
        return [
            insert(
                RESTRICTIONS.name,
                restriction_id=str(event.originator_id),
                reference=event.reference,
                subject=event.subject,
                ground=event.ground,
                categories=terms(event.categories),
                requested_at=utc(event.occurred_at),
                applied_at=None,
                applied_ground=None,
                applied_categories=None,
                applied_explanation=None,
                informed_at=None,
                lifted_at=None,
                rights_request=None if event.rights_request is None else str(event.rights_request),
                notification_id=notification_id,
            )
        ]
    key = {"restriction_id": str(getattr(event, "originator_id", ""))}
    if isinstance(event, Restriction.RestrictionApplied):
        return [
            update(
                RESTRICTIONS.name,
                key,
                applied_at=utc(event.occurred_at),
                applied_ground=event.ground,
                applied_categories=terms(event.categories),
                # Absent from events stored before it existed.
                applied_explanation=getattr(event, "explanation", None),
            )
        ]
    if isinstance(event, Restriction.ProcessedUnderRestriction):
        return [
            insert(
                JUSTIFICATIONS.name,
                restriction_id=key["restriction_id"],
                processing_id=str(event.processing),
                occurred_at=utc(event.occurred_at),
                exception=event.exception,
                actor=event.actor,
                notification_id=notification_id,
            )
        ]
    if isinstance(event, Restriction.SubjectInformedOfLift):
        return [update(RESTRICTIONS.name, key, informed_at=utc(event.occurred_at))]
    if isinstance(event, Restriction.RestrictionLifted):
        return [update(RESTRICTIONS.name, key, lifted_at=utc(event.occurred_at))]
    return []


def _notice(event: object, notification_id: int) -> Sequence[Op]:
    if isinstance(event, Art19Change.RecipientNotified):
        return [
            insert(
                NOTICES.name,
                change_id=str(event.originator_id),
                recipient=event.recipient,
                notified_at=utc(event.occurred_at),
                channel=event.channel,
                acknowledged_at=None,
                notification_id=notification_id,
            )
        ]
    if isinstance(event, Art19Change.NoticeExempted):
        return [
            insert(
                EXEMPTIONS.name,
                change_id=str(event.originator_id),
                recipient=event.recipient,
                exempted_at=utc(event.occurred_at),
                recorded_by=event.recorded_by,
                notification_id=notification_id,
            )
        ]
    if isinstance(event, Art19Change.NoticeAcknowledged):
        return [
            update(
                NOTICES.name,
                {"change_id": str(event.originator_id), "recipient": event.recipient},
                acknowledged_at=utc(event.occurred_at),
            )
        ]
    return []


def _other(event: object, notification_id: int) -> Sequence[Op]:
    if isinstance(event, Rectification.DataRectified):
        return [
            insert(
                RECTIFICATIONS.name,
                rectification_id=str(event.originator_id),
                reference=event.reference,
                subject=event.subject,
                categories=terms(event.categories),
                occurred_at=utc(event.occurred_at),
                actor=event.actor,
                actor_organisation=event.actor_organisation,
                rights_request=None if event.rights_request is None else str(event.rights_request),
                notification_id=notification_id,
            )
        ]
    if isinstance(event, Objection.ObjectionReceived):
        return [
            insert(
                OBJECTIONS.name,
                objection_id=str(event.originator_id),
                reference=event.reference,
                subject=event.subject,
                purposes=terms(event.purposes),
                received_at=utc(event.occurred_at),
                decided_at=None,
                outcome=None,
                rights_request=None if event.rights_request is None else str(event.rights_request),
                notification_id=notification_id,
            )
        ]
    if isinstance(event, Disposal.DisposalEvidenced):
        return [
            insert(
                DISPOSALS.name,
                subject=event.subject,
                rule=event.rule,
                due_on=day(event.due_on),
                disposed_on=day(event.disposed_on),
                authoriser=event.authoriser,
                entries_affected=event.entries_affected,
                notification_id=notification_id,
            )
        ]
    if isinstance(event, Objection.ObjectionDecided):
        return [
            update(
                OBJECTIONS.name,
                {"objection_id": str(event.originator_id)},
                decided_at=utc(event.occurred_at),
                outcome=event.outcome,
            )
        ]
    return []


# Each event class to the function that handles it (no class is handled by two).
project = by_type(
    (Restriction.RestrictionRequested, _restriction),
    (Restriction.RestrictionApplied, _restriction),
    (Restriction.ProcessedUnderRestriction, _restriction),
    (Restriction.SubjectInformedOfLift, _restriction),
    (Restriction.RestrictionLifted, _restriction),
    (Art19Change.RecipientNotified, _notice),
    (Art19Change.NoticeAcknowledged, _notice),
    (Art19Change.NoticeExempted, _notice),
    (Rectification.DataRectified, _other),
    (Objection.ObjectionReceived, _other),
    (Disposal.DisposalEvidenced, _other),
    (Objection.ObjectionDecided, _other),
)


READ_MODEL = ReadModel(
    "changes",
    3,
    (RESTRICTIONS, JUSTIFICATIONS, RECTIFICATIONS, NOTICES, EXEMPTIONS, OBJECTIONS, DISPOSALS),
    project,
)
