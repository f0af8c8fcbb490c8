"""Identifiers, sealing, retention rules and log redaction: the pure privacy parts."""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

import pytest
import structlog
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from structlog.testing import capture_logs

from api.logging import REDACTED, redact
from ledger.domain.errors import ValidationError
from ledger.privacy import retention, sealing
from ledger.privacy.identifiers import (
    Kind,
    digest,
    natural_identifier_in,
    nhs_check_digit,
    parse,
    upn_check_letter,
)


def test_a_valid_nhs_number_is_normalised() -> None:
    """Spaces and hyphens go; the modulus 11 check digit is checked."""
    assert parse("nhs", "943 476-5919").value == "9434765919"


@pytest.mark.parametrize("value", ["9434765918", "943476591", "94347659190", "94347659AB"])
def test_a_wrong_nhs_number_is_refused_without_echoing_it(value: str) -> None:
    """A bad check digit or length is refused; the message names the kind, not the value."""
    with pytest.raises(ValidationError) as caught:
        parse("nhs", value)
    assert caught.value.field == "nhs"
    assert value not in str(caught.value)


def test_a_check_digit_of_ten_means_no_valid_number() -> None:
    """Modulus 11 leaves 10 for some first nine digits: no NHS number has them."""
    assert nhs_check_digit("000000006") is None  # 6 x 2 = 12 = 1 (mod 11): 11 - 1 = 10


@pytest.mark.parametrize(
    ("value", "valid"),
    [("AB123456C", True), ("ab 12 34 56 c", True), ("QQ123456C", False), ("GB123456A", False),
     ("AB123456E", False), ("AB12345C", False)],
)  # fmt: skip
def test_national_insurance_number_format(value: str, valid: bool) -> None:
    """Two allowed letters, six digits and A-D; disallowed prefixes refused."""
    if valid:
        assert parse(Kind.NINO, value).value == value.replace(" ", "").upper()
    else:
        with pytest.raises(ValidationError):
            parse(Kind.NINO, value)


def test_a_unique_pupil_number_carries_its_check_letter() -> None:
    """The DfE check letter over 12 digits must lead the UPN."""
    digits = "820123456789"
    good = upn_check_letter(digits) + digits
    assert parse("upn", good).value == good
    wrong = ("A" if good[0] != "A" else "B") + digits
    with pytest.raises(ValidationError, match="check letter"):
        parse("upn", wrong)


PUPIL = upn_check_letter("820123456789") + "820123456789"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("HL918273C", Kind.NINO),
        ("user:hl 91 82 73 c", Kind.NINO),
        ("nhs-9876543210", Kind.NHS),
        ("943 476 5919", Kind.NHS),
        ("ref/943-476-5919/x", Kind.NHS),
        (PUPIL, Kind.UPN),
        (f"pupil-{PUPIL.lower()}", Kind.UPN),
        # Shapes without a right check digit or letter, or inside a longer run, are not them.
        ("9876543211", None),
        ("98765432101", None),
        ("HL918273CX", None),
        (("A" if PUPIL[0] != "A" else "B") + PUPIL[1:], None),
        ("ISA-2024-07", None),
        ("fsw-0001", None),
    ],
)
def test_a_natural_identifier_is_found_however_it_is_written(value: str, kind: Kind | None) -> None:
    """NHS, NI and pupil numbers are found in any case, spaced or hyphenated, inside a value."""
    assert natural_identifier_in(value) is kind


def test_digests_are_keyed_and_separate_kinds() -> None:
    """Another key, or the same text as another kind, gives another digest."""
    nhs = parse("nhs", "9434765919")
    case = parse("case", "9434765919")
    assert digest(b"k" * 32, nhs) != digest(b"j" * 32, nhs)
    assert digest(b"k" * 32, nhs) != digest(b"k" * 32, case)
    assert "9434765919" not in repr(nhs)


def test_sealed_text_opens_only_with_every_subjects_key() -> None:
    """A family share's text may name each member: it opens with all their keys, and once any
    one member's key is destroyed (disposal) no one can open it, for ever."""
    a, b = sealing.new_data_key(), sealing.new_data_key()
    sealed = sealing.seal("visited the family home", "justification", {"sr_a": a, "sr_b": b})
    assert "visited" not in sealed
    assert sealing.recipients(sealed) == ["sr_a", "sr_b"]
    assert sealing.unseal(sealed, {"sr_a": a, "sr_b": b}) == "visited the family home"
    assert sealing.unseal(sealed, {"sr_b": b}) is None
    assert sealing.unseal(sealed, {"sr_a": a}) is None
    assert sealing.unseal(sealed, {}) is None


