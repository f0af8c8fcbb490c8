from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.share_facts import ShareFacts





T = TypeVar("T", bound="ShareReport")



@_attrs_define
class ShareReport:
    """ 
        Attributes:
            share (ShareFacts):
            flags (list[str]):
            receipt (str):
     """

    share: ShareFacts
    flags: list[str]
    receipt: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.share_facts import ShareFacts # noqa: PLC0415
        share = self.share.to_dict()

        flags = self.flags



        receipt = self.receipt


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "share": share,
            "flags": flags,
            "receipt": receipt,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.share_facts import ShareFacts # noqa: PLC0415
        d = dict(src_dict)
        share = ShareFacts.from_dict(d.pop("share"))




        flags = cast(list[str], d.pop("flags"))


        receipt = d.pop("receipt")

        share_report = cls(
            share=share,
            flags=flags,
            receipt=receipt,
        )


        share_report.additional_properties = d
        return share_report

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
