"""C2SP signed notes with Ed25519: keys, their text encodings, signing and opening.

Known answers come from golang.org/x/mod, ``sumdb/note/note_test.go``
(github.com/golang/mod @02c99138; the same keys and note appear in the
package documentation of ``sumdb/note/note.go``): the PeterNeumann and
EnochRoot keys and the note they sign. Ed25519 signing is deterministic
(RFC 8032), so signing that text with that key must reproduce the
published signature byte for byte.
"""

from __future__ import annotations

import base64
import hashlib

import pytest

from ledger.integrity import cosignatures, notes
from ledger.integrity.notes import (
    AmbiguousKeyError,
    InvalidSignatureError,
    KeyFormatError,
    MalformedNoteError,
    Signer,
    UnverifiedNoteError,
    Verifier,
)

# sumdb/note/note_test.go TestNewSigner, TestNewVerifier, TestVerifierList, TestOpen
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "\u2014 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "\u2014 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
)


@pytest.fixture
def peter() -> Verifier:
    return notes.parse_verifier_key(PETER_VKEY)


@pytest.fixture
def enoch() -> Verifier:
    return notes.parse_verifier_key(ENOCH_VKEY)


# -- Keys ---------------------------------------------------------------------------


def test_verifier_key_parses_to_the_published_name_and_key_id() -> None:
    """The published verifier key names PeterNeumann with key id c74f20a3."""
    verifier = notes.parse_verifier_key(PETER_VKEY)
    assert verifier.name == "PeterNeumann"
    assert verifier.key_id == 0xC74F20A3
    assert notes.format_verifier_key(verifier) == PETER_VKEY


def test_key_id_is_the_first_four_bytes_of_the_specified_hash() -> None:
    """signed-note: key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian."""
    verifier = notes.parse_verifier_key(PETER_VKEY)
    digest = hashlib.sha256(b"PeterNeumann\n\x01" + verifier.public_key).digest()
    assert verifier.key_id == int.from_bytes(digest[:4], "big")


def test_signer_key_derives_the_published_verifier_key_and_round_trips() -> None:
    """The published signer key's public half is the published verifier key."""
    signer = notes.parse_signer_key(PETER_SKEY)
    assert notes.format_verifier_key(signer.verifier()) == PETER_VKEY
    assert notes.format_signer_key(signer) == PETER_SKEY


def manglings(key: str) -> list[str]:
    """As note_test.go does: every proper substring, and every character incremented."""
    substrings = [
        key[i:j]
        for i in range(len(key) + 1)
        for j in range(i + 1, len(key) + 1)
        if (i, j) != (0, len(key))
    ]
    incremented = [key[:i] + chr(ord(key[i]) + 1) + key[i + 1 :] for i in range(len(key))]
    return substrings + incremented


def test_every_mangled_verifier_key_is_refused() -> None:
    """No substring or one-character change of a verifier key parses (note_test.go)."""
    accepted = []
    for text in manglings(PETER_VKEY):
        try:
            notes.parse_verifier_key(text)
        except KeyFormatError:
            continue
        accepted.append(text)
    assert accepted == []


def test_every_mangled_signer_key_is_refused() -> None:
    """No substring or one-character change of a signer key parses (note_test.go)."""
    accepted = []
    for text in manglings(PETER_SKEY):
        try:
            notes.parse_signer_key(text)
        except KeyFormatError:
            continue
        accepted.append(text)
    assert accepted == []


