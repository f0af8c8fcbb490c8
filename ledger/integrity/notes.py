"""C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys.

Pure: no I/O, no clock (key generation draws on the OS's randomness through
``cryptography``, nothing else). Keys are written as
``golang.org/x/mod/sumdb/note`` writes them, so the Go tools and witnesses
read ours and we read theirs:

* verifier key: ``<name>+<key id, 8 hex digits>+<base64(0x01 || public key)>``
* signer key:   ``PRIVATE+KEY+<name>+<key id>+<base64(0x01 || private seed)>``
* key id:       ``SHA-256(name || 0x0A || 0x01 || public key)[:4]`` as a
  big-endian uint32 (signed-note, "Ed25519 signatures")

A note is text ending in a newline, a blank line, then one line per
signature: ``— <name> <base64(key id || Ed25519 signature over the text)>``.

The one signed-note parser: :mod:`ledger.integrity.cosignatures` reads its
type 0x04 keys and lines with the public helpers here. Sections cited are
those of ``signed-note.md`` (github.com/C2SP/C2SP): "Format", "Signatures",
"Signature types", "Ed25519 signatures".
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, NamedTuple, Self, TypeVar, overload

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from ledger.integrity.encoding import decode_base64, encode_base64

ALGORITHM_ED25519 = 0x01
KEY_SIZE = 32
SIGNATURE_SIZE = 64
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
PRIVATE_KEY_PREFIX = "PRIVATE+KEY+"
#: The spec asks verifiers to accept at least 16 signatures and to cap them;
#: sumdb/note caps at 100, and so do we.
MAX_SIGNATURES = 100


class NoteError(Exception):
    """A signed note could not be opened."""


class MalformedNoteError(NoteError):
    """The note breaks the signed-note format."""


class UnverifiedNoteError(NoteError):
    """No signature in the note is from a known key."""


class InvalidSignatureError(NoteError):
    """A signature from a known key does not verify: the note was altered or forged."""


class AmbiguousKeyError(NoteError):
    """Two different known keys share a name and key id, so a signature cannot be attributed."""


class KeyFormatError(ValueError):
    """A key name or encoded key is not valid."""


# -- Names, key ids and key data ----------------------------------------------


def is_valid_key_name(name: str) -> bool:
    """signed-note "Format": a key name is non-empty and has no Unicode spaces and no '+'.

    Control characters and lone surrogates are refused too: a note may hold neither.
    """
    return (
        name != ""
        and "+" not in name
        and not any(ch.isspace() or ord(ch) < 0x20 for ch in name)
        and _is_utf8(name)
    )


def check_key_name(name: str) -> None:
    """Raise :class:`KeyFormatError` unless ``name`` is a valid key name."""
    if not is_valid_key_name(name):
        raise KeyFormatError(f"{name!r} is not a valid key name (empty, a space or a '+')")


def _is_utf8(text: str) -> bool:
    # A str can hold lone surrogates, which have no UTF-8 form.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def key_id(name: str, algorithm: int, public_key: bytes) -> int:
    """signed-note "Signatures": SHA-256(name || 0x0A || signature type || key)[:4], big-endian."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([algorithm]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def parse_key_id(text: str) -> int:
    """A key id as keys write it: exactly 8 hex digits."""
    # int(text, 16) would also take "0x", "_" and signs; the format is 8 hex digits.
    if len(text) != 8 or not all(ch in string.hexdigits for ch in text):
        raise KeyFormatError("a key id is 8 hex digits")
    return int(text, 16)


def parse_key_data(text: str, algorithm: int) -> bytes:
    """The 32-byte Ed25519 key in ``base64(signature type || key)``; the type must be ``algorithm``.

    Another type is refused even if its bytes would do: the type is part of
    what the key id hashes ("Signatures") and of what the key's signatures state.
    """
    try:
        raw = decode_base64(text)
    except ValueError as error:
        raise KeyFormatError(f"key data is {error}") from error
    if len(raw) != 1 + KEY_SIZE:
        raise KeyFormatError(f"key data is 1 + {KEY_SIZE} bytes, not {len(raw)}")
    if raw[0] != algorithm:
        raise KeyFormatError(
            f"unknown key algorithm: signature type {raw[0]}, expected type {algorithm}"
        )
    return raw[1:]


