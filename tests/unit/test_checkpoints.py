"""C2SP tlog-checkpoints: the body format, signing, verifying, and their use with proofs.

The published example is the checkpoint in C2SP ``tlog-checkpoint.md``
(github.com/C2SP/C2SP @27938939); its signing key is not published, so it
is used for the body format only.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from uuid import UUID

import pytest

from ledger.integrity import chain, checkpoints, merkle, notes
from ledger.integrity.checkpoints import (
    Checkpoint,
    MalformedCheckpointError,
    OriginMismatchError,
)
from ledger.integrity.notes import InvalidSignatureError, UnverifiedNoteError

# tlog-checkpoint.md, the example at the top of the spec
C2SP_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
C2SP_NOTE = (
    C2SP_BODY + "\n\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurm"
    "RDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
)

DOCS = Path(__file__).parents[2] / "docs" / "checkpoints.md"
ORIGIN = checkpoints.checkpoint_origin("council")
ROOT = bytes(range(32))


@pytest.fixture(scope="module")
def signer() -> notes.Signer:
    return notes.generate_signer(ORIGIN)


# -- The body -------------------------------------------------------------------------


def test_the_published_checkpoint_body_parses_and_formats_back() -> None:
    """tlog-checkpoint.md's example: origin, decimal size, base64 root, and back byte for byte."""
    checkpoint = checkpoints.parse_checkpoint(C2SP_BODY)
    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.size == 20852163
    assert checkpoint.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert checkpoint.extensions == ()
    assert checkpoints.format_checkpoint(checkpoint) == C2SP_BODY


def test_the_published_checkpoint_is_unverified_without_its_key(
    signer: notes.Signer,
) -> None:
    """A checkpoint signed only by an unknown key is rejected, never half-trusted."""
    with pytest.raises(UnverifiedNoteError):
        checkpoints.verify_checkpoint(C2SP_NOTE, signer.verifier())


def test_the_origin_is_a_schemaless_url_naming_one_ledger() -> None:
    """The default origin is sharing-ledger.example/<ledger name>; the prefix is a parameter."""
    assert checkpoints.checkpoint_origin("council") == "sharing-ledger.example/council"
    assert (
        checkpoints.checkpoint_origin("tf", "ledger.council.gov.uk") == "ledger.council.gov.uk/tf"
    )


def test_extension_lines_round_trip() -> None:
    """Lines after the root hash are kept, in order."""
    body = f"{ORIGIN}\n0\n{base64.b64encode(ROOT).decode()}\nfirst ext\nsecond ext\n"
    checkpoint = checkpoints.parse_checkpoint(body)
    assert checkpoint.extensions == ("first ext", "second ext")
    assert checkpoints.format_checkpoint(checkpoint) == body


