from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="AcknowledgeComplaintBody")



@_attrs_define
class AcknowledgeComplaintBody:
    """ 
        Attributes:
            acknowledged_on (datetime.date):
            recorded_by (str):
     """

    acknowledged_on: datetime.date
    recorded_by: str





    def to_dict(self) -> dict[str, Any]:
        acknowledged_on = self.acknowledged_on.isoformat()

        recorded_by = self.recorded_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "acknowledged_on": acknowledged_on,
            "recorded_by": recorded_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        acknowledged_on = datetime.date.fromisoformat(d.pop("acknowledged_on"))




        recorded_by = d.pop("recorded_by")

        acknowledge_complaint_body = cls(
            acknowledged_on=acknowledged_on,
            recorded_by=recorded_by,
        )

        return acknowledge_complaint_body

