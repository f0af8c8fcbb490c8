"""The one base64 pair: standard RFC 4648 §4 with padding, read only in canonical form.

Its readers outside ``ledger.integrity`` are pinned here too: share receipts
(``ledger.domain.receipts``) read a checkpoint root hash with it.
"""

from __future__ import annotations

import base64
import string
from typing import Any

import pytest

from ledger.domain.receipts import MalformedReceiptError, parse_receipt
from ledger.integrity.encoding import decode_base64, encode_base64
from tests.unit.test_receipts import ROOT, example

_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"


def _second_spelling(raw: bytes) -> str:
    """``raw``'s base64 with a spare bit set: a lenient reader takes it as the same bytes."""
    text = encode_base64(raw)
    data = text.rstrip("=")
    spelled = data[:-1] + _ALPHABET[_ALPHABET.index(data[-1]) | 1] + text[len(data) :]
    assert spelled != text
    assert base64.b64decode(spelled, validate=True) == raw
    return spelled


@pytest.mark.parametrize("raw", [b"", b"\x00", b"\xfb\xff", b"\x01\x02\x03", bytes(range(256))])
def test_every_value_round_trips_through_its_one_spelling(raw: bytes) -> None:
    """encode_base64 is the standard alphabet with padding; decode_base64 reads it back."""
    text = encode_base64(raw)
    assert text == base64.b64encode(raw).decode("ascii")
    assert decode_base64(text) == raw


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("AQ", "not base64"),  # padding left off
        ("AQ=", "not base64"),  # padding cut short
        ("-_8=", "not base64"),  # the URL-safe alphabet (RFC 4648 §5)
        ("AQ==\n", "not base64"),  # a trailing newline
        (" AQ==", "not base64"),  # a leading space
        ("AQ\u00e9=", "not base64"),  # not ASCII
        ("AR==", "not canonical base64"),  # non-zero spare bits: a second spelling of b"\x01"
        ("AQI=AQ==", "not (canonical )?base64"),  # padding in the middle (binascii's call)
    ],
)
def test_anything_but_the_canonical_spelling_is_refused(text: str, reason: str) -> None:
    """RFC 4648 §3.5: a reader that takes any other spelling gives one value two encodings."""
    with pytest.raises(ValueError, match=f"^{reason}$"):
        decode_base64(text)


@pytest.mark.parametrize("root_hash", [_second_spelling(ROOT), encode_base64(ROOT)[:-1], 32])
def test_a_receipt_root_hash_is_read_in_its_one_spelling_only(root_hash: Any) -> None:
    """docs/receipts.md §1: only the canonical encoding is accepted, naming the field."""
    document = example()
    assert parse_receipt(document) is not None
    document["checkpoint"]["root_hash"] = root_hash
    with pytest.raises(MalformedReceiptError) as caught:
        parse_receipt(document)
    assert caught.value.field == "checkpoint.root_hash"
