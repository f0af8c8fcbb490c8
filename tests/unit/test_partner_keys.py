"""A partner rotating its own receipt key (Partner.rotate_key): both keys sign, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.partners import Partner
from ledger.domain.receipts import BadSignatureError, partner_key_id, rotation_message

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ORG = "westshire-constabulary"


def _partner(key: Ed25519PrivateKey) -> Partner:
    partner = Partner.register(
        organisation=ORG, name="Westshire Constabulary", partner_type="sl:Police",
        competent_authority=True,
    )  # fmt: skip
    partner.register_key(public_key=key.public_key().public_bytes_raw(), registered_at=NOW)
    return partner


def _rotate(
    partner: Partner, old: Ed25519PrivateKey, new: Ed25519PrivateKey, **spoil: object
) -> None:
    raw = new.public_key().public_bytes_raw()
    message = rotation_message(ORG, raw)
    arguments: dict[str, object] = {
        "public_key": raw,
        "retire_key_id": partner_key_id(old.public_key().public_bytes_raw()),
        "old_key_signature": old.sign(message),
        "new_key_signature": new.sign(message),
        "rotated_at": NOW + timedelta(days=1),
        "rotated_by": "principal:aaaaaaaaaaaaaaaa",
    }
    arguments.update(spoil)
    partner.rotate_key(**arguments)  # type: ignore[arg-type] # spoilt on purpose


def test_a_rotation_retires_the_old_key_and_makes_the_new_one_current() -> None:
    """After it, only the new key verifies receipts; the event names who asked."""
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    partner = _partner(old)
    _rotate(partner, old, new)
    assert list(partner.current_keys()) == [partner_key_id(new.public_key().public_bytes_raw())]
    event = partner.collect_events()[-1]
    assert isinstance(event, Partner.PartnerKeyRotated)
    assert event.rotated_by == "principal:aaaaaaaaaaaaaaaa"


def test_the_old_keys_signature_is_required() -> None:
    """A signature by any other key over the message is refused, naming the field."""
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    partner = _partner(old)
    forged = Ed25519PrivateKey.generate().sign(
        rotation_message(ORG, new.public_key().public_bytes_raw())
    )
    with pytest.raises(BadSignatureError, match="old_key_signature"):
        _rotate(partner, old, new, old_key_signature=forged)


def test_the_message_binds_the_organisation() -> None:
    """Signatures over another organisation's rotation message do not verify."""
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    partner = _partner(old)
    other = rotation_message("westshire-homes", new.public_key().public_bytes_raw())
    with pytest.raises(BadSignatureError):
        _rotate(
            partner, old, new, old_key_signature=old.sign(other), new_key_signature=new.sign(other)
        )


def test_a_retired_key_cannot_rotate_or_come_back() -> None:
    """The retired key cannot rotate again, and cannot be the new key of a later rotation."""
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    partner = _partner(old)
    _rotate(partner, old, new)
    with pytest.raises(ValidationError, match="retire_key_id"):
        _rotate(partner, old, Ed25519PrivateKey.generate())
    with pytest.raises(InvalidTransition):
        _rotate(partner, new, old)
