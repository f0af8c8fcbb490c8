"""Small builders of valid domain objects, so each test states only what it varies."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from ledger.domain.processing import Access, Share

_B32 = "abcdefghijklmnopqrstuvwxyz234567"


def subject(n: int) -> str:
    """A well-formed, synthetic subject reference."""
    digest = hashlib.sha256(f"test-subject-{n}".encode()).digest()
    bits = int.from_bytes(digest[:17], "big")
    return "sr_" + "".join(_B32[(bits >> (5 * i)) & 31] for i in range(26))


def access(occurred_at: datetime, **overrides: Any) -> Access:
    fields: dict[str, Any] = {
        "occurred_at": occurred_at,
        "actor": "fsw-0001",
        "actor_role": "family-support-worker",
        "actor_organisation": "westshire-council",
        "subject": subject(1),
        "categories": ("pd:HealthRecord",),
        "purpose": "dpv:ServiceProvision",
        "legal_basis": "eu-gdpr:A6-1-e",
        "source_system": "liquidlogic",
        "justification": "case review",
    }
    fields.update(overrides)
    return Access.record(**fields)


def share(occurred_at: datetime, **overrides: Any) -> Share:
    fields: dict[str, Any] = {
        "occurred_at": occurred_at,
        "actor": "sw-0002",
        "actor_organisation": "westshire-council",
        "recipient": "westshire-constabulary",
        "subjects": (subject(1), subject(2)),
        "categories": ("pd:HealthRecord",),
        "purpose": "dpv:ServiceProvision",
        "legal_basis": "eu-gdpr:A6-1-e",
        "special_condition": "eu-gdpr:A9-2-g",
        "schedule_1_condition": "sl:DPA2018-S1-P2-18",
        "agreement": "ISA-POLICE-2025",
        "channel": "sl:SecureEmail",
        "source_system": "liquidlogic",
        "justification": "safeguarding referral",
    }
    fields.update(overrides)
    return Share.record(**fields)


def access_command(occurred_at: datetime, **overrides: Any) -> dict[str, Any]:
    """A record_access command as JSON callers send it."""
    command: dict[str, Any] = {
        "command": "record_access",
        "occurred_at": occurred_at.isoformat(),
        "actor": "fsw-0001",
        "actor_role": "family-support-worker",
        "actor_organisation": "westshire-council",
        "subject": subject(1),
        "categories": ["pd:HealthRecord"],
        "purpose": "dpv:ServiceProvision",
        "legal_basis": "eu-gdpr:A6-1-e",
        "source_system": "liquidlogic",
        "justification": "case review",
    }
    command.update(overrides)
    return command


POLICE = "westshire-constabulary"


def police_share_body(occurred_at: datetime, person: str) -> dict[str, Any]:
    """A share of one person's name to the police, as a source system posts it to /v1/shares."""
    return {
        "occurred_at": occurred_at.isoformat(),
        "actor": "sw-0002",
        "actor_organisation": "westshire-council",
        "recipient": POLICE,
        "subjects": [person],
        "categories": ["pd:Name"],
        "purpose": "sl:Safeguarding",
        "legal_basis": "eu-gdpr:A6-1-e",
        "channel": "sl:SecureEmail",
        "source_system": "liquidlogic",
        "justification": "safeguarding referral",
    }
