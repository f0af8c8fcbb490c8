from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ExemptRecipientOfRestrictionBody")



@_attrs_define
class ExemptRecipientOfRestrictionBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            recipient (str):
            explanation (str):
            recorded_by (str):
     """

    occurred_at: datetime.datetime
    recipient: str
    explanation: str
    recorded_by: str





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        recipient = self.recipient

        explanation = self.explanation

        recorded_by = self.recorded_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "recipient": recipient,
            "explanation": explanation,
            "recorded_by": recorded_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        recipient = d.pop("recipient")

        explanation = d.pop("explanation")

        recorded_by = d.pop("recorded_by")

        exempt_recipient_of_restriction_body = cls(
            occurred_at=occurred_at,
            recipient=recipient,
            explanation=explanation,
            recorded_by=recorded_by,
        )

        return exempt_recipient_of_restriction_body

