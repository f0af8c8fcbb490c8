from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.data_category import DataCategory
from ..models.lawful_basis import LawfulBasis
from ..models.purpose import Purpose
from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast

if TYPE_CHECKING:
  from ..models.receipt_checkpoint import ReceiptCheckpoint
  from ..models.receipt_id import ReceiptId





T = TypeVar("T", bound="ReceiptDocument")



@_attrs_define
class ReceiptDocument:
    """ A share receipt: what the partner signs (RFC 8785 canonical bytes, Ed25519).

        Attributes:
            schema_version (Literal['sharing-ledger:share-receipt:v1']):
            receipt_id (ReceiptId): Which ledger entry the receipt acknowledges (ISO/IEC TS 27560 record id).
            pii_controller (str): The council organisation that shared
            recipient (str): The partner organisation that received
            received_at (str): UTC, whole seconds, Z
            pii_types (list[DataCategory]): Sorted
            purpose (Purpose):
            lawful_basis (LawfulBasis):
            checkpoint (None | ReceiptCheckpoint | Unset):
     """

    schema_version: Literal['sharing-ledger:share-receipt:v1']
    receipt_id: ReceiptId
    pii_controller: str
    recipient: str
    received_at: str
    pii_types: list[DataCategory]
    purpose: Purpose
    lawful_basis: LawfulBasis
    checkpoint: None | ReceiptCheckpoint | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.receipt_checkpoint import ReceiptCheckpoint # noqa: PLC0415
        from ..models.receipt_id import ReceiptId # noqa: PLC0415
        schema_version = self.schema_version

        receipt_id = self.receipt_id.to_dict()

        pii_controller = self.pii_controller

        recipient = self.recipient

        received_at = self.received_at

        pii_types = []
        for pii_types_item_data in self.pii_types:
            pii_types_item = pii_types_item_data.value
            pii_types.append(pii_types_item)



        purpose = self.purpose.value

        lawful_basis = self.lawful_basis.value

        checkpoint: dict[str, Any] | None | Unset
        if isinstance(self.checkpoint, Unset):
            checkpoint = UNSET
        elif isinstance(self.checkpoint, ReceiptCheckpoint):
            checkpoint = self.checkpoint.to_dict()
        else:
            checkpoint = self.checkpoint


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "schema_version": schema_version,
            "receipt_id": receipt_id,
            "pii_controller": pii_controller,
            "recipient": recipient,
            "received_at": received_at,
            "pii_types": pii_types,
            "purpose": purpose,
            "lawful_basis": lawful_basis,
        })
        if checkpoint is not UNSET:
            field_dict["checkpoint"] = checkpoint

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.receipt_checkpoint import ReceiptCheckpoint # noqa: PLC0415
        from ..models.receipt_id import ReceiptId # noqa: PLC0415
        d = dict(src_dict)
        schema_version = cast(Literal['sharing-ledger:share-receipt:v1'] , d.pop("schema_version"))
        if schema_version != 'sharing-ledger:share-receipt:v1':
            raise ValueError(f"schema_version must match const 'sharing-ledger:share-receipt:v1', got '{schema_version}'")

        receipt_id = ReceiptId.from_dict(d.pop("receipt_id"))




        pii_controller = d.pop("pii_controller")

        recipient = d.pop("recipient")

        received_at = d.pop("received_at")

        pii_types = []
        _pii_types = d.pop("pii_types")
        for pii_types_item_data in (_pii_types):
            pii_types_item = DataCategory(pii_types_item_data)



            pii_types.append(pii_types_item)


        purpose = Purpose(d.pop("purpose"))




        lawful_basis = LawfulBasis(d.pop("lawful_basis"))




        def _parse_checkpoint(data: object) -> None | ReceiptCheckpoint | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                checkpoint_type_0 = ReceiptCheckpoint.from_dict(data)



                return checkpoint_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReceiptCheckpoint | Unset, data)

        checkpoint = _parse_checkpoint(d.pop("checkpoint", UNSET))


        receipt_document = cls(
            schema_version=schema_version,
            receipt_id=receipt_id,
            pii_controller=pii_controller,
            recipient=recipient,
            received_at=received_at,
            pii_types=pii_types,
            purpose=purpose,
            lawful_basis=lawful_basis,
            checkpoint=checkpoint,
        )

        return receipt_document

