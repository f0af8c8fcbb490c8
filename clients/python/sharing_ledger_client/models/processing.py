from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.activity_entry import ActivityEntry
  from ..models.category_match import CategoryMatch





T = TypeVar("T", bound="Processing")



@_attrs_define
class Processing:
    """ 
        Attributes:
            entry (ActivityEntry):
            exception (None | str):
            matches (list[CategoryMatch] | Unset):
     """

    entry: ActivityEntry
    exception: None | str
    matches: list[CategoryMatch] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.activity_entry import ActivityEntry # noqa: PLC0415
        from ..models.category_match import CategoryMatch # noqa: PLC0415
        entry = self.entry.to_dict()

        exception: None | str
        exception = self.exception

        matches: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.matches, Unset):
            matches = []
            for matches_item_data in self.matches:
                matches_item = matches_item_data.to_dict()
                matches.append(matches_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "entry": entry,
            "exception": exception,
        })
        if matches is not UNSET:
            field_dict["matches"] = matches

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_entry import ActivityEntry # noqa: PLC0415
        from ..models.category_match import CategoryMatch # noqa: PLC0415
        d = dict(src_dict)
        entry = ActivityEntry.from_dict(d.pop("entry"))




        def _parse_exception(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        exception = _parse_exception(d.pop("exception"))


        _matches = d.pop("matches", UNSET)
        matches: list[CategoryMatch] | Unset = UNSET
        if _matches is not UNSET:
            matches = []
            for matches_item_data in _matches:
                matches_item = CategoryMatch.from_dict(matches_item_data)



                matches.append(matches_item)


        processing = cls(
            entry=entry,
            exception=exception,
            matches=matches,
        )


        processing.additional_properties = d
        return processing

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
