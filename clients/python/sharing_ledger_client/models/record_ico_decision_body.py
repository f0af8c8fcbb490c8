from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.ico_decision import ICODecision
from typing import cast
import datetime






T = TypeVar("T", bound="RecordIcoDecisionBody")



@_attrs_define
class RecordIcoDecisionBody:
    """ 
        Attributes:
            decided_on (datetime.date):
            decision (ICODecision):
            recorded_by (str):
     """

    decided_on: datetime.date
    decision: ICODecision
    recorded_by: str





    def to_dict(self) -> dict[str, Any]:
        decided_on = self.decided_on.isoformat()

        decision = self.decision.value

        recorded_by = self.recorded_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "decided_on": decided_on,
            "decision": decision,
            "recorded_by": recorded_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decided_on = datetime.date.fromisoformat(d.pop("decided_on"))




        decision = ICODecision(d.pop("decision"))




        recorded_by = d.pop("recorded_by")

        record_ico_decision_body = cls(
            decided_on=decided_on,
            decision=decision,
            recorded_by=recorded_by,
        )

        return record_ico_decision_body

