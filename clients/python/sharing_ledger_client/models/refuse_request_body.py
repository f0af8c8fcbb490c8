from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
     """

    refused_on: datetime.date
    reason: str





    def to_dict(self) -> dict[str, Any]:
        refused_on = self.refused_on.isoformat()

        reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "refused_on": refused_on,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        refused_on = datetime.date.fromisoformat(d.pop("refused_on"))




        reason = d.pop("reason")

        refuse_request_body = cls(
            refused_on=refused_on,
            reason=reason,
        )

        return refuse_request_body

