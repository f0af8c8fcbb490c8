from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="AgreementTerms")



@_attrs_define
class AgreementTerms:
    """ 
        Attributes:
            reference (str):
            partner (str):
            categories (list[str]):
            purposes (list[str]):
            legal_basis (str):
            valid_from (datetime.date):
            valid_to (datetime.date | None):
            review_date (datetime.date):
     """

    reference: str
    partner: str
    categories: list[str]
    purposes: list[str]
    legal_basis: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    review_date: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        partner = self.partner

        categories = self.categories



        purposes = self.purposes



        legal_basis = self.legal_basis

        valid_from = self.valid_from.isoformat()

        valid_to: None | str
        if isinstance(self.valid_to, datetime.date):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to

        review_date = self.review_date.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "reference": reference,
            "partner": partner,
            "categories": categories,
            "purposes": purposes,
            "legal_basis": legal_basis,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "review_date": review_date,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reference = d.pop("reference")

        partner = d.pop("partner")

        categories = cast(list[str], d.pop("categories"))


        purposes = cast(list[str], d.pop("purposes"))


        legal_basis = d.pop("legal_basis")

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))




        def _parse_valid_to(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_to_type_0 = datetime.date.fromisoformat(data)



                return valid_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        valid_to = _parse_valid_to(d.pop("valid_to"))


        review_date = datetime.date.fromisoformat(d.pop("review_date"))




        agreement_terms = cls(
            reference=reference,
            partner=partner,
            categories=categories,
            purposes=purposes,
            legal_basis=legal_basis,
            valid_from=valid_from,
            valid_to=valid_to,
            review_date=review_date,
        )


        agreement_terms.additional_properties = d
        return agreement_terms

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
