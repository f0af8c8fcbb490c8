from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="DisposalFacts")



@_attrs_define
class DisposalFacts:
    """ 
        Attributes:
            rule (str):
            due_on (str):
            disposed_on (str):
            authoriser (str):
            entries_affected (int):
     """

    rule: str
    due_on: str
    disposed_on: str
    authoriser: str
    entries_affected: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        rule = self.rule

        due_on = self.due_on

        disposed_on = self.disposed_on

        authoriser = self.authoriser

        entries_affected = self.entries_affected


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "rule": rule,
            "due_on": due_on,
            "disposed_on": disposed_on,
            "authoriser": authoriser,
            "entries_affected": entries_affected,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rule = d.pop("rule")

        due_on = d.pop("due_on")

        disposed_on = d.pop("disposed_on")

        authoriser = d.pop("authoriser")

        entries_affected = d.pop("entries_affected")

        disposal_facts = cls(
            rule=rule,
            due_on=due_on,
            disposed_on=disposed_on,
            authoriser=authoriser,
            entries_affected=entries_affected,
        )


        disposal_facts.additional_properties = d
        return disposal_facts

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
