from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="KeyRotation")



@_attrs_define
class KeyRotation:
    """ 
        Attributes:
            public_key (str): The new raw 32-byte Ed25519 public key, base64
            retire_key_id (str): The key id of the current key it replaces
            old_key_signature (str): The replaced key's Ed25519 signature of the rotation message, base64
            new_key_signature (str): The new key's Ed25519 signature of the rotation message, base64
     """

    public_key: str
    retire_key_id: str
    old_key_signature: str
    new_key_signature: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        public_key = self.public_key

        retire_key_id = self.retire_key_id

        old_key_signature = self.old_key_signature

        new_key_signature = self.new_key_signature


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "public_key": public_key,
            "retire_key_id": retire_key_id,
            "old_key_signature": old_key_signature,
            "new_key_signature": new_key_signature,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        public_key = d.pop("public_key")

        retire_key_id = d.pop("retire_key_id")

        old_key_signature = d.pop("old_key_signature")

        new_key_signature = d.pop("new_key_signature")

        key_rotation = cls(
            public_key=public_key,
            retire_key_id=retire_key_id,
            old_key_signature=old_key_signature,
            new_key_signature=new_key_signature,
        )


        key_rotation.additional_properties = d
        return key_rotation

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
