"""Who may use the HTTP API, and as what: roles, principals and their API keys.

Pure: no I/O. A principal is a person or a system holding one API key; its
role says which endpoint groups it may call, and for partners and
investigators the role is narrowed further (one organisation; named
subjects, a case and an expiry).

An API key is ``sl_<public id>_<secret>``: the public id names the principal
(it is what logs and the command line show), the secret is 256 bits from
:mod:`secrets`. Only a salted scrypt hash of the whole key is stored, so the
table can leak without any key leaking. Nothing here ever puts a key or a
secret into an error message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ledger.domain import values
from ledger.domain.errors import ValidationError

KEY_PREFIX = "sl_"
PUBLIC_ID_BYTES = 10  # 80 bits: collision-free in practice, and short enough to read aloud
SECRET_BYTES = 32  # 256 bits of secret: beyond any guessing, at any request rate
_B32 = "[a-z2-7]"
PUBLIC_ID = re.compile(f"{_B32}{{16}}")
API_KEY = re.compile(f"sl_({_B32}{{16}})_{_B32}{{52}}")

# scrypt (RFC 7914) with N=2**14, r=8, p=1: 16 MiB and ~45 ms per hash on the
# two-core machines this runs on. Why scrypt and why so modest: the secret is
# 256 random bits, so no work factor is needed against guessing; the hash is
# defence in depth (a weakened generator, a key pasted into the wrong place),
# and memory-hardness buys that more cheaply than PBKDF2's 600k iterations
# (~185 ms here), which would cap a two-core server at ~10 authentications a
# second. The parameters are stored with each hash, so they can be raised
# later without invalidating existing keys.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
HASH_SCHEME = "scrypt"
# Bounds on parameters read back from the store: a tampered row must not be
# able to make one authentication allocate gigabytes.
_MAX_LOG2_N = 20
_MAX_R = 32
_MAX_P = 16


class Role(StrEnum):
    """What a principal is for; the role-by-endpoint matrix lives with the HTTP API."""

    SOURCE_SYSTEM = "source-system"
    DPO = "dpo"
    PARTNER = "partner"
    INVESTIGATOR = "investigator"
    AUDITOR = "auditor"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """One API key's holder. Construction checks the rules each role carries."""

    id: str
    name: str
    role: Role
    organisation: str | None = None
    subjects: frozenset[str] = frozenset()
    case: str | None = None
    expires_at: datetime | None = None
    created_at: datetime
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_role_scope(self)

    def active(self, now: datetime) -> bool:
        """Not revoked, and not past its expiry, at ``now``."""
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.expires_at is None or now < self.expires_at


def _check_role_scope(principal: Principal) -> None:
    role = principal.role
    if role is Role.PARTNER and principal.organisation is None:
        raise ValidationError("organisation", "is required for a partner")
    if role is Role.INVESTIGATOR:
        # Deny by default: an investigator sees only the people named on the key.
        if not principal.subjects:
            raise ValidationError("subjects", "an investigator must be limited to named subjects")
        if principal.expires_at is None:
            raise ValidationError("expires_at", "is required for an investigator")
    else:
        if principal.subjects:
            raise ValidationError("subjects", "only an investigator is limited to subjects")
        if principal.case is not None:
            raise ValidationError("case", "only an investigator carries a case reference")
    if principal.expires_at is not None and principal.expires_at <= principal.created_at:
        raise ValidationError("expires_at", "must be after the key is created")


def role_of(value: object) -> Role:
    """A role from its name, or a ValidationError listing the roles."""
    names = [r.value for r in Role]
    if isinstance(value, str) and value in names:
        return Role(value)
    raise ValidationError("role", "must be one of the roles", names)


def public_id(field: str, value: object) -> str:
    """A principal's public id (16 base32 characters), checked."""
    if not isinstance(value, str) or PUBLIC_ID.fullmatch(value) is None:
        raise ValidationError(field, "must be a principal id: 16 base32 characters")
    return value


