"""API principals in the ledger's database: the table ``api_principals`` and its queries.

Principals are not evidence (they are not entries and not hashed into the
chain): they are the service's own configuration, so revoking one updates its
row. A key is never stored, only its salted hash (see :mod:`ledger.principals`).

Columns are TEXT only, like the read models': times are UTC ISO 8601 (which
sorts as time does), subjects a space-separated sorted list of references
(which never contain spaces). The same SQL then runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ledger import principals
from ledger.domain.errors import ValidationError
from ledger.principals import Principal, Role
from ledger.storage.gateway import Gateway

TABLE = "api_principals"
COLUMNS = (
    "id",
    "name",
    "role",
    "organisation",
    "subjects",
    "case_ref",  # not "case": a reserved word in SQL
    "expires_at",
    "created_at",
    "revoked_at",
    "key_hash",
)
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, organisation TEXT, "
    "subjects TEXT NOT NULL, case_ref TEXT, expires_at TEXT, created_at TEXT NOT NULL, "
    "revoked_at TEXT, key_hash TEXT NOT NULL)"
)
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM {TABLE}"
DEFAULT_CACHE_SIZE = 4096
# How long a principal's row, once read, may answer requests without being read
# again (PrincipalStore.recall): the longest a revocation made by another process
# (the command line, another server process) takes to reach this one.
DEFAULT_FRESH_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class _Verified:
    """What this process remembers of a key it verified: never the key itself."""

    fingerprint: bytes  # SHA-256 of the key
    key_hash: str  # the stored scrypt hash it was verified against
    principal: Principal  # the row as last read
    read_at: float  # when the row was read (the monotonic clock)


class PrincipalStore:
    """Create, revoke, list and authenticate principals through the ledger's queries.

    Authentication hashes with scrypt (~45 ms), too slow to repeat on every
    request of a busy source system. So, after a key first verifies, this
    process remembers the SHA-256 of that key (never the key): later requests
    with the same key compare against that in constant time. SHA-256 of a
    256-bit random key is as unguessable as the key itself.

    :meth:`authenticate` reads the row every time, so a revocation or an
    expiry applies at once. :meth:`recall` answers from memory, without any
    I/O, for a row read less than ``fresh_seconds`` ago (what the HTTP API
    uses on every request): a revocation made through this store applies at
    once, one made elsewhere within ``fresh_seconds``; an expiry at once.
    """

    def __init__(
        self,
        sql: Gateway,
        *,
        cache_size: int = DEFAULT_CACHE_SIZE,
        fresh_seconds: float = DEFAULT_FRESH_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sql = sql
        self.fresh_seconds = fresh_seconds
        self._cache_size = cache_size
        self._monotonic = monotonic
        self._verified: OrderedDict[str, _Verified] = OrderedDict()
        self._forgotten: dict[str, float] = {}  # principal id -> when this store revoked it
        self._lock = threading.Lock()
        self._decoy: str | None = None

    def ensure_table(self) -> bool:
        """Create the table if it does not exist yet; return whether it was created.

        An existing table is left alone, so a role without CREATE (the
        service's writer role) can start once the owner has run ``db init``.
        """
        if self.sql.has_table(TABLE):
            return False
        self.sql.write([(DDL, [()])])
        return True

    def create(  # noqa: PLR0913 - one parameter per field of the principal
        self,
        *,
        name: str,
        role: Role | str,
        now: datetime,
        organisation: str | None = None,
        subjects: Iterable[str] = (),
        case: str | None = None,
        expires_at: datetime | None = None,
    ) -> tuple[Principal, str]:
        """Store a new principal; return it and its API key (shown once, kept nowhere)."""
        principal, api_key, key_hash = principals.new_key(
            name=name,
            role=role,
            now=now,
            organisation=organisation,
            subjects=subjects,
            case=case,
            expires_at=expires_at,
        )
        self.add(principal, key_hash)
        return principal, api_key

    def add(self, principal: Principal, key_hash: str) -> None:
        """Store a principal made by :func:`ledger.principals.new_key`, with its key's hash."""
        placeholders = ", ".join("{p}" for _ in COLUMNS)
        self.sql.write(
            [
                (
                    f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders})",
                    [_row(principal, key_hash)],
                )
            ]
        )

    def enrol(self, principal: Principal, issuer: str) -> tuple[Principal, bool]:
        """Store a federated principal if it is new, or bring its name up to date.

        Returns the stored principal (revoked, perhaps: the caller refuses it)
        and whether this call created it. The row's key hash is the federated
        marker, which no API key matches. Two first sign-ins at once insert
        one row: the second insert does nothing.
        """
        found = self._find(principals.public_id("id", principal.id))
        if found is not None and found[1] != principals.federated_marker(issuer):
            raise ValidationError("id", "belongs to a principal with an API key")
        if found is None:
            placeholders = ", ".join("{p}" for _ in COLUMNS)
            insert = (
                f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders}) "
                "ON CONFLICT (id) DO NOTHING"
            )
            self.sql.write([(insert, [_row(principal, principals.federated_marker(issuer))])])
        elif found[0].name != principal.name:
            rename = f"UPDATE {TABLE} SET name = {{p}} WHERE id = {{p}}"
            self.sql.write([(rename, [(principal.name, principal.id)])])
        stored = self.get(principal.id)
        if stored is None:  # pragma: no cover - rows are never deleted
            raise ValidationError("id", "no principal has this id")
        return stored, found is None

    def get(self, principal_id: str) -> Principal | None:
        found = self._find(principals.public_id("id", principal_id))
        return None if found is None else found[0]

    def revoke(self, principal_id: str, now: datetime) -> Principal:
        """Revoke a principal's key from ``now`` on; revoking it again changes nothing."""
        found = self._find(principals.public_id("id", principal_id))
        if found is None:
            raise ValidationError("id", "no principal has this id")
        principal = found[0]
        if principal.revoked_at is not None:
            return principal
        revoke = f"UPDATE {TABLE} SET revoked_at = {{p}} WHERE id = {{p}} AND revoked_at IS NULL"
        self.sql.write([(revoke, [(_time(now), principal.id)])])
        self._forget(principal.id)
        revoked = self.get(principal.id)
        if revoked is None:  # pragma: no cover - rows are never deleted
            raise ValidationError("id", "no principal has this id")
        return revoked

    def list(self) -> tuple[Principal, ...]:
        """Every principal, oldest first; revoked and expired ones included."""
        rows = self.sql.fetch(f"{_SELECT} ORDER BY created_at, id")
        return tuple(_principal(row) for row in rows)

    def authenticate(self, api_key: str, now: datetime) -> Principal | None:
        """The active principal holding ``api_key``, or None.

        None alike for a malformed, unknown, wrong, revoked or expired key, so
        a caller cannot tell which. An unknown id still costs one scrypt hash,
        so response times do not tell which ids exist.
        """
        try:
            principal_id = principals.principal_id_of(api_key)
        except ValidationError:
            return None
        read_at = self._monotonic()
        found = self._find(principal_id)
        if found is None:
            principals.check_key(api_key, self._decoy_hash())
            return None
        principal, key_hash = found
        if not self._verify(principal, api_key, key_hash, read_at):
            return None
        return principal if principal.active(now) else None

    def recall(self, api_key: str, now: datetime) -> Principal | None:
        """The principal holding ``api_key`` from memory, without I/O (None: authenticate).

        Only for a key :meth:`authenticate` verified, whose row it read less
        than ``fresh_seconds`` ago, and whose principal is active at ``now``.
        None says nothing about the key: a wrong, unknown, revoked or expired
        key, or one not seen lately, all go the whole way.
        """
        try:
            principal_id = principals.principal_id_of(api_key)
        except ValidationError:
            return None
        with self._lock:
            remembered = self._verified.get(principal_id)
        if remembered is None or self._monotonic() - remembered.read_at >= self.fresh_seconds:
            return None
        fingerprint = hashlib.sha256(api_key.encode("ascii")).digest()
        if not hmac.compare_digest(remembered.fingerprint, fingerprint):
            return None
        principal = remembered.principal
        return principal if principal.active(now) else None

    # -- Internals --------------------------------------------------------------
    def _find(self, principal_id: str) -> tuple[Principal, str] | None:
        rows = self.sql.fetch(f"{_SELECT} WHERE id = {{p}}", (principal_id,))
        if not rows:
            return None
        return _principal(rows[0]), str(rows[0]["key_hash"])

    def _verify(self, principal: Principal, api_key: str, key_hash: str, read_at: float) -> bool:
        """Check the key against the row just read; remember the row if it matches."""
        fingerprint = hashlib.sha256(api_key.encode("ascii")).digest()
        with self._lock:
            remembered = self._verified.get(principal.id)
        if remembered is not None and remembered.key_hash == key_hash:
            if not hmac.compare_digest(remembered.fingerprint, fingerprint):
                return False
        elif not principals.check_key(api_key, key_hash):
            return False
        with self._lock:
            if self._forgotten.get(principal.id, float("-inf")) >= read_at:
                return True  # revoked here since this row was read: do not remember it
            self._verified[principal.id] = _Verified(fingerprint, key_hash, principal, read_at)
            self._verified.move_to_end(principal.id)
            while len(self._verified) > self._cache_size:
                self._verified.popitem(last=False)
        return True

    def _forget(self, principal_id: str) -> None:
        with self._lock:
            self._verified.pop(principal_id, None)
            self._forgotten[principal_id] = self._monotonic()

    def _decoy_hash(self) -> str:
        # A hash of a key nobody holds, made once per process, for unknown ids.
        if self._decoy is None:
            _, _, self._decoy = principals.new_key(
                name="decoy", role=Role.AUDITOR, now=datetime.now(UTC)
            )
        return self._decoy


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _parse_time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _row(principal: Principal, key_hash: str) -> tuple[str | None, ...]:
    return (
        principal.id,
        principal.name,
        principal.role.value,
        principal.organisation,
        " ".join(sorted(principal.subjects)),
        principal.case,
        _time(principal.expires_at),
        _time(principal.created_at),
        _time(principal.revoked_at),
        key_hash,
    )


def _principal(row: Mapping[str, Any]) -> Principal:
    created_at = _parse_time(row["created_at"])
    if created_at is None:  # pragma: no cover - the column is NOT NULL
        raise ValidationError("created_at", "is missing from a stored principal")
    return Principal(
        id=str(row["id"]),
        name=str(row["name"]),
        role=principals.role_of(row["role"]),
        organisation=row["organisation"],
        subjects=frozenset(str(row["subjects"]).split()),
        case=row["case_ref"],
        expires_at=_parse_time(row["expires_at"]),
        created_at=created_at,
        revoked_at=_parse_time(row["revoked_at"]),
    )
