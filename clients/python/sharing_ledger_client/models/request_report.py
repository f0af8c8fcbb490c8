from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.request_report_status import RequestReportStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.deadline import Deadline





T = TypeVar("T", bound="RequestReport")



@_attrs_define
class RequestReport:
    """ 
        Attributes:
            request_id (str):
            reference (None | str):
            subject (str):
            kind (str):
            received_on (datetime.date):
            closed_on (datetime.date | None):
            outcome (None | str):
            deadline (Deadline): The statutory deadline of one request, and how it was arrived at.
            status (RequestReportStatus):
     """

    request_id: str
    reference: None | str
    subject: str
    kind: str
    received_on: datetime.date
    closed_on: datetime.date | None
    outcome: None | str
    deadline: Deadline
    status: RequestReportStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.deadline import Deadline # noqa: PLC0415
        request_id = self.request_id

        reference: None | str
        reference = self.reference

        subject = self.subject

        kind = self.kind

        received_on = self.received_on.isoformat()

        closed_on: None | str
        if isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        outcome: None | str
        outcome = self.outcome

        deadline = self.deadline.to_dict()

        status = self.status.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "request_id": request_id,
            "reference": reference,
            "subject": subject,
            "kind": kind,
            "received_on": received_on,
            "closed_on": closed_on,
            "outcome": outcome,
            "deadline": deadline,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deadline import Deadline # noqa: PLC0415
        d = dict(src_dict)
        request_id = d.pop("request_id")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))


        subject = d.pop("subject")

        kind = d.pop("kind")

        received_on = datetime.date.fromisoformat(d.pop("received_on"))




        def _parse_closed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_on_type_0 = datetime.date.fromisoformat(data)



                return closed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        closed_on = _parse_closed_on(d.pop("closed_on"))


        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))


        deadline = Deadline.from_dict(d.pop("deadline"))




        status = RequestReportStatus(d.pop("status"))




        request_report = cls(
            request_id=request_id,
            reference=reference,
            subject=subject,
            kind=kind,
            received_on=received_on,
            closed_on=closed_on,
            outcome=outcome,
            deadline=deadline,
            status=status,
        )


        request_report.additional_properties = d
        return request_report

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
