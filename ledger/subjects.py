"""People without identifiers: the subject directory, sealed text, retention and disposal.

The service behind the privacy rules:

* natural identifiers (NHS number, NI number, unique pupil number, case
  id) resolve to an opaque subject reference through keyed digests; the
  reference itself is random, so knowing an identifier and the directory
  key leads nowhere once the directory row is gone;
* free text in entries is sealed for the subjects it concerns;
* disposal destroys a subject's directory rows, data key and profile, and
  the caller appends the ``DisposalEvidenced`` entry.

Keys come from the environment or from files; with neither configured they
are created once in ``<data dir>/keys`` (mode 0600), so the embedded
default works without setup. Production sets them explicitly.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from ledger.domain.errors import ValidationError
from ledger.domain.values import SUBJECT_REF
from ledger.privacy import identifiers, retention, sealing
from ledger.privacy.identifiers import Identifier
from ledger.storage.config import ConfigurationError
from ledger.storage.subject_store import Profile, SubjectStore, WrappedKey

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# Event fields that may hold personal data in free text, wherever they appear.
FREE_TEXT = frozenset(
    {
        "justification",
        "explanation",
        "summary",
        "grounds",
        "reason",
        "findings",
        "remedial_action",
        "addressee",
    }
)
_B32 = "abcdefghijklmnopqrstuvwxyz234567"
CACHE_SIZE = 50_000
# How stale this process's view of disposals may be: a disposal made by another
# process (the command line) reaches a running server within this many seconds.
FRESH_SECONDS = 0.5
# Free text about people whose records were disposed of is not kept at all.
WITHHELD = "sl-withheld:disposed"


def new_subject_ref() -> str:
    """A fresh random reference: nothing about the person goes into it."""
    return "sr_" + "".join(secrets.choice(_B32) for _ in range(26))


@dataclass(frozen=True)
class Keyring:
    """The directory's HMAC key and the key-encryption key. Never logged, never stored in the DB."""

    directory_key: bytes
    kek: bytes

    @property
    def kek_id(self) -> str:
        return hashlib.sha256(b"sharing-ledger:kek-id\x00" + self.kek).hexdigest()[:16]

    def __repr__(self) -> str:
        return f"Keyring(kek_id={self.kek_id!r})"


def load_keyring(environ: Mapping[str, str], key_dir: Path) -> Keyring:
    """Keys from LEDGER_DIRECTORY_KEY(_FILE) and LEDGER_KEK(_FILE), or created in ``key_dir``."""
    return Keyring(
        directory_key=_key(environ, "LEDGER_DIRECTORY_KEY", key_dir / "directory.key"),
        kek=_key(environ, "LEDGER_KEK", key_dir / "kek.key"),
    )


def _key(environ: Mapping[str, str], name: str, default_file: Path) -> bytes:
    text = environ.get(name, "").strip()
    source = name
    if not text:
        path = Path(environ[f"{name}_FILE"]) if environ.get(f"{name}_FILE") else default_file
        source = f"{name}_FILE" if environ.get(f"{name}_FILE") else str(default_file)
        if not path.exists() and not environ.get(f"{name}_FILE"):
            _create_key_file(path)
        try:
            text = path.read_text(encoding="ascii").strip()
        except OSError as error:
            msg = f"{source}: cannot read the key file: {error.strerror}"
            raise ConfigurationError(msg) from None
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != sealing.KEY_SIZE:
        # Never echo the value: it is a secret.
        msg = f"{source}: not a key (expected {sealing.KEY_SIZE} random bytes, base64)"
        raise ConfigurationError(msg)
    return key


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first: read that one
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(os.urandom(sealing.KEY_SIZE)).decode() + "\n")


