from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.earlier_recipient import EarlierRecipient





T = TypeVar("T", bound="RectificationReport")



@_attrs_define
class RectificationReport:
    """ 
        Attributes:
            rectification_id (str):
            reference (None | str):
            subject (str):
            categories (list[str]):
            occurred_at (datetime.datetime):
            recipients (list[EarlierRecipient]):
     """

    rectification_id: str
    reference: None | str
    subject: str
    categories: list[str]
    occurred_at: datetime.datetime
    recipients: list[EarlierRecipient]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.earlier_recipient import EarlierRecipient # noqa: PLC0415
        rectification_id = self.rectification_id

        reference: None | str
        reference = self.reference

        subject = self.subject

        categories = self.categories



        occurred_at = self.occurred_at.isoformat()

        recipients = []
        for recipients_item_data in self.recipients:
            recipients_item = recipients_item_data.to_dict()
            recipients.append(recipients_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "rectification_id": rectification_id,
            "reference": reference,
            "subject": subject,
            "categories": categories,
            "occurred_at": occurred_at,
            "recipients": recipients,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.earlier_recipient import EarlierRecipient # noqa: PLC0415
        d = dict(src_dict)
        rectification_id = d.pop("rectification_id")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))


        subject = d.pop("subject")

        categories = cast(list[str], d.pop("categories"))


        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        recipients = []
        _recipients = d.pop("recipients")
        for recipients_item_data in (_recipients):
            recipients_item = EarlierRecipient.from_dict(recipients_item_data)



            recipients.append(recipients_item)


        rectification_report = cls(
            rectification_id=rectification_id,
            reference=reference,
            subject=subject,
            categories=categories,
            occurred_at=occurred_at,
            recipients=recipients,
        )


        rectification_report.additional_properties = d
        return rectification_report

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
