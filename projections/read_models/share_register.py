"""Which partner received which data: partners, agreements, one row per share, and receipts.

Receipts have a table of their own, keyed by share, rather than a column of
``rm_shares``: a version bump empties and replays a read model but does not
alter its tables, so a new column would not reach a database created before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ledger.domain.partners import Agreement, Partner
from ledger.domain.processing import Share
from projections.base import ReadModel, by_type, day, terms, utc
from projections.ops import Op, insert
from projections.tables import Table

PARTNERS = Table(
    "rm_partners",
    (
        ("organisation", "text"),
        ("name", "text"),
        ("partner_type", "text"),
        ("competent_authority", "integer"),
        ("country", "text"),
        ("notification_id", "integer"),
    ),
    ("organisation",),
)

AGREEMENTS = Table(
    "rm_agreements",
    (
        ("reference", "text"),
        ("partner", "text"),
        ("categories", "text"),
        ("purposes", "text"),
        ("legal_basis", "text"),
        ("special_condition", "text"),
        ("schedule_1_condition", "text"),
        ("valid_from", "text"),
        ("valid_to", "text"),
        ("review_date", "text"),
        ("notification_id", "integer"),
    ),
    ("reference",),
    indexes=(("partner",),),
)

SHARES = Table(
    "rm_shares",
    (
        ("share_id", "text"),
        ("notification_id", "integer"),
        ("occurred_at", "text"),
        ("recipient", "text"),
        ("subject_count", "integer"),
        ("categories", "text"),
        ("purpose", "text"),
        ("legal_basis", "text"),
        ("special_condition", "text"),
        ("schedule_1_condition", "text"),
        ("agreement", "text"),
        ("channel", "text"),
        ("actor", "text"),
    ),
    ("share_id",),
    indexes=(
        # A partner's list, newest first, by this index; and its whole-list counts read
        # only the index (the fields a share is judged on, and share_id to find its
        # receipt), not the rows, which lie wherever their entries were projected:
        # at 7,903 shares 18 -> 10 ms on SQLite (projections/reports/partner_disclosures.py).
        (
            "recipient",
            "occurred_at",
            "share_id",
            "categories",
            "purpose",
            "agreement",
            "special_condition",
            "schedule_1_condition",
        ),
        ("agreement",),
        ("notification_id",),
    ),
    insert_only=True,
)


# The partner's signed acknowledgement of a share: at most one per share.
RECEIPTS = Table(
    "rm_share_receipts",
    (
        ("share_id", "text"),
        ("notification_id", "integer"),
        ("receipted_at", "text"),  # the document's received_at, UTC
        ("key_id", "text"),
        ("checkpoint_origin", "text"),
        ("checkpoint_tree_size", "integer"),
    ),
    ("share_id",),
    indexes=(("notification_id",),),
    insert_only=True,
)


def _partner(event: Partner.PartnerRegistered, notification_id: int) -> Sequence[Op]:
    return [
        insert(
            PARTNERS.name,
            organisation=event.organisation,
            name=event.name,
            partner_type=event.partner_type,
            competent_authority=int(event.competent_authority),
            country=event.country,
            notification_id=notification_id,
        )
    ]


def _agreement(event: Agreement.AgreementRegistered, notification_id: int) -> Sequence[Op]:
    return [
        insert(
            AGREEMENTS.name,
            reference=event.reference,
            partner=event.partner,
            categories=terms(event.categories),
            purposes=terms(event.purposes),
            legal_basis=event.legal_basis,
            special_condition=event.special_condition,
            schedule_1_condition=event.schedule_1_condition,
            valid_from=day(event.valid_from),
            valid_to=day(event.valid_to),
            review_date=day(event.review_date),
            notification_id=notification_id,
        )
    ]


def _share(event: Share.DataShared, notification_id: int) -> Sequence[Op]:
    return [
        insert(
            SHARES.name,
            share_id=str(event.originator_id),
            notification_id=notification_id,
            occurred_at=utc(event.occurred_at),
            recipient=event.recipient,
            subject_count=len(event.subjects),
            categories=terms(event.categories),
            purpose=event.purpose,
            legal_basis=event.legal_basis,
            special_condition=event.special_condition,
            schedule_1_condition=event.schedule_1_condition,
            agreement=event.agreement,
            channel=event.channel,
            actor=event.actor,
        )
    ]


def _receipt(event: Share.ShareReceiptRecorded, notification_id: int) -> Sequence[Op]:
    return [
        insert(
            RECEIPTS.name,
            share_id=str(event.originator_id),
            notification_id=notification_id,
            receipted_at=utc(event.received_at),
            key_id=event.key_id,
            checkpoint_origin=event.checkpoint_origin,
            checkpoint_tree_size=event.checkpoint_tree_size,
        )
    ]


project = by_type(
    (Partner.PartnerRegistered, _partner),
    (Agreement.AgreementRegistered, _agreement),
    (Share.DataShared, _share),
    (Share.ShareReceiptRecorded, _receipt),
)


# Version 2: share receipts (rm_share_receipts).
READ_MODEL = ReadModel("sharing", 2, (PARTNERS, AGREEMENTS, SHARES, RECEIPTS), project)
