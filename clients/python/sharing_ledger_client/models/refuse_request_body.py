from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RefuseRequestBody")



@_attrs_define
class RefuseRequestBody:
    """ 
        Attributes:
            refused_on (datetime.date):
            reason (str):
            recorded_by (None | str | Unset):
     """

    refused_on: datetime.date
    reason: str
    recorded_by: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        refused_on = self.refused_on.isoformat()

        reason = self.reason

        recorded_by: None | str | Unset
        if isinstance(self.recorded_by, Unset):
            recorded_by = UNSET
        else:
            recorded_by = self.recorded_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "refused_on": refused_on,
            "reason": reason,
        })
        if recorded_by is not UNSET:
            field_dict["recorded_by"] = recorded_by

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        refused_on = datetime.date.fromisoformat(d.pop("refused_on"))




        reason = d.pop("reason")

        def _parse_recorded_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recorded_by = _parse_recorded_by(d.pop("recorded_by", UNSET))


        refuse_request_body = cls(
            refused_on=refused_on,
            reason=reason,
            recorded_by=recorded_by,
        )

        return refuse_request_body