class Subjects:
    """The directory, data keys and sealing, over a :class:`SubjectStore`."""

    def __init__(
        self,
        store: SubjectStore,
        keyring: Keyring,
        *,
        fresh_seconds: float = FRESH_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.keyring = keyring
        # Unwrapped data keys this process has used: sealing every entry of a
        # busy ledger must not cost a database read each. A disposal or a key
        # rotation anywhere (this process, the command line, another server)
        # bumps the store's generation, and every process checks it at least
        # every ``fresh_seconds`` before using a key: it then drops them all.
        self._cache: dict[str, bytes] = {}
        self._disposed: set[str] = set()
        self._live: set[str] = set()  # known not disposed, as of this generation
        self._fresh_seconds = fresh_seconds
        self._monotonic = monotonic
        self._checked_at: float | None = None
        self._generation: int | None = None
        self._retired = False  # this process's KEK was rotated away by another process

    # -- Directory -------------------------------------------------------------------
    def register(
        self,
        found: Sequence[Identifier],
        *,
        subject: str | None = None,
        family: str | None = None,
        display_name: str | None = None,
        rule: str | None = None,
        dispose_on: date | None = None,
    ) -> str:
        """Link identifiers to one subject (a new one, or the one they already name)."""
        if not found:
            raise ValidationError("identifiers", "give at least one identifier")
        digests = [(i.kind.value, identifiers.digest(self.keyring.directory_key, i)) for i in found]
        known = {s for _kind, d in digests if (s := self.store.resolve(d)) is not None}
        if len(known) > 1 or (known and subject is not None and subject not in known):
            raise ValidationError("identifiers", "these identifiers belong to different subjects")
        ref = subject or (known.pop() if known else new_subject_ref())
        if not SUBJECT_REF.fullmatch(ref):
            raise ValidationError("subject", "must be a subject reference")
        if rule is not None:
            retention.rule(rule)
        self.store.link(ref, digests)
        self.data_keys([ref], create=True)
        name = None if display_name is None else self.seal(display_name, "display_name", [ref])
        self.store.set_profile(Profile(ref, family, name, rule, dispose_on, None))
        return ref

    def resolve(self, identifier: Identifier) -> str | None:
        return self.store.resolve(identifiers.digest(self.keyring.directory_key, identifier))

    # -- Keys and sealing --------------------------------------------------------------
    def _fresh(self) -> None:
        """Drop every key held in memory if a disposal or rotation happened since (any process)."""
        now = self._monotonic()
        if self._checked_at is not None and now - self._checked_at < self._fresh_seconds:
            return
        self._checked_at = now
        generation = self.store.generation()
        if generation == self._generation:
            return
        self._generation = generation
        self._cache.clear()
        self._disposed.clear()
        self._live.clear()
        self._retired = bool(self.store.kek_ids() - {self.keyring.kek_id})

    def data_keys(self, subjects: Iterable[str], *, create: bool) -> dict[str, bytes]:
        """Unwrapped data keys of ``subjects`` (new ones made if ``create``; disposed: none)."""
        self._fresh()
        if self._retired:
            msg = (
                "the key-encryption key was rotated by another process; restart this one with "
                "the new key (LEDGER_KEK or LEDGER_KEK_FILE)"
            )
            raise ConfigurationError(msg)
        wanted = set(subjects)
        found = {s: self._cache[s] for s in wanted if s in self._cache}
        if not (missing := wanted - set(found)):
            return found
        stored = {k.subject: k for k in self.store.keys(missing)}
        if create and (new := missing - set(stored) - self.store.disposed(missing)):
            self.store.add_keys(
                [
                    WrappedKey(s, self.keyring.kek_id, self._wrap(s, sealing.new_data_key()))
                    for s in sorted(new)
                ]
            )
            stored = {k.subject: k for k in self.store.keys(missing)}
        unwrapped = {s: self._unwrap(k) for s, k in stored.items()}
        if len(self._cache) > CACHE_SIZE:
            self._cache.clear()
        self._cache.update(unwrapped)
        return found | unwrapped

    def seal(self, text: str, field: str, subjects: Iterable[str]) -> str:
        """Sealed for the subjects, all of them needed to open it; withheld outright if any of
        them was disposed of (the text may name them)."""
        named = set(subjects)
        if self.disposed(named):
            return WITHHELD
        keys = self.data_keys(named, create=True)
        return sealing.seal(text, field, keys) if keys and keys.keys() == named else WITHHELD

    def unseal(self, value: str) -> str | None:
        """The plaintext of a sealed value, or None once any subject it names is disposed.

        Version 2 values need every subject's key, so disposal of one closes
        them for good. A version 1 value opened with any one key, so the
        service refuses to open it once any person it names is disposed of.
        """
        return self.unseal_all([value])[0]

    def unseal_all(self, values: Sequence[str]) -> list[str | None]:
        """:meth:`unseal` of each value, the keys of every person they name read at once.

        A page of a person's history names their family too: one read of the
        keys not yet held, instead of one for each entry, and each value
        parsed once.
        """
        documents: list[sealing.Sealed | None] = []
        for value in values:
            try:
                documents.append(None if value == WITHHELD else sealing.parse(value))
            except sealing.SealError:
                documents.append(None)
        named = {s for d in documents if d is not None for s in d.wrapped}
        if live := named - self.disposed(named):
            self.data_keys(live, create=False)
        ciphers: dict[str, AESGCM] = {}  # each person's key set up once for this call
        return [None if d is None else self._open(d, ciphers) for d in documents]

    def _open(self, document: sealing.Sealed, ciphers: dict[str, AESGCM]) -> str | None:
        named = document.recipients
        if self.disposed(named):
            return None
        try:
            return sealing.unseal(document, self.data_keys(named, create=False), ciphers)
        except sealing.SealError:
            return None

    def disposed(self, subjects: Iterable[str]) -> set[str]:
        """Which of ``subjects`` were disposed of (as of the last freshness check)."""
        self._fresh()
        named = set(subjects)
        if unknown := named - self._disposed - self._live:
            gone = self.store.disposed(unknown)
            self._disposed |= gone
            self._live |= unknown - gone  # until the next disposal anywhere: see _fresh
            if len(self._live) > CACHE_SIZE:
                self._live.clear()
        return named & self._disposed

    def seal_event(self, aggregate: Aggregate, event: Any) -> Any:
        """The event with its free-text fields sealed for the subjects it concerns."""
        fields = {k: v for k, v in vars(event).items() if k in FREE_TEXT and isinstance(v, str)}
        fields = {k: v for k, v in fields.items() if not sealing.is_sealed(v) and v != WITHHELD}
        if not fields:
            return event
        subjects = _subjects_of(event, aggregate)
        if not subjects:
            return event  # free text about no person: nothing to seal it for
        # A copy with the fields sealed, made the way the library's mapper makes events:
        # dataclasses.replace would run it through __init__ again, at five times the cost.
        sealed = object.__new__(type(event))
        object.__setattr__(
            sealed,
            "__dict__",
            {**vars(event), **{k: self.seal(v, k, subjects) for k, v in fields.items()}},
        )
        return sealed

    def rotate_kek(self, new_kek: bytes) -> int:
        """Rewrap every data key under ``new_kek`` (entries untouched); return how many."""
        successor = Keyring(self.keyring.directory_key, new_kek)
        rewrapped = [
            WrappedKey(k.subject, successor.kek_id, _wrap(successor, k.subject, self._unwrap(k)))
            for k in self.store.all_keys()
        ]
        self.store.rewrap(rewrapped)
        self.keyring = successor
        self._cache.clear()
        return len(rewrapped)

    def _wrap(self, subject: str, data_key: bytes) -> bytes:
        return _wrap(self.keyring, subject, data_key)

    def _unwrap(self, key: WrappedKey) -> bytes:
        if key.kek_id != self.keyring.kek_id:
            msg = "a data key is wrapped by another key-encryption key (finish the rotation)"
            raise ConfigurationError(msg)
        return sealing.unwrap_data_key(self.keyring.kek, key.kek_id, key.subject, key.wrapped)

    # -- Retention ---------------------------------------------------------------------
    def assignments(self) -> list[retention.Assignment]:
        return [
            retention.Assignment(p.subject, p.rule, p.dispose_on, p.legal_hold)
            for p in self.store.profiles()
            if p.rule is not None and p.dispose_on is not None
        ]

    def hold(self, subject: str, reference: str | None) -> None:
        """Put a legal hold on a subject's disposal (``None`` releases it)."""
        profiles = self.store.profiles([subject])
        if not profiles:
            raise ValidationError("subject", "no such subject in the directory")
        self.store.set_profile(replace(profiles[0], legal_hold=reference))

    def forget(self, subject: str) -> None:
        self.store.forget(subject)
        self._cache.pop(subject, None)
        self._live.discard(subject)
        self._disposed.add(subject)
        self._checked_at = None  # look at the new generation on the next use


def _wrap(keyring: Keyring, subject: str, data_key: bytes) -> bytes:
    return sealing.wrap_data_key(keyring.kek, keyring.kek_id, subject, data_key)


def _subjects_of(event: Any, aggregate: Aggregate) -> list[str]:
    for source in (event, aggregate):
        subjects = getattr(source, "subjects", None)
        if isinstance(subjects, tuple | list) and subjects:
            return [str(s) for s in subjects]
        subject = getattr(source, "subject", None)
        if isinstance(subject, str):
            return [subject]
    return []
