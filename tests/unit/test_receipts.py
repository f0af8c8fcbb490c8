"""Share receipts: the signed document, its canonical bytes, partner keys, and the domain's rules.

The fixed key is RFC 8032 §7.1 TEST 1 (secret ``9d61b19d…``, public
``d75a9801…``); Ed25519 is deterministic, so the example's signature in
``docs/receipts.md`` is reproduced here byte for byte.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ledger.domain import receipts
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.partners import Partner
from ledger.domain.processing import Share, recorded_receipt
from ledger.domain.receipts import (
    BadSignatureError,
    MalformedReceiptError,
    ReceiptCheckpoint,
    UnknownKeyError,
    canonical_bytes,
    parse_receipt,
    receipt_document,
    sign_receipt,
    verify_receipt,
)
from tests.support.factories import share

RFC8032_TEST1_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
RFC8032_TEST1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
CHAIN_HASH = hashlib.sha256(b"sharing-ledger example entry").hexdigest()
ROOT = hashlib.sha256(b"example root").digest()
RECEIVED = datetime(2026, 3, 2, 10, 15, tzinfo=UTC)

# docs/receipts.md, "An example": the document's JCS bytes and its signature.
EXAMPLE_CANONICAL = (
    b'{"checkpoint":{"origin":"westshire.gov.uk/sharing-ledger",'
    b'"root_hash":"tWfAy7LoXCleat6TDluzSaS5vulInKp9a2ed1G6CpxE=","tree_size":1300},'
    b'"lawful_basis":"eu-gdpr:A6-1-e","pii_controller":"westshire-council",'
    b'"pii_types":["pd:HealthRecord","pd:Name"],"purpose":"dpv:ServiceProvision",'
    b'"receipt_id":{"chain_hash":"be51ed221a427971132524789f4fc9036b9af33360a2d245d343d1b03c41e6b9",'
    b'"position":1207},"received_at":"2026-03-02T10:15:00Z",'
    b'"recipient":"westshire-constabulary","schema_version":"sharing-ledger:share-receipt:v1"}'
)
EXAMPLE_SIGNATURE = (
    "p5LJIVF0LdLD7If095sQuDQ76BPVcD5Evk1C9Wf19ifHj4ExC5llmONGfJ2TniBdjBXhQO8oj+j9bx5YYR2qDQ=="
)
EXAMPLE_KEY_ID = "21fe31dfa154a261"


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@pytest.fixture
def rfc_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(RFC8032_TEST1_SECRET))


def example(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "position": 1207,
        "chain_hash": CHAIN_HASH,
        "pii_controller": "westshire-council",
        "recipient": "westshire-constabulary",
        "received_at": RECEIVED,
        "pii_types": ["pd:HealthRecord", "pd:Name"],
        "purpose": "dpv:ServiceProvision",
        "lawful_basis": "eu-gdpr:A6-1-e",
        "checkpoint": ReceiptCheckpoint("westshire.gov.uk/sharing-ledger", 1300, ROOT),
    }
    fields.update(overrides)
    return receipt_document(**fields)


# -- The document and its canonical bytes -------------------------------------------


def test_the_documented_example_is_reproduced_byte_for_byte(rfc_key: Ed25519PrivateKey) -> None:
    """The example's canonical bytes, key id and signature are exactly those in the docs."""
    document = example()
    assert canonical_bytes(document) == EXAMPLE_CANONICAL
    assert _raw(rfc_key).hex() == RFC8032_TEST1_PUBLIC
    assert receipts.partner_key_id(_raw(rfc_key)) == EXAMPLE_KEY_ID
    assert base64.b64encode(sign_receipt(document, rfc_key)).decode() == EXAMPLE_SIGNATURE


def test_the_docs_state_the_same_example() -> None:
    """docs/receipts.md shows the canonical bytes, key id and signature this code computes."""
    text = (Path(__file__).parents[2] / "docs" / "receipts.md").read_text(encoding="utf-8")
    for value in (EXAMPLE_CANONICAL.decode(), EXAMPLE_SIGNATURE, EXAMPLE_KEY_ID):
        assert value in text


