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
  [6] docs/evidence.md §1-2: the bundle (v2; v1 has no manifest), its checks, their order.
  [7] docs/evidence.md §1.2: the manifest, the log's signed list of every position held.
  [8] docs/evidence.md §3: the rule of what a bundle holds, as far as a bundle shows it.

Without --key the log key is taken from the bundle: the bundle is then consistent,
but nothing shows the council made it. Pass the key the council publishes.
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

FORMAT, FORMAT_V1 = "sharing-ledger-evidence/v2", "sharing-ledger-evidence/v1"
MANIFEST = "sharing-ledger-evidence-manifest/v1"  # [7] its first line
ENTRY_TAG = b"sharing-ledger:entry:v1\x00"  # [1] §1
NOTE_KEY, COSIGNATURE_KEY, EM_DASH = 0x01, 0x04, "\u2014 "  # [3] "Signature types", lines
HEX_HASH = re.compile(r"[0-9a-f]{64}", re.ASCII)
UUID_TEXT = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", re.ASCII)  # str(UUID(x))
SURROGATE = re.compile("[\ud800-\udfff]")  # a str holding one has no UTF-8 form
DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}", re.ASCII)  # [4] no leading zeros
TOP = {"format", "origin", "scope", "created_at", "checkpoint", "keys", "entries"}
ENTRY = {"position", "originator_id", "originator_version", "topic", "state"}
ENTRY |= {"entry_digest", "event", "inclusion_proof"}
SUBJECT_FIELDS, PARTNER_FIELDS = ("subject", "subjects"), ("recipient", "partner", "organisation")
Key = tuple[str, int, bytes]  # name, key id, Ed25519 public key
Tree = tuple[str, int, bytes]  # a checkpoint's origin, tree size and root hash
Doc = dict[str, Any]  # a bundle, or one of its entries, as JSON
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


def b64(text: str) -> bytes | None:
    """[3] RFC 4648 §4 base64, padded, canonical; None for anything else."""
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    return raw if base64.b64encode(raw).decode() == text else None


def fields(value: Any, place: str, names: set[str]) -> Doc:
    if not isinstance(value, dict):
        fail(place, "not a JSON object")
    for name in sorted(names - value.keys()) + sorted(value.keys() - names):
        fail(place, f"missing or unexpected field {name}")
    return value


def text(value: Any, place: str, what: str, *, non_empty: bool = False, kind: type = str) -> Any:
    if not isinstance(value, kind) or (non_empty and not value):
        a = "a string" if kind is str else "a list"
        fail(place, f"{what} is not {a}" + (", or is empty" if non_empty else ""))
    return value


