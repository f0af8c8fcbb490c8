from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ReceiptId")



@_attrs_define
class ReceiptId:
    """ Which ledger entry the receipt acknowledges (ISO/IEC TS 27560 record id).

        Attributes:
            position (int): Chain position
            chain_hash (str): Chain hash at that position, hex
     """

    position: int
    chain_hash: str





    def to_dict(self) -> dict[str, Any]:
        position = self.position

        chain_hash = self.chain_hash


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "position": position,
            "chain_hash": chain_hash,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        chain_hash = d.pop("chain_hash")

        receipt_id = cls(
            position=position,
            chain_hash=chain_hash,
        )

        return receipt_id

