from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.objection_report_verdict import ObjectionReportVerdict
from typing import cast

if TYPE_CHECKING:
  from ..models.objection_facts import ObjectionFacts
  from ..models.reason import Reason





T = TypeVar("T", bound="ObjectionReport")



@_attrs_define
class ObjectionReport:
    """ 
        Attributes:
            facts (ObjectionFacts):
            verdict (ObjectionReportVerdict):
            reasons (list[Reason]):
     """

    facts: ObjectionFacts
    verdict: ObjectionReportVerdict
    reasons: list[Reason]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.objection_facts import ObjectionFacts # noqa: PLC0415
        from ..models.reason import Reason # noqa: PLC0415
        facts = self.facts.to_dict()

        verdict = self.verdict.value

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "facts": facts,
            "verdict": verdict,
            "reasons": reasons,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.objection_facts import ObjectionFacts # noqa: PLC0415
        from ..models.reason import Reason # noqa: PLC0415
        d = dict(src_dict)
        facts = ObjectionFacts.from_dict(d.pop("facts"))




        verdict = ObjectionReportVerdict(d.pop("verdict"))




        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in (_reasons):
            reasons_item = Reason.from_dict(reasons_item_data)



            reasons.append(reasons_item)


        objection_report = cls(
            facts=facts,
            verdict=verdict,
            reasons=reasons,
        )


        objection_report.additional_properties = d
        return objection_report

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
