from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ReadModelStatus")



@_attrs_define
class ReadModelStatus:
    """ 
        Attributes:
            name (str):
            position (int | None): The last entry applied (null: none yet)
            lag (int):
            stale (bool):
            state (str): current, lagging, stalled...
            reason (None | str): Why a stalled read model stopped
     """

    name: str
    position: int | None
    lag: int
    stale: bool
    state: str
    reason: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        position: int | None
        position = self.position

        lag = self.lag

        stale = self.stale

        state = self.state

        reason: None | str
        reason = self.reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "position": position,
            "lag": lag,
            "stale": stale,
            "state": state,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_position(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        position = _parse_position(d.pop("position"))


        lag = d.pop("lag")

        stale = d.pop("stale")

        state = d.pop("state")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))


        read_model_status = cls(
            name=name,
            position=position,
            lag=lag,
            stale=stale,
            state=state,
            reason=reason,
        )


        read_model_status.additional_properties = d
        return read_model_status

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
