from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.promise_result_outcome import PromiseResultOutcome
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PromiseResult")



@_attrs_define
class PromiseResult:
    """ 
        Attributes:
            key (str):
            notice_says (str):
            outcome (PromiseResultOutcome):
            checked (int):
            broken (int):
            examples (list[int]):
            note (str | Unset):  Default: ''.
     """

    key: str
    notice_says: str
    outcome: PromiseResultOutcome
    checked: int
    broken: int
    examples: list[int]
    note: str | Unset = ''
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        key = self.key

        notice_says = self.notice_says

        outcome = self.outcome.value

        checked = self.checked

        broken = self.broken

        examples = self.examples



        note = self.note


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "notice_says": notice_says,
            "outcome": outcome,
            "checked": checked,
            "broken": broken,
            "examples": examples,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        notice_says = d.pop("notice_says")

        outcome = PromiseResultOutcome(d.pop("outcome"))




        checked = d.pop("checked")

        broken = d.pop("broken")

        examples = cast(list[int], d.pop("examples"))


        note = d.pop("note", UNSET)

        promise_result = cls(
            key=key,
            notice_says=notice_says,
            outcome=outcome,
            checked=checked,
            broken=broken,
            examples=examples,
            note=note,
        )


        promise_result.additional_properties = d
        return promise_result

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
