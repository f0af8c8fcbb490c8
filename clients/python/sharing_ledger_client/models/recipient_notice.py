from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.category_match import CategoryMatch





T = TypeVar("T", bound="RecipientNotice")



@_attrs_define
class RecipientNotice:
    """ 
        Attributes:
            organisation (str):
            first_received (datetime.datetime):
            notified_at (datetime.datetime | None):
            acknowledged_at (datetime.datetime | None):
            exempted_at (datetime.datetime | None | Unset):
            matches (list[CategoryMatch] | Unset):
     """

    organisation: str
    first_received: datetime.datetime
    notified_at: datetime.datetime | None
    acknowledged_at: datetime.datetime | None
    exempted_at: datetime.datetime | None | Unset = UNSET
    matches: list[CategoryMatch] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.category_match import CategoryMatch # noqa: PLC0415
        organisation = self.organisation

        first_received = self.first_received.isoformat()

        notified_at: None | str
        if isinstance(self.notified_at, datetime.datetime):
            notified_at = self.notified_at.isoformat()
        else:
            notified_at = self.notified_at

        acknowledged_at: None | str
        if isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        exempted_at: None | str | Unset
        if isinstance(self.exempted_at, Unset):
            exempted_at = UNSET
        elif isinstance(self.exempted_at, datetime.datetime):
            exempted_at = self.exempted_at.isoformat()
        else:
            exempted_at = self.exempted_at

        matches: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.matches, Unset):
            matches = []
            for matches_item_data in self.matches:
                matches_item = matches_item_data.to_dict()
                matches.append(matches_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "organisation": organisation,
            "first_received": first_received,
            "notified_at": notified_at,
            "acknowledged_at": acknowledged_at,
        })
        if exempted_at is not UNSET:
            field_dict["exempted_at"] = exempted_at
        if matches is not UNSET:
            field_dict["matches"] = matches

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.category_match import CategoryMatch # noqa: PLC0415
        d = dict(src_dict)
        organisation = d.pop("organisation")

        first_received = datetime.datetime.fromisoformat(d.pop("first_received"))




        def _parse_notified_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                notified_at_type_0 = datetime.datetime.fromisoformat(data)



                return notified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        notified_at = _parse_notified_at(d.pop("notified_at"))


        def _parse_acknowledged_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acknowledged_at_type_0 = datetime.datetime.fromisoformat(data)



                return acknowledged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        acknowledged_at = _parse_acknowledged_at(d.pop("acknowledged_at"))


        def _parse_exempted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                exempted_at_type_0 = datetime.datetime.fromisoformat(data)



                return exempted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        exempted_at = _parse_exempted_at(d.pop("exempted_at", UNSET))


        _matches = d.pop("matches", UNSET)
        matches: list[CategoryMatch] | Unset = UNSET
        if _matches is not UNSET:
            matches = []
            for matches_item_data in _matches:
                matches_item = CategoryMatch.from_dict(matches_item_data)



                matches.append(matches_item)


        recipient_notice = cls(
            organisation=organisation,
            first_received=first_received,
            notified_at=notified_at,
            acknowledged_at=acknowledged_at,
            exempted_at=exempted_at,
            matches=matches,
        )


        recipient_notice.additional_properties = d
        return recipient_notice

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
