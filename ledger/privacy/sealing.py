"""Sealed free text: AES-256-GCM under per-subject data keys, wrapped by a key-encryption key.

A justification or note may hold personal data, so the ledger stores it
sealed:

* the text is encrypted once under a fresh content key (AES-256-GCM, the
  field name as associated data, so a sealed justification cannot be
  passed off as a sealed summary);
* the content key is wrapped under the data key of every subject the entry
  concerns (one for an access, each family member for a family share);
* each subject's data key is itself wrapped by the key-encryption key
  (KEK), which lives outside the database; rotating the KEK rewraps data
  keys and never touches an entry.

The ledger hashes the sealed text, so the chain verifies with or without
the keys. Destroying a subject's data key makes everything sealed for them
alone unreadable for ever (crypto-shredding); a family share stays readable
through the other members' keys, which is right: it is their record too.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "sl-sealed:v1:"
KEY_SIZE = 32
NONCE_SIZE = 12


class SealError(Exception):
    """A sealed value is malformed, or a key does not open it."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal(plaintext: str, field: str, recipients: Mapping[str, bytes]) -> str:
    """Seal ``plaintext`` for every subject in ``recipients`` (subject ref -> data key)."""
    if not recipients:
        msg = "sealed text needs at least one subject to seal it for"
        raise SealError(msg)
    content_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE_SIZE)
    body = AESGCM(content_key).encrypt(nonce, plaintext.encode("utf-8"), field.encode())
    wrapped = {}
    for subject, data_key in sorted(recipients.items()):
        wrap_nonce = os.urandom(NONCE_SIZE)
        sealed_key = AESGCM(data_key).encrypt(wrap_nonce, content_key, subject.encode())
        wrapped[subject] = _b64(wrap_nonce + sealed_key)
    document = {"f": field, "n": _b64(nonce), "c": _b64(body), "k": wrapped}
    return PREFIX + _b64(json.dumps(document, separators=(",", ":"), sort_keys=True).encode())


def recipients(sealed: str) -> list[str]:
    """The subjects a sealed value was sealed for (their references, no secret)."""
    return sorted(_parse(sealed).keys)


def unseal(sealed: str, keys: Mapping[str, bytes]) -> str | None:
    """The plaintext, using any one of ``keys``; None if no key for its subjects is left."""
    document = _parse(sealed)
    for subject, wrapped in sorted(document.keys.items()):
        data_key = keys.get(subject)
        if data_key is None:
            continue
        try:
            content_key = AESGCM(data_key).decrypt(
                wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], subject.encode()
            )
            plaintext = AESGCM(content_key).decrypt(
                document.nonce, document.body, document.field.encode()
            )
        except InvalidTag:
            msg = "a data key does not open this sealed value (altered, or the wrong key)"
            raise SealError(msg) from None
        return plaintext.decode("utf-8")
    return None


@dataclass(frozen=True, slots=True)
class _Sealed:
    field: str
    nonce: bytes
    body: bytes
    keys: dict[str, bytes]


def _parse(sealed: str) -> _Sealed:
    if not is_sealed(sealed):
        msg = "not a sealed value"
        raise SealError(msg)
    try:
        document = json.loads(_unb64(sealed[len(PREFIX) :]))
        return _Sealed(
            field=str(document["f"]),
            nonce=_unb64(str(document["n"])),
            body=_unb64(str(document["c"])),
            keys={str(k): _unb64(str(v)) for k, v in dict(document["k"]).items()},
        )
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        msg = "a sealed value that does not decode"
        raise SealError(msg) from None


# -- Data keys under the key-encryption key ---------------------------------------


def wrap_data_key(kek: bytes, kek_id: str, subject: str, data_key: bytes) -> bytes:
    """A subject's data key encrypted under the KEK, bound to the subject and the KEK id."""
    nonce = os.urandom(NONCE_SIZE)
    return nonce + AESGCM(kek).encrypt(nonce, data_key, f"{kek_id}\x1f{subject}".encode())


def unwrap_data_key(kek: bytes, kek_id: str, subject: str, wrapped: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(
            wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], f"{kek_id}\x1f{subject}".encode()
        )
    except InvalidTag:
        msg = "the key-encryption key does not open this data key"
        raise SealError(msg) from None
