"""The council's letterhead on subject access responses: from settings, read at the edge.

UK GDPR Art 13(1)(b) and 15: the person must be able to reach the Data
Protection Officer; the ICO's right of access guidance asks a response to say
how to complain. The council's name, address and the DPO's contact are
settings, so each council prints its own (``docs/subject-access.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ledger.storage.config import ConfigurationError

SETTINGS = {
    "council": "LEDGER_COUNCIL_NAME",
    "address": "LEDGER_COUNCIL_ADDRESS",
    "dpo_email": "LEDGER_DPO_EMAIL",
    "dpo_phone": "LEDGER_DPO_PHONE",
    "dpo_address": "LEDGER_DPO_ADDRESS",
}
# Lines of an address are separated by "|" in one setting (an environment
# variable cannot hold a line break in every deployment tool).
LINE_SEPARATOR = "|"
MAX_SETTING = 300


@dataclass(frozen=True, slots=True)
class Letterhead:
    """What the letter prints about the council; None or () where not configured."""

    council: str | None = None
    address: tuple[str, ...] = ()
    dpo_email: str | None = None
    dpo_phone: str | None = None
    dpo_address: tuple[str, ...] = ()

    @property
    def dpo_reachable(self) -> bool:
        """Whether the letter can say how to reach the DPO (it must, to be issued)."""
        return bool(self.dpo_email or self.dpo_address)


def letterhead_from(environ: Mapping[str, str]) -> Letterhead:
    """The letterhead the settings give (unset settings are left out of the letter)."""
    values = {field: _setting(environ, name) for field, name in SETTINGS.items()}
    return Letterhead(
        council=values["council"],
        address=_lines(values["address"]),
        dpo_email=values["dpo_email"],
        dpo_phone=values["dpo_phone"],
        dpo_address=_lines(values["dpo_address"]),
    )


def _setting(environ: Mapping[str, str], name: str) -> str | None:
    text = environ.get(name, "").strip()
    if len(text) > MAX_SETTING or any(ord(c) < ord(" ") for c in text):
        msg = f"{name}: must be one line of at most {MAX_SETTING} characters"
        raise ConfigurationError(msg)
    return text or None


def _lines(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    return tuple(line.strip() for line in text.split(LINE_SEPARATOR) if line.strip())
