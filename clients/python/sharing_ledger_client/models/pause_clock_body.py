from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PauseClockBody")



@_attrs_define
class PauseClockBody:
    """ 
        Attributes:
            paused_on (datetime.date):
            reason (str):
     """

    paused_on: datetime.date
    reason: str





    def to_dict(self) -> dict[str, Any]:
        paused_on = self.paused_on.isoformat()

        reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "paused_on": paused_on,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        paused_on = datetime.date.fromisoformat(d.pop("paused_on"))




        reason = d.pop("reason")

        pause_clock_body = cls(
            paused_on=paused_on,
            reason=reason,
        )

        return pause_clock_body

