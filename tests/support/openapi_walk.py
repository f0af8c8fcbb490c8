"""Every operation of the OpenAPI document, called with its documented example, in order.

Shared by the examples test (each example gets its documented success status)
and the capture that writes the replies into api/http/openapi_examples.json
(``python -m tests.support.openapi_capture``). The walk needs what no request
can make: a key per role, a registered person, a signed checkpoint; and it signs
the receipt and the cosignature itself, since they cover the chain's hashes.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.http.openapi_examples import COUNCIL, POLICE, REQUESTS, Example
from api.service import log_signing
from api.service.composition import Service, open_service
from ledger.domain.receipts import partner_key_id, rotation_message, sign_receipt
from ledger.integrity.cosignatures import WitnessSigner, cosign
from ledger.principals import Role
from ledger.privacy.identifiers import parse
from ledger.storage.config import Location
from ledger.storage.principal_store import PrincipalStore
from tests.support.signing import log_signer

PARTNER_SEED = b"\x01" * 32  # the made-up key whose public half the examples register
NEW_PARTNER_SEED = b"\x02" * 32  # the made-up key it is rotated to
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
# Which key calls an operation: the first of these its roles admit.
PREFERENCE = (Role.DPO, Role.SOURCE_SYSTEM, Role.PARTNER, Role.ADMIN, Role.AUDITOR)


@dataclass(frozen=True, slots=True)
class Call:
    """One operation called: what was sent and what came back."""

    method: str
    path: str
    parameters: dict[str, str]
    body: Any
    response: httpx.Response


@dataclass
class Walk:
    client: TestClient
    service: Service
    keys: dict[Role, str]
    state_dir: Path

    @classmethod
    def open(cls, location: Location, state_dir: Path) -> Walk:
        service = open_service(location)
        store = PrincipalStore(service.app.database)
        keys = {
            role: store.create(
                name=f"example-{role.value}",
                role=role,
                now=NOW,
                organisation=POLICE if role is Role.PARTNER else COUNCIL,
            )[1]
            for role in PREFERENCE
        }
        service.app.subjects.register([parse("nhs", "9434765919")])
        return cls(TestClient(create_app(service)), service, keys, state_dir)

    def headers(self, roles: list[str]) -> dict[str, str]:
        """The key of the first role the operation admits (none for a public one)."""
        role = next((r for r in PREFERENCE if r.value in roles), None)
        return {} if role is None else {"Authorization": f"Bearer {self.keys[role]}"}

    def calls(self) -> Iterator[Call]:
        """Call every documented operation with its example, in the examples' order."""
        document = self.client.get("/v1/openapi.json").json()
        created_principal = ""
        for (method, template), example in REQUESTS.items():
            operation = document["paths"][template][method.lower()]
            headers = self.headers(operation.get("x-roles", []))
            path_params = dict(example.path)
            body = example.body
            if template.endswith("/revocation"):
                path_params["principal_id"] = created_principal
            if template == "/v1/shares/{share_id}/receipt":
                body = self._signed_receipt(example, headers)
            if template == "/v1/ledger/checkpoint":
                log_signing.issue(self.service.app, log_signer(self.state_dir), NOW)
            if template == "/v1/ledger/checkpoint/cosignatures":
                body = {"line": self._cosignature(headers)}
            if template == "/v1/partners/{organisation}/keys/rotation":
                body = self._key_rotation()
            query = {**example.query, **self._published(template)}
            if template == "/tlog/tile/{level}/{rest}":
                path_params["rest"] = self._partial_tile()
            path = template.format(**path_params)
            # A file sent as itself (a letter to check): the body is its text, not JSON.
            sent: dict[str, Any] = (
                {"content": body.encode(), "headers": {**headers, "Content-Type": "text/html"}}
                if isinstance(body, str)
                else {"json": body, "headers": headers}
            )
            response = self.client.request(method, path, params=query, **sent)
            if template == "/v1/principals" and method == "POST" and response.is_success:
                created_principal = response.json()["principal"]["id"]
            yield Call(method, template, {**path_params, **query}, body, response)

    def _signed_receipt(self, example: Example, headers: dict[str, str]) -> dict[str, Any]:
        share = example.path["share_id"]
        draft = self.client.get(
            f"/v1/shares/{share}/receipt-draft",
            params={"received_at": "2026-11-02T11:05:00Z"},
            headers=headers,
        ).json()
        private = Ed25519PrivateKey.from_private_bytes(PARTNER_SEED)
        signature = base64.b64encode(sign_receipt(draft, private)).decode()
        return {"document": draft, "signature": signature}

    def _size(self) -> int:
        note: str = self.client.get("/tlog/checkpoint").text
        return int(note.split("\n")[1])

    def _published(self, template: str) -> dict[str, str]:
        """The query of the public consistency proof: the one published size, to itself."""
        if template != "/v1/public/proof/consistency":
            return {}
        size = str(self._size())
        return {"old": size, "new": size}

    def _partial_tile(self) -> str:
        """The first level-0 tile, partial (C2SP tlog-tiles: ``000.p/<width>``)."""
        return f"000.p/{self._size()}"

    def _key_rotation(self) -> dict[str, str]:
        old = Ed25519PrivateKey.from_private_bytes(PARTNER_SEED)
        new = Ed25519PrivateKey.from_private_bytes(NEW_PARTNER_SEED)
        new_raw = new.public_key().public_bytes_raw()
        message = rotation_message(POLICE, new_raw)
        return {
            "public_key": base64.b64encode(new_raw).decode(),
            "retire_key_id": partner_key_id(old.public_key().public_bytes_raw()),
            "old_key_signature": base64.b64encode(old.sign(message)).decode(),
            "new_key_signature": base64.b64encode(new.sign(message)).decode(),
        }

    def _cosignature(self, headers: dict[str, str]) -> str:
        note = self.client.get("/v1/ledger/checkpoint", headers=headers).text
        witness = WitnessSigner.from_seed(POLICE, PARTNER_SEED)
        return cosign(note.split("\n\n")[0] + "\n", witness, int(NOW.timestamp()))
