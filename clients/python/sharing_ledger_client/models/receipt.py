from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.receipt_document import ReceiptDocument





T = TypeVar("T", bound="Receipt")



@_attrs_define
class Receipt:
    """ 
        Attributes:
            document (ReceiptDocument): A share receipt: what the partner signs (RFC 8785 canonical bytes, Ed25519).
            signature (str): Ed25519 signature, base64 (docs/receipts.md)
            key_id (None | str | Unset): Which of your keys signed it
     """

    document: ReceiptDocument
    signature: str
    key_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.receipt_document import ReceiptDocument # noqa: PLC0415
        document = self.document.to_dict()

        signature = self.signature

        key_id: None | str | Unset
        if isinstance(self.key_id, Unset):
            key_id = UNSET
        else:
            key_id = self.key_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "document": document,
            "signature": signature,
        })
        if key_id is not UNSET:
            field_dict["key_id"] = key_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.receipt_document import ReceiptDocument # noqa: PLC0415
        d = dict(src_dict)
        document = ReceiptDocument.from_dict(d.pop("document"))




        signature = d.pop("signature")

        def _parse_key_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        key_id = _parse_key_id(d.pop("key_id", UNSET))


        receipt = cls(
            document=document,
            signature=signature,
            key_id=key_id,
        )


        receipt.additional_properties = d
        return receipt

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
