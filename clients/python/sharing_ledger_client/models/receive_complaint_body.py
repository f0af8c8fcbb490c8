from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.complainant import Complainant
from ..models.complaint_issue import ComplaintIssue
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ReceiveComplaintBody")



@_attrs_define
class ReceiveComplaintBody:
    """ 
        Attributes:
            received_on (datetime.date):
            subject (str):
            complainant (Complainant):
            issues (list[ComplaintIssue]):
            summary (str):
            recorded_by (str):
            ico_case_reference (None | str | Unset):
            rights_request (None | Unset | UUID):
            restriction (None | Unset | UUID):
            reference (None | str | Unset):
     """

    received_on: datetime.date
    subject: str
    complainant: Complainant
    issues: list[ComplaintIssue]
    summary: str
    recorded_by: str
    ico_case_reference: None | str | Unset = UNSET
    rights_request: None | Unset | UUID = UNSET
    restriction: None | Unset | UUID = UNSET
    reference: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        received_on = self.received_on.isoformat()

        subject = self.subject

        complainant = self.complainant.value

        issues = []
        for issues_item_data in self.issues:
            issues_item = issues_item_data.value
            issues.append(issues_item)



        summary = self.summary

        recorded_by = self.recorded_by

        ico_case_reference: None | str | Unset
        if isinstance(self.ico_case_reference, Unset):
            ico_case_reference = UNSET
        else:
            ico_case_reference = self.ico_case_reference

        rights_request: None | str | Unset
        if isinstance(self.rights_request, Unset):
            rights_request = UNSET
        elif isinstance(self.rights_request, UUID):
            rights_request = str(self.rights_request)
        else:
            rights_request = self.rights_request

        restriction: None | str | Unset
        if isinstance(self.restriction, Unset):
            restriction = UNSET
        elif isinstance(self.restriction, UUID):
            restriction = str(self.restriction)
        else:
            restriction = self.restriction

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "received_on": received_on,
            "subject": subject,
            "complainant": complainant,
            "issues": issues,
            "summary": summary,
            "recorded_by": recorded_by,
        })
        if ico_case_reference is not UNSET:
            field_dict["ico_case_reference"] = ico_case_reference
        if rights_request is not UNSET:
            field_dict["rights_request"] = rights_request
        if restriction is not UNSET:
            field_dict["restriction"] = restriction
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        received_on = datetime.date.fromisoformat(d.pop("received_on"))




        subject = d.pop("subject")

        complainant = Complainant(d.pop("complainant"))




        issues = []
        _issues = d.pop("issues")
        for issues_item_data in (_issues):
            issues_item = ComplaintIssue(issues_item_data)



            issues.append(issues_item)


        summary = d.pop("summary")

        recorded_by = d.pop("recorded_by")

        def _parse_ico_case_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ico_case_reference = _parse_ico_case_reference(d.pop("ico_case_reference", UNSET))


        def _parse_rights_request(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rights_request_type_0 = UUID(data)



                return rights_request_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        rights_request = _parse_rights_request(d.pop("rights_request", UNSET))


        def _parse_restriction(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                restriction_type_0 = UUID(data)



                return restriction_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        restriction = _parse_restriction(d.pop("restriction", UNSET))


        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))


        receive_complaint_body = cls(
            received_on=received_on,
            subject=subject,
            complainant=complainant,
            issues=issues,
            summary=summary,
            recorded_by=recorded_by,
            ico_case_reference=ico_case_reference,
            rights_request=rights_request,
            restriction=restriction,
            reference=reference,
        )

        return receive_complaint_body