def _parse_key_fields(text: str, algorithm: int, form: str) -> tuple[str, int, bytes]:
    """``<name>+<key id>+<key data>`` into name, claimed key id and key; ``form`` if not 3."""
    # The name cannot contain '+', base64 can: split off the first two fields only.
    parts = text.split("+", 2)
    if len(parts) != 3:
        raise KeyFormatError(form)
    name, id_text, key_text = parts
    check_key_name(name)
    return name, parse_key_id(id_text), parse_key_data(key_text, algorithm)


# -- Verifiers ----------------------------------------------------------------


PK = TypeVar("PK", bound="PublicKey")


@dataclass(frozen=True, slots=True)
class PublicKey:
    """A named Ed25519 public key of one signature type (signed-note "Signature types").

    A subclass sets ALGORITHM, the type byte its key id hashes and its key
    data starts with, and KIND, which names its keys in errors.
    """

    ALGORITHM: ClassVar[int]
    KIND: ClassVar[str]
    name: str
    public_key: bytes

    def __post_init__(self) -> None:
        check_key_name(self.name)
        if len(self.public_key) != KEY_SIZE:
            raise KeyFormatError(f"an Ed25519 public key is {KEY_SIZE} bytes")

    @property
    def key_id(self) -> int:
        """The uint32 that signature lines carry to name this key."""
        return key_id(self.name, self.ALGORITHM, self.public_key)

    def verify_ed25519(self, message: bytes, signature: bytes) -> bool:
        """True if ``signature`` is this key's Ed25519 signature (RFC 8032) of ``message``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except InvalidSignature:
            return False
        return True


class Verifier(PublicKey):
    """A named Ed25519 public key that checks note signatures (type 0x01)."""

    __slots__ = ()
    ALGORITHM = ALGORITHM_ED25519
    KIND = "verifier"

    def verify(self, message: bytes, signature: bytes) -> bool:
        """True if ``signature`` is this key's Ed25519 signature of ``message``."""
        return self.verify_ed25519(message, signature)


def format_verifier_key(verifier: PublicKey) -> str:
    """``<name>+<key id>+<base64(type || public key)>``, as sumdb/note writes it."""
    key_data = encode_base64(bytes([verifier.ALGORITHM]) + verifier.public_key)
    return f"{verifier.name}+{verifier.key_id:08x}+{key_data}"


@overload
def parse_verifier_key(text: str) -> Verifier: ...
@overload
def parse_verifier_key(text: str, kind: type[PK]) -> PK: ...
def parse_verifier_key(text: str, kind: type[PublicKey] = Verifier) -> PublicKey:
    """Read a public key of ``kind``; the key id must match the name and key it claims to hash."""
    name, claimed, public_key = _parse_key_fields(
        text, kind.ALGORITHM, f"a {kind.KIND} key is <name>+<key id>+<key data>"
    )
    verifier = kind(name, public_key)
    if verifier.key_id != claimed:
        raise KeyFormatError("the key id does not match the name and key")
    return verifier


# -- Signers ------------------------------------------------------------------

K = TypeVar("K", bound="NamedKey[Any]")