ROOT_B64 = base64.b64encode(ROOT).decode()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (f"{ORIGIN}\n1\n{ROOT_B64}", "ends with a newline"),
        (f"{ORIGIN}\n1\n", "origin, a size and a root"),
        (f"\n1\n{ROOT_B64}\n", "origin must not be empty"),
        (f"{ORIGIN}\r\n1\n{ROOT_B64}\n", "control characters"),
        (f"{ORIGIN}\n01\n{ROOT_B64}\n", "leading zeros"),
        (f"{ORIGIN}\n00\n{ROOT_B64}\n", "leading zeros"),
        (f"{ORIGIN}\n-1\n{ROOT_B64}\n", "decimal"),
        (f"{ORIGIN}\n+1\n{ROOT_B64}\n", "decimal"),
        (f"{ORIGIN}\n 1\n{ROOT_B64}\n", "decimal"),
        (f"{ORIGIN}\n0x10\n{ROOT_B64}\n", "decimal"),
        (f"{ORIGIN}\n1_000\n{ROOT_B64}\n", "decimal"),
        (f"{ORIGIN}\n\u0661\n{ROOT_B64}\n", "decimal"),
        (f"{ORIGIN}\n\n{ROOT_B64}\n", "decimal"),
        (f"{ORIGIN}\n{2**64}\n{ROOT_B64}\n", "uint64"),
        (f"{ORIGIN}\n1\n{ROOT_B64[:-1]}\n", "not base64"),
        (f"{ORIGIN}\n1\n{ROOT_B64.replace('A', '*')}\n", "not base64"),
        (f"{ORIGIN}\n1\n{ROOT_B64[:-2]}9=\n", "not canonical"),
        (f"{ORIGIN}\n1\n{base64.b64encode(ROOT[:31]).decode()}\n", "32 bytes"),
        (f"{ORIGIN}\n1\n{base64.b64encode(ROOT + b'x').decode()}\n", "32 bytes"),
        (f"{ORIGIN}\n1\n{ROOT_B64}\n\n", "extension line must not be empty"),
        (f"{ORIGIN}\n1\n{ROOT_B64}\next\n\nmore\n", "extension line must not be empty"),
    ],
)
def test_malformed_bodies_are_refused(body: str, reason: str) -> None:
    """Strict parsing: anything another reader might take differently is refused."""
    with pytest.raises(MalformedCheckpointError, match=re.escape(reason)):
        checkpoints.parse_checkpoint(body)


def test_the_largest_uint64_size_is_accepted() -> None:
    """A tree size is any uint64, 2**64 - 1 included."""
    assert checkpoints.parse_checkpoint(f"{ORIGIN}\n{2**64 - 1}\n{ROOT_B64}\n").size == 2**64 - 1


def test_a_checkpoint_cannot_be_built_with_invalid_fields() -> None:
    """The dataclass refuses what format_checkpoint could not write validly."""
    for fields in [
        ("", 1, ROOT, ()),
        ("a\nb", 1, ROOT, ()),
        (ORIGIN, -1, ROOT, ()),
        (ORIGIN, 2**64, ROOT, ()),
        (ORIGIN, 1, ROOT[:31], ()),
        (ORIGIN, 1, ROOT, ("",)),
        (ORIGIN, 1, ROOT, ("two\nlines",)),
    ]:
        with pytest.raises(MalformedCheckpointError):
            Checkpoint(*fields)


# -- Signing and verifying ------------------------------------------------------------------


def test_a_signed_checkpoint_verifies_to_the_same_checkpoint(signer: notes.Signer) -> None:
    """sign_checkpoint then verify_checkpoint gives back the checkpoint."""
    checkpoint = Checkpoint(ORIGIN, 42, ROOT)
    note = checkpoints.sign_checkpoint(checkpoint, signer)
    assert note.startswith(checkpoints.format_checkpoint(checkpoint) + "\n\u2014 " + ORIGIN + " ")
    assert checkpoints.verify_checkpoint(note, signer.verifier()) == checkpoint


def test_a_tampered_size_or_root_is_rejected(signer: notes.Signer) -> None:
    """Changing the signed size or root breaks the log's signature."""
    note = checkpoints.sign_checkpoint(Checkpoint(ORIGIN, 42, ROOT), signer)
    other_root = base64.b64encode(bytes(32)).decode()
    for tampered in (note.replace("\n42\n", "\n41\n"), note.replace(ROOT_B64, other_root)):
        with pytest.raises(InvalidSignatureError):
            checkpoints.verify_checkpoint(tampered, signer.verifier())


def test_a_checkpoint_signed_by_another_key_is_rejected(signer: notes.Signer) -> None:
    """A different key with the same name is unknown, so nothing verifies."""
    impostor = notes.generate_signer(ORIGIN)
    note = checkpoints.sign_checkpoint(Checkpoint(ORIGIN, 1, ROOT), impostor)
    with pytest.raises(UnverifiedNoteError):
        checkpoints.verify_checkpoint(note, signer.verifier())


