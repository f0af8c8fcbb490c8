from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.restriction_report_verdict import RestrictionReportVerdict
from typing import cast

if TYPE_CHECKING:
  from ..models.processing import Processing
  from ..models.reason import Reason
  from ..models.recipient_notice import RecipientNotice
  from ..models.restriction_facts import RestrictionFacts





T = TypeVar("T", bound="RestrictionReport")



@_attrs_define
class RestrictionReport:
    """ 
        Attributes:
            facts (RestrictionFacts):
            verdict (RestrictionReportVerdict):
            reasons (list[Reason]):
            processing (list[Processing]):
            recipients (list[RecipientNotice]):
            days_to_apply (int | None):
     """

    facts: RestrictionFacts
    verdict: RestrictionReportVerdict
    reasons: list[Reason]
    processing: list[Processing]
    recipients: list[RecipientNotice]
    days_to_apply: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.processing import Processing # noqa: PLC0415
        from ..models.reason import Reason # noqa: PLC0415
        from ..models.recipient_notice import RecipientNotice # noqa: PLC0415
        from ..models.restriction_facts import RestrictionFacts # noqa: PLC0415
        facts = self.facts.to_dict()

        verdict = self.verdict.value

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)



        processing = []
        for processing_item_data in self.processing:
            processing_item = processing_item_data.to_dict()
            processing.append(processing_item)



        recipients = []
        for recipients_item_data in self.recipients:
            recipients_item = recipients_item_data.to_dict()
            recipients.append(recipients_item)



        days_to_apply: int | None
        days_to_apply = self.days_to_apply


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "facts": facts,
            "verdict": verdict,
            "reasons": reasons,
            "processing": processing,
            "recipients": recipients,
            "days_to_apply": days_to_apply,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.processing import Processing # noqa: PLC0415
        from ..models.reason import Reason # noqa: PLC0415
        from ..models.recipient_notice import RecipientNotice # noqa: PLC0415
        from ..models.restriction_facts import RestrictionFacts # noqa: PLC0415
        d = dict(src_dict)
        facts = RestrictionFacts.from_dict(d.pop("facts"))




        verdict = RestrictionReportVerdict(d.pop("verdict"))




        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in (_reasons):
            reasons_item = Reason.from_dict(reasons_item_data)



            reasons.append(reasons_item)


        processing = []
        _processing = d.pop("processing")
        for processing_item_data in (_processing):
            processing_item = Processing.from_dict(processing_item_data)



            processing.append(processing_item)


        recipients = []
        _recipients = d.pop("recipients")
        for recipients_item_data in (_recipients):
            recipients_item = RecipientNotice.from_dict(recipients_item_data)



            recipients.append(recipients_item)


        def _parse_days_to_apply(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        days_to_apply = _parse_days_to_apply(d.pop("days_to_apply"))


        restriction_report = cls(
            facts=facts,
            verdict=verdict,
            reasons=reasons,
            processing=processing,
            recipients=recipients,
            days_to_apply=days_to_apply,
        )


        restriction_report.additional_properties = d
        return restriction_report

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
