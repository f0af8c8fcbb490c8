"""Verify a Sharing Ledger evidence bundle offline, trusting none of the service's code.

    python offline_verify.py BUNDLE.json [--key LOG_VERIFIER_KEY] [--witness-key KEY ...]

Needs Python 3.11+ and the ``cryptography`` package, nothing else: copy this
one file. Exit 0 with a short report, 1 with ``FAILED: <place>: <what>``, 2
for a usage error or an unreadable file. It re-implements, from the specs:

  [1] docs/chain-format.md §2-3: entry framing and digest.
  [2] RFC 9162 §2.1.1 leaf and node hashes, §2.1.3.2 inclusion verification.
  [3] C2SP signed-note: note format, signature lines, Ed25519, verifier keys.
  [4] C2SP tlog-checkpoint: origin, tree size, root hash.
  [5] C2SP tlog-cosignature: Ed25519 cosignature/v1 (key type 0x04).
  [6] docs/evidence.md: the bundle, its checks and their order.

Without --key the log key is taken from the bundle, which proves the bundle
is consistent but not that the council made it: compare the key with the one
the council publishes, or pass it with --key.
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import json
import re
import string
import struct
import sys
from datetime import UTC, datetime
from typing import Any, NoReturn
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "sharing-ledger-evidence/v1"
ENTRY_TAG = b"sharing-ledger:entry:v1\x00"  # [1] §1
NOTE_KEY, COSIGNATURE_KEY = 0x01, 0x04  # [3] "Signature types"
EM_DASH = "\u2014 "
HEX_HASH = re.compile(r"[0-9a-f]{64}", re.ASCII)
DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}", re.ASCII)  # [4] no leading zeros
TOP = {"format", "origin", "scope", "created_at", "checkpoint", "keys", "entries"}
ENTRY = {"position", "originator_id", "originator_version", "topic", "state"}
ENTRY |= {"entry_digest", "event", "inclusion_proof"}
Key = tuple[str, int, bytes]  # name, key id, Ed25519 public key
# [6] JSON values compared with their types: 1, 1.0 and true differ.
canonical = functools.partial(json.dumps, sort_keys=True, separators=(",", ":"))


class Failed(Exception):
    """Verification failed at ``place``."""

    def __init__(self, place: str, detail: str) -> None:
        self.place = place
        super().__init__(f"{place}: {detail}")


class UsageError(Exception):
    """A key given on the command line is malformed."""


def fail(place: str, detail: str) -> NoReturn:
    raise Failed(place, detail)


# -- [6] The bundle's shape: every field, type and encoding, one spelling each --


def b64(text: str) -> bytes:
    """[3] RFC 4648 §4 base64, padded, canonical; raises ValueError otherwise."""
    raw = base64.b64decode(text, validate=True)
    if base64.b64encode(raw).decode() != text:
        raise ValueError("not canonical base64")
    return raw


def utf8(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def fields(value: Any, place: str, names: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        fail(place, "not a JSON object")
    for name in sorted(names - value.keys()) + sorted(value.keys() - names):
        fail(place, f"missing or unexpected field {name}")
    return value


def text(value: Any, place: str, what: str, *, non_empty: bool = False) -> str:
    if not isinstance(value, str) or (non_empty and not value):
        fail(place, f"{what} is not a string" + (", or is empty" if non_empty else ""))
    return value


def listed(value: Any, place: str, what: str) -> list[Any]:
    if not isinstance(value, list):
        fail(place, f"{what} is not a list")
    return value


def u64(value: Any, place: str, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**64:
        fail(place, f"{what} is not an integer from 0 to 2^64 - 1")  # true is not a number
    return value


def hexhash(value: Any, place: str, what: str) -> bytes:
    if not isinstance(value, str) or not HEX_HASH.fullmatch(value):
        fail(place, f"{what} is not 64 lowercase hex digits")
    return bytes.fromhex(value)


def entry_shape(i: int, value: Any) -> dict[str, Any]:
    place = f"entry {i}"
    e = fields(value, place, ENTRY)
    u64(e["position"], place, "position")
    u64(e["originator_version"], place, "originator_version")
    try:
        if str(UUID(text(e["originator_id"], place, "originator_id"))) != e["originator_id"]:
            fail(place, "originator_id is not a UUID in canonical form")
        e["state"] = b64(text(e["state"], place, "state"))  # from here on, the stored bytes
    except ValueError:
        fail(place, "originator_id or state is malformed")
    if not utf8(text(e["topic"], place, "topic")):
        fail(place, "topic is not UTF-8")
    hexhash(e["entry_digest"], place, "entry_digest")
    proof = listed(e["inclusion_proof"], place, "inclusion_proof")
    e["inclusion_proof"] = [hexhash(p, place, "an inclusion proof hash") for p in proof]
    return e


def shape(document: str) -> dict[str, Any]:
    try:
        b = json.loads(document)
    except ValueError as error:
        fail("bundle", f"not JSON ({error})")
    if not isinstance(b, dict):
        fail("bundle", "not a JSON object")
    if b.get("format") != FORMAT:  # first: another format may be shaped differently
        fail("format", f"expected {FORMAT}, found {b.get('format')!r}")
    fields(b, "bundle", TOP)
    text(b["origin"], "origin", "the origin", non_empty=True)
    scope = fields(b["scope"], "scope", {"kind", "value"})
    if text(scope["kind"], "scope", "kind") not in {"subject", "restriction", "partner"}:
        fail("scope", "kind is not subject, restriction or partner")
    text(scope["value"], "scope", "value", non_empty=True)
    try:
        created_at = datetime.fromisoformat(text(b["created_at"], "created_at", "the time"))
    except ValueError:
        fail("created_at", "not an ISO 8601 date and time")
    if created_at.utcoffset() is None:
        fail("created_at", "has no UTC offset")
    text(b["checkpoint"], "checkpoint", "the checkpoint note")
    keys = fields(b["keys"], "keys", {"log", "witnesses"})
    text(keys["log"], "keys", "the log key")
    for key in listed(keys["witnesses"], "keys", "witnesses"):
        text(key, "keys", "a witness key")
    entries = listed(b["entries"], "bundle", "entries")
    b["entries"] = [entry_shape(i, e) for i, e in enumerate(entries)]
    return b


# -- [3] Keys and signed notes, [4] checkpoints, [5] cosignatures ---------------


def key_name_ok(name: str) -> bool:
    """[3] Non-empty, no '+', no Unicode space, no control character."""
    bad = any(ch.isspace() or ord(ch) < 0x20 for ch in name)
    return name != "" and "+" not in name and not bad and utf8(name)


def parse_key(vkey: str, kind: int) -> Key:
    """[3] ``<name>+<8 hex key id>+<base64(type || 32-byte key)>``; raises ValueError."""
    name, hex_id, data = [*vkey.split("+", 2), "", ""][:3]
    if not key_name_ok(name) or len(hex_id) != 8 or not set(hex_id) <= set(string.hexdigits):
        raise ValueError("not <name>+<key id>+<key data>")
    raw = b64(data)
    if len(raw) != 33 or raw[0] != kind:
        raise ValueError(f"key data is not type {kind} and 32 bytes")
    # [3] key ID = SHA-256(key name || 0x0A || type || public key)[:4], big-endian
    if hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4] != bytes.fromhex(hex_id):
        raise ValueError("the key id does not match the name and key")
    return name, int(hex_id, 16), raw[1:]


def signed_by(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def split_note(note: str) -> tuple[str, list[tuple[str, int, bytes]]]:
    """[3] Text to the last blank line, then lines ``— <name> base64(key id || signature)``."""
    if not utf8(note) or any(ord(ch) < 0x20 and ch != "\n" for ch in note):
        fail("checkpoint", "the note has a control character or is not UTF-8")
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n") or note.count("\n", cut + 2) > 100:
        fail("checkpoint", "the note has no signature block, or over 100 signatures")
    lines = []
    for line in note[cut + 2 : -1].split("\n"):
        name, _, encoded = line.removeprefix(EM_DASH).partition(" ")
        try:
            raw = b64(encoded)
        except ValueError:
            raw = b""
        if not line.startswith(EM_DASH) or not key_name_ok(name) or len(raw) < 5:
            fail("checkpoint", f"malformed signature line {line!r}")
        lines.append((name, int.from_bytes(raw[:4]), raw[4:]))
    return note[: cut + 1], lines


def open_checkpoint(note: str, log: Key) -> tuple[str, int, bytes]:
    """[3] Every signature by the log key verifies, and there is one; [4] then the body."""
    body, lines = split_note(note)
    for name, key_id, signature in lines:
        if (name, key_id) == log[:2] and not signed_by(log[2], signature, body.encode()):
            fail("checkpoint", "signature does not verify with the log key")
    if not any((name, key_id) == log[:2] for name, key_id, _ in lines):
        fail("checkpoint", "no signature by the log key")
    # Padded with two empty lines so a short body unpacks (and then fails the checks).
    origin, size, root, *extensions = [*body[:-1].split("\n"), "", ""]
    try:
        root_hash = b64(root)
    except ValueError:
        root_hash = b""
    if "" in (origin, *extensions[:-2]) or not DECIMAL.fullmatch(size) or len(root_hash) != 32:
        fail("checkpoint", "the body is not origin, tree size, root hash [, extensions]")
    if int(size) >= 2**64:
        fail("checkpoint", "the tree size is not a uint64")
    if origin != log[0]:
        fail("checkpoint", f"origin {origin!r} is not the log key's name {log[0]!r}")
    return origin, int(size), root_hash


def cosigned(note: str, keys: list[Key]) -> list[tuple[str, int]]:
    """[5] Lines by known witness keys verify over "cosignature/v1\\ntime <t>\\n" || body."""
    body, lines = split_note(note)
    known: dict[tuple[str, int], Key | None] = {}
    for key in keys:  # [3] two different keys behind one name and key id: ambiguous
        known[key[:2]] = key if known.get(key[:2], key) == key else None
    found = []
    for name, key_id, signature in lines:
        if (name, key_id) not in known:
            continue  # [3] signatures by unknown keys are ignored
        witness = known[(name, key_id)]
        if witness is None:
            fail("keys", f"two witness keys are named {name}+{key_id:08x}")
        # [5] timestamped_signature = u64 timestamp (at most 2^63 - 1) || Ed25519 signature
        t = int.from_bytes(signature[:8])
        message = f"cosignature/v1\ntime {t}\n{body}".encode()
        if len(signature) != 72 or t >= 2**63 or not signed_by(witness[2], signature[8:], message):
            fail(f"witness {name}", "cosignature does not verify")
        found.append((name, t))
    return found


# -- [1] Entries and [2] their inclusion ----------------------------------------


def entry_digest(e: dict[str, Any]) -> bytes:
    """[1] SHA-256(TAG || id || u64 version || u32 len || topic || u64 len || state)."""
    topic, state = e["topic"].encode(), e["state"]
    frame = struct.pack(
        ">16sQI", UUID(e["originator_id"]).bytes, e["originator_version"], len(topic)
    )
    frame += topic + struct.pack(">Q", len(state)) + state
    return hashlib.sha256(ENTRY_TAG + frame).digest()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()  # [2] §2.1.1


def inclusion_root(leaf: bytes, index: int, size: int, proof: list[bytes], place: str) -> bytes:
    """[2] RFC 9162 §2.1.3.2, step by step (step 1, index < size, is checked before)."""
    fn, sn, r = index, size - 1, hashlib.sha256(b"\x00" + leaf).digest()  # steps 2-3
    for p in proof:  # step 4
        if sn == 0:  # 4a
            fail(place, "inclusion proof is malformed: proof too long")
        if fn & 1 or fn == sn:  # 4b
            r = node(p, r)
            while not (fn & 1 or fn == 0):
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1  # 4c
    if sn != 0:  # step 5
        fail(place, "inclusion proof is malformed: proof too short")
    return r


def check_entry(
    i: int, e: dict[str, Any], checkpoint: tuple[str, int, bytes], seen: set[int]
) -> None:
    _, size, root = checkpoint
    place = f"entry {i} (position {e['position']})"
    if e["position"] >= size:
        fail(place, f"position is not below the tree size {size}")
    if e["position"] in seen:
        fail(place, "position appears more than once in the bundle")
    seen.add(e["position"])
    if entry_digest(e).hex() != e["entry_digest"]:
        fail(place, "state does not match entry_digest")
    try:
        decoded = json.loads(e["state"].decode())
    except ValueError:
        fail(place, "state is not UTF-8 JSON")
    if canonical(decoded) != canonical(e["event"]):
        fail(place, "event does not match the decoded state")
    leaf = bytes.fromhex(e["entry_digest"])
    if inclusion_root(leaf, e["position"], size, e["inclusion_proof"], place) != root:
        fail(place, "inclusion proof does not lead to the checkpoint root")


# -- [6] The checks, in order ---------------------------------------------------


def verify(document: str, log_key: str | None = None, witness_keys: tuple[str, ...] = ()) -> str:
    """Check everything; return the report, or raise Failed (UsageError for a bad trusted key)."""
    try:
        trusted = None if log_key is None else parse_key(log_key, NOTE_KEY)
        trusted_witnesses = [parse_key(key, COSIGNATURE_KEY) for key in witness_keys]
    except ValueError as error:
        raise UsageError(f"a trusted key is malformed: {error}") from error
    b = shape(document)
    keys = [b["keys"]["log"], *b["keys"]["witnesses"]]
    parsed = []
    for i, key in enumerate(keys):
        try:
            parsed.append(parse_key(key, NOTE_KEY if i == 0 else COSIGNATURE_KEY))
        except ValueError as error:
            fail("keys", f"{'log key' if i == 0 else f'witness key {i - 1}'}: {error}")
    log, bundle_witnesses = parsed[0], parsed[1:]
    if trusted is not None and trusted != log:
        fail("keys", f"the bundle's log key {log[0]}+{log[1]:08x} is not the trusted log key")
    checkpoint = open_checkpoint(b["checkpoint"], log)
    if b["origin"] != checkpoint[0]:
        fail("origin", f"the bundle names {b['origin']!r}, the checkpoint {checkpoint[0]!r}")
    witnessed = cosigned(b["checkpoint"], trusted_witnesses or bundle_witnesses)
    for name, _, _ in trusted_witnesses:  # a trusted witness is a required one
        if name not in {w for w, _ in witnessed}:
            fail(f"witness {name}", "has not cosigned the checkpoint")
    seen: set[int] = set()
    for i, e in enumerate(b["entries"]):
        check_entry(i, e, checkpoint, seen)
    return report(b, checkpoint, log, witnessed, (trusted is not None, bool(witness_keys)))


def report(
    b: dict[str, Any],
    checkpoint: tuple[str, int, bytes],
    log: Key,
    witnessed: list[tuple[str, int]],
    trusted: tuple[bool, bool],
) -> str:
    origin, size, root = checkpoint
    log_source = (
        "given with --key" if trusted[0] else "TAKEN FROM THE BUNDLE: is it the published key?"
    )
    witness_source = "given with --witness-key" if trusted[1] else "key from the bundle"
    lines = [
        f"OK: {FORMAT} bundle verified",
        f"checkpoint: {origin}, tree size {size}, root {root.hex()}",
        f"log key:    {log[0]}+{log[1]:08x} ({log_source})",
        *(f"witness:    {name} cosigned at {when(t)} ({witness_source})" for name, t in witnessed),
        f"scope:      {b['scope']['kind']} {b['scope']['value']} (stated, {b['created_at']})",
        f"entries:    {len(b['entries'])} verified",
        *(f"  position {e['position']}: {e['topic']}" for e in b["entries"]),
    ]
    return "\n".join(lines) + "\n"


def when(seconds: int) -> str:
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    except (OverflowError, ValueError, OSError):
        return f"{seconds} seconds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Sharing Ledger evidence bundle offline.")
    parser.add_argument("bundle", help="the bundle's JSON file")
    parser.add_argument("--key", help="the council's published log verifier key")
    parser.add_argument("--witness-key", action="append", default=[], help="a witness to require")
    args = parser.parse_args(argv)
    try:
        with open(args.bundle, "rb") as file:  # noqa: PTH123 - plain open keeps the file small
            output = verify(file.read().decode(), args.key, tuple(args.witness_key))
    except (OSError, UsageError) as error:
        sys.stderr.write(f"{parser.prog}: error: {error}\n")
        return 2
    except UnicodeDecodeError:
        output = "FAILED: bundle: not UTF-8\n"
    except Failed as error:
        output = f"FAILED: {error}\n"
    sys.stdout.write(output)
    return 1 if output.startswith("FAILED") else 0


if __name__ == "__main__":
    sys.exit(main())
