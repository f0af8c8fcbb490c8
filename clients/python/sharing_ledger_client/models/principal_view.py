from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.role import Role
from typing import cast






T = TypeVar("T", bound="PrincipalView")



@_attrs_define
class PrincipalView:
    """ A principal as the API shows it: never its key or the key's hash.

        Attributes:
            id (str):
            name (str):
            role (Role): What a principal is for; the role-by-endpoint matrix lives with the HTTP API.
            organisation (None | str):
            subjects (list[str]): An investigator's subjects (others: none)
            case (None | str):
            expires_at (None | str):
            created_at (str):
            revoked_at (None | str):
     """

    id: str
    name: str
    role: Role
    organisation: None | str
    subjects: list[str]
    case: None | str
    expires_at: None | str
    created_at: str
    revoked_at: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        role = self.role.value

        organisation: None | str
        organisation = self.organisation

        subjects = self.subjects



        case: None | str
        case = self.case

        expires_at: None | str
        expires_at = self.expires_at

        created_at = self.created_at

        revoked_at: None | str
        revoked_at = self.revoked_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "role": role,
            "organisation": organisation,
            "subjects": subjects,
            "case": case,
            "expires_at": expires_at,
            "created_at": created_at,
            "revoked_at": revoked_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        role = Role(d.pop("role"))




        def _parse_organisation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        organisation = _parse_organisation(d.pop("organisation"))


        subjects = cast(list[str], d.pop("subjects"))


        def _parse_case(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        case = _parse_case(d.pop("case"))


        def _parse_expires_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))


        created_at = d.pop("created_at")

        def _parse_revoked_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))


        principal_view = cls(
            id=id,
            name=name,
            role=role,
            organisation=organisation,
            subjects=subjects,
            case=case,
            expires_at=expires_at,
            created_at=created_at,
            revoked_at=revoked_at,
        )


        principal_view.additional_properties = d
        return principal_view

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
