from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from typing import cast
import datetime






T = TypeVar("T", bound="NotifyRecipientOfRectificationBody")



@_attrs_define
class NotifyRecipientOfRectificationBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            recipient (str):
            channel (Channel):
            notified_by (str):
     """

    occurred_at: datetime.datetime
    recipient: str
    channel: Channel
    notified_by: str





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        recipient = self.recipient

        channel = self.channel.value

        notified_by = self.notified_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "recipient": recipient,
            "channel": channel,
            "notified_by": notified_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        recipient = d.pop("recipient")

        channel = Channel(d.pop("channel"))




        notified_by = d.pop("notified_by")

        notify_recipient_of_rectification_body = cls(
            occurred_at=occurred_at,
            recipient=recipient,
            channel=channel,
            notified_by=notified_by,
        )

        return notify_recipient_of_rectification_body

