"""A partner over HTTP, on both stores: keys, a signed receipt round trip with a real Ed25519
key, forgeries and duplicates refused, Art 19 acknowledgements, and witness cosignatures."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.service import log_signing
from api.service.composition import Service, open_service
from ledger.domain.access_grants import grant_id
from ledger.domain.receipts import sign_receipt
from ledger.integrity.cosignatures import WitnessSigner, cosign
from ledger.principals import Role
from ledger.storage.config import Location
from ledger.storage.principal_store import PrincipalStore
from tests.support.factories import POLICE, access_command, police_share_body, subject
from tests.support.signing import log_signer

NOW = datetime.now(UTC)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


@dataclass
class World:
    client: TestClient
    as_: dict[str, dict[str, str]]
    service: Service
    private: Ed25519PrivateKey
    share: str


@pytest.fixture
def world(location: Location) -> World:
    service = open_service(location)
    store = PrincipalStore(service.app.database)
    keys = {
        role.value: store.create(
            name=f"{role.value}-1",
            role=role,
            now=NOW,
            organisation=POLICE if role is Role.PARTNER else "westshire-council",
        )[1]
        for role in (Role.ADMIN, Role.SOURCE_SYSTEM, Role.PARTNER, Role.DPO)
    }
    _, keys["other"] = store.create(
        name="housing", role=Role.PARTNER, now=NOW, organisation="westshire-homes"
    )
    client = TestClient(create_app(service))
    as_ = {name: {"Authorization": f"Bearer {key}"} for name, key in keys.items()}
    partner_key = Ed25519PrivateKey.generate()
    for body in (
        {
            "organisation": POLICE,
            "name": "Westshire Constabulary",
            "partner_type": "sl:Police",
            "competent_authority": True,
        },
        {
            "organisation": "westshire-homes",
            "name": "Westshire Homes",
            "partner_type": "sl:Housing",
            "competent_authority": False,
        },
    ):
        assert client.post("/v1/partners", json=body, headers=as_["admin"]).status_code == 201
    raw = partner_key.public_key().public_bytes_raw()
    registered = client.post(
        f"/v1/partners/{POLICE}/keys", json={"public_key": b64(raw)}, headers=as_["admin"]
    )
    assert registered.status_code == 201, registered.text
    share = client.post(
        "/v1/shares",
        json=police_share_body(NOW - timedelta(hours=2), subject(1)),
        headers=as_["source-system"],
    )
    assert share.status_code == 201, share.text
    return World(client, as_, service, partner_key, share.json()["entries"][0]["id"])


def signed(world: World, key: Ed25519PrivateKey | None = None) -> dict[str, object]:
    draft = world.client.get(
        f"/v1/shares/{world.share}/receipt-draft", headers=world.as_["partner"]
    )
    assert draft.status_code == 200, draft.text
    private = key or world.private
    return {"document": draft.json(), "signature": b64(sign_receipt(draft.json(), private))}


def test_a_signed_receipt_is_recorded_and_shown(world: World) -> None:
    """The partner signs the draft with its registered key: 201, and the share reads receipted."""
    client, as_ = world.client, world.as_
    posted = client.post(
        f"/v1/shares/{world.share}/receipt", json=signed(world), headers=as_["partner"]
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["entries"][0]["event"] == "Share.ShareReceiptRecorded"
    report = client.get(f"/v1/partners/{POLICE}/disclosures", headers=as_["partner"]).json()
    assert [item["receipt"] for item in report["items"]] == ["receipted"]


def test_forged_foreign_and_second_receipts_are_refused(world: World) -> None:
    """Another key's signature: 422; another partner: 404, as for a share that is not there
    (it must not learn which share ids exist); a second receipt: 409."""
    client, as_ = world.client, world.as_
    url = f"/v1/shares/{world.share}/receipt"
    forged = client.post(
        url, json=signed(world, Ed25519PrivateKey.generate()), headers=as_["partner"]
    )
    foreign = client.post(url, json=signed(world), headers=as_["other"])
    first = client.post(url, json=signed(world), headers=as_["partner"])
    second = client.post(url, json=signed(world), headers=as_["partner"])
    assert [r.status_code for r in (forged, foreign, first, second)] == [422, 404, 201, 409]
    assert forged.json()["type"].endswith("/bad-signature")
    assert POLICE not in foreign.text
    missing = client.post(f"/v1/shares/{uuid4()}/receipt", json=signed(world), headers=as_["other"])
    assert missing.status_code == 404
    assert missing.json()["detail"] == foreign.json()["detail"]


def test_a_witness_cosigns_the_latest_checkpoint(world: World, tmp_path: Path) -> None:
    """The partner's key cosigns the checkpoint; the served checkpoint then carries it."""
    client, as_ = world.client, world.as_
    log_signing.issue(world.service.app, log_signer(tmp_path), NOW)
    note = client.get("/v1/ledger/checkpoint", headers=as_["partner"]).text
    witness = WitnessSigner.from_seed(POLICE, world.private.private_bytes_raw())
    line = cosign(note.split("\n\n")[0] + "\n", witness, int(NOW.timestamp()))
    posted = client.post(
        "/v1/ledger/checkpoint/cosignatures", json={"line": line}, headers=as_["partner"]
    )
    assert posted.status_code == 201, posted.text
    served = client.get("/v1/ledger/checkpoint", headers=as_["partner"]).text
    assert f"— {POLICE} " in served
    bad = client.post(
        "/v1/ledger/checkpoint/cosignatures",
        json={"line": line[:-4] + "AAA="},
        headers=as_["partner"],
    )
    assert bad.status_code == 422