def test_keys_of_the_wrong_length_or_algorithm_are_refused_even_with_a_matching_id() -> None:
    """note_test.go: a too-long key and algorithm byte 0x65, each with an adjusted key id."""
    with pytest.raises(KeyFormatError):
        notes.parse_verifier_key(
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="
        )
    with pytest.raises(KeyFormatError, match="algorithm"):
        notes.parse_verifier_key(
            "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        )


def test_key_ids_with_integer_syntax_other_than_8_hex_digits_are_refused() -> None:
    """int(x, 16) would take '0x', '_' and signs; the key id field takes only hex digits."""
    verifier = notes.parse_verifier_key(PETER_VKEY)
    key_data = PETER_VKEY.split("+", 2)[2]
    for key_id in ("0xc74f20a3", "c74f_20a3", "+c74f20a", " c74f20a", "c74f20a"):
        with pytest.raises(KeyFormatError):
            notes.parse_verifier_key(f"{verifier.name}+{key_id}+{key_data}")


@pytest.mark.parametrize(
    "name", ["", "a b", "a+b", "a\tb", "a\u00a0b", "a\u2003b", "a\nb", "a\x00b", "\ud800"]
)
def test_invalid_key_names_are_refused(name: str) -> None:
    """signed-note: names are non-empty UTF-8 with no Unicode spaces and no '+'."""
    assert not notes.is_valid_key_name(name)
    with pytest.raises(KeyFormatError):
        notes.generate_signer(name)


def test_generated_keys_round_trip_through_their_text_encodings() -> None:
    """A new signer's key texts parse back to the same name, key id and public key."""
    signer = notes.generate_signer("sharing-ledger.example/council")
    again = notes.parse_signer_key(notes.format_signer_key(signer))
    assert again.verifier() == signer.verifier()
    vkey = notes.format_verifier_key(signer.verifier())
    assert notes.parse_verifier_key(vkey) == signer.verifier()
    assert vkey.startswith(f"sharing-ledger.example/council+{signer.key_id:08x}+")


def test_a_signer_never_shows_its_private_key() -> None:
    """repr and str show the name and key id only; there is no __dict__ to dump."""
    signer = notes.parse_signer_key(PETER_SKEY)
    seed = base64.b64decode(PETER_SKEY.split("+", 4)[4])[1:]
    for shown in (repr(signer), str(signer), f"{signer}"):
        assert shown == "Signer(name='PeterNeumann', key_id=c74f20a3)"
        assert seed.hex() not in shown
        assert base64.b64encode(seed).decode() not in shown
    assert not hasattr(signer, "__dict__")


def test_a_seed_of_the_wrong_size_is_refused() -> None:
    """An Ed25519 seed is 32 bytes."""
    with pytest.raises(KeyFormatError):
        Signer.from_seed("name", bytes(31))


# -- Signing -------------------------------------------------------------------------


def test_signing_reproduces_the_published_note() -> None:
    """sign_note with the published key and text gives the published note, byte for byte."""
    signer = notes.parse_signer_key(PETER_SKEY)
    assert notes.sign_note(TEXT, [signer]) == TEXT + "\n" + PETER_SIG


def test_signing_refuses_text_that_could_not_be_opened() -> None:
    """Text must end in a newline and hold no control characters; a signer is required."""
    signer = notes.parse_signer_key(PETER_SKEY)
    for text in ("abc", "a\tb\n", "a\rb\n", "\ud800\n"):
        with pytest.raises(MalformedNoteError):
            notes.sign_note(text, [signer])
    with pytest.raises(ValueError, match="signer"):
        notes.sign_note(TEXT, [])


def test_notes_round_trip_with_several_signers_and_blank_lines() -> None:
    """A note's text, blank lines included, comes back with every known signer's name."""
    first, second = notes.generate_signer("a.example/one"), notes.generate_signer("b.example/two")
    text = "line one\n\nline three after a blank line\n"
    opened = notes.open_note(notes.sign_note(text, [first, second]), [second.verifier()])
    assert opened == (text, ["b.example/two"])
    opened = notes.open_note(
        notes.sign_note(text, [first, second]), [first.verifier(), second.verifier()]
    )
    assert opened.signers == ["a.example/one", "b.example/two"]


# -- Opening -------------------------------------------------------------------------


def test_open_verifies_known_keys_and_ignores_unknown_ones(
    peter: Verifier, enoch: Verifier
) -> None:
    """note_test.go TestOpen: with Peter's key only, Enoch's signature is ignored."""
    note = TEXT + "\n" + PETER_SIG + ENOCH_SIG
    assert notes.open_note(note, [peter]) == (TEXT, ["PeterNeumann"])
    assert notes.open_note(note, [peter, enoch]) == (TEXT, ["PeterNeumann", "EnochRoot"])
    assert notes.open_note(note.encode("utf-8"), [enoch]).signers == ["EnochRoot"]


def test_a_note_with_no_known_signature_is_rejected() -> None:
    """signed-note: if no signature from a known key verifies, the note MUST be rejected."""
    with pytest.raises(UnverifiedNoteError):
        notes.open_note(TEXT + "\n" + PETER_SIG + ENOCH_SIG, [])
    other = notes.generate_signer("PeterNeumann")  # same name, different key id
    with pytest.raises(UnverifiedNoteError):
        notes.open_note(TEXT + "\n" + PETER_SIG, [other.verifier()])


def test_a_bad_signature_from_a_known_key_rejects_the_note(peter: Verifier) -> None:
    """note_test.go: four characters inserted into Peter's signature make it invalid."""
    bad = PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(InvalidSignatureError, match="PeterNeumann\\+c74f20a3"):
        notes.open_note(TEXT + "\n" + bad, [peter])


def test_tampered_text_is_rejected(peter: Verifier) -> None:
    """Changing one character of the signed text breaks the known key's signature."""
    tampered = TEXT.replace("problem,", "problem;")
    with pytest.raises(InvalidSignatureError):
        notes.open_note(tampered + "\n" + PETER_SIG, [peter])


def test_every_signature_from_a_known_key_is_verified(peter: Verifier) -> None:
    """A valid signature does not excuse a second, corrupted one by the same key."""
    corrupted = PETER_SIG.replace("x08go/ZJ", "x08go/ZK")
    with pytest.raises(InvalidSignatureError):
        notes.open_note(TEXT + "\n" + PETER_SIG + corrupted, [peter])


def test_repeated_and_unknown_signatures_are_tolerated(peter: Verifier) -> None:
    """note_test.go: Peter's signature twice, and Enoch's three times (once corrupt), unknown."""
    enoch_bad = ENOCH_SIG[:60] + "ABCD" + ENOCH_SIG[60:]
    note = TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enoch_bad
    assert notes.open_note(note, [peter]) == (TEXT, ["PeterNeumann"])


@pytest.mark.parametrize(
    "note",
    [
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + TEXT + "\n" + PETER_SIG,
        TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "Bad Name"),
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        TEXT + "\n" + PETER_SIG.replace("\u2014", "-"),
        TEXT + "\n" + PETER_SIG.replace("x08go", "x08g!"),
        TEXT + "\n" + PETER_SIG.replace("nAM=", "nAN="),
        TEXT + "\n" + "\u2014 PeterNeumann AAAA\n",
    ],
    ids=[
        "no signatures",
        "blank line only",
        "no final newline",
        "control character",
        "space in name",
        "unexpected line",
        "hyphen for em dash",
        "not base64",
        "non-canonical base64",
        "signature too short",
    ],
)
def test_malformed_notes_are_rejected(note: str, peter: Verifier) -> None:
    """note_test.go's bad messages, and a few more, are malformed notes."""
    with pytest.raises(MalformedNoteError):
        notes.open_note(note, [peter])


