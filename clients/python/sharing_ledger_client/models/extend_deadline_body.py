from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ExtendDeadlineBody")



@_attrs_define
class ExtendDeadlineBody:
    """ 
        Attributes:
            notified_on (datetime.date):
            reason (str):
     """

    notified_on: datetime.date
    reason: str





    def to_dict(self) -> dict[str, Any]:
        notified_on = self.notified_on.isoformat()

        reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "notified_on": notified_on,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notified_on = datetime.date.fromisoformat(d.pop("notified_on"))




        reason = d.pop("reason")

        extend_deadline_body = cls(
            notified_on=notified_on,
            reason=reason,
        )

        return extend_deadline_body

