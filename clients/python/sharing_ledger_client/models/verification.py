from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.verification_read_models_type_0 import VerificationReadModelsType0





T = TypeVar("T", bound="Verification")



@_attrs_define
class Verification:
    """ ``ok: false`` names the first failure: a finding about the ledger, not a request error.

        Attributes:
            ok (bool):
            size (int | None | Unset):
            head_hash (None | str | Unset):
            root (None | str | Unset): Merkle root (RFC 9162)
            checkpoints (int | None | Unset): Stored checkpoints checked
            read_models (None | Unset | VerificationReadModelsType0):
            position (int | None | Unset): Where the chain first fails
            failure (None | str | Unset):
            detail (None | str | Unset):
     """

    ok: bool
    size: int | None | Unset = UNSET
    head_hash: None | str | Unset = UNSET
    root: None | str | Unset = UNSET
    checkpoints: int | None | Unset = UNSET
    read_models: None | Unset | VerificationReadModelsType0 = UNSET
    position: int | None | Unset = UNSET
    failure: None | str | Unset = UNSET
    detail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.verification_read_models_type_0 import VerificationReadModelsType0 # noqa: PLC0415
        ok = self.ok

        size: int | None | Unset
        if isinstance(self.size, Unset):
            size = UNSET
        else:
            size = self.size

        head_hash: None | str | Unset
        if isinstance(self.head_hash, Unset):
            head_hash = UNSET
        else:
            head_hash = self.head_hash

        root: None | str | Unset
        if isinstance(self.root, Unset):
            root = UNSET
        else:
            root = self.root

        checkpoints: int | None | Unset
        if isinstance(self.checkpoints, Unset):
            checkpoints = UNSET
        else:
            checkpoints = self.checkpoints

        read_models: dict[str, Any] | None | Unset
        if isinstance(self.read_models, Unset):
            read_models = UNSET
        elif isinstance(self.read_models, VerificationReadModelsType0):
            read_models = self.read_models.to_dict()
        else:
            read_models = self.read_models

        position: int | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        else:
            position = self.position

        failure: None | str | Unset
        if isinstance(self.failure, Unset):
            failure = UNSET
        else:
            failure = self.failure

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "ok": ok,
        })
        if size is not UNSET:
            field_dict["size"] = size
        if head_hash is not UNSET:
            field_dict["head_hash"] = head_hash
        if root is not UNSET:
            field_dict["root"] = root
        if checkpoints is not UNSET:
            field_dict["checkpoints"] = checkpoints
        if read_models is not UNSET:
            field_dict["read_models"] = read_models
        if position is not UNSET:
            field_dict["position"] = position
        if failure is not UNSET:
            field_dict["failure"] = failure
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.verification_read_models_type_0 import VerificationReadModelsType0 # noqa: PLC0415
        d = dict(src_dict)
        ok = d.pop("ok")

        def _parse_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size = _parse_size(d.pop("size", UNSET))


        def _parse_head_hash(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        head_hash = _parse_head_hash(d.pop("head_hash", UNSET))


        def _parse_root(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        root = _parse_root(d.pop("root", UNSET))


        def _parse_checkpoints(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        checkpoints = _parse_checkpoints(d.pop("checkpoints", UNSET))


        def _parse_read_models(data: object) -> None | Unset | VerificationReadModelsType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                read_models_type_0 = VerificationReadModelsType0.from_dict(data)



                return read_models_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VerificationReadModelsType0, data)

        read_models = _parse_read_models(d.pop("read_models", UNSET))


        def _parse_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position = _parse_position(d.pop("position", UNSET))


        def _parse_failure(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure = _parse_failure(d.pop("failure", UNSET))


        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))


        verification = cls(
            ok=ok,
            size=size,
            head_hash=head_hash,
            root=root,
            checkpoints=checkpoints,
            read_models=read_models,
            position=position,
            failure=failure,
            detail=detail,
        )


        verification.additional_properties = d
        return verification

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
