"""How an event's state becomes the stored JSON bytes, and back.

Encoding is the library's ``JSONTranscoder``, unchanged: the bytes it writes
are what the chain hashes (docs/chain-format.md §2), so they must not depend
on which JSON library a release happens to use.

Decoding parses with ``orjson`` and then puts the custom types back
(``{"_type_": ..., "_data_": ...}``) in one pass, as the library's
``object_hook`` does dict by dict. Reading is what a projection rebuild and
every report's replay repeat for each entry; on the bench ledger's events it
takes about 4.8 µs against the library's 6.5 (the rest of a read is the
library's mapper and the store).
Anything orjson will not parse but the standard library does (a NaN written
by ``allow_nan``, a float beyond a double) is decoded by the library, so
nothing the encoder can write becomes unreadable. So is any state holding a
float: orjson reads an integer beyond 64 bits as a float, without an error
(orjson 3.13: ``-9223372036854775809`` becomes ``-9.223372036854776e+18``),
where the library keeps it exact. The ledger's events hold no floats, so this
costs them nothing; looking for long digit runs in the bytes instead took
longer than the parse.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from eventsourcing.persistence import JSONTranscoder, Transcoding

# What JSON gives that needs nothing put back (float is missing on purpose: see above).
_PLAIN = frozenset({str, int, bool, type(None)})


class _FloatSeen(Exception):
    """orjson gave a float: it may stand for an integer too wide for 64 bits."""


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class LedgerTranscoder(JSONTranscoder):
    """The library's JSON encoding; a faster decoding of the same bytes to the same objects."""

    def decode(self, data: bytes) -> Any:
        try:
            return self._revive(orjson.loads(data))
        except (orjson.JSONDecodeError, _FloatSeen):
            return super().decode(data)

    def _revive(self, value: Any) -> Any:
        """Custom types put back, innermost first, wherever a dict or list holds one."""
        kind = type(value)
        if kind is dict:
            for key, item in value.items():
                if type(item) not in _PLAIN:
                    value[key] = self._revive(item)
            if len(value) == 2 and "_type_" in value and "_data_" in value:
                return self._decode_obj(value)  # the library's own step, its errors too
            return value
        if kind is list:
            return [item if type(item) in _PLAIN else self._revive(item) for item in value]
        if kind is float:
            raise _FloatSeen
        return value
