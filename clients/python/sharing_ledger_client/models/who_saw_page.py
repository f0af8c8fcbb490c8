from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.activity_entry import ActivityEntry
  from ..models.disposal_facts import DisposalFacts
  from ..models.recipient import Recipient





T = TypeVar("T", bound="WhoSawPage")



@_attrs_define
class WhoSawPage:
    """ One page of a person's accesses and disclosures, newest first (Art 15(1)(c)).

    The counts, recipients and disposal are the whole history's on every page.
    `next` marks where this page ended (not an offset), so entries recorded
    meanwhile never shift the pages after it; CSV is the whole history.

        Attributes:
            subject (str):
            accesses (int):
            disclosures (int):
            recipients (list[Recipient]):
            disposal (DisposalFacts | None):
            items (list[ActivityEntry]):
            next_ (None | str): The cursor of the next page (null: the last page)
     """

    subject: str
    accesses: int
    disclosures: int
    recipients: list[Recipient]
    disposal: DisposalFacts | None
    items: list[ActivityEntry]
    next_: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.activity_entry import ActivityEntry # noqa: PLC0415
        from ..models.disposal_facts import DisposalFacts # noqa: PLC0415
        from ..models.recipient import Recipient # noqa: PLC0415
        subject = self.subject

        accesses = self.accesses

        disclosures = self.disclosures

        recipients = []
        for recipients_item_data in self.recipients:
            recipients_item = recipients_item_data.to_dict()
            recipients.append(recipients_item)



        disposal: dict[str, Any] | None
        if isinstance(self.disposal, DisposalFacts):
            disposal = self.disposal.to_dict()
        else:
            disposal = self.disposal

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)



        next_: None | str
        next_ = self.next_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "subject": subject,
            "accesses": accesses,
            "disclosures": disclosures,
            "recipients": recipients,
            "disposal": disposal,
            "items": items,
            "next": next_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_entry import ActivityEntry # noqa: PLC0415
        from ..models.disposal_facts import DisposalFacts # noqa: PLC0415
        from ..models.recipient import Recipient # noqa: PLC0415
        d = dict(src_dict)
        subject = d.pop("subject")

        accesses = d.pop("accesses")

        disclosures = d.pop("disclosures")

        recipients = []
        _recipients = d.pop("recipients")
        for recipients_item_data in (_recipients):
            recipients_item = Recipient.from_dict(recipients_item_data)



            recipients.append(recipients_item)


        def _parse_disposal(data: object) -> DisposalFacts | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                disposal_type_0 = DisposalFacts.from_dict(data)



                return disposal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DisposalFacts | None, data)

        disposal = _parse_disposal(d.pop("disposal"))


        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = ActivityEntry.from_dict(items_item_data)



            items.append(items_item)


        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))


        who_saw_page = cls(
            subject=subject,
            accesses=accesses,
            disclosures=disclosures,
            recipients=recipients,
            disposal=disposal,
            items=items,
            next_=next_,
        )


        who_saw_page.additional_properties = d
        return who_saw_page

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
