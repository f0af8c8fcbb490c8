"""A partner rotates its own keys over HTTP: its receipt key (both keys sign) and its API key,
each recorded in the ledger naming the partner's principal; bad requests record nothing."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.service import receipt_filing
from api.service.composition import Service, open_service
from ledger.domain.partners import Partner, partner_id
from ledger.domain.receipts import partner_key_id, rotation_message
from ledger.principals import Role
from ledger.storage.config import Location
from ledger.storage.principal_store import PrincipalStore

NOW = datetime.now(UTC)
POLICE = "westshire-constabulary"


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


@dataclass
class World:
    client: TestClient
    service: Service
    partner: dict[str, str]
    partner_id: str
    old: Ed25519PrivateKey


@pytest.fixture
def world(location: Location) -> World:
    service = open_service(location)
    store = PrincipalStore(service.app.database)
    admin = store.create(name="operator", role=Role.ADMIN, now=NOW)[1]
    police, key = store.create(name="police", role=Role.PARTNER, now=NOW, organisation=POLICE)
    client = TestClient(create_app(service))
    as_admin = {"Authorization": f"Bearer {admin}"}
    registered = client.post(
        "/v1/partners",
        json={
            "organisation": POLICE,
            "name": "Westshire Constabulary",
            "partner_type": "sl:Police",
            "competent_authority": True,
        },
        headers=as_admin,
    )
    assert registered.status_code == 201, registered.text
    old = Ed25519PrivateKey.generate()
    first = client.post(
        f"/v1/partners/{POLICE}/keys",
        json={"public_key": b64(old.public_key().public_bytes_raw())},
        headers=as_admin,
    )
    assert first.status_code == 201, first.text
    return World(client, service, {"Authorization": f"Bearer {key}"}, police.id, old)


def rotation(old: Ed25519PrivateKey, new: Ed25519PrivateKey) -> dict[str, str]:
    raw = new.public_key().public_bytes_raw()
    message = rotation_message(POLICE, raw)
    return {
        "public_key": b64(raw),
        "retire_key_id": partner_key_id(old.public_key().public_bytes_raw()),
        "old_key_signature": b64(old.sign(message)),
        "new_key_signature": b64(new.sign(message)),
    }


def test_a_partner_rotates_its_receipt_key(world: World) -> None:
    """Both keys sign: the new key is current, the old retired, one entry naming the partner."""
    new = Ed25519PrivateKey.generate()
    reply = world.client.post(
        f"/v1/partners/{POLICE}/keys/rotation", json=rotation(world.old, new), headers=world.partner
    )
    assert reply.status_code == 201, reply.text
    keys = {k.key_id: k.current for k in receipt_filing.partner_keys(world.service.app, POLICE)}
    assert keys == {
        partner_key_id(world.old.public_key().public_bytes_raw()): False,
        partner_key_id(new.public_key().public_bytes_raw()): True,
    }
    partner = world.service.app.get(Partner, partner_id(POLICE))
    (event,) = [
        e
        for e in world.service.app.repository.event_store.get(partner.id)
        if isinstance(e, Partner.PartnerKeyRotated)
    ]
    assert event.rotated_by == f"principal:{world.partner_id}"


@pytest.mark.parametrize(
    ("spoil", "status", "field"),
    [
        ("old_key_signature", 422, "old_key_signature"),
        ("new_key_signature", 422, "new_key_signature"),
        ("retire_key_id", 422, "retire_key_id"),
    ],
)
def test_a_rotation_without_both_proofs_records_nothing(
    world: World, spoil: str, status: int, field: str
) -> None:
    """A signature by another key, or a key id not current: refused naming the field."""
    before = world.service.app.get(Partner, partner_id(POLICE)).version
    body = rotation(world.old, Ed25519PrivateKey.generate())
    stranger = Ed25519PrivateKey.generate()
    if spoil == "retire_key_id":
        body[spoil] = "0" * 16
    else:
        body[spoil] = b64(stranger.sign(b"something else"))
    reply = world.client.post(
        f"/v1/partners/{POLICE}/keys/rotation", json=body, headers=world.partner
    )
    assert reply.status_code == status, reply.text
    assert field in reply.json()["detail"]
    assert world.service.app.get(Partner, partner_id(POLICE)).version == before


def test_a_partner_cannot_rotate_another_partners_key(world: World) -> None:
    """Another organisation in the path: 403 other-organisation."""
    reply = world.client.post(
        "/v1/partners/westshire-homes/keys/rotation",
        json=rotation(world.old, Ed25519PrivateKey.generate()),
        headers=world.partner,
    )
    assert reply.status_code == 403
    assert reply.json()["type"].endswith("/other-organisation")


def test_a_partner_rotates_its_api_key(world: World) -> None:
    """The new key works at once, the old one is refused from then on; both are entries."""
    reply = world.client.post(
        f"/v1/partners/{POLICE}/api-key/rotation",
        json={"reason": "yearly rotation"},
        headers=world.partner,
    )
    assert reply.status_code == 201, reply.text
    fresh = {"Authorization": f"Bearer {reply.json()['api_key']}"}
    probe = f"/v1/partners/{POLICE}/disclosures"
    assert world.client.get(probe, headers=fresh).status_code == 200
    assert world.client.get(probe, headers=world.partner).status_code == 401
    principals = {p.id: p for p in world.service.principals.list()}
    assert principals[world.partner_id].revoked_at is not None
    assert principals[reply.json()["principal"]].organisation == POLICE
