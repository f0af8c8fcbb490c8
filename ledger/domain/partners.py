"""Partner agencies and the information sharing agreements that cover them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import lawful, receipts, values
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.procedure_terms import PARTNER_TYPES
from ledger.domain.processing_terms import PURPOSES
from ledger.integrity.encoding import encode_base64


def partner_id(organisation: str) -> UUID:
    """The aggregate id of a partner: one registration per organisation slug."""
    return values.derived_id("partner", organisation)


def agreement_id(reference: str) -> UUID:
    """The aggregate id of an agreement: one registration per reference."""
    return values.derived_id("agreement", reference)


@dataclass(frozen=True, slots=True)
class PartnerKey:
    """A public key a partner signs share receipts with, and when it was current."""

    key_id: str
    public_key: bytes
    registered_at: datetime
    retired_at: datetime | None = None

    @property
    def current(self) -> bool:
        return self.retired_at is None


class Partner(Aggregate):
    """An organisation the council shares with (or that accesses data itself).

    A partner signs its share receipts with Ed25519 keys it registers here.
    Several keys may be current at once, so that a partner can rotate: register
    the new key, move its tooling over, then retire the old one. A retired key
    verifies no new receipt; receipts it signed before stay in the ledger.
    """

    class PartnerRegistered(Aggregate.Created):
        organisation: str
        name: str
        partner_type: str
        # DPA 2018 Part 3 "competent authority" (police, probation): its
        # consultations and disclosures must be logged under s.62.
        competent_authority: bool
        # ISO 3166-1 alpha-2: the notice promises no transfer abroad.
        country: str

    class PartnerKeyRegistered(Aggregate.Event):
        key_id: str
        # The raw 32-byte Ed25519 public key, standard base64.
        public_key: str
        registered_at: datetime

    class PartnerKeyRetired(Aggregate.Event):
        key_id: str
        retired_at: datetime

    class PartnerKeyRotated(Aggregate.Event):
        """The partner itself replaced a current key with a new one, in one step."""

        key_id: str
        # The new raw 32-byte Ed25519 public key, standard base64.
        public_key: str
        retired_key_id: str
        rotated_at: datetime
        # Who asked: the partner's principal (``principal:<id>``), never a key.
        rotated_by: str

    @event(PartnerRegistered)
    def __init__(
        self,
        *,
        organisation: str,
        name: str,
        partner_type: str,
        competent_authority: bool,
        country: str,
    ) -> None:
        self.organisation = organisation
        self.name = name
        self.partner_type = partner_type
        self.competent_authority = competent_authority
        self.country = country
        self.keys: dict[str, PartnerKey] = {}

    @classmethod
    def register(
        cls,
        *,
        organisation: str,
        name: str,
        partner_type: str,
        competent_authority: bool,
        country: str = "GB",
    ) -> Partner:
        slug = values.organisation("organisation", organisation)
        if not isinstance(competent_authority, bool):
            raise ValidationError("competent_authority", "must be true or false")
        return cls._create(
            cls.PartnerRegistered,
            id=partner_id(slug),
            organisation=slug,
            name=values.label("name", name),
            partner_type=PARTNER_TYPES.require("partner_type", partner_type),
            competent_authority=competent_authority,
            country=values.country("country", country),
        )

    # -- Receipt signing keys ------------------------------------------------------
    def current_keys(self) -> Mapping[str, bytes]:
        """The keys that verify this partner's receipts now, by key id."""
        return {k.key_id: k.public_key for k in self.keys.values() if k.current}

    def register_key(self, *, public_key: object, registered_at: datetime) -> None:
        """Register an Ed25519 public key (raw 32 bytes, or their base64) for receipts.

        The key id is :func:`ledger.domain.receipts.partner_key_id` of the raw key. A key
        registered before, even one since retired, is refused: a retired key may
        have been compromised, and must not come back.
        """
        raw = receipts.public_key_bytes("public_key", public_key)
        when = values.aware("registered_at", registered_at)
        kid = receipts.partner_key_id(raw)
        if kid in self.keys:
            state = "current" if self.keys[kid].current else "retired"
            msg = f"key {kid} is already registered for this partner ({state})"
            raise InvalidTransition(msg)
        self._register_key(key_id=kid, public_key=encode_base64(raw), registered_at=when)

    @event(PartnerKeyRegistered)
    def _register_key(self, *, key_id: str, public_key: str, registered_at: datetime) -> None:
        raw = receipts.public_key_bytes("public_key", public_key)
        self.keys = {**self.keys, key_id: PartnerKey(key_id, raw, registered_at)}

    def retire_key(self, *, key_id: str, retired_at: datetime) -> None:
        """Stop accepting receipts signed with a key (rotated out, lost or compromised)."""
        kid = receipts.require_key_id("key_id", key_id)
        when = values.aware("retired_at", retired_at)
        key = self.keys.get(kid)
        if key is None:
            raise ValidationError("key_id", "is not a key of this partner")
        if not key.current:
            msg = f"key {kid} has already been retired"
            raise InvalidTransition(msg)
        values.not_before("retired_at", when, key.registered_at, "the key's registration")
        self._retire_key(key_id=kid, retired_at=when)

    @event(PartnerKeyRetired)
    def _retire_key(self, *, key_id: str, retired_at: datetime) -> None:
        old = self.keys[key_id]
        retired = PartnerKey(old.key_id, old.public_key, old.registered_at, retired_at)
        self.keys = {**self.keys, key_id: retired}

    def rotate_key(
        self,
        *,
        public_key: object,
        retire_key_id: str,
        old_key_signature: bytes,
        new_key_signature: bytes,
        rotated_at: datetime,
        rotated_by: str,
    ) -> None:
        """Replace a current key with a new one, at the partner's own request.

        Both signatures are over :func:`ledger.domain.receipts.rotation_message`:
        the old key's shows that the holder of a current key asks for it (an
        API key alone cannot change who signs receipts), the new key's that the
        partner holds the new private key. Refused like :meth:`register_key`
        for a key seen before.
        """
        raw = receipts.public_key_bytes("public_key", public_key)
        old_id = receipts.require_key_id("retire_key_id", retire_key_id)
        when = values.aware("rotated_at", rotated_at)
        by = values.label("rotated_by", rotated_by)
        old = self.keys.get(old_id)
        if old is None or not old.current:
            raise ValidationError("retire_key_id", "is not a current key of this partner")
        new_id = receipts.partner_key_id(raw)
        if new_id in self.keys:
            state = "current" if self.keys[new_id].current else "retired"
            msg = f"key {new_id} is already registered for this partner ({state})"
            raise InvalidTransition(msg)
        message = receipts.rotation_message(self.organisation, raw)
        receipts.verify_key_signature(
            "old_key_signature", old.public_key, old_key_signature, message
        )
        receipts.verify_key_signature("new_key_signature", raw, new_key_signature, message)
        values.not_before("rotated_at", when, old.registered_at, "the old key's registration")
        self._rotate_key(
            key_id=new_id,
            public_key=encode_base64(raw),
            retired_key_id=old_id,
            rotated_at=when,
            rotated_by=by,
        )

    @event(PartnerKeyRotated)
    def _rotate_key(
        self,
        *,
        key_id: str,
        public_key: str,
        retired_key_id: str,
        rotated_at: datetime,
        rotated_by: str,
    ) -> None:
        del rotated_by  # evidence in the entry; the key set does not depend on it
        raw = receipts.public_key_bytes("public_key", public_key)
        old = self.keys[retired_key_id]
        self.keys = {
            **self.keys,
            retired_key_id: PartnerKey(old.key_id, old.public_key, old.registered_at, rotated_at),
            key_id: PartnerKey(key_id, raw, rotated_at),
        }


