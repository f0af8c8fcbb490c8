from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from typing import cast
import datetime






T = TypeVar("T", bound="InformSubjectOfLiftBody")



@_attrs_define
class InformSubjectOfLiftBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            channel (Channel):
            informed_by (str):
     """

    occurred_at: datetime.datetime
    channel: Channel
    informed_by: str





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        channel = self.channel.value

        informed_by = self.informed_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "channel": channel,
            "informed_by": informed_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        channel = Channel(d.pop("channel"))




        informed_by = d.pop("informed_by")

        inform_subject_of_lift_body = cls(
            occurred_at=occurred_at,
            channel=channel,
            informed_by=informed_by,
        )

        return inform_subject_of_lift_body