class NamedKey(Generic[PK]):
    """A named Ed25519 private key (a log's signer, or a witness's).

    The key stays inside: ``repr`` and ``str`` show only the name and key id,
    and the only way out is the explicit :func:`format_signer_key`.
    Subclasses set PUBLIC, the class of their public half, whose ALGORITHM
    their key id is computed with.
    """

    __slots__ = ("_key", "_key_id", "_name", "_public_key")
    PUBLIC: type[PK]

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        check_key_name(name)
        self._name = name
        self._key = private_key
        self._public_key = private_key.public_key().public_bytes_raw()
        self._key_id = key_id(name, self.PUBLIC.ALGORITHM, self._public_key)

    @classmethod
    def from_seed(cls, name: str, seed: bytes) -> Self:
        """The key whose RFC 8032 private key is the 32-byte ``seed``."""
        if len(seed) != KEY_SIZE:
            raise KeyFormatError(f"an Ed25519 private key seed is {KEY_SIZE} bytes")
        return cls(name, Ed25519PrivateKey.from_private_bytes(seed))

    @classmethod
    def generate(cls, name: str) -> Self:
        """A new key, fresh from the operating system's randomness."""
        return cls(name, Ed25519PrivateKey.generate())

    @property
    def name(self) -> str:
        """The key name that appears in signature lines."""
        return self._name

    @property
    def key_id(self) -> int:
        """The uint32 that signature lines carry to name this key."""
        return self._key_id

    @property
    def public_key(self) -> bytes:
        return self._public_key

    def verifier(self) -> PK:
        """The public half, to hand to whoever will check this key's signatures."""
        return self.PUBLIC(self._name, self._public_key)

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message``."""
        return self._key.sign(message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self._name!r}, key_id={self._key_id:08x})"


class Signer(NamedKey[Verifier]):
    """A log's key that signs notes (algorithm 0x01); its public half is a :class:`Verifier`."""

    __slots__ = ()
    PUBLIC = Verifier


def generate_signer(name: str) -> Signer:
    """A new signer with a fresh random Ed25519 key."""
    return Signer.generate(name)


def format_signer_key(signer: NamedKey[Any]) -> str:
    """``PRIVATE+KEY+<name>+<key id>+<base64(algorithm || seed)>``: secret, store it as one."""
    seed = signer._key.private_bytes(  # noqa: SLF001 - the one deliberate way out of a key
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    )
    key_data = encode_base64(bytes([signer.PUBLIC.ALGORITHM]) + seed)
    return f"{PRIVATE_KEY_PREFIX}{signer.name}+{signer.key_id:08x}+{key_data}"


@overload
def parse_signer_key(text: str) -> Signer: ...
@overload
def parse_signer_key(text: str, kind: type[K]) -> K: ...
def parse_signer_key(text: str, kind: type[NamedKey[Any]] = Signer) -> NamedKey[Any]:
    """Read a secret key of ``kind``; its key id must match the public key derived from it."""
    if not text.startswith(PRIVATE_KEY_PREFIX):
        raise KeyFormatError("a signer key starts with PRIVATE+KEY+")
    name, claimed, seed = _parse_key_fields(
        text[len(PRIVATE_KEY_PREFIX) :],
        kind.PUBLIC.ALGORITHM,
        "a signer key is PRIVATE+KEY+<name>+<key id>+<key data>",
    )
    signer = kind.from_seed(name, seed)
    if signer.key_id != claimed:
        raise KeyFormatError("the key id does not match the name and key")
    return signer


# -- Notes --------------------------------------------------------------------


class OpenedNote(NamedTuple):
    """A note whose signatures were checked: its text and who verifiably signed it."""

    text: str
    signers: list[str]


def check_note_characters(note: str) -> None:
    """signed-note "Format": valid UTF-8, no ASCII control characters other than newline.

    Lone surrogates (``surrogateescape`` leaves them for invalid bytes) have no UTF-8 form.
    """
    if not _is_utf8(note):
        raise MalformedNoteError("a note must be valid UTF-8")
    if any(ord(ch) < 0x20 and ch != "\n" for ch in note):
        raise MalformedNoteError("a note must not contain control characters other than newline")


