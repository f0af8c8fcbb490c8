from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.deadline_starts_from import DeadlineStartsFrom
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Deadline")



@_attrs_define
class Deadline:
    """ The statutory deadline of one request, and how it was arrived at.

        Attributes:
            starts_on (datetime.date):
            first_month_ends (datetime.date | None):
            due (datetime.date | None):
            paused_days (int):
            extension_valid (bool | None):
            starts_from (DeadlineStartsFrom | Unset):  Default: DeadlineStartsFrom.REQUEST_RECEIVED.
            under_art_12a (bool | Unset):  Default: True.
            paused_days_not_counted (int | Unset):  Default: 0.
     """

    starts_on: datetime.date
    first_month_ends: datetime.date | None
    due: datetime.date | None
    paused_days: int
    extension_valid: bool | None
    starts_from: DeadlineStartsFrom | Unset = DeadlineStartsFrom.REQUEST_RECEIVED
    under_art_12a: bool | Unset = True
    paused_days_not_counted: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        starts_on = self.starts_on.isoformat()

        first_month_ends: None | str
        if isinstance(self.first_month_ends, datetime.date):
            first_month_ends = self.first_month_ends.isoformat()
        else:
            first_month_ends = self.first_month_ends

        due: None | str
        if isinstance(self.due, datetime.date):
            due = self.due.isoformat()
        else:
            due = self.due

        paused_days = self.paused_days

        extension_valid: bool | None
        extension_valid = self.extension_valid

        starts_from: str | Unset = UNSET
        if not isinstance(self.starts_from, Unset):
            starts_from = self.starts_from.value


        under_art_12a = self.under_art_12a

        paused_days_not_counted = self.paused_days_not_counted


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "starts_on": starts_on,
            "first_month_ends": first_month_ends,
            "due": due,
            "paused_days": paused_days,
            "extension_valid": extension_valid,
        })
        if starts_from is not UNSET:
            field_dict["starts_from"] = starts_from
        if under_art_12a is not UNSET:
            field_dict["under_art_12a"] = under_art_12a
        if paused_days_not_counted is not UNSET:
            field_dict["paused_days_not_counted"] = paused_days_not_counted

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))




        def _parse_first_month_ends(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_month_ends_type_0 = datetime.date.fromisoformat(data)



                return first_month_ends_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        first_month_ends = _parse_first_month_ends(d.pop("first_month_ends"))


        def _parse_due(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_type_0 = datetime.date.fromisoformat(data)



                return due_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        due = _parse_due(d.pop("due"))


        paused_days = d.pop("paused_days")

        def _parse_extension_valid(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        extension_valid = _parse_extension_valid(d.pop("extension_valid"))


        _starts_from = d.pop("starts_from", UNSET)
        starts_from: DeadlineStartsFrom | Unset
        if isinstance(_starts_from,  Unset):
            starts_from = UNSET
        else:
            starts_from = DeadlineStartsFrom(_starts_from)




        under_art_12a = d.pop("under_art_12a", UNSET)

        paused_days_not_counted = d.pop("paused_days_not_counted", UNSET)

        deadline = cls(
            starts_on=starts_on,
            first_month_ends=first_month_ends,
            due=due,
            paused_days=paused_days,
            extension_valid=extension_valid,
            starts_from=starts_from,
            under_art_12a=under_art_12a,
            paused_days_not_counted=paused_days_not_counted,
        )


        deadline.additional_properties = d
        return deadline

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
