"""The standalone verifier: independent of the service, and agreeing with it on every bundle.

It is run the way an investigator runs it (``python -I`` on a lone copy of
the file) and in process, where a hypothesis property holds it and
``evidence.verify_bundle`` to the same verdict, and the same named place, on
random bundles, random trust settings and random tamperings.
"""

from __future__ import annotations

import ast
import base64
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.integrity import cosignatures, evidence, notes, offline_verify
from ledger.integrity.cosignatures import WitnessSigner
from ledger.integrity.evidence import EvidenceError, Scope, ScopeKind
from ledger.integrity.offline_verify import Failed
from tests.support.bundles import (
    FORGER,
    LOG_KEY,
    PARTNER_SCOPE,
    POSITIONS,
    SIZE,
    WITNESS,
    WITNESS_KEY,
    WITNESS_SIGNER,
    Ledger,
    aggregate_id,
    as_v1,
    make_bundle,
    make_ledger,
    resign,
)
from tests.support.tamperings import TAMPERINGS, Tampering
from tests.unit.test_evidence import DOCS, docs_example

SOURCE = Path(offline_verify.__file__)
SECOND_WITNESS = WitnessSigner.from_seed("nhs-westshire", bytes(range(100, 132)))
# Imports, in a subprocess, of anything from the service fail loudly.
BLOCK_SERVICE = """
import importlib.abc, runpy, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"ledger", "api", "projections", "tests"}:
            raise ImportError(f"offline_verify imported {name}")
        return None
sys.meta_path.insert(0, Block())
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return make_ledger(SIZE)


@pytest.fixture(scope="module")
def bundle(ledger: Ledger) -> str:
    return make_bundle(ledger)


@pytest.fixture
def lone_copy(tmp_path: Path) -> Path:
    """A directory holding nothing but a copy of offline_verify.py."""
    directory = tmp_path / "investigator"
    directory.mkdir()
    shutil.copy(SOURCE, directory / "offline_verify.py")
    return directory


def _run(
    directory: Path, *args: str, block_service: bool = False
) -> subprocess.CompletedProcess[str]:
    """``python -I offline_verify.py ARGS`` in ``directory``, as an investigator runs it."""
    prefix = ["-c", BLOCK_SERVICE] if block_service else []
    return subprocess.run(
        [sys.executable, "-I", *prefix, "offline_verify.py", *args],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# -- Independence -------------------------------------------------------------


def test_the_module_imports_only_the_standard_library_and_cryptography() -> None:
    """Every import in the source is a standard-library module or cryptography."""
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported - {"__future__", "cryptography"} <= sys.stdlib_module_names
    assert "cryptography" in imported


def test_a_lone_copy_verifies_a_good_bundle(lone_copy: Path, bundle: str) -> None:
    """python -I on the copy alone: exit 0 and a report naming each entry."""
    (lone_copy / "bundle.json").write_text(bundle, encoding="utf-8")
    result = _run(lone_copy, "bundle.json", "--key", LOG_KEY, "--witness-key", WITNESS_KEY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: sharing-ledger-evidence/v2 bundle verified\n")
    assert "(given with --key)" in result.stdout
    assert "complete:   signed by the log key: " in result.stdout
    for position in POSITIONS:
        assert f"  position {position}: " in result.stdout


def test_a_lone_copy_runs_with_every_service_import_blocked(lone_copy: Path, bundle: str) -> None:
    """With ledger, api and projections made unimportable, it still verifies (exit 0)."""
    (lone_copy / "bundle.json").write_text(bundle, encoding="utf-8")
    result = _run(lone_copy, "bundle.json", "--key", LOG_KEY, block_service=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "imported" not in result.stderr


def test_a_lone_copy_names_a_tampering_in_one_line(lone_copy: Path, bundle: str) -> None:
    """A changed state byte: exit 1 and one FAILED line naming entry and position."""
    (lone_copy / "bundle.json").write_text(TAMPERINGS[0].apply(bundle), encoding="utf-8")
    result = _run(lone_copy, "bundle.json", block_service=True)
    assert result.returncode == 1
    assert result.stdout == "FAILED: entry 1 (position 3): state does not match entry_digest\n"


def test_a_lone_copy_names_a_removed_entry(lone_copy: Path, bundle: str) -> None:
    """An entry taken out of a bundle: exit 1, the manifest names the position missing."""
    doc = json.loads(bundle)
    doc["entries"].pop(2)
    (lone_copy / "bundle.json").write_text(json.dumps(doc), encoding="utf-8")
    result = _run(lone_copy, "bundle.json", block_service=True)
    assert result.returncode == 1
    assert result.stdout == "FAILED: manifest: lists position 7, which the bundle lacks\n"


def test_a_lone_copy_verifies_a_v1_bundle_and_says_completeness_is_not_signed(
    lone_copy: Path, bundle: str
) -> None:
    """A v1 bundle (no manifest) still verifies, with its completeness flagged as unsigned."""
    (lone_copy / "bundle.json").write_text(as_v1(bundle), encoding="utf-8")
    result = _run(lone_copy, "bundle.json", "--key", LOG_KEY, block_service=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: sharing-ledger-evidence/v1 bundle verified\n")
    assert "complete:   NOT SIGNED (v1, no manifest): " in result.stdout
    assert "(stated, " in result.stdout


def test_without_a_key_the_report_says_the_key_came_from_the_bundle(
    lone_copy: Path, bundle: str
) -> None:
    """Without --key the log key is flagged as taken from the bundle."""
    (lone_copy / "bundle.json").write_text(bundle, encoding="utf-8")
    result = _run(lone_copy, "bundle.json")
    assert result.returncode == 0
    assert "TAKEN FROM THE BUNDLE" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("missing.json",),
        ("bundle.json", "--key", "not a key"),
        ("bundle.json", "--witness-key", LOG_KEY),
    ],
    ids=["no arguments", "unreadable file", "malformed key", "log key as witness key"],
)
def test_usage_errors_exit_2(lone_copy: Path, bundle: str, args: tuple[str, ...]) -> None:
    """Bad arguments or an unreadable file exit 2 and print no verdict."""
    (lone_copy / "bundle.json").write_text(bundle, encoding="utf-8")
    result = _run(lone_copy, *args)
    assert result.returncode == 2
    assert "FAILED" not in result.stdout
    assert "OK" not in result.stdout


def test_a_file_that_is_not_utf8_fails(lone_copy: Path) -> None:
    """Bytes that are not UTF-8 are a failed bundle (exit 1), not a crash."""
    (lone_copy / "bundle.json").write_bytes(b"\xff\xfe{}")
    result = _run(lone_copy, "bundle.json")
    assert (result.returncode, result.stdout) == (1, "FAILED: bundle: not UTF-8\n")


def test_the_report_in_the_docs_is_what_it_prints() -> None:
    """docs/evidence.md §6 shows the verifier's real output for the example bundle."""
    doc = json.loads(docs_example())
    output = offline_verify.verify(
        docs_example(), doc["keys"]["log"], tuple(doc["keys"]["witnesses"])
    )
    assert output in DOCS.read_text(encoding="utf-8")
    assert f"--key '{doc['keys']['log']}'" in DOCS.read_text(encoding="utf-8")