def test_a_key_signs_only_checkpoints_of_its_own_origin(signer: notes.Signer) -> None:
    """tlog-checkpoint: the key name should match the origin; we require it."""
    with pytest.raises(OriginMismatchError):
        checkpoints.sign_checkpoint(Checkpoint("sharing-ledger.example/other", 1, ROOT), signer)


def test_verification_checks_the_origin_expected(signer: notes.Signer) -> None:
    """A correctly signed checkpoint of another origin than expected is refused."""
    note = checkpoints.sign_checkpoint(Checkpoint(ORIGIN, 1, ROOT), signer)
    with pytest.raises(OriginMismatchError):
        checkpoints.verify_checkpoint(note, signer.verifier(), origin="example.com/log")


def test_cosignatures_from_unknown_keys_are_ignored(signer: notes.Signer) -> None:
    """A witness's extra signature line does not stop the log's own from verifying."""
    note = checkpoints.sign_checkpoint(Checkpoint(ORIGIN, 7, ROOT), signer)
    witness_line = C2SP_NOTE.rsplit("\n\u2014 ", 1)[1].replace(
        "example.com/behind-the-sofa", "witness.example/w1"
    )
    cosigned = note + "\u2014 " + witness_line
    assert checkpoints.verify_checkpoint(cosigned, signer.verifier()).size == 7


def test_a_malformed_body_with_a_valid_signature_is_still_refused(signer: notes.Signer) -> None:
    """The signature vouches for the bytes; the body must still be a checkpoint."""
    note = notes.sign_note(f"{ORIGIN}\n007\n{ROOT_B64}\n", [signer])
    with pytest.raises(MalformedCheckpointError):
        checkpoints.verify_checkpoint(note, signer.verifier())


# -- With the tree ---------------------------------------------------------------------------


def test_entries_prove_inclusion_and_consistency_against_signed_checkpoints(
    signer: notes.Signer,
) -> None:
    """Entry digests → tree → two signed checkpoints → proofs verify against what they state."""
    digests = [chain.entry_digest(UUID(int=i + 1), 1, "example:Created", b"{}") for i in range(21)]
    leaves = [merkle.entry_leaf_hash(digest) for digest in digests]
    store = merkle.DictNodeStore()
    store.append(leaves[:13])
    old_note = checkpoints.sign_checkpoint(
        Checkpoint(ORIGIN, 13, merkle.root_at(13, store)), signer
    )
    store.append(leaves[13:])
    new_note = checkpoints.sign_checkpoint(
        Checkpoint(ORIGIN, 21, merkle.root_at(21, store)), signer
    )
    old = checkpoints.verify_checkpoint(old_note, signer.verifier())
    new = checkpoints.verify_checkpoint(new_note, signer.verifier())
    merkle.verify_consistency(
        old.size, new.size, old.root_hash, new.root_hash, merkle.consistency_proof(13, 21, store)
    )
    for position in (0, 12, 20):
        proof = merkle.inclusion_proof(position, new.size, store)
        merkle.verify_inclusion(leaves[position], position, new.size, proof, new.root_hash)


def test_the_example_in_the_docs_verifies() -> None:
    """docs/checkpoints.md §5.1: its checkpoint verifies with its key and states its root."""
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)```", text, flags=re.DOTALL)
    vkey = next(block.strip() for block in blocks if block.startswith("sharing-ledger.example/"))
    note = next(block for block in blocks if "\n\n\u2014 " in block)
    checkpoint = checkpoints.verify_checkpoint(note, notes.parse_verifier_key(vkey))
    # The two entries of the chain's known-answer vector, docs/chain-format.md §7.
    oid = UUID("12345678-1234-5678-1234-567812345678")
    digests = [
        chain.entry_digest(oid, 1, "example:Created", b'{"a":1}'),
        chain.entry_digest(oid, 2, "example:Changed", b'{"b":2}'),
    ]
    assert checkpoint.size == 2
    assert checkpoint.root_hash == merkle.root([merkle.entry_leaf_hash(d) for d in digests])
    assert checkpoint.root_hash.hex() in text
