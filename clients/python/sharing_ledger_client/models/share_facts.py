from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ShareFacts")



@_attrs_define
class ShareFacts:
    """ 
        Attributes:
            share_id (str):
            position (int):
            occurred_at (datetime.datetime):
            recipient (str):
            subject_count (int):
            categories (list[str]):
            purpose (str):
            legal_basis (str):
            special_condition (None | str):
            schedule_1_condition (None | str):
            agreement (None | str):
            channel (str):
            receipted_at (datetime.datetime | None | Unset):
     """

    share_id: str
    position: int
    occurred_at: datetime.datetime
    recipient: str
    subject_count: int
    categories: list[str]
    purpose: str
    legal_basis: str
    special_condition: None | str
    schedule_1_condition: None | str
    agreement: None | str
    channel: str
    receipted_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        share_id = self.share_id

        position = self.position

        occurred_at = self.occurred_at.isoformat()

        recipient = self.recipient

        subject_count = self.subject_count

        categories = self.categories



        purpose = self.purpose

        legal_basis = self.legal_basis

        special_condition: None | str
        special_condition = self.special_condition

        schedule_1_condition: None | str
        schedule_1_condition = self.schedule_1_condition

        agreement: None | str
        agreement = self.agreement

        channel = self.channel

        receipted_at: None | str | Unset
        if isinstance(self.receipted_at, Unset):
            receipted_at = UNSET
        elif isinstance(self.receipted_at, datetime.datetime):
            receipted_at = self.receipted_at.isoformat()
        else:
            receipted_at = self.receipted_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "share_id": share_id,
            "position": position,
            "occurred_at": occurred_at,
            "recipient": recipient,
            "subject_count": subject_count,
            "categories": categories,
            "purpose": purpose,
            "legal_basis": legal_basis,
            "special_condition": special_condition,
            "schedule_1_condition": schedule_1_condition,
            "agreement": agreement,
            "channel": channel,
        })
        if receipted_at is not UNSET:
            field_dict["receipted_at"] = receipted_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        share_id = d.pop("share_id")

        position = d.pop("position")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        recipient = d.pop("recipient")

        subject_count = d.pop("subject_count")

        categories = cast(list[str], d.pop("categories"))


        purpose = d.pop("purpose")

        legal_basis = d.pop("legal_basis")

        def _parse_special_condition(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        special_condition = _parse_special_condition(d.pop("special_condition"))


        def _parse_schedule_1_condition(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        schedule_1_condition = _parse_schedule_1_condition(d.pop("schedule_1_condition"))


        def _parse_agreement(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agreement = _parse_agreement(d.pop("agreement"))


        channel = d.pop("channel")

        def _parse_receipted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                receipted_at_type_0 = datetime.datetime.fromisoformat(data)



                return receipted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        receipted_at = _parse_receipted_at(d.pop("receipted_at", UNSET))


        share_facts = cls(
            share_id=share_id,
            position=position,
            occurred_at=occurred_at,
            recipient=recipient,
            subject_count=subject_count,
            categories=categories,
            purpose=purpose,
            legal_basis=legal_basis,
            special_condition=special_condition,
            schedule_1_condition=schedule_1_condition,
            agreement=agreement,
            channel=channel,
            receipted_at=receipted_at,
        )


        share_facts.additional_properties = d
        return share_facts

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