# -- The same verdicts as the service -----------------------------------------


@pytest.mark.parametrize("tampering", TAMPERINGS, ids=lambda t: t.name)
def test_every_tampering_is_named_at_the_same_place(bundle: str, tampering: Tampering) -> None:
    """For each tampering of the service's tests, the standalone names the same place."""
    with pytest.raises(Failed) as raised:
        offline_verify.verify(tampering.apply(bundle))
    assert raised.value.place == tampering.place
    assert str(raised.value).startswith(f"{tampering.place}: ")


def test_a_forged_bundle_is_refused_when_the_key_is_given() -> None:
    """A bundle signed and keyed by a forger fails only against the published key."""
    forged = make_bundle(make_ledger(SIZE, log=FORGER), log=FORGER)
    assert "TAKEN FROM THE BUNDLE" in offline_verify.verify(forged)
    with pytest.raises(Failed, match="is not the trusted log key") as raised:
        offline_verify.verify(forged, LOG_KEY)
    assert raised.value.place == "keys"


def test_a_required_witness_that_did_not_cosign_is_named(ledger: Ledger) -> None:
    """A --witness-key whose witness did not cosign fails, naming the witness."""
    bundle = make_bundle(ledger)
    second = cosignatures.format_witness_key(SECOND_WITNESS.witness_key())
    with pytest.raises(Failed) as raised:
        offline_verify.verify(bundle, None, (second,))
    assert raised.value.place == "witness nhs-westshire"


