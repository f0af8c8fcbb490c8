from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.data_category import DataCategory
from ..models.restriction_ground import RestrictionGround
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ApplyRestrictionBody")



@_attrs_define
class ApplyRestrictionBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            ground (RestrictionGround):
            categories (list[DataCategory]):
            applied_by (str):
            explanation (None | str | Unset):
     """

    occurred_at: datetime.datetime
    ground: RestrictionGround
    categories: list[DataCategory]
    applied_by: str
    explanation: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        ground = self.ground.value

        categories = []
        for categories_item_data in self.categories:
            categories_item = categories_item_data.value
            categories.append(categories_item)



        applied_by = self.applied_by

        explanation: None | str | Unset
        if isinstance(self.explanation, Unset):
            explanation = UNSET
        else:
            explanation = self.explanation


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "ground": ground,
            "categories": categories,
            "applied_by": applied_by,
        })
        if explanation is not UNSET:
            field_dict["explanation"] = explanation

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        ground = RestrictionGround(d.pop("ground"))




        categories = []
        _categories = d.pop("categories")
        for categories_item_data in (_categories):
            categories_item = DataCategory(categories_item_data)



            categories.append(categories_item)


        applied_by = d.pop("applied_by")

        def _parse_explanation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        explanation = _parse_explanation(d.pop("explanation", UNSET))


        apply_restriction_body = cls(
            occurred_at=occurred_at,
            ground=ground,
            categories=categories,
            applied_by=applied_by,
            explanation=explanation,
        )

        return apply_restriction_body

