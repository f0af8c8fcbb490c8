from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.data_category import DataCategory
from ..models.decline_reason import DeclineReason
from ..models.purpose import Purpose
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DeclineSharingBody")



@_attrs_define
class DeclineSharingBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            actor (str):
            actor_organisation (str):
            requester (str):
            subjects (list[str]):
            categories (list[DataCategory]):
            purpose (Purpose):
            reasons (list[DeclineReason]):
            explanation (str):
            reference (None | str | Unset):
     """

    occurred_at: datetime.datetime
    actor: str
    actor_organisation: str
    requester: str
    subjects: list[str]
    categories: list[DataCategory]
    purpose: Purpose
    reasons: list[DeclineReason]
    explanation: str
    reference: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        actor = self.actor

        actor_organisation = self.actor_organisation

        requester = self.requester

        subjects = self.subjects



        categories = []
        for categories_item_data in self.categories:
            categories_item = categories_item_data.value
            categories.append(categories_item)



        purpose = self.purpose.value

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.value
            reasons.append(reasons_item)



        explanation = self.explanation

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "actor": actor,
            "actor_organisation": actor_organisation,
            "requester": requester,
            "subjects": subjects,
            "categories": categories,
            "purpose": purpose,
            "reasons": reasons,
            "explanation": explanation,
        })
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        actor = d.pop("actor")

        actor_organisation = d.pop("actor_organisation")

        requester = d.pop("requester")

        subjects = cast(list[str], d.pop("subjects"))


        categories = []
        _categories = d.pop("categories")
        for categories_item_data in (_categories):
            categories_item = DataCategory(categories_item_data)



            categories.append(categories_item)


        purpose = Purpose(d.pop("purpose"))




        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in (_reasons):
            reasons_item = DeclineReason(reasons_item_data)



            reasons.append(reasons_item)


        explanation = d.pop("explanation")

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))


        decline_sharing_body = cls(
            occurred_at=occurred_at,
            actor=actor,
            actor_organisation=actor_organisation,
            requester=requester,
            subjects=subjects,
            categories=categories,
            purpose=purpose,
            reasons=reasons,
            explanation=explanation,
            reference=reference,
        )

        return decline_sharing_body

