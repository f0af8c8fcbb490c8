from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rights_request_kind import RightsRequestKind
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ReceiveRequestBody")



@_attrs_define
class ReceiveRequestBody:
    """ 
        Attributes:
            received_on (datetime.date):
            subject (str):
            kind (RightsRequestKind):
            recorded_by (str):
            reference (None | str | Unset):
     """

    received_on: datetime.date
    subject: str
    kind: RightsRequestKind
    recorded_by: str
    reference: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        received_on = self.received_on.isoformat()

        subject = self.subject

        kind = self.kind.value

        recorded_by = self.recorded_by

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "received_on": received_on,
            "subject": subject,
            "kind": kind,
            "recorded_by": recorded_by,
        })
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        received_on = datetime.date.fromisoformat(d.pop("received_on"))




        subject = d.pop("subject")

        kind = RightsRequestKind(d.pop("kind"))




        recorded_by = d.pop("recorded_by")

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))


        receive_request_body = cls(
            received_on=received_on,
            subject=subject,
            kind=kind,
            recorded_by=recorded_by,
            reference=reference,
        )

        return receive_request_body

