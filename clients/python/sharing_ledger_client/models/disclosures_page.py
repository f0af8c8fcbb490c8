from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.agreement_terms import AgreementTerms
  from ..models.share_report import ShareReport





T = TypeVar("T", bound="DisclosuresPage")



@_attrs_define
class DisclosuresPage:
    """ A page of what one partner received, with its agreements and receipt status.

    `flagged` and `overdue_receipts` are the whole list's on every page; `next`
    marks where this page ended (not an offset); CSV is the whole list.

        Attributes:
            organisation (str):
            name (None | str):
            agreements (list[AgreementTerms]):
            flagged (int):
            overdue_receipts (int):
            items (list[ShareReport]):
            next_ (None | str): The cursor of the next page (null: the last page)
     """

    organisation: str
    name: None | str
    agreements: list[AgreementTerms]
    flagged: int
    overdue_receipts: int
    items: list[ShareReport]
    next_: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.agreement_terms import AgreementTerms # noqa: PLC0415
        from ..models.share_report import ShareReport # noqa: PLC0415
        organisation = self.organisation

        name: None | str
        name = self.name

        agreements = []
        for agreements_item_data in self.agreements:
            agreements_item = agreements_item_data.to_dict()
            agreements.append(agreements_item)



        flagged = self.flagged

        overdue_receipts = self.overdue_receipts

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)



        next_: None | str
        next_ = self.next_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "organisation": organisation,
            "name": name,
            "agreements": agreements,
            "flagged": flagged,
            "overdue_receipts": overdue_receipts,
            "items": items,
            "next": next_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agreement_terms import AgreementTerms # noqa: PLC0415
        from ..models.share_report import ShareReport # noqa: PLC0415
        d = dict(src_dict)
        organisation = d.pop("organisation")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        agreements = []
        _agreements = d.pop("agreements")
        for agreements_item_data in (_agreements):
            agreements_item = AgreementTerms.from_dict(agreements_item_data)



            agreements.append(agreements_item)


        flagged = d.pop("flagged")

        overdue_receipts = d.pop("overdue_receipts")

        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = ShareReport.from_dict(items_item_data)



            items.append(items_item)


        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))


        disclosures_page = cls(
            organisation=organisation,
            name=name,
            agreements=agreements,
            flagged=flagged,
            overdue_receipts=overdue_receipts,
            items=items,
            next_=next_,
        )


        disclosures_page.additional_properties = d
        return disclosures_page

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