def test_canonical_bytes_do_not_depend_on_key_order_or_whitespace() -> None:
    """The same receipt sent pretty-printed or compact, keys in any order, has the same bytes."""
    document = example()
    pretty = json.dumps(document, indent=4)
    reversed_compact = json.dumps(dict(reversed(list(document.items()))), separators=(",", ":"))
    assert pretty != reversed_compact
    assert canonical_bytes(json.loads(pretty)) == canonical_bytes(json.loads(reversed_compact))
    assert canonical_bytes(json.loads(pretty)) == EXAMPLE_CANONICAL


def test_a_valid_document_has_exactly_one_form() -> None:
    """Parsing a valid document and rebuilding it gives the same object back."""
    document = example()
    assert parse_receipt(document).document() == document
    without = example(checkpoint=None)
    assert "checkpoint" not in without
    assert parse_receipt(without).document() == without


def test_the_builder_normalises_time_and_category_order() -> None:
    """received_at becomes UTC to the second; pii_types are sorted."""
    document = example(
        received_at=datetime(2026, 3, 2, 11, 15, 0, 999, tzinfo=UTC) + timedelta(hours=-1),
        pii_types=["pd:Name", "pd:HealthRecord"],
    )
    assert document["received_at"] == "2026-03-02T10:15:00Z"
    assert document["pii_types"] == ["pd:HealthRecord", "pd:Name"]


def test_the_key_id_is_the_first_8_bytes_of_sha256_of_the_raw_key() -> None:
    """As documented: 16 hex digits anyone can compute from the published key."""
    raw = bytes.fromhex(RFC8032_TEST1_PUBLIC)
    assert receipts.partner_key_id(raw) == hashlib.sha256(raw).hexdigest()[:16]


# -- Signatures -------------------------------------------------------------------


def test_a_receipt_signed_with_a_real_key_verifies_and_names_the_key() -> None:
    """Round trip: sign with a fresh Ed25519 key, verify against the registered keys."""
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keys = {receipts.partner_key_id(_raw(k)): _raw(k) for k in (key, other)}
    document = example()
    used = verify_receipt(document, sign_receipt(document, key), keys)
    assert used == receipts.partner_key_id(_raw(key))


def test_a_forged_signature_is_refused(rfc_key: Ed25519PrivateKey) -> None:
    """64 bytes that are not the partner's signature do not verify."""
    keys = {EXAMPLE_KEY_ID: _raw(rfc_key)}
    forged = bytearray(sign_receipt(example(), rfc_key))
    forged[10] ^= 0x01
    with pytest.raises(BadSignatureError, match="does not verify"):
        verify_receipt(example(), bytes(forged), keys)
    with pytest.raises(BadSignatureError, match="64 bytes"):
        verify_receipt(example(), b"\x00" * 63, keys)


def test_a_document_changed_after_signing_is_refused(rfc_key: Ed25519PrivateKey) -> None:
    """Changing any signed field (here the time, then the position) breaks the signature."""
    keys = {EXAMPLE_KEY_ID: _raw(rfc_key)}
    signature = sign_receipt(example(), rfc_key)
    later = example(received_at=RECEIVED + timedelta(seconds=1))
    with pytest.raises(BadSignatureError):
        verify_receipt(later, signature, keys)
    with pytest.raises(BadSignatureError):
        verify_receipt(example(position=1206), signature, keys)


def test_a_signature_by_a_key_not_registered_is_refused(rfc_key: Ed25519PrivateKey) -> None:
    """Signed by another key: bad signature; naming an unknown key or having none: unknown key."""
    document = example()
    signature = sign_receipt(document, Ed25519PrivateKey.generate())
    keys = {EXAMPLE_KEY_ID: _raw(rfc_key)}
    with pytest.raises(BadSignatureError):
        verify_receipt(document, signature, keys)
    with pytest.raises(UnknownKeyError, match="0123456789abcdef"):
        verify_receipt(document, signature, keys, key_id="0123456789abcdef")
    with pytest.raises(UnknownKeyError, match="no current registered public key"):
        verify_receipt(document, signature, {})


def test_the_signature_covers_the_domain_separation_prefix(rfc_key: Ed25519PrivateKey) -> None:
    """A signature over the bare canonical bytes (no prefix) is not a receipt signature."""
    document = example()
    bare = rfc_key.sign(canonical_bytes(document))
    with pytest.raises(BadSignatureError):
        verify_receipt(document, bare, {EXAMPLE_KEY_ID: _raw(rfc_key)})
    assert receipts.signed_message(document).startswith(b"sharing-ledger:receipt:v1\x00")


