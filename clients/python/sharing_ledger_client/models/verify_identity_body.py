from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="VerifyIdentityBody")



@_attrs_define
class VerifyIdentityBody:
    """ 
        Attributes:
            verified_on (datetime.date):
     """

    verified_on: datetime.date





    def to_dict(self) -> dict[str, Any]:
        verified_on = self.verified_on.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "verified_on": verified_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        verified_on = datetime.date.fromisoformat(d.pop("verified_on"))




        verify_identity_body = cls(
            verified_on=verified_on,
        )

        return verify_identity_body

