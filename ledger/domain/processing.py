"""Processing of personal data: accesses, shares, and decisions not to share.

Each access and each share is an aggregate of its own: a fact recorded once.
The ledger records what happened even when it should not have happened (a
share without an agreement, a share during a restriction); judging it is the
projections' job. Validation here is about shape: known vocabulary terms,
well-formed references, required fields present.
"""

from __future__ import annotations

import base64
from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from ledger.domain import lawful, receipts, values
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.procedure_terms import CHANNELS, DECLINE_REASONS
from ledger.domain.processing_terms import PURPOSES
from ledger.domain.receipts import ReceiptCheckpoint, ShareReceipt
from ledger.integrity.encoding import encode_base64

# The role the ledger records its own reads under: a report or console page
# showing a person's audit trail (who saw their data) is itself recorded, as an
# access by this role. Reading the trail is accountability (Art 5(2)), not use of
# the person's data for the purpose it was collected, so a restriction's verdict
# lists these reads without counting them as breaches. The role is therefore
# reserved: a caller recording its own processing may not claim it.
LEDGER_READER_ROLE = "ledger-report-reader"


def _aggregate_id(kind: str, source_system: str, source_ref: str | None) -> UUID:
    # A source system that names its own event id gets idempotent recording:
    # the retry derives the same aggregate id and collides instead of duplicating.
    if source_ref is None:
        return uuid4()
    return values.derived_id(kind, source_system, values.reference("source_ref", source_ref))


class Access(Aggregate):
    """One consultation of a person's data by a member of staff (or a system)."""

    class DataAccessed(Aggregate.Created):
        occurred_at: datetime
        actor: str
        actor_role: str
        actor_organisation: str
        on_behalf_of: str
        subject: str
        categories: tuple[str, ...]
        purpose: str
        legal_basis: str
        source_system: str
        justification: str

    @event(DataAccessed)
    def __init__(  # noqa: PLR0913 - one parameter per field of the recorded fact
        self,
        *,
        occurred_at: datetime,
        actor: str,
        actor_role: str,
        actor_organisation: str,
        on_behalf_of: str,
        subject: str,
        categories: tuple[str, ...],
        purpose: str,
        legal_basis: str,
        source_system: str,
        justification: str,
    ) -> None:
        self.occurred_at = occurred_at
        self.actor = actor
        self.actor_organisation = actor_organisation
        self.subject = subject
        self.categories = tuple(categories)

    @classmethod
    def record(  # noqa: PLR0913
        cls,
        *,
        occurred_at: datetime,
        actor: str,
        actor_role: str,
        actor_organisation: str,
        subject: str,
        categories: object,
        purpose: str,
        legal_basis: str,
        source_system: str,
        justification: str,
        on_behalf_of: str | None = None,
        source_ref: str | None = None,
    ) -> Access:
        """Validate the arguments, then record the access."""
        organisation = values.organisation("actor_organisation", actor_organisation)
        system = values.identifier("source_system", source_system)
        return cls._create(
            cls.DataAccessed,
            id=_aggregate_id("access", system, source_ref),
            occurred_at=values.aware("occurred_at", occurred_at),
            actor=values.identifier("actor", actor),
            actor_role=values.identifier("actor_role", actor_role),
            actor_organisation=organisation,
            on_behalf_of=(
                organisation
                if on_behalf_of is None
                else values.organisation("on_behalf_of", on_behalf_of)
            ),
            subject=values.subject_ref("subject", subject),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            purpose=PURPOSES.require("purpose", purpose),
            legal_basis=lawful.lawful_basis("legal_basis", legal_basis),
            source_system=system,
            justification=values.text("justification", justification),
        )


