"""The ledger's transcoder reads back exactly what the library's would, from the same bytes."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)
from hypothesis import given
from hypothesis import strategies as st

from ledger.transcoding import DateAsISO, LedgerTranscoder


def _registered(transcoder: JSONTranscoder) -> JSONTranscoder:
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return transcoder


LIBRARY = _registered(JSONTranscoder())
LEDGER = _registered(LedgerTranscoder())

scalars = (
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too: orjson refuses those, the fallback reads them
    | st.floats(allow_nan=False)
    | st.text()
    | st.dates()
    | st.datetimes(timezones=st.just(UTC))
    | st.uuids()
)
states = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), states, max_size=8))
def test_decodes_any_encodable_state_as_the_library_does(state: dict[str, Any]) -> None:
    stored = LIBRARY.encode(state)
    assert LEDGER.encode(state) == stored  # encoding is the library's, byte for byte
    assert LEDGER.decode(stored) == LIBRARY.decode(stored)


def test_decodes_an_event_state_to_its_types() -> None:
    moment = datetime(2026, 11, 26, 9, 30, 0, 123456, tzinfo=UTC)
    state = {
        "timestamp": moment,
        "due_on": date(2026, 12, 24),
        "subjects": ["p-1", "p-2"],
        "nested": {"at": moment, "ids": [UUID(int=7)]},
        "amount": Decimal("1.50"),
    }
    decoded = LEDGER.decode(LIBRARY.encode(state))
    assert decoded == state
    assert type(decoded["due_on"]) is date


def test_a_plain_dict_with_marker_like_keys_is_left_as_it_was() -> None:
    stored = b'{"a":{"_type_":"date_iso","_data_":"2026-01-02","extra":1},"b":{"_type_":"x"}}'
    assert LEDGER.decode(stored) == LIBRARY.decode(stored)


def test_reads_what_only_the_standard_library_parses() -> None:
    stored = LIBRARY.encode({"big": 2**70, "nan": math.nan, "inf": -math.inf})
    decoded = LEDGER.decode(stored)
    assert decoded["big"] == 2**70
    assert math.isnan(decoded["nan"])
    assert decoded["inf"] == -math.inf


def test_an_unregistered_type_is_refused_with_the_library_error() -> None:
    with pytest.raises(TranscodingNotRegisteredError, match="not_registered"):
        LEDGER.decode(b'{"x":{"_type_":"not_registered","_data_":"1"}}')


def test_bytes_that_are_not_json_are_refused_as_the_library_refuses_them() -> None:
    with pytest.raises(json.JSONDecodeError) as library:
        LIBRARY.decode(b"{not json")
    with pytest.raises(json.JSONDecodeError) as ledger:
        LEDGER.decode(b"{not json")
    assert str(ledger.value) == str(library.value)
