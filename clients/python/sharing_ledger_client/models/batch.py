from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.batch_commands_item import BatchCommandsItem





T = TypeVar("T", bound="Batch")



@_attrs_define
class Batch:
    """ Several commands, applied together or not at all.

        Attributes:
            commands (list[BatchCommandsItem]):
     """

    commands: list[BatchCommandsItem]





    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_commands_item import BatchCommandsItem # noqa: PLC0415
        commands = []
        for commands_item_data in self.commands:
            commands_item = commands_item_data.to_dict()
            commands.append(commands_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "commands": commands,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_commands_item import BatchCommandsItem # noqa: PLC0415
        d = dict(src_dict)
        commands = []
        _commands = d.pop("commands")
        for commands_item_data in (_commands):
            commands_item = BatchCommandsItem.from_dict(commands_item_data)



            commands.append(commands_item)


        batch = cls(
            commands=commands,
        )

        return batch

