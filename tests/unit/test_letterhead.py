"""The letterhead of access responses, from settings."""

from __future__ import annotations

import pytest

from api.service.letterhead import letterhead_from
from ledger.storage.config import ConfigurationError


def test_address_lines_are_split_on_the_bar() -> None:
    """An address setting holds its lines separated by '|' (blank lines dropped)."""
    head = letterhead_from({"LEDGER_DPO_ADDRESS": "Data Protection Officer| County Hall ||WS1 1AA"})
    assert head.dpo_address == ("Data Protection Officer", "County Hall", "WS1 1AA")
    assert head.dpo_reachable


def test_without_an_email_or_address_the_dpo_is_not_reachable() -> None:
    """A phone number alone does not let the letter be issued."""
    assert not letterhead_from({"LEDGER_DPO_PHONE": "01234 567890"}).dpo_reachable


def test_a_control_character_in_a_setting_is_refused_by_name() -> None:
    """A setting with a control character names the setting, not its value."""
    with pytest.raises(ConfigurationError, match="LEDGER_COUNCIL_NAME"):
        letterhead_from({"LEDGER_COUNCIL_NAME": "Westshire\x07"})
