from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="CosignatureRecorded")



@_attrs_define
class CosignatureRecorded:
    """ A witness's cosignature of the latest checkpoint, recorded.

        Attributes:
            tree_size (int): The size of the checkpoint cosigned
            witness (str): The witness's name, as in its cosignature line
     """

    tree_size: int
    witness: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        tree_size = self.tree_size

        witness = self.witness


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "tree_size": tree_size,
            "witness": witness,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tree_size = d.pop("tree_size")

        witness = d.pop("witness")

        cosignature_recorded = cls(
            tree_size=tree_size,
            witness=witness,
        )


        cosignature_recorded.additional_properties = d
        return cosignature_recorded

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