# A principal who signs in through the council's identity provider holds no key:
# its row stores this marker (and the issuer) where a key's hash would be, which
# no key ever matches (check_key refuses anything but a scrypt hash).
FEDERATED_SCHEME = "oidc"


def federated_id(issuer: str, subject: str, role: Role, organisation: str | None) -> str:
    """The public id of a person signed in through an identity provider, in one role.

    Derived, so the same person in the same role is always the same principal
    (their entries attributed alike across sign-ins), and pseudonymous: the
    provider's subject id is never shown or logged, only this digest of it. A
    person whose groups give another role is another principal, with a grant
    of its own.
    """
    material = "\x00".join(
        ("sharing-ledger/federated", issuer, subject, role.value, organisation or "")
    )
    return _b32(hashlib.sha256(material.encode("utf-8")).digest()[:PUBLIC_ID_BYTES])


def federated_marker(issuer: str) -> str:
    """What a federated principal's row holds instead of a key hash."""
    return f"{FEDERATED_SCHEME}${issuer}"


def principal_id_of(api_key: str) -> str:
    """The public id inside an API key, trusting nothing else about the key.

    The whole key must have the exact shape; nothing of it is echoed on error.
    """
    match = API_KEY.fullmatch(api_key)
    if match is None:
        raise ValidationError("api_key", "must be a Sharing Ledger API key: sl_<id>_<secret>")
    return match.group(1)


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii").rstrip("=").lower()


def new_key(  # noqa: PLR0913 - one parameter per field of the principal
    *,
    name: str,
    role: Role | str,
    now: datetime,
    organisation: str | None = None,
    subjects: Iterable[str] = (),
    case: str | None = None,
    expires_at: datetime | None = None,
) -> tuple[Principal, str, str]:
    """A new principal, its API key text (to show once) and the hash to store."""
    subject_list = tuple(subjects)
    principal = Principal(
        id=_b32(secrets.token_bytes(PUBLIC_ID_BYTES)),
        name=values.label("name", name),
        role=role_of(role),
        organisation=None
        if organisation is None
        else values.organisation("organisation", organisation),
        subjects=frozenset(values.subject_refs("subjects", subject_list))
        if subject_list
        else frozenset(),
        case=None if case is None else values.reference("case", case),
        expires_at=None if expires_at is None else values.aware("expires_at", expires_at),
        created_at=values.aware("created_at", now),
    )
    api_key = f"{KEY_PREFIX}{principal.id}_{_b32(secrets.token_bytes(SECRET_BYTES))}"
    return principal, api_key, hash_key(api_key)


def hash_key(api_key: str) -> str:
    """``scrypt$<log2 N>$<r>$<p>$<salt>$<hash>``, with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(api_key, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(
        (
            HASH_SCHEME,
            str(SCRYPT_N.bit_length() - 1),
            str(SCRYPT_R),
            str(SCRYPT_P),
            _b64(salt),
            _b64(digest),
        )
    )


def check_key(api_key: str, stored: str) -> bool:
    """Whether ``api_key`` is the key ``stored`` was made from (constant-time compare).

    A malformed key or stored hash is simply not a match: the caller learns
    nothing more, and neither does a log.
    """
    parsed = _parse_stored(stored)
    if parsed is None or API_KEY.fullmatch(api_key) is None:
        return False
    n, r, p, salt, expected = parsed
    return hmac.compare_digest(_scrypt(api_key, salt, n, r, p), expected)


def _scrypt(api_key: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # maxmem: scrypt needs 128 * r * N * p bytes; allow that plus slack.
    return hashlib.scrypt(
        api_key.encode("ascii"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=128 * r * n * p + 2**20,
        dklen=HASH_BYTES,
    )


def _parse_stored(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != HASH_SCHEME or not all(s.isdigit() for s in parts[1:4]):
        return None
    log2_n, r, p = (int(s) for s in parts[1:4])
    if not (1 <= log2_n <= _MAX_LOG2_N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    try:
        salt, digest = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    if len(digest) != HASH_BYTES or not salt:
        return None
    return 2**log2_n, r, p, salt, digest


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