def test_invalid_utf8_is_rejected(peter: Verifier) -> None:
    """signed-note: notes MUST be valid UTF-8."""
    with pytest.raises(MalformedNoteError):
        notes.open_note(b"\xff" + (TEXT + "\n" + PETER_SIG).encode("utf-8"), [peter])


def test_more_than_the_signature_limit_is_rejected(peter: Verifier) -> None:
    """note_test.go: 101 signatures are refused; the spec's minimum of 16 is accepted."""
    with pytest.raises(MalformedNoteError):
        notes.open_note(TEXT + "\n" + PETER_SIG * 101, [peter])
    assert notes.open_note(TEXT + "\n" + PETER_SIG * 16, [peter]).signers == ["PeterNeumann"]


class _CollidingVerifier(Verifier):
    """A verifier that claims Peter's key id for another key, to force a collision."""

    @property
    def key_id(self) -> int:
        return 0xC74F20A3


def test_two_different_known_keys_with_one_name_and_id_are_ambiguous(peter: Verifier) -> None:
    """A signature cannot be attributed when two known keys share its name and id."""
    impostor = _CollidingVerifier("PeterNeumann", bytes(32))
    with pytest.raises(AmbiguousKeyError):
        notes.open_note(TEXT + "\n" + PETER_SIG, [peter, impostor])
    # The same key listed twice is not a collision.
    assert notes.open_note(TEXT + "\n" + PETER_SIG, [peter, peter]).signers == ["PeterNeumann"]


# -- The shared parsing helpers (cosignatures.py reads its notes and keys with them) --


def test_key_data_is_read_for_the_signature_type_asked_for_only() -> None:
    """parse_key_data takes the type byte: 0x01 data is a type 1 key and nothing else."""
    data = PETER_VKEY.split("+", 2)[2]
    assert (
        notes.parse_key_data(data, notes.ALGORITHM_ED25519)
        == notes.parse_verifier_key(PETER_VKEY).public_key
    )
    with pytest.raises(
        KeyFormatError, match=r"^unknown key algorithm: signature type 1, expected type 4$"
    ):
        notes.parse_key_data(data, 0x04)


@pytest.mark.parametrize("text", ["c74f20a3", "C74F20A3"])
def test_a_key_id_is_8_hex_digits_either_case(text: str) -> None:
    """parse_key_id reads exactly 8 hex digits (string.hexdigits: either case)."""
    assert notes.parse_key_id(text) == 0xC74F20A3


@pytest.mark.parametrize("name", ["", "a b", "a+b", "a\u2003b", "a\x00b", "a\x85b", "\ud800"])
def test_check_key_name_raises_where_is_valid_key_name_is_false(name: str) -> None:
    """One name rule for keys, signers and signature lines."""
    with pytest.raises(KeyFormatError, match="is not a valid key name"):
        notes.check_key_name(name)
    notes.check_key_name("sharing-ledger.example/council")


