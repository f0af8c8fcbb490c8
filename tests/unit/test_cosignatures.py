"""C2SP tlog-cosignature v1 with Ed25519: witness keys, cosigning, reading cosignatures back.

Published values: the witness verifier key ``remora.n621.de+da77ade7+BOvN…``
from github.com/transparency-dev/formats ``note/note_cosigv1_test.go``
(TestCoSigV1NewVerifier, a real type 0x04 key whose key ID is computed with
0x04), and the signed-message example in ``tlog-cosignature.md``
(github.com/C2SP/C2SP @01194db1, "Ed25519 signed message").
"""

from __future__ import annotations

import base64
import hashlib
from functools import partial

import pytest

from ledger.integrity import checkpoints, cosignatures, merkle, notes
from ledger.integrity.checkpoints import Checkpoint, OriginMismatchError
from ledger.integrity.cosignatures import (
    Cosignature,
    CosignatureError,
    InconsistentCheckpointError,
    InvalidCosignatureError,
    WitnessKey,
    WitnessSigner,
)
from ledger.integrity.notes import (
    AmbiguousKeyError,
    InvalidSignatureError,
    KeyFormatError,
    MalformedNoteError,
)

REMORA_VKEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"
# The same file's plain note key (type 0x01): not a witness key.
TEST_NOTE_VKEY = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6"
# tlog-cosignature.md, "Ed25519 signed message"
SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
SPEC_MESSAGE = (
    "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
)

ORIGIN = checkpoints.checkpoint_origin("council")
WITNESS = "westshire-constabulary"
T = 1_780_000_000


