from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.partner_type import PartnerType
from ..types import UNSET, Unset






T = TypeVar("T", bound="RegisterPartnerBody")



@_attrs_define
class RegisterPartnerBody:
    """ 
        Attributes:
            organisation (str):
            name (str):
            partner_type (PartnerType):
            competent_authority (bool):
            country (str | Unset):  Default: 'GB'.
     """

    organisation: str
    name: str
    partner_type: PartnerType
    competent_authority: bool
    country: str | Unset = 'GB'





    def to_dict(self) -> dict[str, Any]:
        organisation = self.organisation

        name = self.name

        partner_type = self.partner_type.value

        competent_authority = self.competent_authority

        country = self.country


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "organisation": organisation,
            "name": name,
            "partner_type": partner_type,
            "competent_authority": competent_authority,
        })
        if country is not UNSET:
            field_dict["country"] = country

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        organisation = d.pop("organisation")

        name = d.pop("name")

        partner_type = PartnerType(d.pop("partner_type"))




        competent_authority = d.pop("competent_authority")

        country = d.pop("country", UNSET)

        register_partner_body = cls(
            organisation=organisation,
            name=name,
            partner_type=partner_type,
            competent_authority=competent_authority,
            country=country,
        )

        return register_partner_body