def test_a_share_of_one_value_cannot_open_another() -> None:
    """Each value has its own content key and shares: swapping a share between two values
    fails authentication rather than opening either."""
    a, b = sealing.new_data_key(), sealing.new_data_key()
    first = sealing.seal("one", "justification", {"sr_a": a, "sr_b": b})
    second = sealing.seal("two", "justification", {"sr_a": a, "sr_b": b})
    doc1 = json.loads(base64.urlsafe_b64decode(first[len(sealing.PREFIX) :] + "=="))
    doc2 = json.loads(base64.urlsafe_b64decode(second[len(sealing.PREFIX) :] + "=="))
    doc1["k"]["sr_b"] = doc2["k"]["sr_b"]
    mixed = sealing.PREFIX + base64.urlsafe_b64encode(json.dumps(doc1).encode()).decode()
    with pytest.raises(sealing.SealError):
        sealing.unseal(mixed, {"sr_a": a, "sr_b": b})


def test_a_tampered_sealed_value_is_refused() -> None:
    """Changing one character of the ciphertext fails authentication."""
    key = sealing.new_data_key()
    sealed = sealing.seal("note", "justification", {"sr_a": key})
    tampered = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    with pytest.raises(sealing.SealError):
        sealing.unseal(tampered, {"sr_a": key})


def test_values_opened_together_each_give_their_own_text() -> None:
    """A page of history opens many values with one memo of ciphers (each person's key set up
    once): every value still opens to its own text, and a tampered one is still refused."""
    a, b, c = (sealing.new_data_key() for _ in range(3))
    keys = {"sr_a": a, "sr_b": b, "sr_c": c}
    texts = ["home visit", "school meeting", "call to the family"]
    values = [
        sealing.seal(texts[0], "justification", {"sr_a": a, "sr_b": b}),
        sealing.seal(texts[1], "justification", {"sr_b": b, "sr_c": c}),
        sealing.seal(texts[2], "justification", keys),
    ]
    ciphers: dict[str, AESGCM] = {}
    assert [sealing.unseal(v, keys, ciphers) for v in values] == texts
    assert sorted(ciphers) == ["sr_a", "sr_b", "sr_c"]
    tampered = values[0][:-3] + ("A" if values[0][-3] != "A" else "B") + values[0][-2:]
    with pytest.raises(sealing.SealError):
        sealing.unseal(tampered, keys, ciphers)


def test_a_sealed_value_with_a_character_outside_base64_is_refused() -> None:
    """A stored value altered to hold a non-ASCII character reads as malformed, not a crash."""
    sealed = sealing.seal("note", "justification", {"sr_a": sealing.new_data_key()})
    with pytest.raises(sealing.SealError):
        sealing.parse(sealed[:-2] + "é" + sealed[-1:])


def test_a_wrapped_data_key_is_bound_to_its_subject_and_kek() -> None:
    """A data key unwraps only with the same KEK, KEK id and subject."""
    kek, data_key = sealing.new_data_key(), sealing.new_data_key()
    wrapped = sealing.wrap_data_key(kek, "kek-1", "sr_a", data_key)
    assert sealing.unwrap_data_key(kek, "kek-1", "sr_a", wrapped) == data_key
    with pytest.raises(sealing.SealError):
        sealing.unwrap_data_key(kek, "kek-1", "sr_b", wrapped)


def test_the_schedule_is_the_notices() -> None:
    """Every period the privacy notice names is a rule, with its years."""
    years = {rule.id: rule.years for rule in retention.RULES.values()}
    assert years == {
        "adult-social-care": 6,
        "looked-after-children": 75,
        "special-educational-needs": 31,
        "children-other": 25,
        "vulnerable-adults": 10,
        "vulnerable-adults-serious": 30,
        "mental-health-support": 20,
    }


def test_due_leaves_out_the_future_and_the_held() -> None:
    """Due: past its date and not held; oldest first."""
    today = date(2026, 11, 25)
    found = retention.due(
        [
            retention.Assignment("sr_b", "adult-social-care", date(2026, 1, 1), None),
            retention.Assignment("sr_a", "adult-social-care", date(2025, 1, 1), None),
            retention.Assignment("sr_c", "adult-social-care", date(2025, 1, 1), "CLAIM-7"),
            retention.Assignment("sr_d", "adult-social-care", date(2027, 1, 1), None),
        ],
        today,
    )
    assert [a.subject for a in found] == ["sr_a", "sr_b"]
    assert retention.dispose_on("adult-social-care", date(2020, 2, 29)) == date(2026, 2, 28)


def test_the_log_processor_removes_fields_and_shapes() -> None:
    """Sensitive fields are dropped and identifier shapes masked in every logged value."""
    structlog.configure(processors=[redact, structlog.testing.LogCapture()])
    event: dict[str, Any] = {
        "event": "lookup for 943 476 5919 and AB123456C and A820123456789",
        "justification": "Mrs Example's benefits",
        "api_key": "sl_" + "a" * 16 + "_" + "b" * 52,
        "route": "/v1/subjects/{subject}/who-saw",
    }
    with capture_logs(processors=[redact]) as logs:
        structlog.get_logger().info(**event)
    (line,) = logs
    assert line["justification"] == REDACTED
    assert line["api_key"] == REDACTED
    assert "9434765919" not in line["event"].replace(" ", "")
    assert "AB123456C" not in line["event"]
    assert "A820123456789" not in line["event"]
    assert line["route"] == "/v1/subjects/{subject}/who-saw"
