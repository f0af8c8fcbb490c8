from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.data_category import DataCategory
from ..models.lawful_basis import LawfulBasis
from ..models.purpose import Purpose
from ..models.schedule_1_condition import Schedule1Condition
from ..models.special_condition import SpecialCondition
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RegisterAgreementBody")



@_attrs_define
class RegisterAgreementBody:
    """ 
        Attributes:
            reference (str):
            partner (str):
            categories (list[DataCategory]):
            purposes (list[Purpose]):
            legal_basis (LawfulBasis):
            valid_from (datetime.date):
            review_date (datetime.date):
            valid_to (datetime.date | None | Unset):
            special_condition (None | SpecialCondition | Unset):
            schedule_1_condition (None | Schedule1Condition | Unset):
     """

    reference: str
    partner: str
    categories: list[DataCategory]
    purposes: list[Purpose]
    legal_basis: LawfulBasis
    valid_from: datetime.date
    review_date: datetime.date
    valid_to: datetime.date | None | Unset = UNSET
    special_condition: None | SpecialCondition | Unset = UNSET
    schedule_1_condition: None | Schedule1Condition | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        partner = self.partner

        categories = []
        for categories_item_data in self.categories:
            categories_item = categories_item_data.value
            categories.append(categories_item)



        purposes = []
        for purposes_item_data in self.purposes:
            purposes_item = purposes_item_data.value
            purposes.append(purposes_item)



        legal_basis = self.legal_basis.value

        valid_from = self.valid_from.isoformat()

        review_date = self.review_date.isoformat()

        valid_to: None | str | Unset
        if isinstance(self.valid_to, Unset):
            valid_to = UNSET
        elif isinstance(self.valid_to, datetime.date):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to

        special_condition: None | str | Unset
        if isinstance(self.special_condition, Unset):
            special_condition = UNSET
        elif isinstance(self.special_condition, SpecialCondition):
            special_condition = self.special_condition.value
        else:
            special_condition = self.special_condition

        schedule_1_condition: None | str | Unset
        if isinstance(self.schedule_1_condition, Unset):
            schedule_1_condition = UNSET
        elif isinstance(self.schedule_1_condition, Schedule1Condition):
            schedule_1_condition = self.schedule_1_condition.value
        else:
            schedule_1_condition = self.schedule_1_condition


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reference": reference,
            "partner": partner,
            "categories": categories,
            "purposes": purposes,
            "legal_basis": legal_basis,
            "valid_from": valid_from,
            "review_date": review_date,
        })
        if valid_to is not UNSET:
            field_dict["valid_to"] = valid_to
        if special_condition is not UNSET:
            field_dict["special_condition"] = special_condition
        if schedule_1_condition is not UNSET:
            field_dict["schedule_1_condition"] = schedule_1_condition

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reference = d.pop("reference")

        partner = d.pop("partner")

        categories = []
        _categories = d.pop("categories")
        for categories_item_data in (_categories):
            categories_item = DataCategory(categories_item_data)



            categories.append(categories_item)


        purposes = []
        _purposes = d.pop("purposes")
        for purposes_item_data in (_purposes):
            purposes_item = Purpose(purposes_item_data)



            purposes.append(purposes_item)


        legal_basis = LawfulBasis(d.pop("legal_basis"))




        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))




        review_date = datetime.date.fromisoformat(d.pop("review_date"))




        def _parse_valid_to(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_to_type_0 = datetime.date.fromisoformat(data)



                return valid_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        valid_to = _parse_valid_to(d.pop("valid_to", UNSET))


        def _parse_special_condition(data: object) -> None | SpecialCondition | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                special_condition_type_0 = SpecialCondition(data)



                return special_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SpecialCondition | Unset, data)

        special_condition = _parse_special_condition(d.pop("special_condition", UNSET))


        def _parse_schedule_1_condition(data: object) -> None | Schedule1Condition | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                schedule_1_condition_type_0 = Schedule1Condition(data)



                return schedule_1_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Schedule1Condition | Unset, data)

        schedule_1_condition = _parse_schedule_1_condition(d.pop("schedule_1_condition", UNSET))


        register_agreement_body = cls(
            reference=reference,
            partner=partner,
            categories=categories,
            purposes=purposes,
            legal_basis=legal_basis,
            valid_from=valid_from,
            review_date=review_date,
            valid_to=valid_to,
            special_condition=special_condition,
            schedule_1_condition=schedule_1_condition,
        )

        return register_agreement_body

