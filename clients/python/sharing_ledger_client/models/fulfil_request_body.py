from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="FulfilRequestBody")



@_attrs_define
class FulfilRequestBody:
    """ 
        Attributes:
            fulfilled_on (datetime.date):
     """

    fulfilled_on: datetime.date





    def to_dict(self) -> dict[str, Any]:
        fulfilled_on = self.fulfilled_on.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "fulfilled_on": fulfilled_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        fulfilled_on = datetime.date.fromisoformat(d.pop("fulfilled_on"))




        fulfil_request_body = cls(
            fulfilled_on=fulfilled_on,
        )

        return fulfil_request_body

