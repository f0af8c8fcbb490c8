from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ActivityEntry")



@_attrs_define
class ActivityEntry:
    """ 
        Attributes:
            position (int):
            occurred_at (datetime.datetime):
            kind (str):
            actor (str):
            actor_role (None | str):
            organisation (str):
            on_behalf_of (str):
            recipient (None | str):
            categories (list[str]):
            purpose (str):
            legal_basis (None | str):
            special_condition (None | str):
            schedule_1_condition (None | str):
            agreement (None | str):
            channel (None | str):
            source_system (None | str):
            entry_id (str):
            justification (None | str | Unset):
     """

    position: int
    occurred_at: datetime.datetime
    kind: str
    actor: str
    actor_role: None | str
    organisation: str
    on_behalf_of: str
    recipient: None | str
    categories: list[str]
    purpose: str
    legal_basis: None | str
    special_condition: None | str
    schedule_1_condition: None | str
    agreement: None | str
    channel: None | str
    source_system: None | str
    entry_id: str
    justification: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        position = self.position

        occurred_at = self.occurred_at.isoformat()

        kind = self.kind

        actor = self.actor

        actor_role: None | str
        actor_role = self.actor_role

        organisation = self.organisation

        on_behalf_of = self.on_behalf_of

        recipient: None | str
        recipient = self.recipient

        categories = self.categories



        purpose = self.purpose

        legal_basis: None | str
        legal_basis = self.legal_basis

        special_condition: None | str
        special_condition = self.special_condition

        schedule_1_condition: None | str
        schedule_1_condition = self.schedule_1_condition

        agreement: None | str
        agreement = self.agreement

        channel: None | str
        channel = self.channel

        source_system: None | str
        source_system = self.source_system

        entry_id = self.entry_id

        justification: None | str | Unset
        if isinstance(self.justification, Unset):
            justification = UNSET
        else:
            justification = self.justification


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "position": position,
            "occurred_at": occurred_at,
            "kind": kind,
            "actor": actor,
            "actor_role": actor_role,
            "organisation": organisation,
            "on_behalf_of": on_behalf_of,
            "recipient": recipient,
            "categories": categories,
            "purpose": purpose,
            "legal_basis": legal_basis,
            "special_condition": special_condition,
            "schedule_1_condition": schedule_1_condition,
            "agreement": agreement,
            "channel": channel,
            "source_system": source_system,
            "entry_id": entry_id,
        })
        if justification is not UNSET:
            field_dict["justification"] = justification

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        kind = d.pop("kind")

        actor = d.pop("actor")

        def _parse_actor_role(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_role = _parse_actor_role(d.pop("actor_role"))


        organisation = d.pop("organisation")

        on_behalf_of = d.pop("on_behalf_of")

        def _parse_recipient(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        recipient = _parse_recipient(d.pop("recipient"))


        categories = cast(list[str], d.pop("categories"))


        purpose = d.pop("purpose")

        def _parse_legal_basis(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        legal_basis = _parse_legal_basis(d.pop("legal_basis"))


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


        def _parse_channel(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        channel = _parse_channel(d.pop("channel"))


        def _parse_source_system(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source_system = _parse_source_system(d.pop("source_system"))


        entry_id = d.pop("entry_id")

        def _parse_justification(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        justification = _parse_justification(d.pop("justification", UNSET))


        activity_entry = cls(
            position=position,
            occurred_at=occurred_at,
            kind=kind,
            actor=actor,
            actor_role=actor_role,
            organisation=organisation,
            on_behalf_of=on_behalf_of,
            recipient=recipient,
            categories=categories,
            purpose=purpose,
            legal_basis=legal_basis,
            special_condition=special_condition,
            schedule_1_condition=schedule_1_condition,
            agreement=agreement,
            channel=channel,
            source_system=source_system,
            entry_id=entry_id,
            justification=justification,
        )


        activity_entry.additional_properties = d
        return activity_entry

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
