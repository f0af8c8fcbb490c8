"""The one base64 pair: standard RFC 4648 §4 with padding, read only in canonical form."""

from __future__ import annotations

import base64

import pytest

from ledger.integrity.encoding import decode_base64, encode_base64


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
