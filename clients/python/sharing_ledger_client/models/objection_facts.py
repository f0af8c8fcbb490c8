from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ObjectionFacts")



@_attrs_define
class ObjectionFacts:
    """ 
        Attributes:
            objection_id (str):
            reference (None | str):
            subject (str):
            purposes (list[str]):
            received_at (datetime.datetime):
            decided_at (datetime.datetime | None):
            outcome (None | str):
            due (datetime.date | None):
     """

    objection_id: str
    reference: None | str
    subject: str
    purposes: list[str]
    received_at: datetime.datetime
    decided_at: datetime.datetime | None
    outcome: None | str
    due: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        objection_id = self.objection_id

        reference: None | str
        reference = self.reference

        subject = self.subject

        purposes = self.purposes



        received_at = self.received_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        outcome: None | str
        outcome = self.outcome

        due: None | str
        if isinstance(self.due, datetime.date):
            due = self.due.isoformat()
        else:
            due = self.due


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "objection_id": objection_id,
            "reference": reference,
            "subject": subject,
            "purposes": purposes,
            "received_at": received_at,
            "decided_at": decided_at,
            "outcome": outcome,
            "due": due,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        objection_id = d.pop("objection_id")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))


        subject = d.pop("subject")

        purposes = cast(list[str], d.pop("purposes"))


        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))




        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)



                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))


        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))


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


        objection_facts = cls(
            objection_id=objection_id,
            reference=reference,
            subject=subject,
            purposes=purposes,
            received_at=received_at,
            decided_at=decided_at,
            outcome=outcome,
            due=due,
        )


        objection_facts.additional_properties = d
        return objection_facts

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
