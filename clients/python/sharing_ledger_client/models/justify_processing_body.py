from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.restriction_exception import RestrictionException
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="JustifyProcessingBody")



@_attrs_define
class JustifyProcessingBody:
    """ 
        Attributes:
            occurred_at (datetime.datetime):
            processing (UUID):
            exception (RestrictionException):
            justification (str):
            actor (str):
     """

    occurred_at: datetime.datetime
    processing: UUID
    exception: RestrictionException
    justification: str
    actor: str





    def to_dict(self) -> dict[str, Any]:
        occurred_at = self.occurred_at.isoformat()

        processing = str(self.processing)

        exception = self.exception.value

        justification = self.justification

        actor = self.actor


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "occurred_at": occurred_at,
            "processing": processing,
            "exception": exception,
            "justification": justification,
            "actor": actor,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        processing = UUID(d.pop("processing"))




        exception = RestrictionException(d.pop("exception"))




        justification = d.pop("justification")

        actor = d.pop("actor")

        justify_processing_body = cls(
            occurred_at=occurred_at,
            processing=processing,
            exception=exception,
            justification=justification,
            actor=actor,
        )

        return justify_processing_body