def _tree(size: int, salt: int = 0) -> merkle.DictNodeStore:
    store = merkle.DictNodeStore()
    store.append([merkle.leaf_hash(bytes([salt, i % 256, i // 256])) for i in range(size)])
    return store


def _body(size: int = 5) -> str:
    return checkpoints.format_checkpoint(
        Checkpoint(ORIGIN, size, merkle.root_at(size, _tree(size)))
    )


@pytest.fixture(scope="module")
def log() -> notes.Signer:
    return notes.Signer.from_seed(ORIGIN, bytes(range(32)))


@pytest.fixture(scope="module")
def witness() -> WitnessSigner:
    return WitnessSigner.from_seed(WITNESS, bytes(range(1, 33)))


def _note(log: notes.Signer, size: int = 5) -> str:
    return notes.sign_note(_body(size), [log])


def _flip_payload_byte(line: str, index: int) -> str:
    """The line with one byte of its decoded payload (key id || time || signature) flipped."""
    prefix, encoded = line.rsplit(" ", 1)
    raw = bytearray(base64.b64decode(encoded))
    raw[index] ^= 0x01
    return f"{prefix} {base64.b64encode(bytes(raw)).decode()}"


# -- Keys ---------------------------------------------------------------------


def test_a_published_witness_key_parses_with_its_type_4_key_id() -> None:
    """transparency-dev's witness key: key ID = SHA-256(name || 0x0A || 0x04 || key)[:4]."""
    key = cosignatures.parse_witness_key(REMORA_VKEY)
    assert key.name == "remora.n621.de"
    assert key.key_id == 0xDA77ADE7
    assert cosignatures.format_witness_key(key) == REMORA_VKEY


def test_the_key_id_hashes_type_byte_4_not_1() -> None:
    """The same name and key under type 0x01 would have another key ID."""
    key = cosignatures.parse_witness_key(REMORA_VKEY)
    digest = hashlib.sha256(key.name.encode() + b"\n\x04" + key.public_key).digest()
    assert key.key_id == int.from_bytes(digest[:4], "big")
    assert key.key_id != notes.key_id(key.name, notes.ALGORITHM_ED25519, key.public_key)


def test_a_plain_note_key_is_not_accepted_as_a_witness_key() -> None:
    """A type 0x01 verifier key is refused: its statement is a log signature, not a cosignature."""
    with pytest.raises(KeyFormatError, match="type 4"):
        cosignatures.parse_witness_key(TEST_NOTE_VKEY)


@pytest.mark.parametrize(
    "text",
    [
        "remora.n621.de+da77ade8+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",  # wrong key id
        "remora.n621.de+da77ade7",  # no key data
        "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw",  # not base64
        "remora.n621.de+0xda77ad+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",  # not 8 hex
        "remora n621+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",  # space in name
    ],
)
def test_malformed_witness_keys_are_refused(text: str) -> None:
    """A witness key must be name+8-hex key id+canonical base64 of 0x04 and 32 bytes."""
    with pytest.raises(KeyFormatError):
        cosignatures.parse_witness_key(text)


def test_a_generated_witness_round_trips_through_its_key_texts() -> None:
    """generate, format and parse give back the same witness and public key."""
    signer = cosignatures.generate_witness_signer(WITNESS)
    secret = cosignatures.format_witness_signer_key(signer)
    public = cosignatures.format_witness_key(signer.witness_key())
    assert secret.startswith(f"PRIVATE+KEY+{WITNESS}+")
    assert cosignatures.parse_witness_signer_key(secret).witness_key() == signer.witness_key()
    assert cosignatures.parse_witness_key(public) == signer.witness_key()


def test_a_witness_signer_never_shows_its_key() -> None:
    """repr names the witness and key id only."""
    signer = cosignatures.generate_witness_signer(WITNESS)
    seed_text = cosignatures.format_witness_signer_key(signer).rsplit("+", 1)[1]
    assert seed_text not in repr(signer)
    assert f"{signer.witness_key().key_id:08x}" in repr(signer)


def test_a_signer_key_with_a_wrong_key_id_is_refused(witness: WitnessSigner) -> None:
    """The key id in a secret key must match the key derived from its seed."""
    secret = cosignatures.format_witness_signer_key(witness)
    name, _, data = secret.removeprefix("PRIVATE+KEY+").split("+", 2)
    with pytest.raises(KeyFormatError, match="key id"):
        cosignatures.parse_witness_signer_key(f"PRIVATE+KEY+{name}+00000000+{data}")


# -- Cosigning ----------------------------------------------------------------


def test_the_signed_message_is_the_spec_example() -> None:
    """cosignature/v1, the time line, then the checkpoint body, byte for byte."""
    assert cosignatures.cosigned_message(SPEC_BODY, 1679315147) == SPEC_MESSAGE.encode()


def test_a_cosignature_line_is_key_id_then_big_endian_time_then_signature(
    witness: WitnessSigner,
) -> None:
    """The line's payload is key ID (4) || u64 timestamp (8) || Ed25519 signature (64)."""
    body = _body()
    line = cosignatures.cosign(body, witness, T)
    name, encoded = line.removeprefix("\u2014 ").split(" ")
    raw = base64.b64decode(encoded)
    assert name == WITNESS
    assert len(raw) == 4 + 8 + 64
    assert int.from_bytes(raw[:4], "big") == witness.witness_key().key_id
    assert raw[4:12] == T.to_bytes(8, "big")
    assert witness.witness_key().verify(body, T, raw[12:])


def test_a_cosignature_verifies_with_the_witness_key(witness: WitnessSigner) -> None:
    """Round trip: the line verifies, giving the witness and the time it states."""
    line = cosignatures.cosign(_body(), witness, T)
    found = cosignatures.verify_cosignature(_body(), line, witness.witness_key())
    assert found == Cosignature(WITNESS, T)


def test_a_cosignature_does_not_verify_with_another_witness_key(witness: WitnessSigner) -> None:
    """Another key under the same name has another key id: the line is not that key's."""
    line = cosignatures.cosign(_body(), witness, T)
    other = cosignatures.generate_witness_signer(WITNESS).witness_key()
    with pytest.raises(InvalidCosignatureError, match=f"witness {WITNESS}"):
        cosignatures.verify_cosignature(_body(), line, other)


def test_a_cosignature_does_not_verify_with_a_changed_time(witness: WitnessSigner) -> None:
    """The time is signed: moving it by one second breaks the cosignature."""
    line = _flip_payload_byte(cosignatures.cosign(_body(), witness, T), 11)
    with pytest.raises(InvalidCosignatureError, match="does not verify"):
        cosignatures.verify_cosignature(_body(), line, witness.witness_key())


def test_a_cosignature_does_not_verify_over_another_body(witness: WitnessSigner) -> None:
    """A cosignature of size 5 is not one of size 6."""
    line = cosignatures.cosign(_body(5), witness, T)
    with pytest.raises(InvalidCosignatureError):
        cosignatures.verify_cosignature(_body(6), line, witness.witness_key())


def test_a_changed_signature_byte_does_not_verify(witness: WitnessSigner) -> None:
    """One flipped bit in the Ed25519 signature is caught."""
    line = _flip_payload_byte(cosignatures.cosign(_body(), witness, T), 40)
    with pytest.raises(InvalidCosignatureError):
        cosignatures.verify_cosignature(_body(), line, witness.witness_key())


@pytest.mark.parametrize("timestamp", [-1, 2**63])
def test_times_outside_the_spec_range_are_refused(witness: WitnessSigner, timestamp: int) -> None:
    """The timestamp is 0 to 2^63 - 1 POSIX seconds."""
    with pytest.raises(CosignatureError):
        cosignatures.cosign(_body(), witness, timestamp)


def test_a_witness_cosigns_only_checkpoint_bodies(witness: WitnessSigner) -> None:
    """Text that is not a checkpoint is refused: a witness never signs what it cannot read."""
    with pytest.raises(checkpoints.MalformedCheckpointError):
        cosignatures.cosign("hello\n", witness, T)


def test_the_same_key_as_log_and_witness_is_domain_separated(witness: WitnessSigner) -> None:
    """A note signature and a cosignature by one Ed25519 key never pass for each other."""
    seed = bytes(range(1, 33))
    as_log = notes.Signer.from_seed(WITNESS, seed)
    note = notes.sign_note(_body(), [as_log])
    assert cosignatures.verify_cosignatures(note, [witness.witness_key()]) == []
    cosigned = cosignatures.add_cosignatures(
        notes.sign_note(_body(), [notes.generate_signer("other")]),
        [cosignatures.cosign(_body(), witness, T)],
    )
    with pytest.raises(notes.UnverifiedNoteError):
        notes.open_note(cosigned, [as_log.verifier()])


# -- Notes with cosignatures ----------------------------------------------------


def test_added_cosignatures_leave_the_log_signature_valid(
    log: notes.Signer, witness: WitnessSigner
) -> None:
    """verify_checkpoint ignores cosignature lines; verify_cosignatures finds them."""
    note = cosignatures.add_cosignatures(_note(log), [cosignatures.cosign(_body(), witness, T)])
    assert checkpoints.verify_checkpoint(note, log.verifier()).size == 5
    assert cosignatures.verify_cosignatures(note, [witness.witness_key()]) == [
        Cosignature(WITNESS, T)
    ]


def test_adding_the_same_cosignature_twice_adds_one_line(
    log: notes.Signer, witness: WitnessSigner
) -> None:
    """add_cosignatures is idempotent per line."""
    line = cosignatures.cosign(_body(), witness, T)
    once = cosignatures.add_cosignatures(_note(log), [line])
    assert cosignatures.add_cosignatures(once, [line, line]) == once


def test_a_cosignature_line_must_be_one_line(log: notes.Signer, witness: WitnessSigner) -> None:
    """A line with its newline, or two lines in one, is malformed."""
    line = cosignatures.cosign(_body(), witness, T)
    with pytest.raises(MalformedNoteError):
        cosignatures.add_cosignatures(_note(log), [line + "\n"])


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("\ud800", "valid UTF-8"),
        (b"\xff".decode("utf-8", "surrogateescape"), "valid UTF-8"),
        ("\x01", "control characters"),
    ],
    ids=["lone surrogate", "invalid byte kept by surrogateescape", "control character"],
)
def test_a_cosigned_note_is_refused_as_a_plain_note_is(
    log: notes.Signer, witness: WitnessSigner, bad: str, error: str
) -> None:
    """signed-note "Format": one parser, so every reader refuses the note with the same error."""
    note = cosignatures.add_cosignatures(_note(log), [cosignatures.cosign(_body(), witness, T)])
    note = note.replace("\n", f"\n{bad}", 1)
    for read in (
        partial(notes.open_note, note, [log.verifier()]),
        partial(cosignatures.verify_cosignatures, note, [witness.witness_key()]),
        partial(cosignatures.add_cosignatures, note, []),
    ):
        with pytest.raises(MalformedNoteError, match=rf"^a note must (be|not contain) {error}"):
            read()


def test_witnesses_are_listed_in_note_order_and_unknown_ones_ignored(
    log: notes.Signer, witness: WitnessSigner
) -> None:
    """Two known witnesses are listed; an unknown witness's line is ignored."""
    second = cosignatures.generate_witness_signer("nhs-westshire")
    stranger = cosignatures.generate_witness_signer("stranger.example")
    lines = [
        cosignatures.cosign(_body(), w, T + i) for i, w in enumerate([witness, stranger, second])
    ]
    note = cosignatures.add_cosignatures(_note(log), lines)
    found = cosignatures.verify_cosignatures(note, [second.witness_key(), witness.witness_key()])
    assert found == [Cosignature(WITNESS, T), Cosignature("nhs-westshire", T + 2)]


def test_a_bad_cosignature_by_a_known_witness_rejects(
    log: notes.Signer, witness: WitnessSigner
) -> None:
    """A known witness's line that does not verify raises, naming the witness."""
    line = _flip_payload_byte(cosignatures.cosign(_body(), witness, T), 20)
    note = cosignatures.add_cosignatures(_note(log), [line])
    with pytest.raises(InvalidCosignatureError) as raised:
        cosignatures.verify_cosignatures(note, [witness.witness_key()])
    assert raised.value.witness == WITNESS
    assert str(raised.value) == f"witness {WITNESS}: cosignature does not verify"


def test_a_cosignature_from_the_future_can_be_refused(
    log: notes.Signer, witness: WitnessSigner
) -> None:
    """not_after rejects a cosignature timestamped later (the spec's MAY)."""
    note = cosignatures.add_cosignatures(_note(log), [cosignatures.cosign(_body(), witness, T)])
    assert cosignatures.verify_cosignatures(note, [witness.witness_key()], not_after=T)
    with pytest.raises(InvalidCosignatureError, match="after"):
        cosignatures.verify_cosignatures(note, [witness.witness_key()], not_after=T - 1)


def test_two_witness_keys_behind_one_name_and_key_id_are_ambiguous(
    log: notes.Signer, witness: WitnessSigner
) -> None:
    """A line matching two different known keys cannot be attributed."""
    real = witness.witness_key()
    note = cosignatures.add_cosignatures(_note(log), [cosignatures.cosign(_body(), witness, T)])

    class SameId(WitnessKey):
        __slots__ = ()

        @property
        def key_id(self) -> int:
            return real.key_id

    twin = SameId(real.name, cosignatures.generate_witness_signer(WITNESS).witness_key().public_key)
    with pytest.raises(AmbiguousKeyError, match=rf"^two witness keys are named {WITNESS}\+"):
        cosignatures.verify_cosignatures(note, [real, twin])


# -- Witnessing ---------------------------------------------------------------


def test_a_witness_cosigns_its_first_checkpoint_after_checking_the_log_signature(
    log: notes.Signer, witness: WitnessSigner
) -> None:
    """With nothing cosigned before, a correctly signed checkpoint is cosigned."""
    line = cosignatures.witness_checkpoint(
        _note(log),
        log_key=log.verifier(),
        witness_signer=witness,
        timestamp=T,
        last_cosigned=None,
        consistency_proof=[],
    )
    assert cosignatures.verify_cosignature(_body(), line, witness.witness_key()).timestamp == T


def test_a_witness_cosigns_a_checkpoint_that_extends_the_last_one(
    log: notes.Signer, witness: WitnessSigner
) -> None:
    """A consistency proof from size 5 to size 9 lets the witness cosign size 9."""
    store = _tree(9)
    last = Checkpoint(ORIGIN, 5, merkle.root_at(5, store))
    line = cosignatures.witness_checkpoint(
        _note(log, 9),
        log_key=log.verifier(),
        witness_signer=witness,
        timestamp=T,
        last_cosigned=last,
        consistency_proof=merkle.consistency_proof(5, 9, store),
    )
    assert cosignatures.verify_cosignature(_body(9), line, witness.witness_key())


def test_a_witness_refuses_a_fork(log: notes.Signer, witness: WitnessSigner) -> None:
    """A checkpoint whose first 5 leaves differ from those cosigned is refused."""
    store = _tree(9)
    forked = Checkpoint(ORIGIN, 5, merkle.root_at(5, _tree(5, salt=1)))
    with pytest.raises(InconsistentCheckpointError, match="does not extend"):
        cosignatures.witness_checkpoint(
            _note(log, 9),
            log_key=log.verifier(),
            witness_signer=witness,
            timestamp=T,
            last_cosigned=forked,
            consistency_proof=merkle.consistency_proof(5, 9, store),
        )


def test_a_witness_refuses_a_smaller_tree(log: notes.Signer, witness: WitnessSigner) -> None:
    """Going back from size 9 to size 5 (a truncation) is refused."""
    last = Checkpoint(ORIGIN, 9, merkle.root_at(9, _tree(9)))
    with pytest.raises(InconsistentCheckpointError):
        cosignatures.witness_checkpoint(
            _note(log, 5),
            log_key=log.verifier(),
            witness_signer=witness,
            timestamp=T,
            last_cosigned=last,
            consistency_proof=[],
        )


def test_a_witness_refuses_another_logs_checkpoint(
    log: notes.Signer, witness: WitnessSigner
) -> None:
    """The last cosigned checkpoint must be of the same origin."""
    last = Checkpoint("elsewhere.example/log", 5, merkle.root_at(5, _tree(5)))
    with pytest.raises(OriginMismatchError):
        cosignatures.witness_checkpoint(
            _note(log, 5),
            log_key=log.verifier(),
            witness_signer=witness,
            timestamp=T,
            last_cosigned=last,
            consistency_proof=[],
        )


def test_a_witness_refuses_a_checkpoint_not_signed_by_the_log(witness: WitnessSigner) -> None:
    """A checkpoint signed by another key of the same name is refused before cosigning."""
    impostor = notes.generate_signer(ORIGIN)
    real = notes.Signer.from_seed(ORIGIN, bytes(range(32)))
    note = notes.sign_note(_body(), [impostor])
    with pytest.raises(notes.UnverifiedNoteError):
        cosignatures.witness_checkpoint(
            note,
            log_key=real.verifier(),
            witness_signer=witness,
            timestamp=T,
            last_cosigned=None,
            consistency_proof=[],
        )
    tampered = note.replace("\n5\n", "\n6\n")
    with pytest.raises(InvalidSignatureError):
        cosignatures.witness_checkpoint(
            tampered,
            log_key=impostor.verifier(),
            witness_signer=witness,
            timestamp=T,
            last_cosigned=None,
            consistency_proof=[],
        )
