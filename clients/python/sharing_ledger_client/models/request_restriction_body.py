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
from uuid import UUID
import datetime






T = TypeVar("T", bound="RequestRestrictionBody")



@_attrs_define
class RequestRestrictionBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            subject (str):
            ground (RestrictionGround):
            categories (list[DataCategory]):
            recorded_by (str):
            rights_request (None | Unset | UUID):
            reference (None | str | Unset):
     """

    occurred_at: datetime.datetime
    subject: str
    ground: RestrictionGround
    categories: list[DataCategory]
    recorded_by: str
    rights_request: None | Unset | UUID = UNSET
    reference: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        subject = self.subject

        ground = self.ground.value

        categories = []
        for categories_item_data in self.categories:
            categories_item = categories_item_data.value
            categories.append(categories_item)



        recorded_by = self.recorded_by

        rights_request: None | str | Unset
        if isinstance(self.rights_request, Unset):
            rights_request = UNSET
        elif isinstance(self.rights_request, UUID):
            rights_request = str(self.rights_request)
        else:
            rights_request = self.rights_request

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "subject": subject,
            "ground": ground,
            "categories": categories,
            "recorded_by": recorded_by,
        })
        if rights_request is not UNSET:
            field_dict["rights_request"] = rights_request
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        subject = d.pop("subject")

        ground = RestrictionGround(d.pop("ground"))




        categories = []
        _categories = d.pop("categories")
        for categories_item_data in (_categories):
            categories_item = DataCategory(categories_item_data)



            categories.append(categories_item)


        recorded_by = d.pop("recorded_by")

        def _parse_rights_request(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rights_request_type_0 = UUID(data)



                return rights_request_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        rights_request = _parse_rights_request(d.pop("rights_request", UNSET))


        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))


        request_restriction_body = cls(
            occurred_at=occurred_at,
            subject=subject,
            ground=ground,
            categories=categories,
            recorded_by=recorded_by,
            rights_request=rights_request,
            reference=reference,
        )

        return request_restriction_body