# -- Malformed documents --------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = document
        for parent in parents:
            target = target[parent]
        target[last] = value

    return mutate


def _drop(path: str) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = document
        for parent in parents:
            target = target[parent]
        del target[last]

    return mutate


MALFORMED: list[tuple[str, Mutation]] = [
    ("schema_version", _set("schema_version", "sharing-ledger:share-receipt:v2")),
    ("schema_version", _drop("schema_version")),
    ("receipt_id", _set("receipt_id", "1207")),
    ("receipt_id.position", _set("receipt_id.position", -1)),
    ("receipt_id.position", _set("receipt_id.position", 1207.0)),
    ("receipt_id.position", _set("receipt_id.position", value=True)),
    ("receipt_id.position", _set("receipt_id.position", 2**53)),
    ("receipt_id.chain_hash", _set("receipt_id.chain_hash", CHAIN_HASH.upper())),
    ("receipt_id.chain_hash", _drop("receipt_id.chain_hash")),
    ("receipt_id.extra", _set("receipt_id.extra", 1)),
    ("pii_controller", _set("pii_controller", "Westshire Council")),
    ("recipient", _set("recipient", "")),
    ("recipient", _drop("recipient")),
    ("received_at", _set("received_at", "2026-03-02T10:15:00+00:00")),
    ("received_at", _set("received_at", "2026-03-02T10:15:00.5Z")),
    ("received_at", _set("received_at", "2026-02-30T10:15:00Z")),
    # Another script's digits: a second spelling of one time (one serialisation only).
    ("received_at", _set("received_at", "\u0662\u0660\u0662\u0666-03-02T10:15:00Z")),
    # Outside the domain's window of times (ledger.domain.values).
    ("received_at", _set("received_at", "1899-12-31T23:59:59Z")),
    ("received_at", _set("received_at", "9999-01-01T00:00:00Z")),
    ("pii_types", _set("pii_types", "pd:HealthRecord")),
    ("pii_types", _set("pii_types", [])),
    ("pii_types", _set("pii_types", ["pd:ShoeSize"])),
    ("pii_types", _set("pii_types", ["pd:Name", "pd:HealthRecord"])),
    ("pii_types", _set("pii_types", ["pd:Name", "pd:Name"])),
    ("purpose", _set("purpose", "marketing")),
    ("lawful_basis", _set("lawful_basis", "eu-gdpr:A9-2-g")),
    ("checkpoint", _set("checkpoint", None)),
    ("checkpoint.origin", _set("checkpoint.origin", "two\nlines")),
    ("checkpoint.origin", _set("checkpoint.origin", "nul\x00origin")),
    ("checkpoint.origin", _set("checkpoint.origin", "c1\x85origin")),
    ("checkpoint.origin", _set("checkpoint.origin", "lone\ud800surrogate")),
    ("checkpoint.tree_size", _set("checkpoint.tree_size", 1207)),
    ("checkpoint.tree_size", _set("checkpoint.tree_size", "1300")),
    ("checkpoint.root_hash", _set("checkpoint.root_hash", base64.b64encode(ROOT[:31]).decode())),
    (
        "checkpoint.root_hash",
        _set("checkpoint.root_hash", base64.urlsafe_b64encode(b"\xff" * 32).decode()),
    ),
    ("checkpoint.root_hash", _drop("checkpoint.root_hash")),
    ("subjects", _set("subjects", ["sr_abcdefghijklmnopqrstuvwxyz"])),
]


@pytest.mark.parametrize(("field", "mutate"), MALFORMED, ids=[f for f, _ in MALFORMED])
def test_a_malformed_document_is_refused_naming_the_field(field: str, mutate: Mutation) -> None:
    """Each wrong, missing or unknown field is refused, and the error names it."""
    document = copy.deepcopy(example())
    mutate(document)
    with pytest.raises(MalformedReceiptError) as caught:
        parse_receipt(document)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_a_malformed_document_is_refused_before_any_signature_check(
    rfc_key: Ed25519PrivateKey,
) -> None:
    """verify_receipt reports the malformed field, not a signature failure."""
    document = example()
    signature = sign_receipt(document, rfc_key)
    document["purpose"] = "marketing"
    with pytest.raises(MalformedReceiptError, match=r"^purpose: "):
        verify_receipt(document, signature, {EXAMPLE_KEY_ID: _raw(rfc_key)})