class Agreement(Aggregate):
    """An information sharing agreement: who may receive what, why, on what basis, when."""

    class AgreementRegistered(Aggregate.Created):
        reference: str
        partner: str
        categories: tuple[str, ...]
        purposes: tuple[str, ...]
        legal_basis: str
        special_condition: str | None
        schedule_1_condition: str | None
        valid_from: date
        valid_to: date | None
        review_date: date

    @event(AgreementRegistered)
    def __init__(  # noqa: PLR0913 - one parameter per field of the agreement
        self,
        *,
        reference: str,
        partner: str,
        categories: tuple[str, ...],
        purposes: tuple[str, ...],
        legal_basis: str,
        special_condition: str | None,
        schedule_1_condition: str | None,
        valid_from: date,
        valid_to: date | None,
        review_date: date,
    ) -> None:
        self.reference = reference
        self.partner = partner
        self.valid_from = valid_from
        self.valid_to = valid_to

    @classmethod
    def register(  # noqa: PLR0913
        cls,
        *,
        reference: str,
        partner: str,
        categories: object,
        purposes: object,
        legal_basis: str,
        valid_from: date,
        review_date: date,
        valid_to: date | None = None,
        special_condition: str | None = None,
        schedule_1_condition: str | None = None,
    ) -> Agreement:
        ref = values.reference("reference", reference)
        start = values.calendar_date("valid_from", valid_from)
        end = None if valid_to is None else values.calendar_date("valid_to", valid_to)
        if end is not None:
            values.not_before("valid_to", end, start, "valid_from")
        review = values.calendar_date("review_date", review_date)
        values.not_before("review_date", review, start, "valid_from")
        return cls._create(
            cls.AgreementRegistered,
            id=agreement_id(ref),
            reference=ref,
            partner=values.organisation("partner", partner),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            purposes=PURPOSES.require_all("purposes", purposes),
            legal_basis=lawful.lawful_basis("legal_basis", legal_basis),
            special_condition=lawful.special_condition("special_condition", special_condition),
            schedule_1_condition=lawful.schedule_1_condition(
                "schedule_1_condition", schedule_1_condition
            ),
            valid_from=start,
            valid_to=end,
            review_date=review,
        )
