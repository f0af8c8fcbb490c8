from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.kind import Kind
from ..types import UNSET, Unset






T = TypeVar("T", bound="Lookup")



@_attrs_define
class Lookup:
    """ A natural identifier, in the body: identifiers never go in URLs (they reach logs).

        Attributes:
            kind (Kind):
            value (str):
            reason (str | Unset): Why you are looking (recorded with the lookup, found or not). Default: 'subject access
                request'.
     """

    kind: Kind
    value: str
    reason: str | Unset = 'subject access request'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        value = self.value

        reason = self.reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "value": value,
        })
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = Kind(d.pop("kind"))




        value = d.pop("value")

        reason = d.pop("reason", UNSET)

        lookup = cls(
            kind=kind,
            value=value,
            reason=reason,
        )


        lookup.additional_properties = d
        return lookup

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
