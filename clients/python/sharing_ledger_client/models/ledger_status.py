from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.checkpoint_summary import CheckpointSummary
  from ..models.group_commit_counts import GroupCommitCounts
  from ..models.read_model_status import ReadModelStatus





T = TypeVar("T", bound="LedgerStatus")



@_attrs_define
class LedgerStatus:
    """ Size, head, latest checkpoint and each read model's lag: no personal data.

        Attributes:
            group_commit (GroupCommitCounts | None):
            size (int):
            head_hash (None | str):
            latest_checkpoint (CheckpointSummary | None):
            projections (list[ReadModelStatus]):
     """

    group_commit: GroupCommitCounts | None
    size: int
    head_hash: None | str
    latest_checkpoint: CheckpointSummary | None
    projections: list[ReadModelStatus]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.checkpoint_summary import CheckpointSummary # noqa: PLC0415
        from ..models.group_commit_counts import GroupCommitCounts # noqa: PLC0415
        from ..models.read_model_status import ReadModelStatus # noqa: PLC0415
        group_commit: dict[str, Any] | None
        if isinstance(self.group_commit, GroupCommitCounts):
            group_commit = self.group_commit.to_dict()
        else:
            group_commit = self.group_commit

        size = self.size

        head_hash: None | str
        head_hash = self.head_hash

        latest_checkpoint: dict[str, Any] | None
        if isinstance(self.latest_checkpoint, CheckpointSummary):
            latest_checkpoint = self.latest_checkpoint.to_dict()
        else:
            latest_checkpoint = self.latest_checkpoint

        projections = []
        for projections_item_data in self.projections:
            projections_item = projections_item_data.to_dict()
            projections.append(projections_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "group_commit": group_commit,
            "size": size,
            "head_hash": head_hash,
            "latest_checkpoint": latest_checkpoint,
            "projections": projections,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkpoint_summary import CheckpointSummary # noqa: PLC0415
        from ..models.group_commit_counts import GroupCommitCounts # noqa: PLC0415
        from ..models.read_model_status import ReadModelStatus # noqa: PLC0415
        d = dict(src_dict)
        def _parse_group_commit(data: object) -> GroupCommitCounts | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                group_commit_type_0 = GroupCommitCounts.from_dict(data)



                return group_commit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GroupCommitCounts | None, data)

        group_commit = _parse_group_commit(d.pop("group_commit"))


        size = d.pop("size")

        def _parse_head_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        head_hash = _parse_head_hash(d.pop("head_hash"))


        def _parse_latest_checkpoint(data: object) -> CheckpointSummary | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                latest_checkpoint_type_0 = CheckpointSummary.from_dict(data)



                return latest_checkpoint_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CheckpointSummary | None, data)

        latest_checkpoint = _parse_latest_checkpoint(d.pop("latest_checkpoint"))


        projections = []
        _projections = d.pop("projections")
        for projections_item_data in (_projections):
            projections_item = ReadModelStatus.from_dict(projections_item_data)



            projections.append(projections_item)


        ledger_status = cls(
            group_commit=group_commit,
            size=size,
            head_hash=head_hash,
            latest_checkpoint=latest_checkpoint,
            projections=projections,
        )


        ledger_status.additional_properties = d
        return ledger_status

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
