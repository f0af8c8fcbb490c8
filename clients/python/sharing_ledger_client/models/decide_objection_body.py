from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.objection_outcome import ObjectionOutcome
from typing import cast
import datetime






T = TypeVar("T", bound="DecideObjectionBody")



@_attrs_define
class DecideObjectionBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            outcome (ObjectionOutcome):
            explanation (str):
            decided_by (str):
     """

    occurred_at: datetime.datetime
    outcome: ObjectionOutcome
    explanation: str
    decided_by: str





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        outcome = self.outcome.value

        explanation = self.explanation

        decided_by = self.decided_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "outcome": outcome,
            "explanation": explanation,
            "decided_by": decided_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        outcome = ObjectionOutcome(d.pop("outcome"))




        explanation = d.pop("explanation")

        decided_by = d.pop("decided_by")

        decide_objection_body = cls(
            occurred_at=occurred_at,
            outcome=outcome,
            explanation=explanation,
            decided_by=decided_by,
        )

        return decide_objection_body