def split_note(note: str | bytes) -> tuple[str, list[str]]:
    """signed-note "Format": the text (with its final newline) and the signature lines.

    Bytes are decoded as strict UTF-8; at most :data:`MAX_SIGNATURES` lines, not yet parsed.
    """
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError as error:
            raise MalformedNoteError("a note must be valid UTF-8") from error
    check_note_characters(note)
    # The text may itself contain blank lines: the last one separates it.
    split = note.rfind("\n\n")
    if split < 0:
        raise MalformedNoteError("a note needs a blank line before its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not block.endswith("\n"):
        raise MalformedNoteError("the signature block must end with a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNoteError(f"more than {MAX_SIGNATURES} signatures")
    return text, lines


def parse_signature_line(line: str) -> tuple[str, int, bytes]:
    """signed-note "Signatures": ``— <name> <base64(key id || signature)>`` into its parts.

    The key name, the key id (uint32, big-endian) and the signature bytes.
    """
    if not line.startswith(SIGNATURE_PREFIX):
        raise MalformedNoteError("a signature line starts with an em dash and a space")
    name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
    if not is_valid_key_name(name):
        raise MalformedNoteError(f"{name!r} is not a valid key name")
    try:
        raw = decode_base64(encoded)
    except ValueError as error:
        raise MalformedNoteError(f"a signature is {error}") from error
    if len(raw) < 5:
        raise MalformedNoteError("a signature is a 4-byte key id and at least one byte")
    return name, int.from_bytes(raw[:4], "big"), raw[4:]


def known_keys(keys: Iterable[PK]) -> dict[tuple[str, int], PK | None]:
    """signed-note "Signatures": known keys by (name, key id); None where two keys share both."""
    known: dict[tuple[str, int], PK | None] = {}
    for key in keys:
        slot = (key.name, key.key_id)
        # The same key listed twice is harmless; two keys behind one id are not.
        known[slot] = key if known.get(slot, key) == key else None
    return known


def signatures_by_known_keys(
    lines: Iterable[str], known: Mapping[tuple[str, int], PK | None], what: str = "known keys"
) -> Iterator[tuple[PK, bytes]]:
    """signed-note "Signatures": (key, signature) for each line from a known key, in note order.

    Each line is checked for form when reached; one whose name and key id
    match no known key is skipped, one that matches two different keys raises
    :class:`AmbiguousKeyError` (``what`` names the keys in its message). Lazy,
    so the caller's check of one signature comes before the next line is read.
    """
    for line in lines:
        name, claimed_id, signature = parse_signature_line(line)
        if (name, claimed_id) not in known:
            continue
        key = known[(name, claimed_id)]
        if key is None:
            raise AmbiguousKeyError(f"two {what} are named {name}+{claimed_id:08x}")
        yield key, signature


def sign_note(text: str, signers: Sequence[Signer]) -> str:
    """The note: ``text``, a blank line, and one signature line per signer, in order."""
    if not signers:
        raise ValueError("a note needs at least one signer")
    if not text.endswith("\n"):
        raise MalformedNoteError("note text must end with a newline")
    check_note_characters(text)
    message = text.encode("utf-8")
    lines = []
    for signer in signers:
        signature = signer.key_id.to_bytes(4, "big") + signer.sign(message)
        lines.append(f"{SIGNATURE_PREFIX}{signer.name} {encode_base64(signature)}\n")
    return text + "\n" + "".join(lines)


def open_note(note: str | bytes, verifiers: Iterable[Verifier]) -> OpenedNote:
    """Check a note's signatures against known keys; return its text and verified signers.

    Per signed-note "Signatures": a signature is from a known key only if
    both its name and key id match one; others are ignored. Every signature
    from a known key is verified, and one that fails rejects the whole note.
    A note with no verified signature is rejected.
    """
    text, lines = split_note(note)
    message = text.encode("utf-8")
    signers: list[str] = []
    for verifier, signature in signatures_by_known_keys(lines, known_keys(verifiers)):
        name = verifier.name
        if not verifier.verify(message, signature):
            raise InvalidSignatureError(f"invalid signature for key {name}+{verifier.key_id:08x}")
        if name not in signers:
            signers.append(name)
    if not signers:
        raise UnverifiedNoteError("the note has no signature from a known key")
    return OpenedNote(text, signers)