def u64(value: Any, place: str, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**64:
        fail(place, f"{what} is not an integer from 0 to 2^64 - 1")  # true is not a number
    return value


def hexhash(value: Any, place: str, what: str) -> bytes:
    if not isinstance(value, str) or not HEX_HASH.fullmatch(value):
        fail(place, f"{what} is not 64 lowercase hex digits")
    return bytes.fromhex(value)


def entry_shape(i: int, value: Any) -> Doc:
    place = f"entry {i}"
    e = fields(value, place, ENTRY)
    u64(e["position"], place, "position")
    u64(e["originator_version"], place, "originator_version")
    if not UUID_TEXT.fullmatch(text(e["originator_id"], place, "originator_id")):
        fail(place, "originator_id is not a UUID in canonical form")
    if (state := b64(text(e["state"], place, "state"))) is None:
        fail(place, "state is not canonical base64")
    e["state"] = state  # from here on, the stored bytes
    if SURROGATE.search(text(e["topic"], place, "topic")):
        fail(place, "topic is not UTF-8")
    hexhash(e["entry_digest"], place, "entry_digest")
    proof = text(e["inclusion_proof"], place, "inclusion_proof", kind=list)
    e["inclusion_proof"] = [hexhash(p, place, "an inclusion proof hash") for p in proof]
    return e


def shape(document: str) -> Doc:
    try:
        b = json.loads(document)
    except ValueError as error:
        fail("bundle", f"not JSON ({error})")
    if not isinstance(b, dict):
        fail("bundle", "not a JSON object")
    if b.get("format") not in (FORMAT, FORMAT_V1):  # first: another may be shaped differently
        fail("format", f"expected {FORMAT} (or {FORMAT_V1}), found {b.get('format')!r}")
    fields(b, "bundle", TOP if b["format"] == FORMAT_V1 else TOP | {"manifest"})
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
    for key in text(keys["witnesses"], "keys", "witnesses", kind=list):
        text(key, "keys", "a witness key")
    entries = text(b["entries"], "bundle", "entries", kind=list)
    b["entries"] = [entry_shape(i, e) for i, e in enumerate(entries)]
    if b["format"] == FORMAT:
        text(b["manifest"], "manifest", "the manifest")
    return b


# -- [3] Keys and signed notes, [4] checkpoints, [5] cosignatures, [7] manifests, and
# -- [1] entries and [2] their inclusion ------------------------------------------


def key_name_ok(name: str) -> bool:
    """[3] Non-empty, no '+', no Unicode space, no control character."""
    bad = SURROGATE.search(name) or any(ch.isspace() or ord(ch) < 0x20 for ch in name)
    return name != "" and "+" not in name and not bad


def parse_key(vkey: str, kind: int) -> Key:
    """[3] ``<name>+<8 hex key id>+<base64(type || 32-byte key)>``; raises ValueError."""
    name, hex_id, data = [*vkey.split("+", 2), "", ""][:3]
    if not key_name_ok(name) or len(hex_id) != 8 or not set(hex_id) <= set(string.hexdigits):
        raise ValueError("not <name>+<key id>+<key data>")
    raw = b64(data) or b""
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


def split_note(note: str, place: str) -> tuple[str, list[tuple[str, int, bytes]]]:
    """[3] Text to the last blank line, then lines ``— <name> base64(key id || signature)``."""
    if SURROGATE.search(note) or any(ord(ch) < 0x20 and ch != "\n" for ch in note):
        fail(place, "the note has a control character or is not UTF-8")
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n") or note.count("\n", cut + 2) > 100:
        fail(place, "the note has no signature block, or over 100 signatures")
    lines = []
    for line in note[cut + 2 : -1].split("\n"):
        name, _, encoded = line.removeprefix(EM_DASH).partition(" ")
        raw = b64(encoded) or b""
        if not line.startswith(EM_DASH) or not key_name_ok(name) or len(raw) < 5:
            fail(place, f"malformed signature line {line!r}")
        lines.append((name, int.from_bytes(raw[:4]), raw[4:]))
    return note[: cut + 1], lines


def signed_lines(note: str, log: Key, place: str) -> list[str]:
    """[3] Every signature by the log key verifies, and there is one: the text's lines."""
    body, lines = split_note(note, place)
    for name, key_id, signature in lines:
        if (name, key_id) == log[:2] and not signed_by(log[2], signature, body.encode()):
            fail(place, "signature does not verify with the log key")
    if not any((name, key_id) == log[:2] for name, key_id, _ in lines):
        fail(place, "no signature by the log key")
    return body[:-1].split("\n")


def open_checkpoint(note: str, log: Key) -> Tree:
    """[3] The log's signature, [4] then the body."""
    # Padded with two empty lines so a short body unpacks (and then fails the checks).
    origin, size, root, *extensions = [*signed_lines(note, log, "checkpoint"), "", ""]
    root_hash = b64(root) or b""
    if "" in (origin, *extensions[:-2]) or not DECIMAL.fullmatch(size) or len(root_hash) != 32:
        fail("checkpoint", "the body is not origin, tree size, root hash [, extensions]")
    if int(size) >= 2**64 or origin != log[0]:  # [4] a uint64; [3] the log key's name
        fail("checkpoint", f"size {size} is not a uint64, or origin {origin!r} is not {log[0]!r}")
    return origin, int(size), root_hash


def cosigned(note: str, keys: list[Key]) -> list[tuple[str, int]]:
    """[5] Lines by known witness keys verify over "cosignature/v1\\ntime <t>\\n" || body."""
    body, lines = split_note(note, "checkpoint")
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


def open_manifest(b: Doc, log: Key, tree: Tree) -> list[str]:
    """[7] Signed by the log key; its lines are the ones the bundle implies: the checkpoint's
    tree, the bundle's scope and time. Returns the rest: the count and positions it lists."""
    lines = signed_lines(b["manifest"], log, "manifest")
    if lines[:4] != [MANIFEST, tree[0], str(tree[1]), base64.b64encode(tree[2]).decode()]:
        fail("manifest", "is not a manifest of the checkpoint's tree")
    if lines[4:5] != [f"scope {b['scope']['kind']} {b['scope']['value']}"]:
        fail("scope", "is not the scope the manifest states")
    if lines[5:6] != [f"created {b['created_at']}"]:
        fail("created_at", "is not the time the manifest states")
    return lines[6:]


def entry_digest(e: Doc) -> bytes:
    """[1] SHA-256(TAG || id || u64 version || u32 len || topic || u64 len || state)."""
    topic, state, oid = e["topic"].encode(), e["state"], UUID(e["originator_id"]).bytes
    frame = struct.pack(">16sQI", oid, e["originator_version"], len(topic)) + topic
    frame += struct.pack(">Q", len(state)) + state
    return hashlib.sha256(ENTRY_TAG + frame).digest()


def inclusion_root(leaf: bytes, index: int, size: int, proof: list[bytes], place: str) -> bytes:
    """[2] RFC 9162 §2.1.3.2, step by step (step 1, index < size, is checked before)."""
    fn, sn, r = index, size - 1, hashlib.sha256(b"\x00" + leaf).digest()  # steps 2-3
    for p in proof:  # step 4
        if sn == 0:  # 4a
            fail(place, "inclusion proof is malformed: proof too long")
        if fn & 1 or fn == sn:  # 4b
            r = hashlib.sha256(b"\x01" + p + r).digest()  # [2] §2.1.1, the node hash
            while not (fn & 1 or fn == 0):
                fn, sn = fn >> 1, sn >> 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn, sn = fn >> 1, sn >> 1  # 4c
    if sn != 0:  # step 5
        fail(place, "inclusion proof is malformed: proof too short")
    return r


def check_entry(i: int, e: Doc, tree: Tree, seen: set[int]) -> None:
    _, size, root = tree
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


# -- [8] What a bundle alone shows of its completeness, and [6] the checks in order --


def names(event: Any, fields: tuple[str, ...]) -> set[str]:
    """[8] §3.1 The strings an event names in ``fields``: a field's value, or in its list."""
    found = [event.get(f) for f in fields] if isinstance(event, dict) else []
    return {v for v in found if isinstance(v, str)} | {
        x for v in found if isinstance(v, list) for x in v if isinstance(x, str)
    }


def rule(scope: dict[str, str], es: list[Doc]) -> tuple[tuple[str, ...], str, str]:
    """[8] §3.2 The fields and value each aggregate must name, and what kind of value it is."""
    kind, value = scope["kind"], scope["value"]
    if kind == "restriction":  # the one subject the restriction's own events name
        if not UUID_TEXT.fullmatch(value):
            fail("scope", "a restriction is named by its id, a UUID in canonical form")
        if not (events := [e["event"] for e in es if e["originator_id"] == value]):
            fail("scope", f"restriction {value} is not in the bundle")
        if len(subjects := set().union(*(names(ev, SUBJECT_FIELDS) for ev in events))) != 1:
            fail("scope", f"restriction {value} does not name one subject")
        kind, value = "subject", subjects.pop()
    return (SUBJECT_FIELDS if kind == "subject" else PARTNER_FIELDS), value, kind


def check_complete(b: Doc, listing: list[str]) -> None:
    """[8] §3.4 The manifest's count and positions, in order; versions 1, 2, ...; the scope."""
    es, held = b["entries"], [str(e["position"]) for e in b["entries"]]
    place = [f"entry {i} (position {p})" for i, p in enumerate(held)]
    if listing != [f"entries {len(held)}", *held]:
        for i in [i for i, p in enumerate(held) if p not in listing[1:]][:1]:
            fail(place[i], "is not listed in the manifest")
        for p in [p for p in listing[1:] if p not in held][:1]:
            fail("manifest", f"lists position {p}, which the bundle lacks")
        for i in [i for i, p in enumerate(listing[1 : len(held) + 1]) if p != held[i]][:1]:
            fail(place[i], "is not in position order")
        fail("manifest", "its count is not the number of positions it lists")
    last: dict[str, int] = {}  # aggregate id: the version of its entry before
    for i, (agg, v) in enumerate((e["originator_id"], e["originator_version"]) for e in es):
        if v != (want := last.get(agg, 0) + 1):
            fail(place[i], f"aggregate {agg} has version {v} here, not {want}: an entry is missing")
        last[agg] = v
    fields_, value, what = rule(b["scope"], es)
    concerning = {e["originator_id"] for e in es if value in names(e["event"], fields_)}
    for i in [i for i, e in enumerate(es) if e["originator_id"] not in concerning][:1]:
        fail(place[i], f"aggregate {es[i]['originator_id']} does not concern {what} {value}")


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
    tree = open_checkpoint(b["checkpoint"], log)
    if b["origin"] != tree[0]:
        fail("origin", f"the bundle names {b['origin']!r}, the checkpoint {tree[0]!r}")
    witnessed = cosigned(b["checkpoint"], trusted_witnesses or bundle_witnesses)
    for name, _, _ in trusted_witnesses:  # a trusted witness is a required one
        if name not in {w for w, _ in witnessed}:
            fail(f"witness {name}", "has not cosigned the checkpoint")
    positions = None if b["format"] == FORMAT_V1 else open_manifest(b, log, tree)
    seen: set[int] = set()
    for i, e in enumerate(b["entries"]):
        check_entry(i, e, tree, seen)
    if positions is not None:
        check_complete(b, positions)
    return report(b, tree, log, witnessed, (trusted is not None, bool(witness_keys)))


def report(b: Doc, tree: Tree, log: Key, witnessed: list[tuple[str, int]], given: Any) -> str:
    """What was proved, and on whose keys (``given``: were the log's, the witnesses' given?)."""
    signed, scope = b["format"] == FORMAT, f"{b['scope']['kind']} {b['scope']['value']}"
    lines = [
        f"OK: {b['format']} bundle verified",
        f"checkpoint: {tree[0]}, tree size {tree[1]}, root {tree[2].hex()}",
        f"log key:    {log[0]}+{log[1]:08x} ("
        + ("given with --key)" if given[0] else "TAKEN FROM THE BUNDLE: is it the published key?)"),
        *(
            f"witness:    {name} cosigned at {when(t)} ("
            + ("given with --witness-key)" if given[1] else "key from the bundle)")
            for name, t in witnessed
        ),
        f"scope:      {scope} ({'signed' if signed else 'stated'}, {b['created_at']})",
        f"complete:   signed by the log key: every entry concerning it to tree size {tree[1]}"
        if signed
        else "complete:   NOT SIGNED (v1, no manifest): other entries may concern it",
        f"entries:    {len(b['entries'])} verified",
        *(f"  position {e['position']}: {e['topic']}" for e in b["entries"]),
    ]
    return "\n".join(lines) + "\n"


def when(t: int) -> str:  # a u64, perhaps beyond the year 9999
    return f"{t} seconds" if t >= 253_402_300_800 else datetime.fromtimestamp(t, UTC).isoformat()


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
