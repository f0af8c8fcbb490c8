from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.principal_view import PrincipalView





T = TypeVar("T", bound="CreatedPrincipal")



@_attrs_define
class CreatedPrincipal:
    """ The new principal and its API key: shown once, only a hash of it is kept.

        Attributes:
            principal (PrincipalView): A principal as the API shows it: never its key or the key's hash.
            api_key (str):
     """

    principal: PrincipalView
    api_key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.principal_view import PrincipalView # noqa: PLC0415
        principal = self.principal.to_dict()

        api_key = self.api_key


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "principal": principal,
            "api_key": api_key,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.principal_view import PrincipalView # noqa: PLC0415
        d = dict(src_dict)
        principal = PrincipalView.from_dict(d.pop("principal"))




        api_key = d.pop("api_key")

        created_principal = cls(
            principal=principal,
            api_key=api_key,
        )


        created_principal.additional_properties = d
        return created_principal

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
