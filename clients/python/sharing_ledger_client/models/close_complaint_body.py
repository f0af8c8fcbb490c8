from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.complaint_outcome import ComplaintOutcome
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CloseComplaintBody")



@_attrs_define
class CloseComplaintBody:
    """ 
        Attributes:
            closed_on (datetime.date):
            outcome (ComplaintOutcome):
            decided_by (str):
            remedial_action (str | Unset):  Default: ''.
     """

    closed_on: datetime.date
    outcome: ComplaintOutcome
    decided_by: str
    remedial_action: str | Unset = ''





    def to_dict(self) -> dict[str, Any]:
        closed_on = self.closed_on.isoformat()

        outcome = self.outcome.value

        decided_by = self.decided_by

        remedial_action = self.remedial_action


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "closed_on": closed_on,
            "outcome": outcome,
            "decided_by": decided_by,
        })
        if remedial_action is not UNSET:
            field_dict["remedial_action"] = remedial_action

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        closed_on = datetime.date.fromisoformat(d.pop("closed_on"))




        outcome = ComplaintOutcome(d.pop("outcome"))




        decided_by = d.pop("decided_by")

        remedial_action = d.pop("remedial_action", UNSET)

        close_complaint_body = cls(
            closed_on=closed_on,
            outcome=outcome,
            decided_by=decided_by,
            remedial_action=remedial_action,
        )

        return close_complaint_body

