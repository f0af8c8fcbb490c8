from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="Recipient")



@_attrs_define
class Recipient:
    """ 
        Attributes:
            organisation (str):
            name (None | str):
            shares (int):
            first (datetime.datetime):
            last (datetime.datetime):
            categories (list[str]):
     """

    organisation: str
    name: None | str
    shares: int
    first: datetime.datetime
    last: datetime.datetime
    categories: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        organisation = self.organisation

        name: None | str
        name = self.name

        shares = self.shares

        first = self.first.isoformat()

        last = self.last.isoformat()

        categories = self.categories




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "organisation": organisation,
            "name": name,
            "shares": shares,
            "first": first,
            "last": last,
            "categories": categories,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        organisation = d.pop("organisation")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        shares = d.pop("shares")

        first = datetime.datetime.fromisoformat(d.pop("first"))




        last = datetime.datetime.fromisoformat(d.pop("last"))




        categories = cast(list[str], d.pop("categories"))


        recipient = cls(
            organisation=organisation,
            name=name,
            shares=shares,
            first=first,
            last=last,
            categories=categories,
        )


        recipient.additional_properties = d
        return recipient

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
