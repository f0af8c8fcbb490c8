"""Administration of API principals: list, create (the key is in the reply, once), revoke.

Every creation and revocation is also a ledger entry naming the admin and
the reason (api.service.principal_admin). Over HTTP an admin creates keys for
source systems and partners only; DPO, investigator, auditor and admin keys
are created on the command line by the operator (docs/api-security.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel, Field

from api.http.admin_schemas import CreatedPrincipal, PrincipalView
from api.http.context import state
from api.http.problems import ProblemError
from api.http.security import ROLE_MATRIX, require
from api.jsonable import jsonable
from api.service.principal_admin import CREATED_OVER_HTTP, create_principal, revoke_principal
from ledger.principals import Principal, Role

router = APIRouter(prefix="/v1/principals", tags=["administration"])
Admin = Annotated[Principal, Depends(require(*ROLE_MATRIX["admin"]))]


def _public(principal: Principal) -> dict[str, Any]:
    """A principal as the API shows it: never its key or its hash."""
    shown: dict[str, Any] = jsonable(principal)
    return shown


class NewPrincipal(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    role: Role = Field(description="source-system or partner (others: on the command line)")
    organisation: str | None = None
    expires_at: datetime | None = None
    reason: str = Field(min_length=1, max_length=500, description="Why (recorded).")


class Revocation(BaseModel):
    reason: str = Field(min_length=1, max_length=500, description="Why (recorded).")


@router.get(
    "",
    summary="Every principal (never keys or hashes)",
    response_model=None,
    responses={200: {"model": list[PrincipalView]}},
)
def list_principals(request: Request, _admin: Admin) -> list[dict[str, Any]]:
    return [_public(p) for p in request.app.state.principals.list()]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a principal and its key",
    response_model=None,
    responses={201: {"model": CreatedPrincipal}},
)
def create_principal_route(request: Request, body: NewPrincipal, admin: Admin) -> dict[str, Any]:
    """The reply holds the API key, once: only a hash of it is kept. Recorded in the ledger."""
    if body.role not in CREATED_OVER_HTTP:
        raise ProblemError(
            status.HTTP_403_FORBIDDEN,
            "Not created over HTTP",
            f"role: {body.role.value} keys are created on the command line by the operator "
            "(sharing-ledger principals create); over HTTP, only source-system and partner keys",
            type_suffix="role-not-created-over-http",
        )
    made = create_principal(
        state(request).service,
        name=body.name,
        role=body.role,
        created_by=f"principal:{admin.id}",
        reason=body.reason,
        organisation=body.organisation,
        expires_at=body.expires_at,
    )
    return {"principal": _public(made.principal), "api_key": made.api_key}


@router.post(
    "/{principal_id}/revocation",
    summary="Revoke a principal's key, from now on",
    response_model=None,
    responses={200: {"model": PrincipalView}},
)
def revoke_principal_route(
    request: Request, principal_id: str, body: Revocation, admin: Admin
) -> dict[str, Any]:
    """Revoked from now on, and recorded in the ledger with the admin and the reason."""
    service = state(request).service
    if service.principals.get(principal_id) is None:
        raise ProblemError(
            status.HTTP_404_NOT_FOUND,
            "Not found",
            "no principal with that id",
            type_suffix="not-found",
        )
    revoked = revoke_principal(
        service, principal_id, revoked_by=f"principal:{admin.id}", reason=body.reason
    )
    return _public(revoked)
