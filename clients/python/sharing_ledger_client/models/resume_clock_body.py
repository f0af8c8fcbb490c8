from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ResumeClockBody")



@_attrs_define
class ResumeClockBody:
    """ 
        Attributes:
            resumed_on (datetime.date):
            recorded_by (None | str | Unset):
     """

    resumed_on: datetime.date
    recorded_by: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        resumed_on = self.resumed_on.isoformat()

        recorded_by: None | str | Unset
        if isinstance(self.recorded_by, Unset):
            recorded_by = UNSET
        else:
            recorded_by = self.recorded_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "resumed_on": resumed_on,
        })
        if recorded_by is not UNSET:
            field_dict["recorded_by"] = recorded_by

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        resumed_on = datetime.date.fromisoformat(d.pop("resumed_on"))




        def _parse_recorded_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recorded_by = _parse_recorded_by(d.pop("recorded_by", UNSET))


        resume_clock_body = cls(
            resumed_on=resumed_on,
            recorded_by=recorded_by,
        )

        return resume_clock_body