def test_a_document_that_is_not_an_object_is_refused() -> None:
    """A JSON array or string where the document belongs names the document."""
    with pytest.raises(MalformedReceiptError, match=r"^document: "):
        parse_receipt([example()])


# -- Partner keys ---------------------------------------------------------------------


def _partner() -> Partner:
    return Partner.register(
        organisation="westshire-constabulary",
        name="Westshire Constabulary",
        partner_type="sl:Police",
        competent_authority=True,
    )


def test_a_registered_key_is_current_under_its_key_id(rfc_key: Ed25519PrivateKey) -> None:
    """PartnerKeyRegistered carries the key id and the base64 key; the key is current."""
    partner = _partner()
    partner.register_key(public_key=_raw(rfc_key), registered_at=RECEIVED)
    event = partner.collect_events()[-1]
    assert isinstance(event, Partner.PartnerKeyRegistered)
    assert (event.key_id, event.public_key) == (
        EXAMPLE_KEY_ID,
        base64.b64encode(_raw(rfc_key)).decode(),
    )
    assert partner.current_keys() == {EXAMPLE_KEY_ID: _raw(rfc_key)}


def test_a_key_may_be_given_as_base64_text_as_json_commands_do(rfc_key: Ed25519PrivateKey) -> None:
    """The register_partner_key command passes the key as base64; it is decoded."""
    partner = _partner()
    text = base64.b64encode(_raw(rfc_key)).decode()
    partner.register_key(public_key=text, registered_at=RECEIVED)
    assert partner.current_keys() == {EXAMPLE_KEY_ID: _raw(rfc_key)}


@pytest.mark.parametrize("bad", [b"\x01" * 31, "not base64!", 42])
def test_a_key_that_is_not_32_bytes_of_ed25519_is_refused(bad: object) -> None:
    """Wrong length, bad base64 or another type: refused naming public_key."""
    with pytest.raises(ValidationError) as caught:
        _partner().register_key(public_key=bad, registered_at=RECEIVED)
    assert caught.value.field == "public_key"


def test_key_rotation_a_retired_key_no_longer_verifies(rfc_key: Ed25519PrivateKey) -> None:
    """With two keys current, either verifies; once the old one is retired, only the new one."""
    partner = _partner()
    new = Ed25519PrivateKey.generate()
    partner.register_key(public_key=_raw(rfc_key), registered_at=RECEIVED)
    partner.register_key(public_key=_raw(new), registered_at=RECEIVED + timedelta(days=1))
    document = example()
    old_signature = sign_receipt(document, rfc_key)
    assert verify_receipt(document, old_signature, partner.current_keys()) == EXAMPLE_KEY_ID
    partner.retire_key(key_id=EXAMPLE_KEY_ID, retired_at=RECEIVED + timedelta(days=2))
    assert set(partner.current_keys()) == {receipts.partner_key_id(_raw(new))}
    with pytest.raises(BadSignatureError):
        verify_receipt(document, old_signature, partner.current_keys())
    with pytest.raises(UnknownKeyError):
        verify_receipt(document, old_signature, partner.current_keys(), key_id=EXAMPLE_KEY_ID)
    new_signature = sign_receipt(document, new)
    assert verify_receipt(
        document, new_signature, partner.current_keys()
    ) == receipts.partner_key_id(_raw(new))


def test_a_retired_key_cannot_come_back_and_is_retired_once(rfc_key: Ed25519PrivateKey) -> None:
    """Re-registering a retired key, or retiring it again, is refused."""
    partner = _partner()
    partner.register_key(public_key=_raw(rfc_key), registered_at=RECEIVED)
    with pytest.raises(InvalidTransition, match="already registered"):
        partner.register_key(public_key=_raw(rfc_key), registered_at=RECEIVED)
    partner.retire_key(key_id=EXAMPLE_KEY_ID, retired_at=RECEIVED)
    with pytest.raises(InvalidTransition, match="retired"):
        partner.register_key(public_key=_raw(rfc_key), registered_at=RECEIVED)
    with pytest.raises(InvalidTransition, match="already been retired"):
        partner.retire_key(key_id=EXAMPLE_KEY_ID, retired_at=RECEIVED)


