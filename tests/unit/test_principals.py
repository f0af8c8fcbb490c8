"""Principals and API keys: the key's shape, its salted hash, the check, and each role's rules."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from ledger import principals
from ledger.domain.errors import ValidationError
from ledger.principals import Principal, Role, check_key, hash_key, new_key, principal_id_of

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SUBJECT = "sr_" + "a" * 26
OTHER_SUBJECT = "sr_" + "b" * 26


def secret_of(api_key: str) -> str:
    return api_key.rsplit("_", 1)[1]


def test_a_key_has_the_documented_shape_and_names_its_principal() -> None:
    """sl_<16 base32 id>_<52 base32 secret>: 260 bits, of which 256 come from `secrets`."""
    principal, api_key, _ = new_key(name="LiquidLogic", role=Role.SOURCE_SYSTEM, now=NOW)
    assert re.fullmatch(r"sl_[a-z2-7]{16}_[a-z2-7]{52}", api_key)
    assert principal_id_of(api_key) == principal.id
    assert len(secret_of(api_key)) * 5 >= 256


def test_every_key_is_new() -> None:
    """Two keys for the same holder share neither id nor secret."""
    first = new_key(name="LiquidLogic", role="source-system", now=NOW)
    second = new_key(name="LiquidLogic", role="source-system", now=NOW)
    assert first[0].id != second[0].id
    assert secret_of(first[1]) != secret_of(second[1])


def test_the_stored_hash_holds_neither_the_key_nor_its_secret() -> None:
    """Only scrypt parameters, a salt and a digest are stored; the secret appears nowhere."""
    _, api_key, stored = new_key(name="Auditor", role=Role.AUDITOR, now=NOW)
    assert api_key not in stored
    assert secret_of(api_key) not in stored
    assert stored.startswith("scrypt$14$8$1$")


def test_the_same_key_hashed_twice_gets_different_salts() -> None:
    """A fresh salt per hash: equal keys do not give equal stored values, yet both check."""
    _, api_key, first = new_key(name="Auditor", role=Role.AUDITOR, now=NOW)
    second = hash_key(api_key)
    assert first.split("$")[4] != second.split("$")[4]
    assert first != second
    assert check_key(api_key, first)
    assert check_key(api_key, second)


def test_a_wrong_secret_is_refused() -> None:
    """The right id with one character of the secret changed does not match."""
    _, api_key, stored = new_key(name="Auditor", role=Role.AUDITOR, now=NOW)
    last = api_key[-1]
    forged = api_key[:-1] + ("a" if last != "a" else "b")
    assert not check_key(forged, stored)


def test_another_principals_key_is_refused() -> None:
    """A valid key checked against someone else's hash does not match."""
    _, mine, _ = new_key(name="A", role=Role.AUDITOR, now=NOW)
    _, _, theirs = new_key(name="B", role=Role.AUDITOR, now=NOW)
    assert not check_key(mine, theirs)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "sha256$abc",
        "scrypt$14$8$1$c2FsdA$notbase64!!",
        "scrypt$30$8$1$c2FsdA$" + "A" * 43,  # 2**30: would allocate gigabytes
        "scrypt$14$8$1$c2FsdA$c2hvcnQ",  # digest too short
    ],
)
def test_a_malformed_or_dangerous_stored_hash_is_no_match(stored: str) -> None:
    """A tampered row is simply not a match: no error, and no huge allocation."""
    _, api_key, _ = new_key(name="A", role=Role.AUDITOR, now=NOW)
    assert not check_key(api_key, stored)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "sl_short_secret",
        "Bearer sl_" + "a" * 16 + "_" + "b" * 52,
        "sl_" + "A" * 16 + "_" + "b" * 52,  # upper case is not base32 here
        "sl_" + "a" * 16 + "_" + "b" * 51,
        "sl_" + "a" * 16 + "_" + "b" * 52 + "\n",
    ],
)
def test_the_public_id_is_read_only_from_a_key_of_the_exact_shape(text: str) -> None:
    """Anything but the exact shape is refused, and the message does not echo it."""
    with pytest.raises(ValidationError) as raised:
        principal_id_of(text)
    assert raised.value.field == "api_key"
    if text:
        assert text.strip() not in str(raised.value)


def test_a_malformed_key_never_matches() -> None:
    """check_key refuses a key that is not of the exact shape before hashing it."""
    _, api_key, stored = new_key(name="A", role=Role.AUDITOR, now=NOW)
    assert not check_key(api_key + "x", stored)


