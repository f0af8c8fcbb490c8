from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from ..models.data_category import DataCategory
from ..models.lawful_basis import LawfulBasis
from ..models.purpose import Purpose
from ..models.schedule_1_condition import Schedule1Condition
from ..models.special_condition import SpecialCondition
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RecordShareBody")



@_attrs_define
class RecordShareBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            actor (str):
            actor_organisation (str):
            recipient (str):
            subjects (list[str]):
            categories (list[DataCategory]):
            purpose (Purpose):
            legal_basis (LawfulBasis):
            channel (Channel):
            source_system (str):
            justification (str):
            special_condition (None | SpecialCondition | Unset):
            schedule_1_condition (None | Schedule1Condition | Unset):
            agreement (None | str | Unset):
            source_ref (None | str | Unset):
     """

    occurred_at: datetime.datetime
    actor: str
    actor_organisation: str
    recipient: str
    subjects: list[str]
    categories: list[DataCategory]
    purpose: Purpose
    legal_basis: LawfulBasis
    channel: Channel
    source_system: str
    justification: str
    special_condition: None | SpecialCondition | Unset = UNSET
    schedule_1_condition: None | Schedule1Condition | Unset = UNSET
    agreement: None | str | Unset = UNSET
    source_ref: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        actor = self.actor

        actor_organisation = self.actor_organisation

        recipient = self.recipient

        subjects = self.subjects



        categories = []
        for categories_item_data in self.categories:
            categories_item = categories_item_data.value
            categories.append(categories_item)



        purpose = self.purpose.value

        legal_basis = self.legal_basis.value

        channel = self.channel.value

        source_system = self.source_system

        justification = self.justification

        special_condition: None | str | Unset
        if isinstance(self.special_condition, Unset):
            special_condition = UNSET
        elif isinstance(self.special_condition, SpecialCondition):
            special_condition = self.special_condition.value
        else:
            special_condition = self.special_condition

        schedule_1_condition: None | str | Unset
        if isinstance(self.schedule_1_condition, Unset):
            schedule_1_condition = UNSET
        elif isinstance(self.schedule_1_condition, Schedule1Condition):
            schedule_1_condition = self.schedule_1_condition.value
        else:
            schedule_1_condition = self.schedule_1_condition

        agreement: None | str | Unset
        if isinstance(self.agreement, Unset):
            agreement = UNSET
        else:
            agreement = self.agreement

        source_ref: None | str | Unset
        if isinstance(self.source_ref, Unset):
            source_ref = UNSET
        else:
            source_ref = self.source_ref


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "actor": actor,
            "actor_organisation": actor_organisation,
            "recipient": recipient,
            "subjects": subjects,
            "categories": categories,
            "purpose": purpose,
            "legal_basis": legal_basis,
            "channel": channel,
            "source_system": source_system,
            "justification": justification,
        })
        if special_condition is not UNSET:
            field_dict["special_condition"] = special_condition
        if schedule_1_condition is not UNSET:
            field_dict["schedule_1_condition"] = schedule_1_condition
        if agreement is not UNSET:
            field_dict["agreement"] = agreement
        if source_ref is not UNSET:
            field_dict["source_ref"] = source_ref

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        actor = d.pop("actor")

        actor_organisation = d.pop("actor_organisation")

        recipient = d.pop("recipient")

        subjects = cast(list[str], d.pop("subjects"))


        categories = []
        _categories = d.pop("categories")
        for categories_item_data in (_categories):
            categories_item = DataCategory(categories_item_data)



            categories.append(categories_item)


        purpose = Purpose(d.pop("purpose"))




        legal_basis = LawfulBasis(d.pop("legal_basis"))




        channel = Channel(d.pop("channel"))




        source_system = d.pop("source_system")

        justification = d.pop("justification")

        def _parse_special_condition(data: object) -> None | SpecialCondition | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                special_condition_type_0 = SpecialCondition(data)



                return special_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SpecialCondition | Unset, data)

        special_condition = _parse_special_condition(d.pop("special_condition", UNSET))


        def _parse_schedule_1_condition(data: object) -> None | Schedule1Condition | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                schedule_1_condition_type_0 = Schedule1Condition(data)



                return schedule_1_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Schedule1Condition | Unset, data)

        schedule_1_condition = _parse_schedule_1_condition(d.pop("schedule_1_condition", UNSET))


        def _parse_agreement(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agreement = _parse_agreement(d.pop("agreement", UNSET))


        def _parse_source_ref(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_ref = _parse_source_ref(d.pop("source_ref", UNSET))


        record_share_body = cls(
            occurred_at=occurred_at,
            actor=actor,
            actor_organisation=actor_organisation,
            recipient=recipient,
            subjects=subjects,
            categories=categories,
            purpose=purpose,
            legal_basis=legal_basis,
            channel=channel,
            source_system=source_system,
            justification=justification,
            special_condition=special_condition,
            schedule_1_condition=schedule_1_condition,
            agreement=agreement,
            source_ref=source_ref,
        )

        return record_share_body

