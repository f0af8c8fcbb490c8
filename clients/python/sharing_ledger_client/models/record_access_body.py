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
import datetime






T = TypeVar("T", bound="RecordAccessBody")



@_attrs_define
class RecordAccessBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            actor (str):
            actor_role (str):
            actor_organisation (str):
            subject (str):
            categories (list[DataCategory]):
            purpose (Purpose):
            legal_basis (LawfulBasis):
            source_system (str):
            justification (str):
            on_behalf_of (None | str | Unset):
            source_ref (None | str | Unset):
     """

    occurred_at: datetime.datetime
    actor: str
    actor_role: str
    actor_organisation: str
    subject: str
    categories: list[DataCategory]
    purpose: Purpose
    legal_basis: LawfulBasis
    source_system: str
    justification: str
    on_behalf_of: None | str | Unset = UNSET
    source_ref: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        actor = self.actor

        actor_role = self.actor_role

        actor_organisation = self.actor_organisation

        subject = self.subject

        categories = []
        for categories_item_data in self.categories:
            categories_item = categories_item_data.value
            categories.append(categories_item)



        purpose = self.purpose.value

        legal_basis = self.legal_basis.value

        source_system = self.source_system

        justification = self.justification

        on_behalf_of: None | str | Unset
        if isinstance(self.on_behalf_of, Unset):
            on_behalf_of = UNSET
        else:
            on_behalf_of = self.on_behalf_of

        source_ref: None | str | Unset
        if isinstance(self.source_ref, Unset):
            source_ref = UNSET
        else:
            source_ref = self.source_ref


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "actor": actor,
            "actor_role": actor_role,
            "actor_organisation": actor_organisation,
            "subject": subject,
            "categories": categories,
            "purpose": purpose,
            "legal_basis": legal_basis,
            "source_system": source_system,
            "justification": justification,
        })
        if on_behalf_of is not UNSET:
            field_dict["on_behalf_of"] = on_behalf_of
        if source_ref is not UNSET:
            field_dict["source_ref"] = source_ref

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        actor = d.pop("actor")

        actor_role = d.pop("actor_role")

        actor_organisation = d.pop("actor_organisation")

        subject = d.pop("subject")

        categories = []
        _categories = d.pop("categories")
        for categories_item_data in (_categories):
            categories_item = DataCategory(categories_item_data)



            categories.append(categories_item)


        purpose = Purpose(d.pop("purpose"))




        legal_basis = LawfulBasis(d.pop("legal_basis"))




        source_system = d.pop("source_system")

        justification = d.pop("justification")

        def _parse_on_behalf_of(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        on_behalf_of = _parse_on_behalf_of(d.pop("on_behalf_of", UNSET))


        def _parse_source_ref(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_ref = _parse_source_ref(d.pop("source_ref", UNSET))


        record_access_body = cls(
            occurred_at=occurred_at,
            actor=actor,
            actor_role=actor_role,
            actor_organisation=actor_organisation,
            subject=subject,
            categories=categories,
            purpose=purpose,
            legal_basis=legal_basis,
            source_system=source_system,
            justification=justification,
            on_behalf_of=on_behalf_of,
            source_ref=source_ref,
        )

        return record_access_body

