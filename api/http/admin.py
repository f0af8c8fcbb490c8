"""Administration of API principals: list, create (the key is in the reply, once), revoke.

Partners, their keys and agreements are ledger events (see recording and
partners); principals are access control, kept beside the ledger.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel, Field

from api.http.context import state
from api.http.problems import ProblemError
from api.http.security import ROLE_MATRIX, require
from api.jsonable import jsonable
from ledger.principals import Principal, Role

router = APIRouter(prefix="/v1/principals", tags=["administration"])
Admin = Annotated[Principal, Depends(require(*ROLE_MATRIX["admin"]))]


def _public(principal: Principal) -> dict[str, Any]:
    """A principal as the API shows it: never its key or its hash."""
    shown: dict[str, Any] = jsonable(principal)
    return shown


class NewPrincipal(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    role: Role
    organisation: str | None = None
    subjects: list[str] = Field(default_factory=list, max_length=1000)
    case: str | None = None
    expires_at: datetime | None = None


@router.get("", summary="Every principal (never keys or hashes)")
def list_principals(request: Request, _admin: Admin) -> list[dict[str, Any]]:
    return [_public(p) for p in request.app.state.principals.list()]


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a principal and its key")
def create_principal(request: Request, body: NewPrincipal, _admin: Admin) -> dict[str, Any]:
    """The reply holds the API key, once: only a hash of it is kept."""
    principal, key = request.app.state.principals.create(
        name=body.name,
        role=body.role,
        now=state(request).service.clock(),
        organisation=body.organisation,
        subjects=body.subjects,
        case=body.case,
        expires_at=body.expires_at,
    )
    return {"principal": _public(principal), "api_key": key}


@router.post("/{principal_id}/revocation", summary="Revoke a principal's key, from now on")
def revoke_principal(request: Request, principal_id: str, _admin: Admin) -> dict[str, Any]:
    store = request.app.state.principals
    if store.get(principal_id) is None:
        raise ProblemError(
            status.HTTP_404_NOT_FOUND,
            "Not found",
            "no principal with that id",
            type_suffix="not-found",
        )
    return _public(store.revoke(principal_id, state(request).service.clock()))
