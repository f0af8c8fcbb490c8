from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ReceiveIdentityInformationBody")



@_attrs_define
class ReceiveIdentityInformationBody:
    """ 
        Attributes:
            received_on (datetime.date):
     """

    received_on: datetime.date





    def to_dict(self) -> dict[str, Any]:
        received_on = self.received_on.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "received_on": received_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        received_on = datetime.date.fromisoformat(d.pop("received_on"))




        receive_identity_information_body = cls(
            received_on=received_on,
        )

        return receive_identity_information_body

