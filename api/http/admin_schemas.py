"""Typed replies of the principal administration and subject lookup endpoints (documentation:
``responses=`` in admin.py and reports.py; the handlers build the replies)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ledger.principals import Role


class PrincipalView(BaseModel):
    """A principal as the API shows it: never its key or the key's hash."""

    id: str
    name: str
    role: Role
    organisation: str | None
    subjects: list[str] = Field(description="An investigator's subjects (others: none)")
    case: str | None
    expires_at: str | None
    created_at: str
    revoked_at: str | None


class CreatedPrincipal(BaseModel):
    """The new principal and its API key: shown once, only a hash of it is kept."""

    principal: PrincipalView
    api_key: str


class ResolvedSubject(BaseModel):
    subject: str = Field(pattern="^sr_[a-z2-7]{26}$", description="The subject reference")
