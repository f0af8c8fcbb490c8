from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.agreement_terms import AgreementTerms





T = TypeVar("T", bound="AgreementReport")



@_attrs_define
class AgreementReport:
    """ 
        Attributes:
            terms (AgreementTerms):
            shares_under_it (int):
            in_force (bool):
            review_overdue (bool):
     """

    terms: AgreementTerms
    shares_under_it: int
    in_force: bool
    review_overdue: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.agreement_terms import AgreementTerms # noqa: PLC0415
        terms = self.terms.to_dict()

        shares_under_it = self.shares_under_it

        in_force = self.in_force

        review_overdue = self.review_overdue


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "terms": terms,
            "shares_under_it": shares_under_it,
            "in_force": in_force,
            "review_overdue": review_overdue,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agreement_terms import AgreementTerms # noqa: PLC0415
        d = dict(src_dict)
        terms = AgreementTerms.from_dict(d.pop("terms"))




        shares_under_it = d.pop("shares_under_it")

        in_force = d.pop("in_force")

        review_overdue = d.pop("review_overdue")

        agreement_report = cls(
            terms=terms,
            shares_under_it=shares_under_it,
            in_force=in_force,
            review_overdue=review_overdue,
        )


        agreement_report.additional_properties = d
        return agreement_report

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
