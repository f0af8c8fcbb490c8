from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="InclusionProof")



@_attrs_define
class InclusionProof:
    """ RFC 9162 section 2.1.3: the entry's leaf is in the tree of ``tree_size``.

        Attributes:
            position (int):
            tree_size (int):
            entry_digest (str):
            leaf_hash (str):
            root_hash (str):
            proof (list[str]):
     """

    position: int
    tree_size: int
    entry_digest: str
    leaf_hash: str
    root_hash: str
    proof: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        position = self.position

        tree_size = self.tree_size

        entry_digest = self.entry_digest

        leaf_hash = self.leaf_hash

        root_hash = self.root_hash

        proof = self.proof




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "position": position,
            "tree_size": tree_size,
            "entry_digest": entry_digest,
            "leaf_hash": leaf_hash,
            "root_hash": root_hash,
            "proof": proof,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        tree_size = d.pop("tree_size")

        entry_digest = d.pop("entry_digest")

        leaf_hash = d.pop("leaf_hash")

        root_hash = d.pop("root_hash")

        proof = cast(list[str], d.pop("proof"))


        inclusion_proof = cls(
            position=position,
            tree_size=tree_size,
            entry_digest=entry_digest,
            leaf_hash=leaf_hash,
            root_hash=root_hash,
            proof=proof,
        )


        inclusion_proof.additional_properties = d
        return inclusion_proof

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
