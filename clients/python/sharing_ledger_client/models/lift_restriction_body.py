from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="LiftRestrictionBody")



@_attrs_define
class LiftRestrictionBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            reason (str):
            lifted_by (str):
     """

    occurred_at: datetime.datetime
    reason: str
    lifted_by: str





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        reason = self.reason

        lifted_by = self.lifted_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "reason": reason,
            "lifted_by": lifted_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        reason = d.pop("reason")

        lifted_by = d.pop("lifted_by")

        lift_restriction_body = cls(
            occurred_at=occurred_at,
            reason=reason,
            lifted_by=lifted_by,
        )

        return lift_restriction_body