# -- The differential property ------------------------------------------------

POOL = (WITNESS_SIGNER, SECOND_WITNESS)
Json = dict[str, Any]
Draw = Callable[..., Any]


@cache
def _ledger(size: int, witnesses: int) -> Ledger:
    return make_ledger(size, witnesses=POOL[:witnesses])


def _flip_char(text: str, draw: Draw) -> str:
    index: int = draw(st.integers(0, len(text) - 1))
    char: str = draw(
        st.one_of(
            st.sampled_from(list('0123456789abcdefABCDEF+/=-:" \\{}[],\nTtnu')),
            st.characters(codec="utf-8", max_codepoint=0x2100),
        )
    )
    return text[:index] + char + text[index + 1 :]


def _flip_b64(text: str, draw: Draw) -> str:
    raw = bytearray(base64.b64decode(text))
    if raw:
        raw[draw(st.integers(0, len(raw) - 1))] ^= 1 << draw(st.integers(0, 7))
    return base64.b64encode(bytes(raw)).decode()


def _tamper_entry(doc: Json, draw: Draw) -> None:
    """One change to one entry's content: the kinds an attacker would try."""
    entry = draw(st.sampled_from(doc["entries"]))
    kind = draw(st.sampled_from(["state", "digest", "event", "proof", "drop", "add", "position"]))
    proof = entry["inclusion_proof"]
    if kind == "state":
        entry["state"] = _flip_b64(entry["state"], draw)
    elif kind == "digest":
        entry["entry_digest"] = _flip_char(entry["entry_digest"], draw)
    elif kind == "event":
        entry["event"][draw(st.sampled_from(["n", "subject", "extra"]))] = draw(
            st.one_of(st.integers(0, 20), st.booleans(), st.floats(0, 20), st.text(max_size=3))
        )
    elif kind == "proof" and proof:
        i = draw(st.integers(0, len(proof) - 1))
        proof[i] = _flip_char(proof[i], draw)
    elif kind == "drop" and proof:
        proof.pop(draw(st.integers(0, len(proof) - 1)))
    elif kind == "add":
        proof.insert(draw(st.integers(0, len(proof))), "ab" * 32)
    else:
        entry["position"] = draw(st.integers(0, 24))


def _scopes(size: int) -> list[Scope]:
    """Every scope of a ledger of ``size``: subjects (one named nowhere), the partner, and the
    restrictions among its aggregates that name one subject."""
    restrictions = [Scope(ScopeKind.RESTRICTION, str(aggregate_id(a))) for a in (0, 1, 2, 5)]
    subjects = [Scope(ScopeKind.SUBJECT, f"sr_000{n}") for n in range(4)]
    return (
        subjects
        + [PARTNER_SCOPE]
        + [r for a, r in zip((0, 1, 2, 5), restrictions, strict=True) if a < size]
    )


def _tamper_completeness(doc: Json, draw: Draw, ledger: Ledger, witnesses: int) -> None:
    """Entries dropped, added or moved, the manifest left or signed again to match."""
    kind = draw(st.sampled_from(["drop", "add", "swap", "scope"]))
    entries = doc["entries"]
    if kind == "drop" and entries:
        entries.pop(draw(st.integers(0, len(entries) - 1)))
    elif kind == "add":
        other = draw(st.sampled_from(_scopes(ledger.size)))
        extra = json.loads(make_bundle(ledger, other, witnesses=POOL[:witnesses]))["entries"]
        if extra:
            entries.append(draw(st.sampled_from(extra)))
            entries.sort(key=lambda e: e["position"])
    elif kind == "swap" and len(entries) > 1:
        i = draw(st.integers(0, len(entries) - 2))
        entries[i], entries[i + 1] = entries[i + 1], entries[i]
    elif kind == "scope":
        scope = draw(st.sampled_from(_scopes(ledger.size)))
        doc["scope"] = {"kind": scope.kind.value, "value": scope.value}
        if draw(st.booleans()):
            resign(doc, scope=scope)
            return
    held = [e["position"] for e in entries]
    if draw(st.booleans()) and held == sorted(set(held)):  # a manifest lists positions in order
        resign(doc)


