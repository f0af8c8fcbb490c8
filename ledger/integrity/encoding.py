"""Standard base64 (RFC 4648 §4), read strictly: one spelling per value.

Pure, standard library only. The one encode/decode pair that signed notes,
checkpoints, evidence bundles and share receipts (``ledger.domain``) use;
``offline_verify.py`` keeps its own copy on purpose, so that it stays one
file that depends on nothing here.
"""

from __future__ import annotations

import base64
import binascii


def decode_base64(text: str) -> bytes:
    """Strict standard base64 (RFC 4648 §4): the alphabet, padding, and canonical form only."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64") from error
    # Refuse encodings with non-zero spare bits (RFC 4648 §3.5), so each value has one spelling.
    if base64.b64encode(raw).decode("ascii") != text:
        raise ValueError("not canonical base64")
    return raw


def encode_base64(raw: bytes) -> str:
    """Standard base64 (RFC 4648 §4), with padding."""
    return base64.b64encode(raw).decode("ascii")
