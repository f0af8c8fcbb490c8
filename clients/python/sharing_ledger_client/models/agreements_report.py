from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.agreement_report import AgreementReport
  from ..models.uncovered_recipient import UncoveredRecipient





T = TypeVar("T", bound="AgreementsReport")



@_attrs_define
class AgreementsReport:
    """ 
        Attributes:
            agreements (list[AgreementReport]):
            uncovered (list[UncoveredRecipient]):
     """

    agreements: list[AgreementReport]
    uncovered: list[UncoveredRecipient]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.agreement_report import AgreementReport # noqa: PLC0415
        from ..models.uncovered_recipient import UncoveredRecipient # noqa: PLC0415
        agreements = []
        for agreements_item_data in self.agreements:
            agreements_item = agreements_item_data.to_dict()
            agreements.append(agreements_item)



        uncovered = []
        for uncovered_item_data in self.uncovered:
            uncovered_item = uncovered_item_data.to_dict()
            uncovered.append(uncovered_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agreements": agreements,
            "uncovered": uncovered,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agreement_report import AgreementReport # noqa: PLC0415
        from ..models.uncovered_recipient import UncoveredRecipient # noqa: PLC0415
        d = dict(src_dict)
        agreements = []
        _agreements = d.pop("agreements")
        for agreements_item_data in (_agreements):
            agreements_item = AgreementReport.from_dict(agreements_item_data)



            agreements.append(agreements_item)


        uncovered = []
        _uncovered = d.pop("uncovered")
        for uncovered_item_data in (_uncovered):
            uncovered_item = UncoveredRecipient.from_dict(uncovered_item_data)



            uncovered.append(uncovered_item)


        agreements_report = cls(
            agreements=agreements,
            uncovered=uncovered,
        )


        agreements_report.additional_properties = d
        return agreements_report

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
