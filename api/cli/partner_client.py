"""A partner agency's side of the ledger, over HTTP only: its key file and its client.

The partner needs nothing of the council's but the served API and one key
file (docs/receipts.md §9), JSON, readable by its owner only::

    {"format": "sharing-ledger-partner-key/1",
     "server": "https://ledger.westshire.gov.uk",
     "organisation": "westshire-constabulary",
     "api_key": "sl_...",                      # from the council's admin, once
     "signing_key": "<base64 32-byte Ed25519 seed>",  # made here, never sent
     "log_key": "<the council's checkpoint verifier key>"}

The signing key signs receipts and, as the partner's witness key (named by
the organisation), cosignatures; its public half is what the council
registers. The witness state (what this partner last cosigned) is kept
beside the file, as ``<key file>.state`` (:mod:`api.service.witnessing`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.domain.receipts import partner_key_id
from ledger.integrity.cosignatures import WitnessSigner
from ledger.integrity.encoding import decode_base64, encode_base64
from ledger.integrity.notes import KeyFormatError, Verifier, parse_verifier_key

FORMAT = "sharing-ledger-partner-key/1"
TIMEOUT = 30.0
#: RFC 8032 §5.1.5: an Ed25519 private key is a 32-byte seed.
SEED_SIZE = 32


class PartnerFileError(ValueError):
    """The key file cannot be read, or is not what this program writes."""


class ServerRefused(Exception):
    """The server answered with a problem document (or not at all as expected)."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class PartnerKeyFile:
    path: Path
    server: str
    organisation: str
    api_key: str
    seed: bytes
    log_key: str

    @property
    def private_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def public_key(self) -> bytes:
        return self.private_key.public_key().public_bytes_raw()

    @property
    def key_id(self) -> str:
        return partner_key_id(self.public_key)

    @property
    def witness_signer(self) -> WitnessSigner:
        return WitnessSigner(self.organisation, self.private_key)

    @property
    def verifier(self) -> Verifier:
        try:
            return parse_verifier_key(self.log_key)
        except (KeyFormatError, ValueError) as error:
            msg = f"{self.path}: log_key is not a verifier key ({error})"
            raise PartnerFileError(msg) from None

    @property
    def state_path(self) -> Path:
        return self.path.with_name(self.path.name + ".state")

    def document(self) -> dict[str, str]:
        return {
            "format": FORMAT,
            "server": self.server,
            "organisation": self.organisation,
            "api_key": self.api_key,
            "signing_key": encode_base64(self.seed),
            "log_key": self.log_key,
        }

    def with_seed(self, seed: bytes) -> PartnerKeyFile:
        return replace(self, seed=seed)

    def with_api_key(self, api_key: str) -> PartnerKeyFile:
        return replace(self, api_key=api_key)


def load(path: Path) -> PartnerKeyFile:
    """Read a key file; a one-line :class:`PartnerFileError` naming the field if it is wrong."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        msg = f"cannot read {path}: {error.strerror}"
        raise PartnerFileError(msg) from None
    except ValueError:
        msg = f"{path}: not JSON"
        raise PartnerFileError(msg) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        msg = f"{path}: not a partner key file (format {FORMAT})"
        raise PartnerFileError(msg)
    fields = ("server", "organisation", "api_key", "signing_key", "log_key")
    for name in fields:
        if not isinstance(document.get(name), str) or not document[name]:
            msg = f"{path}: {name} is missing or not text"
            raise PartnerFileError(msg)
    try:
        seed = decode_base64(document["signing_key"])
    except ValueError:
        seed = b""
    if len(seed) != SEED_SIZE:
        msg = f"{path}: signing_key is not base64 of a 32-byte Ed25519 seed"
        raise PartnerFileError(msg)
    return PartnerKeyFile(
        path,
        document["server"].rstrip("/"),
        document["organisation"],
        document["api_key"],
        seed,
        document["log_key"],
    )


def save(key_file: PartnerKeyFile, *, replace_existing: bool) -> None:
    """Write the file (mode 0600) whole: to a temporary name, then renamed over."""
    text = json.dumps(key_file.document(), indent=2) + "\n"
    path = key_file.path
    if not replace_existing and path.exists():
        msg = f"{path} already exists; a key file is never overwritten"
        raise PartnerFileError(msg)
    temporary = path.with_name(path.name + ".tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except OSError as error:
        msg = f"cannot write {path}: {error.strerror}"
        raise PartnerFileError(msg) from None


class PartnerClient:
    """The API calls a partner makes, each answering JSON or raising :class:`ServerRefused`."""

    def __init__(
        self, key_file: PartnerKeyFile, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.key_file = key_file
        self._http = httpx.Client(
            base_url=key_file.server,
            headers={"Authorization": f"Bearer {key_file.api_key}"},
            timeout=TIMEOUT,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def _send(self, method: str, path: str, **options: Any) -> httpx.Response:
        try:
            reply = self._http.request(method, path, **options)
        except httpx.HTTPError as error:
            msg = f"cannot reach {self.key_file.server}: {type(error).__name__}"
            raise ServerRefused(0, msg) from None
        if reply.is_success:
            return reply
        try:
            problem = reply.json()
            detail = f"{problem.get('title', reply.reason_phrase)}: {problem.get('detail', '')}"
        except ValueError:
            detail = reply.reason_phrase
        raise ServerRefused(reply.status_code, f"{reply.status_code} {detail}")

    def get_json(self, path: str, **params: Any) -> Any:
        return self._send("GET", path, params=params).json()

    def get_text(self, path: str) -> str:
        return self._send("GET", path).text

    def post_json(self, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        return self._send("POST", path, json=body, headers=headers or {}).json()

    def disclosures(self) -> list[dict[str, Any]]:
        """Every share made to this partner (following every page)."""
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        path = f"/v1/partners/{self.key_file.organisation}/disclosures"
        while True:
            params: dict[str, Any] = {"limit": 1000}
            if cursor is not None:
                params["cursor"] = cursor
            page = self.get_json(path, **params)
            items.extend(page["items"])
            cursor = page.get("next")
            if cursor is None:
                return items