def _tamper(text: str, draw: Draw, ledger: Ledger, witnesses: int) -> str:
    """Nothing, one change to the parsed bundle, or one character of its text."""
    kind = draw(
        st.sampled_from(
            ["none", "entry", "duplicate", "note", "keys", "text", "complete", "manifest", "v1"]
        )
    )
    doc = json.loads(text)
    if kind == "entry" and doc["entries"]:
        _tamper_entry(doc, draw)
    elif kind == "duplicate" and doc["entries"]:
        doc["entries"].append(dict(draw(st.sampled_from(doc["entries"]))))
    elif kind == "note":
        doc["checkpoint"] = _flip_char(doc["checkpoint"], draw)
    elif kind == "keys":
        doc["keys"]["witnesses"] = draw(st.permutations(doc["keys"]["witnesses"]))[:1]
    elif kind == "text":
        return _flip_char(text, draw)
    elif kind == "complete":
        _tamper_completeness(doc, draw, ledger, witnesses)
    elif kind == "manifest":
        doc["manifest"] = _flip_char(doc["manifest"], draw)
    elif kind == "v1":
        return as_v1(text)
    return json.dumps(doc, sort_keys=True, indent=2) + "\n"


def _service_verdict(text: str, log_key: str | None, witness_keys: tuple[str, ...]) -> str:
    try:
        report = evidence.verify_bundle(
            text, trusted_log_key=log_key, trusted_witness_keys=witness_keys
        )
    except EvidenceError as error:
        return f"FAILED at {error.place}"
    return f"OK {[entry.position for entry in report.entries]}"


def _standalone_verdict(text: str, log_key: str | None, witness_keys: tuple[str, ...]) -> str:
    try:
        output = offline_verify.verify(text, log_key, witness_keys)
    except Failed as error:
        return f"FAILED at {error.place}"
    positions = re.findall(r"^  position (\d+): ", output, flags=re.MULTILINE)
    return f"OK {[int(position) for position in positions]}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_verifiers_agree_on_random_bundles_and_tamperings(data: st.DataObject) -> None:
    """Same verdict, and the same named place on failure, for any bundle and change."""
    draw = data.draw
    size = draw(st.integers(1, 20), label="size")
    witnesses = draw(st.integers(0, 2), label="witnesses")
    ledger = _ledger(size, witnesses)
    scope = draw(st.sampled_from(_scopes(size)), label="scope")
    text = make_bundle(ledger, scope, witnesses=POOL[:witnesses])
    text = _tamper(text, draw, ledger, witnesses)
    forged = notes.format_verifier_key(FORGER.verifier())
    log_key = draw(st.sampled_from([None, LOG_KEY, LOG_KEY, forged]), label="log key")
    pool_keys = [cosignatures.format_witness_key(w.witness_key()) for w in POOL]
    witness_keys = tuple(
        draw(
            st.one_of(
                st.just(pool_keys[:witnesses]),  # every witness that cosigned
                st.lists(st.sampled_from(pool_keys), unique=True, max_size=2),
            ),
            label="witness keys",
        )
    )
    service = _service_verdict(text, log_key, witness_keys)
    assert _standalone_verdict(text, log_key, witness_keys) == service


def test_the_differential_property_sees_both_verdicts() -> None:
    """The generator's untouched bundles pass in both, and a known tampering fails in both."""
    text = make_bundle(_ledger(7, 1))
    assert _service_verdict(text, LOG_KEY, (WITNESS_KEY,)) == "OK [1, 3]"
    assert _standalone_verdict(text, LOG_KEY, (WITNESS_KEY,)) == "OK [1, 3]"
    doc = json.loads(text)
    doc["entries"][0]["state"] = base64.b64encode(b'{"n":1}').decode()
    tampered = json.dumps(doc)
    assert _service_verdict(tampered, None, ()) == "FAILED at entry 0 (position 1)"
    assert _standalone_verdict(tampered, None, ()) == "FAILED at entry 0 (position 1)"
    doc = json.loads(make_bundle(_ledger(SIZE, 1)))
    doc["entries"].pop(0)  # aggregate 1's first version, the manifest signed to match
    resign(doc)
    assert _service_verdict(json.dumps(doc), None, ()) == "FAILED at entry 1 (position 7)"
    assert _standalone_verdict(json.dumps(doc), None, ()) == "FAILED at entry 1 (position 7)"
    assert f"witness:    {WITNESS} cosigned at " in offline_verify.verify(text)
