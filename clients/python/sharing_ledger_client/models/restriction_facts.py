from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RestrictionFacts")



@_attrs_define
class RestrictionFacts:
    """ 
        Attributes:
            restriction_id (str):
            reference (None | str):
            subject (str):
            ground (str):
            categories (list[str]):
            requested_categories (list[str]):
            requested_at (datetime.datetime):
            applied_at (datetime.datetime | None):
            informed_at (datetime.datetime | None):
            lifted_at (datetime.datetime | None):
            narrowing_explained (bool | Unset):  Default: False.
     """

    restriction_id: str
    reference: None | str
    subject: str
    ground: str
    categories: list[str]
    requested_categories: list[str]
    requested_at: datetime.datetime
    applied_at: datetime.datetime | None
    informed_at: datetime.datetime | None
    lifted_at: datetime.datetime | None
    narrowing_explained: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        restriction_id = self.restriction_id

        reference: None | str
        reference = self.reference

        subject = self.subject

        ground = self.ground

        categories = self.categories



        requested_categories = self.requested_categories



        requested_at = self.requested_at.isoformat()

        applied_at: None | str
        if isinstance(self.applied_at, datetime.datetime):
            applied_at = self.applied_at.isoformat()
        else:
            applied_at = self.applied_at

        informed_at: None | str
        if isinstance(self.informed_at, datetime.datetime):
            informed_at = self.informed_at.isoformat()
        else:
            informed_at = self.informed_at

        lifted_at: None | str
        if isinstance(self.lifted_at, datetime.datetime):
            lifted_at = self.lifted_at.isoformat()
        else:
            lifted_at = self.lifted_at

        narrowing_explained = self.narrowing_explained


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "restriction_id": restriction_id,
            "reference": reference,
            "subject": subject,
            "ground": ground,
            "categories": categories,
            "requested_categories": requested_categories,
            "requested_at": requested_at,
            "applied_at": applied_at,
            "informed_at": informed_at,
            "lifted_at": lifted_at,
        })
        if narrowing_explained is not UNSET:
            field_dict["narrowing_explained"] = narrowing_explained

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        restriction_id = d.pop("restriction_id")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))


        subject = d.pop("subject")

        ground = d.pop("ground")

        categories = cast(list[str], d.pop("categories"))


        requested_categories = cast(list[str], d.pop("requested_categories"))


        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))




        def _parse_applied_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                applied_at_type_0 = datetime.datetime.fromisoformat(data)



                return applied_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        applied_at = _parse_applied_at(d.pop("applied_at"))


        def _parse_informed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                informed_at_type_0 = datetime.datetime.fromisoformat(data)



                return informed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        informed_at = _parse_informed_at(d.pop("informed_at"))


        def _parse_lifted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                lifted_at_type_0 = datetime.datetime.fromisoformat(data)



                return lifted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        lifted_at = _parse_lifted_at(d.pop("lifted_at"))


        narrowing_explained = d.pop("narrowing_explained", UNSET)

        restriction_facts = cls(
            restriction_id=restriction_id,
            reference=reference,
            subject=subject,
            ground=ground,
            categories=categories,
            requested_categories=requested_categories,
            requested_at=requested_at,
            applied_at=applied_at,
            informed_at=informed_at,
            lifted_at=lifted_at,
            narrowing_explained=narrowing_explained,
        )


        restriction_facts.additional_properties = d
        return restriction_facts

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