def test_an_admin_manages_principals_over_http(world: World) -> None:
    """Create returns the key once; the key works; list never shows keys; revoke stops it."""
    client, as_ = world.client, world.as_
    created = client.post(
        "/v1/principals",
        json={
            "name": "police-2",
            "role": "partner",
            "organisation": POLICE,
            "reason": "a second key for the rotation",
        },
        headers=as_["admin"],
    )
    assert created.status_code == 201, created.text
    key, principal_id = created.json()["api_key"], created.json()["principal"]["id"]
    partner = {"Authorization": f"Bearer {key}"}
    disclosures = f"/v1/partners/{POLICE}/disclosures"
    assert client.get(disclosures, headers=partner).status_code == 200
    listing = client.get("/v1/principals", headers=as_["admin"])
    assert key not in listing.text
    assert "hash" not in listing.text
    revoked = client.post(
        f"/v1/principals/{principal_id}/revocation",
        json={"reason": "the key was rotated"},
        headers=as_["admin"],
    )
    assert revoked.status_code == 200
    assert client.get(disclosures, headers=partner).status_code == 401


def test_an_admin_cannot_mint_a_dpo_or_investigator_key_over_http(world: World) -> None:
    """DPO, investigator, auditor and admin keys are the operator's, on the command line: 403,
    and nothing is created or recorded."""
    client, as_ = world.client, world.as_
    before = client.get("/v1/principals", headers=as_["admin"]).json()
    for role in ("dpo", "investigator", "auditor", "admin"):
        refused = client.post(
            "/v1/principals",
            json={"name": "x", "role": role, "reason": "try"},
            headers=as_["admin"],
        )
        assert refused.status_code == 403, refused.text
        assert refused.json()["type"].endswith("/role-not-created-over-http")
    assert client.get("/v1/principals", headers=as_["admin"]).json() == before


def test_each_principal_change_is_a_ledger_entry_naming_who_and_why(world: World) -> None:
    """A key created and revoked over HTTP: two ledger entries, with the admin and the reason."""
    client, as_ = world.client, world.as_
    created = client.post(
        "/v1/principals",
        json={"name": "ll-2", "role": "source-system", "reason": "second case system"},
        headers=as_["admin"],
    ).json()
    principal_id = created["principal"]["id"]
    client.post(
        f"/v1/principals/{principal_id}/revocation",
        json={"reason": "system retired"},
        headers=as_["admin"],
    )
    entries = world.service.app.chain.entries_of([grant_id(principal_id)])
    events = [json.loads(entry.state) for _link, entry in entries]
    assert [e["principal"] for e in events[:1]] == [principal_id]
    assert events[0]["created_by"].startswith("principal:")
    assert events[0]["role"] == "source-system"
    assert events[1]["revoked_by"] == events[0]["created_by"]


def test_a_subject_filter_must_be_a_whole_reference(world: World) -> None:
    """The disclosures' ?subject= filter is anchored: a reference with anything after it is a
    422 naming the field, never passed on to a query."""
    reply = world.client.get(
        f"/v1/partners/{POLICE}/disclosures?subject=sr_{'a' * 26}%27--",
        headers=world.as_["dpo"],
    )
    assert reply.status_code == 422, reply.text


def test_an_idempotency_key_is_kept_only_as_its_hash(world: World) -> None:
    """A client may put personal data in an Idempotency-Key (nhs-9876543210): the retry still
    gets the first reply, and the ledger's tables never hold the key."""
    body = access_command(NOW - timedelta(hours=1))
    body.pop("command")
    headers = {**world.as_["source-system"], "Idempotency-Key": "nhs-9876543210"}
    first = world.client.post("/v1/accesses", json=body, headers=headers)
    again = world.client.post("/v1/accesses", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    table = world.service.app.database.tables.idempotency
    rows = world.service.app.database.fetch(f"SELECT key FROM {table}")
    assert len(rows) == 1
    assert "9876543210" not in rows[0]["key"]


def test_a_period_outside_the_ledgers_window_is_a_422(world: World) -> None:
    """?until=0001-01-01T08:31:20Z cannot overflow a report: a 422 problem naming `until`."""
    reply = world.client.get("/v1/promises?until=0001-01-01T08:31:20Z", headers=world.as_["dpo"])
    assert reply.status_code == 422, reply.text
    assert "until" in reply.text