class Share(Aggregate):
    """One disclosure of data about one or more people to a partner agency.

    The recipient may later acknowledge it with a signed share receipt
    (:mod:`ledger.domain.receipts`), recorded once as ``ShareReceiptRecorded``.
    """

    class DataShared(Aggregate.Created):
        occurred_at: datetime
        actor: str
        actor_organisation: str
        recipient: str
        subjects: tuple[str, ...]
        categories: tuple[str, ...]
        purpose: str
        legal_basis: str
        special_condition: str | None
        schedule_1_condition: str | None
        agreement: str | None
        channel: str
        source_system: str
        justification: str

    class ShareReceiptRecorded(Aggregate.Event):
        """The recipient's signed receipt: every field of the document, its key and signature.

        The fields rebuild the exact signed document (:func:`recorded_receipt`),
        so the signature can be checked again from this entry alone.
        """

        schema_version: str
        position: int
        chain_hash: str
        pii_controller: str
        recipient: str
        received_at: datetime
        pii_types: tuple[str, ...]
        purpose: str
        lawful_basis: str
        checkpoint_origin: str | None
        checkpoint_tree_size: int | None
        checkpoint_root_hash: str | None
        key_id: str
        signature: str

    @event(DataShared)
    def __init__(  # noqa: PLR0913
        self,
        *,
        occurred_at: datetime,
        actor: str,
        actor_organisation: str,
        recipient: str,
        subjects: tuple[str, ...],
        categories: tuple[str, ...],
        purpose: str,
        legal_basis: str,
        special_condition: str | None,
        schedule_1_condition: str | None,
        agreement: str | None,
        channel: str,
        source_system: str,
        justification: str,
    ) -> None:
        self.occurred_at = occurred_at
        self.actor_organisation = actor_organisation
        self.recipient = recipient
        self.subjects = tuple(subjects)
        self.categories = tuple(categories)
        self.purpose = purpose
        self.legal_basis = legal_basis
        self.receipted_at: datetime | None = None
        self.receipt_key_id: str | None = None

    @classmethod
    def record(  # noqa: PLR0913
        cls,
        *,
        occurred_at: datetime,
        actor: str,
        actor_organisation: str,
        recipient: str,
        subjects: object,
        categories: object,
        purpose: str,
        legal_basis: str,
        channel: str,
        source_system: str,
        justification: str,
        special_condition: str | None = None,
        schedule_1_condition: str | None = None,
        agreement: str | None = None,
        source_ref: str | None = None,
    ) -> Share:
        """Validate the arguments, then record the share.

        A share of special category data without an Art 9 condition, or without
        an agreement, is still recorded: the projections flag it.
        """
        system = values.identifier("source_system", source_system)
        return cls._create(
            cls.DataShared,
            id=_aggregate_id("share", system, source_ref),
            occurred_at=values.aware("occurred_at", occurred_at),
            actor=values.identifier("actor", actor),
            actor_organisation=values.organisation("actor_organisation", actor_organisation),
            recipient=values.organisation("recipient", recipient),
            subjects=values.subject_refs("subjects", subjects),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            purpose=PURPOSES.require("purpose", purpose),
            legal_basis=lawful.lawful_basis("legal_basis", legal_basis),
            special_condition=lawful.special_condition("special_condition", special_condition),
            schedule_1_condition=lawful.schedule_1_condition(
                "schedule_1_condition", schedule_1_condition
            ),
            agreement=None if agreement is None else values.reference("agreement", agreement),
            channel=CHANNELS.require("channel", channel),
            source_system=system,
            justification=values.text("justification", justification),
        )

    def record_receipt(self, receipt: ShareReceipt, *, key_id: str, signature: bytes) -> None:
        """Record the recipient's receipt, once.

        Call it through :func:`api.service.receipt_filing.submit_receipt`, which checks the
        signature against the partner's registered keys and the document's
        entry position and hash against the chain (neither is known here).
        The document must restate this share: its recipient, its controller
        (the organisation that shared), its categories, purpose and basis.
        """
        if self.receipted_at is not None:
            msg = "the share has already been receipted"
            raise InvalidTransition(msg)
        if not isinstance(receipt, ShareReceipt):
            raise ValidationError("receipt", "must be a validated share receipt")
        if receipt.recipient != self.recipient:
            raise ValidationError("recipient", "must be the share's recipient")
        if receipt.pii_controller != self.actor_organisation:
            raise ValidationError("pii_controller", "must be the organisation that shared")
        if set(receipt.pii_types) != set(self.categories):
            raise ValidationError("pii_types", "must be the share's data categories")
        if receipt.purpose != self.purpose:
            raise ValidationError("purpose", "must be the share's purpose")
        if receipt.lawful_basis != self.legal_basis:
            raise ValidationError("lawful_basis", "must be the share's lawful basis")
        # A receipt is timed to the second: compare with the share's second.
        shared = self.occurred_at.replace(microsecond=0)
        values.not_before("received_at", receipt.received_at, shared, "the share")
        if not isinstance(signature, bytes) or len(signature) != receipts.SIGNATURE_SIZE:
            raise ValidationError("signature", "must be a 64-byte Ed25519 signature")
        checkpoint = receipt.checkpoint
        self._record_receipt(
            schema_version=receipts.SCHEMA_VERSION,
            position=receipt.position,
            chain_hash=receipt.chain_hash,
            pii_controller=receipt.pii_controller,
            recipient=receipt.recipient,
            received_at=receipt.received_at,
            pii_types=tuple(receipt.pii_types),
            purpose=receipt.purpose,
            lawful_basis=receipt.lawful_basis,
            checkpoint_origin=None if checkpoint is None else checkpoint.origin,
            checkpoint_tree_size=None if checkpoint is None else checkpoint.tree_size,
            checkpoint_root_hash=(
                None if checkpoint is None else encode_base64(checkpoint.root_hash)
            ),
            key_id=receipts.require_key_id("key_id", key_id),
            signature=encode_base64(signature),
        )

    @event(ShareReceiptRecorded)
    def _record_receipt(  # noqa: PLR0913 - one parameter per field of the receipt
        self,
        *,
        schema_version: str,
        position: int,
        chain_hash: str,
        pii_controller: str,
        recipient: str,
        received_at: datetime,
        pii_types: tuple[str, ...],
        purpose: str,
        lawful_basis: str,
        checkpoint_origin: str | None,
        checkpoint_tree_size: int | None,
        checkpoint_root_hash: str | None,
        key_id: str,
        signature: str,
    ) -> None:
        self.receipted_at = received_at
        self.receipt_key_id = key_id


