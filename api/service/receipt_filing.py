"""Partner keys and share receipts: the service the HTTP API and the command line call.

Commands follow the get -> check -> call -> append shape. A receipt is checked
against the ledger before anything is appended, each refusal with its own
exception (all :class:`~ledger.domain.receipts.ReceiptError`), nothing
recorded on any of them:

======================================  =====================================================
refusal                                 raised when
======================================  =====================================================
:class:`UnknownShareError`              no share has that id
:class:`ForeignShareError`              the share was made to another organisation (whose is
                                        never said)
:class:`DuplicateReceiptError`          the share already has a receipt
:class:`MalformedReceiptError`          the document breaks the format; ``field`` says where
:class:`RecipientMismatchError`         the document's recipient is not the acting organisation
:class:`EntryMismatchError`             its position and chain hash are not the share's entry
:class:`CheckpointMismatchError`        its checkpoint is not one of this ledger's trees
:class:`DocumentMismatchError`          it does not restate the share (controller, categories,
                                        purpose, basis) or was received before the share
:class:`UnknownKeyError`                the partner has no current key (or not the one named)
:class:`BadSignatureError`              the signature does not verify with a current key
======================================  =====================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from api.service import log_signing
from ledger.application import CLOCK_SKEW, AlreadyRecorded, Appended, LedgerApplication, NotFound
from ledger.domain import values
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.partners import Partner, PartnerKey, partner_id
from ledger.domain.processing import Share
from ledger.domain.receipts import (
    BadSignatureError,
    MalformedReceiptError,
    ReceiptCheckpoint,
    ReceiptError,
    ShareReceipt,
    UnknownKeyError,
    parse_receipt,
    receipt_document,
    verify_receipt,
)
from ledger.integrity import merkle
from ledger.storage.idempotency import IdempotencyClaim

NO_SUCH_SHARE = "no share with that id was made to your organisation"


class UnknownShareError(ReceiptError):
    """No share has that id."""


class ForeignShareError(ReceiptError):
    """The share was not made to the acting organisation (a receipt for someone else's share)."""


class DuplicateReceiptError(ReceiptError, InvalidTransition):
    """The share already has a receipt; a share is receipted once."""


class DocumentMismatchError(ReceiptError):
    """The document disagrees with the ledger about the share; ``field`` names where."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class RecipientMismatchError(DocumentMismatchError):
    """The document names a recipient other than the organisation submitting it."""


class EntryMismatchError(DocumentMismatchError):
    """The document's position and chain hash are not those of the share's ledger entry."""


class CheckpointMismatchError(DocumentMismatchError):
    """The checkpoint the document names does not describe this ledger."""


# -- Partner keys -----------------------------------------------------------------


def register_partner_key(
    app: LedgerApplication, organisation: str, public_key: bytes, now: datetime
) -> tuple[Appended, ...]:
    """Register a partner's Ed25519 public key (raw 32 bytes) for its receipts.

    Raises :class:`~ledger.application.NotFound` for an unregistered partner,
    :class:`~ledger.domain.errors.ValidationError` for a malformed key and
    :class:`~ledger.domain.errors.InvalidTransition` for a key registered before.
    """
    slug = values.organisation("organisation", organisation)
    return app.change(
        Partner,
        partner_id(slug),
        lambda partner: partner.register_key(public_key=public_key, registered_at=now),
    )


def retire_partner_key(
    app: LedgerApplication, organisation: str, key_id: str, now: datetime
) -> tuple[Appended, ...]:
    """Retire one of a partner's keys: it verifies no receipt submitted from now on."""
    slug = values.organisation("organisation", organisation)
    return app.change(
        Partner,
        partner_id(slug),
        lambda partner: partner.retire_key(key_id=key_id, retired_at=now),
    )


def rotate_partner_key(  # noqa: PLR0913 - keyword-only: what the partner sent, and who
    app: LedgerApplication,
    organisation: str,
    *,
    public_key: bytes,
    retire_key_id: str,
    old_key_signature: bytes,
    new_key_signature: bytes,
    now: datetime,
    rotated_by: str,
) -> tuple[Appended, ...]:
    """A partner replaces one of its current keys: ``PartnerKeyRotated``, attributed.

    Both keys sign :func:`~ledger.domain.receipts.rotation_message`. Raises
    :class:`~ledger.application.NotFound` for an unregistered partner,
    :class:`~ledger.domain.errors.ValidationError` (a malformed key, a key id
    that is not current), :class:`BadSignatureError` (a proof that does not
    verify) or :class:`~ledger.domain.errors.InvalidTransition` (a key seen
    before); nothing is recorded on any of them.
    """
    slug = values.organisation("organisation", organisation)
    return app.change(
        Partner,
        partner_id(slug),
        lambda partner: partner.rotate_key(
            public_key=public_key,
            retire_key_id=retire_key_id,
            old_key_signature=old_key_signature,
            new_key_signature=new_key_signature,
            rotated_at=now,
            rotated_by=rotated_by,
        ),
    )


def partner_keys(app: LedgerApplication, organisation: str) -> tuple[PartnerKey, ...]:
    """Every key a partner has registered, current and retired, oldest first."""
    slug = values.organisation("organisation", organisation)
    partner = app.get(Partner, partner_id(slug))
    return tuple(sorted(partner.keys.values(), key=lambda k: (k.registered_at, k.key_id)))


# -- Receipts ---------------------------------------------------------------------


def draft_receipt(
    app: LedgerApplication,
    *,
    share_id: UUID,
    acting_organisation: str,
    received_at: datetime,
    checkpoint: ReceiptCheckpoint | None = None,
) -> dict[str, Any]:
    """The document the recipient of a share is to sign, as the ledger states the share.

    A partner should check it against what it received (and the position
    against an inclusion proof in its checkpoint) before signing it.
    """
    share = _own_share(app, share_id, acting_organisation)
    link = _share_link(app, share)
    return receipt_document(
        position=link[0],
        chain_hash=link[1],
        pii_controller=share.actor_organisation,
        recipient=share.recipient,
        received_at=received_at,
        pii_types=share.categories,
        purpose=share.purpose,
        lawful_basis=share.legal_basis,
        checkpoint=checkpoint,
    )


def prepare_receipt(
    app: LedgerApplication,
    *,
    share_id: UUID,
    acting_organisation: str,
    document: Mapping[str, Any],
    signature: bytes,
    key_id: str | None = None,
) -> Share:
    """Check a receipt against the ledger and the partner's keys; return the share to append.

    The returned aggregate holds one pending ``ShareReceiptRecorded``: append
    it (``app.append`` or a group commit). :func:`submit_receipt` does both.
    """
    # 1. The share exists and was made to the acting organisation.
    share = _own_share(app, share_id, acting_organisation)
    # 2. It has no receipt yet.
    if share.receipted_at is not None:
        msg = "the share has already been receipted"
        raise DuplicateReceiptError(msg)
    # 3. The document is well formed.
    receipt = parse_receipt(document)
    # 4. It is the acting organisation's own receipt.
    if receipt.recipient != share.recipient:
        raise RecipientMismatchError("recipient", "must be your own organisation")
    # 5. It names the share's entry: its position and chain hash.
    position, chain_hash = _share_link(app, share)
    if (receipt.position, receipt.chain_hash) != (position, chain_hash):
        raise EntryMismatchError(
            "receipt_id",
            f"must name the share's entry: position {position} with chain hash {chain_hash}",
        )
    # 6. Its checkpoint, if any, is one of this ledger's trees and includes the entry.
    if receipt.checkpoint is not None:
        _check_checkpoint(app, receipt.checkpoint)
    # 7. It was not received in the future (by this ledger's clock, give or take).
    if receipt.received_at > app.clock() + CLOCK_SKEW:
        raise MalformedReceiptError("received_at", "must not be in the future")
    # 8. The signature verifies with one of the partner's current keys.
    used = verify_receipt(document, signature, _current_keys(app, share.recipient), key_id=key_id)
    # 9. The domain records it, checking that the document restates the share.
    _record(share, receipt, used, signature)
    return share


def submit_receipt(  # noqa: PLR0913 - keyword-only: what the partner sent, and the request
    app: LedgerApplication,
    *,
    share_id: UUID,
    acting_organisation: str,
    document: Mapping[str, Any],
    signature: bytes,
    key_id: str | None = None,
    idempotency: IdempotencyClaim | None = None,
) -> tuple[Appended, ...]:
    """Verify a partner's signed receipt for one of its shares and record it.

    Returns the ``ShareReceiptRecorded`` entry's position and hash. Raises one
    of the :class:`~ledger.domain.receipts.ReceiptError` subclasses listed in
    this module's docstring, with nothing recorded.
    """
    share = prepare_receipt(
        app,
        share_id=share_id,
        acting_organisation=acting_organisation,
        document=document,
        signature=signature,
        key_id=key_id,
    )
    try:
        return app.append(share, idempotency=idempotency)
    except AlreadyRecorded:
        # A concurrent receipt for the same share took the next version first.
        msg = "the share has already been receipted"
        raise DuplicateReceiptError(msg) from None


def _own_share(app: LedgerApplication, share_id: UUID, organisation: str) -> Share:
    acting = values.organisation("acting_organisation", organisation)
    if not isinstance(share_id, UUID):
        raise ValidationError("share_id", "must be the id of a share")
    # "Not there" and "not yours" read the same, word for word: a partner must not
    # learn which share ids exist, nor whose a share is (that is a disclosure itself).
    try:
        share = app.get(Share, share_id)
    except NotFound:
        raise UnknownShareError(NO_SUCH_SHARE) from None
    if share.recipient != acting:
        raise ForeignShareError(NO_SUCH_SHARE)
    return share


def _share_link(app: LedgerApplication, share: Share) -> tuple[int, str]:
    """The chain position and hash of the share's ``DataShared`` entry (its first)."""
    for link, entry in app.chain.entries_of([share.id]):
        if entry.originator_version == 1:
            return link.position, link.chain_hash.hex()
    msg = "the share's entry is missing from the chain"  # the chain itself is broken
    raise LookupError(msg)


def _check_checkpoint(app: LedgerApplication, checkpoint: ReceiptCheckpoint) -> None:
    origins = {verifier.name for verifier in log_signing.registered_verifiers(app)}
    if checkpoint.origin not in origins:
        raise CheckpointMismatchError(
            "checkpoint.origin", "must be the origin of a checkpoint this ledger issued"
        )
    size = log_signing.tree_size(app)
    if checkpoint.tree_size > size:
        raise CheckpointMismatchError(
            "checkpoint.tree_size", f"must not exceed the ledger's size ({size} entries)"
        )
    if merkle.root_at(checkpoint.tree_size, app.tree) != checkpoint.root_hash:
        raise CheckpointMismatchError(
            "checkpoint.root_hash",
            f"is not the root of this ledger's first {checkpoint.tree_size} entries",
        )


def _current_keys(app: LedgerApplication, organisation: str) -> Mapping[str, bytes]:
    try:
        partner = app.get(Partner, partner_id(organisation))
    except NotFound:
        msg = "your organisation is not a registered partner, so it has no receipt key"
        raise UnknownKeyError(msg) from None
    return partner.current_keys()


def _record(share: Share, receipt: ShareReceipt, key_id: str, signature: bytes) -> None:
    try:
        share.record_receipt(receipt, key_id=key_id, signature=signature)
    except InvalidTransition as error:
        raise DuplicateReceiptError(str(error)) from None
    except ValidationError as error:
        raise DocumentMismatchError(error.field, error.reason) from None


__all__ = [
    "BadSignatureError",
    "CheckpointMismatchError",
    "DocumentMismatchError",
    "DuplicateReceiptError",
    "EntryMismatchError",
    "ForeignShareError",
    "MalformedReceiptError",
    "ReceiptError",
    "RecipientMismatchError",
    "UnknownKeyError",
    "UnknownShareError",
    "draft_receipt",
    "partner_keys",
    "prepare_receipt",
    "register_partner_key",
    "retire_partner_key",
    "rotate_partner_key",
    "submit_receipt",
]