def test_an_unknown_role_is_refused_with_the_roles_listed() -> None:
    """The role must be one of the six; the error lists them."""
    with pytest.raises(ValidationError) as raised:
        new_key(name="A", role="superuser", now=NOW)
    assert raised.value.field == "role"
    assert set(raised.value.allowed) == {r.value for r in Role}


def test_a_partner_must_name_its_organisation() -> None:
    """A partner's key is bound to one organisation, so it needs one."""
    with pytest.raises(ValidationError, match="organisation"):
        new_key(name="Police", role=Role.PARTNER, now=NOW)
    principal, _, _ = new_key(
        name="Police", role=Role.PARTNER, organisation="westshire-police", now=NOW
    )
    assert principal.organisation == "westshire-police"


def test_an_investigator_needs_subjects_and_an_expiry() -> None:
    """An investigator is limited to named subjects and a time."""
    later = NOW + timedelta(days=30)
    with pytest.raises(ValidationError, match="subjects"):
        new_key(name="ICO", role=Role.INVESTIGATOR, expires_at=later, now=NOW)
    with pytest.raises(ValidationError, match="expires_at"):
        new_key(name="ICO", role=Role.INVESTIGATOR, subjects=[SUBJECT], now=NOW)
    principal, _, _ = new_key(
        name="ICO",
        role=Role.INVESTIGATOR,
        subjects=[SUBJECT, OTHER_SUBJECT],
        case="ICO-2026-0042",
        expires_at=later,
        now=NOW,
    )
    assert principal.subjects == frozenset({SUBJECT, OTHER_SUBJECT})
    assert principal.case == "ICO-2026-0042"


def test_only_an_investigator_is_limited_to_subjects_or_a_case() -> None:
    """Subjects and a case on any other role are a mistake, refused."""
    with pytest.raises(ValidationError, match="subjects"):
        new_key(name="DPO", role=Role.DPO, subjects=[SUBJECT], now=NOW)
    with pytest.raises(ValidationError, match="case"):
        new_key(name="DPO", role=Role.DPO, case="ICO-1", now=NOW)


def test_a_subject_must_be_a_pseudonymous_reference_and_is_not_echoed() -> None:
    """An NHS number where a subject reference belongs is refused without repeating it."""
    with pytest.raises(ValidationError) as raised:
        new_key(
            name="ICO",
            role=Role.INVESTIGATOR,
            subjects=["943 476 5919"],
            expires_at=NOW + timedelta(days=1),
            now=NOW,
        )
    assert raised.value.field == "subjects"
    assert "943" not in str(raised.value)


def test_times_must_be_aware_and_the_expiry_after_creation() -> None:
    """A naive expiry, or one before the key exists, is refused."""
    with pytest.raises(ValidationError, match="time zone"):
        new_key(
            name="A",
            role=Role.AUDITOR,
            expires_at=datetime(2026, 7, 1),  # noqa: DTZ001 - naive on purpose
            now=NOW,
        )
    with pytest.raises(ValidationError, match="after"):
        new_key(name="A", role=Role.AUDITOR, expires_at=NOW - timedelta(seconds=1), now=NOW)


def test_a_name_is_one_short_line() -> None:
    """Names are labels: a newline or an empty name is refused."""
    with pytest.raises(ValidationError, match="name"):
        new_key(name="two\nlines", role=Role.AUDITOR, now=NOW)
    with pytest.raises(ValidationError, match="name"):
        new_key(name="  ", role=Role.AUDITOR, now=NOW)


def test_a_principal_is_active_until_revoked_or_expired() -> None:
    """active() is false from the revocation or the expiry on, and true before."""
    later = NOW + timedelta(days=1)
    principal = Principal(
        id="a" * 16, name="A", role=Role.AUDITOR, created_at=NOW, expires_at=later
    )
    assert principal.active(NOW)
    assert not principal.active(later)
    revoked = Principal(id="a" * 16, name="A", role=Role.AUDITOR, created_at=NOW, revoked_at=NOW)
    assert not revoked.active(NOW + timedelta(seconds=1))


def test_a_public_id_is_checked_before_it_reaches_a_query() -> None:
    """public_id accepts exactly 16 base32 characters."""
    assert principals.public_id("id", "abcdefghijklmnop") == "abcdefghijklmnop"
    with pytest.raises(ValidationError, match="principal id"):
        principals.public_id("id", "'; DROP TABLE x; --")