def test_retiring_an_unknown_key_or_before_its_registration_is_refused(
    rfc_key: Ed25519PrivateKey,
) -> None:
    """The key id must be one of the partner's, and retirement cannot precede registration."""
    partner = _partner()
    with pytest.raises(ValidationError, match=r"^key_id: is not a key"):
        partner.retire_key(key_id=EXAMPLE_KEY_ID, retired_at=RECEIVED)
    partner.register_key(public_key=_raw(rfc_key), registered_at=RECEIVED)
    with pytest.raises(ValidationError, match=r"^retired_at: "):
        partner.retire_key(key_id=EXAMPLE_KEY_ID, retired_at=RECEIVED - timedelta(days=1))


# -- Recording a receipt on a share ------------------------------------------------------


def _receipt_for(target: Share, **overrides: Any) -> receipts.ShareReceipt:
    fields: dict[str, Any] = {
        "position": 3,
        "chain_hash": CHAIN_HASH,
        "pii_controller": "westshire-council",
        "recipient": "westshire-constabulary",
        "received_at": target.occurred_at + timedelta(hours=1),
        "pii_types": target.categories,
        "purpose": "dpv:ServiceProvision",
        "lawful_basis": "eu-gdpr:A6-1-e",
        "checkpoint": None,
    }
    fields.update(overrides)
    return parse_receipt(receipt_document(**fields))


def test_a_recorded_receipt_rebuilds_the_signed_document(rfc_key: Ed25519PrivateKey) -> None:
    """ShareReceiptRecorded holds every field, the key id and the signature: it re-verifies."""
    target = share(RECEIVED - timedelta(days=1))
    receipt = _receipt_for(
        target, checkpoint=ReceiptCheckpoint("westshire.gov.uk/sharing-ledger", 9, ROOT)
    )
    signature = sign_receipt(receipt.document(), rfc_key)
    target.record_receipt(receipt, key_id=EXAMPLE_KEY_ID, signature=signature)
    event = target.collect_events()[-1]
    assert isinstance(event, Share.ShareReceiptRecorded)
    rebuilt, stored_signature = recorded_receipt(event)
    assert rebuilt == receipt
    keys = {EXAMPLE_KEY_ID: _raw(rfc_key)}
    assert verify_receipt(rebuilt.document(), stored_signature, keys) == EXAMPLE_KEY_ID
    assert target.receipted_at == receipt.received_at


def test_a_second_receipt_for_the_same_share_is_refused(rfc_key: Ed25519PrivateKey) -> None:
    """A share is receipted once: the second is an invalid transition."""
    target = share(RECEIVED - timedelta(days=1))
    receipt = _receipt_for(target)
    signature = sign_receipt(receipt.document(), rfc_key)
    target.record_receipt(receipt, key_id=EXAMPLE_KEY_ID, signature=signature)
    with pytest.raises(InvalidTransition, match="already been receipted"):
        target.record_receipt(receipt, key_id=EXAMPLE_KEY_ID, signature=signature)


def test_a_receipt_received_before_the_share_was_made_is_refused() -> None:
    """received_at may not precede the share's occurred_at."""
    target = share(RECEIVED)
    receipt = _receipt_for(target, received_at=RECEIVED - timedelta(seconds=1))
    with pytest.raises(ValidationError, match=r"^received_at: must not be before the share"):
        target.record_receipt(receipt, key_id=EXAMPLE_KEY_ID, signature=b"\x00" * 64)
    assert target.receipted_at is None


@pytest.mark.parametrize(
    ("field", "override"),
    [
        ("recipient", {"recipient": "westshire-probation"}),
        ("pii_controller", {"pii_controller": "eastshire-council"}),
        ("pii_types", {"pii_types": ["pd:Name"]}),
        ("purpose", {"purpose": "dpv:LegalCompliance"}),
        ("lawful_basis", {"lawful_basis": "eu-gdpr:A6-1-c"}),
    ],
)
def test_a_receipt_that_does_not_restate_the_share_is_refused(
    field: str, override: dict[str, Any]
) -> None:
    """The document must name the share's recipient, controller, categories, purpose and basis."""
    target = share(RECEIVED - timedelta(days=1))
    receipt = _receipt_for(target, **override)
    with pytest.raises(ValidationError) as caught:
        target.record_receipt(receipt, key_id=EXAMPLE_KEY_ID, signature=b"\x00" * 64)
    assert caught.value.field == field
