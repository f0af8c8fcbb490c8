from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ReceiptCheckpoint")



@_attrs_define
class ReceiptCheckpoint:
    """ The signed checkpoint the partner checked the share's inclusion against (optional).

        Attributes:
            origin (str): The log's origin line
            tree_size (int):
            root_hash (str): Merkle root at tree_size, hex
     """

    origin: str
    tree_size: int
    root_hash: str





    def to_dict(self) -> dict[str, Any]:
        origin = self.origin

        tree_size = self.tree_size

        root_hash = self.root_hash


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "origin": origin,
            "tree_size": tree_size,
            "root_hash": root_hash,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        origin = d.pop("origin")

        tree_size = d.pop("tree_size")

        root_hash = d.pop("root_hash")

        receipt_checkpoint = cls(
            origin=origin,
            tree_size=tree_size,
            root_hash=root_hash,
        )

        return receipt_checkpoint

