from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ResumeClockBody")



@_attrs_define
class ResumeClockBody:
    """ 
        Attributes:
            resumed_on (datetime.date):
     """

    resumed_on: datetime.date





    def to_dict(self) -> dict[str, Any]:
        resumed_on = self.resumed_on.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "resumed_on": resumed_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        resumed_on = datetime.date.fromisoformat(d.pop("resumed_on"))




        resume_clock_body = cls(
            resumed_on=resumed_on,
        )

        return resume_clock_body

