from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from uuid import UUID






T = TypeVar("T", bound="Entry")



@_attrs_define
class Entry:
    """ Where an appended entry landed.

        Attributes:
            position (int): Chain position (0, 1, 2, ... without gaps)
            hash_ (str): Chain hash at that position, hex (docs/chain-format.md)
            event (str):
            id (UUID): The aggregate the event belongs to
            version (int):
     """

    position: int
    hash_: str
    event: str
    id: UUID
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        position = self.position

        hash_ = self.hash_

        event = self.event

        id = str(self.id)

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "position": position,
            "hash": hash_,
            "event": event,
            "id": id,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        hash_ = d.pop("hash")

        event = d.pop("event")

        id = UUID(d.pop("id"))




        version = d.pop("version")

        entry = cls(
            position=position,
            hash_=hash_,
            event=event,
            id=id,
            version=version,
        )


        entry.additional_properties = d
        return entry

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
