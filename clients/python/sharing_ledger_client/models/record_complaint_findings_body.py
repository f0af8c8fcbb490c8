from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="RecordComplaintFindingsBody")



@_attrs_define
class RecordComplaintFindingsBody:
    """ 
        Attributes:
            recorded_on (datetime.date):
            findings (str):
            recorded_by (str):
     """

    recorded_on: datetime.date
    findings: str
    recorded_by: str





    def to_dict(self) -> dict[str, Any]:
        recorded_on = self.recorded_on.isoformat()

        findings = self.findings

        recorded_by = self.recorded_by


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "recorded_on": recorded_on,
            "findings": findings,
            "recorded_by": recorded_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        recorded_on = datetime.date.fromisoformat(d.pop("recorded_on"))




        findings = d.pop("findings")

        recorded_by = d.pop("recorded_by")

        record_complaint_findings_body = cls(
            recorded_on=recorded_on,
            findings=findings,
            recorded_by=recorded_by,
        )

        return record_complaint_findings_body