def recorded_receipt(event: Share.ShareReceiptRecorded) -> tuple[ShareReceipt, bytes]:
    """The signed receipt a ``ShareReceiptRecorded`` entry holds, and its signature.

    ``receipts.verify_receipt(receipt.document(), signature, keys)`` checks it
    again, years later, with the key the entry names.
    """
    checkpoint = None
    if event.checkpoint_origin is not None:
        checkpoint = ReceiptCheckpoint(
            origin=event.checkpoint_origin,
            tree_size=int(event.checkpoint_tree_size or 0),
            root_hash=base64.b64decode(event.checkpoint_root_hash or ""),
        )
    receipt = ShareReceipt(
        position=event.position,
        chain_hash=event.chain_hash,
        pii_controller=event.pii_controller,
        recipient=event.recipient,
        received_at=event.received_at,
        pii_types=tuple(event.pii_types),
        purpose=event.purpose,
        lawful_basis=event.lawful_basis,
        checkpoint=checkpoint,
    )
    return receipt, base64.b64decode(event.signature)


class SharingDecision(Aggregate):
    """A recorded decision *not* to share (the ICO Data Sharing Code asks for these)."""

    class SharingDeclined(Aggregate.Created):
        occurred_at: datetime
        actor: str
        actor_organisation: str
        requester: str
        subjects: tuple[str, ...]
        categories: tuple[str, ...]
        purpose: str
        reasons: tuple[str, ...]
        explanation: str
        reference: str | None

    @event(SharingDeclined)
    def __init__(  # noqa: PLR0913
        self,
        *,
        occurred_at: datetime,
        actor: str,
        actor_organisation: str,
        requester: str,
        subjects: tuple[str, ...],
        categories: tuple[str, ...],
        purpose: str,
        reasons: tuple[str, ...],
        explanation: str,
        reference: str | None,
    ) -> None:
        self.occurred_at = occurred_at
        self.requester = requester
        self.subjects = tuple(subjects)

    @classmethod
    def record(  # noqa: PLR0913
        cls,
        *,
        occurred_at: datetime,
        actor: str,
        actor_organisation: str,
        requester: str,
        subjects: object,
        categories: object,
        purpose: str,
        reasons: object,
        explanation: str,
        reference: str | None = None,
    ) -> SharingDecision:
        return cls._create(
            cls.SharingDeclined,
            id=values.new_id("declined", reference),
            reference=None if reference is None else values.reference("reference", reference),
            occurred_at=values.aware("occurred_at", occurred_at),
            actor=values.identifier("actor", actor),
            actor_organisation=values.organisation("actor_organisation", actor_organisation),
            requester=values.organisation("requester", requester),
            subjects=values.subject_refs("subjects", subjects),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            purpose=PURPOSES.require("purpose", purpose),
            reasons=DECLINE_REASONS.require_all("reasons", reasons),
            explanation=values.text("explanation", explanation),
        )
