from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.relation import Relation






T = TypeVar("T", bound="CategoryMatch")



@_attrs_define
class CategoryMatch:
    """ A category processed that overlaps one a rule is about, and how.

        Attributes:
            found (str):
            rule (str):
            relation (Relation): How one term stands to another in a vocabulary's hierarchy.
     """

    found: str
    rule: str
    relation: Relation
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        found = self.found

        rule = self.rule

        relation = self.relation.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "found": found,
            "rule": rule,
            "relation": relation,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        found = d.pop("found")

        rule = d.pop("rule")

        relation = Relation(d.pop("relation"))




        category_match = cls(
            found=found,
            rule=rule,
            relation=relation,
        )


        category_match.additional_properties = d
        return category_match

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
