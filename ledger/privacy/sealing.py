"""Sealed free text: AES-256-GCM under per-subject data keys, wrapped by a key-encryption key.

A justification or note may hold personal data, so the ledger stores it
sealed:

* the text is encrypted once under a fresh content key (AES-256-GCM, the
  field name as associated data, so a sealed justification cannot be
  passed off as a sealed summary);
* the content key is split into one share per subject the entry concerns
  (random shares whose XOR is the key: one for an access, each family
  member's for a family share), and each share is wrapped under that
  subject's data key, so the text opens only with *every* subject's key;
* each subject's data key is itself wrapped by the key-encryption key
  (KEK), which lives outside the database; rotating the KEK rewraps data
  keys and never touches an entry.

The ledger hashes the sealed text, so the chain verifies with or without
the keys. Destroying a subject's data key makes everything sealed for them
unreadable for ever (crypto-shredding), including an entry about a whole
family: its text may name the disposed person, so once any person an entry
concerns is disposed of, no one can open it (docs/api-security.md,
"Disposal"). Version 1 values (any one key opened them) are still read; the
service refuses to open one that names a disposed person
(``ledger.subjects.Subjects.unseal``).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "sl-sealed:v2:"
PREFIX_V1 = "sl-sealed:v1:"  # any one subject's key opened it
KEY_SIZE = 32
NONCE_SIZE = 12


class SealError(Exception):
    """A sealed value is malformed, or a key does not open it."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")


def _unb64(text: str) -> bytes:
    # base64.urlsafe_b64decode, less its two layers of argument checks: a family's entry
    # holds a share for every member, and a page of history decodes hundreds of them.
    # A non-ASCII character raises UnicodeEncodeError, a ValueError as binascii.Error is.
    padded = (text + "=" * (-len(text) % 4)).encode("ascii")
    return binascii.a2b_base64(padded.translate(_FROM_URLSAFE))


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith((PREFIX, PREFIX_V1))


def seal(plaintext: str, field: str, recipients: Mapping[str, bytes]) -> str:
    """Seal ``plaintext`` for every subject in ``recipients`` (subject ref -> data key)."""
    if not recipients:
        msg = "sealed text needs at least one subject to seal it for"
        raise SealError(msg)
    content_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE_SIZE)
    body = AESGCM(content_key).encrypt(nonce, plaintext.encode("utf-8"), field.encode())
    subjects = sorted(recipients)
    shares = [os.urandom(KEY_SIZE) for _ in subjects[1:]]
    shares.insert(0, _xor(content_key, *shares))  # every share is needed to rebuild the key
    wrapped = {}
    for subject, share in zip(subjects, shares, strict=True):
        wrap_nonce = os.urandom(NONCE_SIZE)
        sealed_share = AESGCM(recipients[subject]).encrypt(wrap_nonce, share, _share_aad(subject))
        wrapped[subject] = _b64(wrap_nonce + sealed_share)
    document = {"f": field, "n": _b64(nonce), "c": _b64(body), "k": wrapped}
    return PREFIX + _b64(json.dumps(document, separators=(",", ":"), sort_keys=True).encode())


def _xor(first: bytes, *others: bytes) -> bytes:
    value = int.from_bytes(first, "big")
    for other in others:
        value ^= int.from_bytes(other, "big")
    return value.to_bytes(KEY_SIZE, "big")


def _share_aad(subject: str) -> bytes:
    # Bound to the subject and to this version: a v2 share cannot pass for a v1 key.
    return b"sl-sealed:v2:share\x1f" + subject.encode()


def recipients(sealed: str) -> list[str]:
    """The subjects a sealed value was sealed for (their references, no secret)."""
    return parse(sealed).recipients


def unseal(
    sealed: str | Sealed,
    keys: Mapping[str, bytes],
    ciphers: MutableMapping[str, AESGCM] | None = None,
) -> str | None:
    """The plaintext; None if a key it needs is gone (v2: every subject's; v1: any one).

    ``ciphers``: a caller opening many values at once (a page of history) passes
    one dict for all of them, so each subject's key is set up for AES-GCM once,
    not once for every entry naming them; it lives no longer than that call.
    """
    document = sealed if isinstance(sealed, Sealed) else parse(sealed)
    if document.version == 2:
        return _unseal_v2(document, keys, {} if ciphers is None else ciphers)
    for subject in document.recipients:
        data_key = keys.get(subject)
        if data_key is None:
            continue
        wrapped = document.share(subject)
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


def _unseal_v2(
    document: Sealed, keys: Mapping[str, bytes], ciphers: MutableMapping[str, AESGCM]
) -> str | None:
    if any(subject not in keys for subject in document.wrapped):
        return None  # a share's key was destroyed: the content key cannot be rebuilt
    try:
        shares = []
        for subject in document.recipients:
            wrapped = document.share(subject)
            cipher = ciphers.get(subject)
            if cipher is None:
                cipher = ciphers[subject] = AESGCM(keys[subject])
            shares.append(
                cipher.decrypt(wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], _share_aad(subject))
            )
        content_key = _xor(*shares)
        plaintext = AESGCM(content_key).decrypt(
            document.nonce, document.body, document.field.encode()
        )
    except (InvalidTag, ValueError):
        msg = "the data keys do not open this sealed value (altered, or the wrong keys)"
        raise SealError(msg) from None
    return plaintext.decode("utf-8")


@dataclass(frozen=True, slots=True)
class Sealed:
    """A sealed value's parts, parsed once.

    The wrapped shares stay in their text form until one is used: a family
    share names every member, and asking whom a value was sealed for (every
    read does, to check for disposals first) should not decode them all.
    """

    version: int
    field: str
    nonce: bytes
    body: bytes
    wrapped: dict[str, str]  # subject -> its wrapped share (v2) or content key (v1), base64

    @property
    def recipients(self) -> list[str]:
        return sorted(self.wrapped)

    def share(self, subject: str) -> bytes:
        try:
            return _unb64(self.wrapped[subject])
        except ValueError:  # binascii.Error is one
            msg = "a sealed value that does not decode"
            raise SealError(msg) from None


def parse(sealed: str) -> Sealed:
    if not is_sealed(sealed):
        msg = "not a sealed value"
        raise SealError(msg)
    try:
        document = json.loads(_unb64(sealed[len(PREFIX) :]))  # both prefixes are as long
        return Sealed(
            version=2 if sealed.startswith(PREFIX) else 1,
            field=str(document["f"]),
            nonce=_unb64(str(document["n"])),
            body=_unb64(str(document["c"])),
            wrapped={str(k): str(v) for k, v in dict(document["k"]).items()},
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