@pytest.mark.parametrize(
    "note",
    [
        "\ud800" + TEXT + "\n" + PETER_SIG,  # a lone surrogate: no UTF-8 form
        (b"\xff" + TEXT.encode()).decode("utf-8", "surrogateescape") + "\n" + PETER_SIG,
        b"\xff" + (TEXT + "\n" + PETER_SIG).encode(),  # invalid UTF-8 bytes
        b"\xed\xa0\x80" + (TEXT + "\n" + PETER_SIG).encode(),  # a surrogate encoded (CESU-8)
    ],
    ids=["lone surrogate", "surrogateescape", "invalid bytes", "encoded surrogate"],
)
def test_split_note_refuses_what_has_no_utf8_form(note: str | bytes) -> None:
    """signed-note "Format": notes MUST be valid UTF-8, whether given as str or as bytes."""
    with pytest.raises(MalformedNoteError, match=r"^a note must be valid UTF-8$"):
        notes.split_note(note)


def test_split_note_and_parse_signature_line_read_the_published_note() -> None:
    """The text with its final newline, the lines, and each line's name, key id and signature."""
    for note in (
        TEXT + "\n" + PETER_SIG + ENOCH_SIG,
        (TEXT + "\n" + PETER_SIG + ENOCH_SIG).encode(),
    ):
        text, lines = notes.split_note(note)
        assert (text, lines) == (TEXT, [PETER_SIG[:-1], ENOCH_SIG[:-1]])
    name, key_id, signature = notes.parse_signature_line(PETER_SIG[:-1])
    assert (name, key_id, len(signature)) == ("PeterNeumann", 0xC74F20A3, 64)


def test_known_keys_maps_name_and_key_id_and_marks_a_collision(
    peter: Verifier, enoch: Verifier
) -> None:
    """A key listed twice is one entry; two keys behind one name and key id are None."""
    assert notes.known_keys([peter, enoch, peter]) == {
        ("PeterNeumann", 0xC74F20A3): peter,
        ("EnochRoot", 0xAF0CFE78): enoch,
    }
    twin = _CollidingVerifier("PeterNeumann", bytes(32))
    assert notes.known_keys([peter, twin]) == {("PeterNeumann", 0xC74F20A3): None}


def test_signatures_by_known_keys_reads_lines_one_at_a_time(peter: Verifier) -> None:
    """Unknown keys are skipped; a line is only read once the one before it was handled."""
    lines = [ENOCH_SIG[:-1], "\u2014 Stranger AAAAAAA=", PETER_SIG[:-1], "not a signature line"]
    found = notes.signatures_by_known_keys(lines, notes.known_keys([peter]))
    key, signature = next(found)
    assert key == peter
    assert peter.verify(TEXT.encode(), signature)
    with pytest.raises(MalformedNoteError):
        next(found)
    twin = _CollidingVerifier("PeterNeumann", bytes(32))
    with pytest.raises(AmbiguousKeyError, match=r"^two keys named so are named PeterNeumann\+"):
        next(
            notes.signatures_by_known_keys(lines, notes.known_keys([peter, twin]), "keys named so")
        )


def test_a_bad_signature_is_reported_before_a_later_malformed_line(peter: Verifier) -> None:
    """open_note checks each known key's signature before it reads the next line."""
    bad = PETER_SIG.replace("x08go/ZJ", "x08go/ZK")
    with pytest.raises(InvalidSignatureError):
        notes.open_note(TEXT + "\n" + bad + "not a signature line\n", [peter])
    with pytest.raises(AmbiguousKeyError, match=r"^two known keys are named PeterNeumann\+"):
        notes.open_note(
            TEXT + "\n" + PETER_SIG, [peter, _CollidingVerifier("PeterNeumann", bytes(32))]
        )


def test_one_key_parser_reads_both_signature_types_and_names_the_kind_in_errors() -> None:
    """parse_verifier_key and format_verifier_key take a type 0x04 witness key given its kind."""
    remora = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"
    witness = notes.parse_verifier_key(remora, cosignatures.WitnessKey)
    assert witness == cosignatures.parse_witness_key(remora)
    assert notes.format_verifier_key(witness) == cosignatures.format_witness_key(witness) == remora
    with pytest.raises(KeyFormatError, match=r"^unknown key algorithm: .* expected type 1$"):
        notes.parse_verifier_key(remora)
    with pytest.raises(KeyFormatError, match=r"^a verifier key is <name>\+<key id>\+<key data>$"):
        notes.parse_verifier_key("PeterNeumann+c74f20a3")
    with pytest.raises(KeyFormatError, match=r"^a witness key is <name>\+<key id>\+<key data>$"):
        cosignatures.parse_witness_key("remora.n621.de+da77ade7")
    signer = cosignatures.WitnessSigner.from_seed("remora.n621.de", bytes(32))
    assert signer.verifier() == signer.witness_key()
    assert type(signer.verifier()) is cosignatures.WitnessKey
