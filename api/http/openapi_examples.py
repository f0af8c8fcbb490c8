"""An example for every operation of the OpenAPI document: its request and its reply.

The requests below are synthetic and valid: posted in this order to an empty
ledger, each gets its documented success status (tests/integration/
test_openapi_examples.py does exactly that). The replies are what the service
answered to them, captured into ``openapi_examples.json`` by
``python -m tests.support.openapi_capture`` (run it again when a request
example or a reply changes shape). Every subject reference, name and key in
them is made up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any

from api.http.problems import PROBLEM_BASE, http_slug
from ledger.domain import values

CAPTURED = Path(__file__).with_name("openapi_examples.json")

SUBJECT = "sr_kddklcrvu3v3omkgskkedlvk4s"  # synthetic (tests/support/factories.subject(1))
OTHER_SUBJECT = "sr_e2wzxolentjotbam5r6lpf6byz"  # synthetic (subject(2))
COUNCIL = "westshire-council"
POLICE = "westshire-constabulary"
SOURCE = "liquidlogic"
RESTRICTION = str(values.new_id("restriction", "RES-2026-0007"))
RECTIFICATION = str(values.new_id("rectification", "REC-2026-0003"))
OBJECTION = str(values.new_id("objection", "OBJ-2026-0002"))
COMPLAINT = str(values.new_id("complaint", "CMP-2026-0004"))
REQUEST = str(values.derived_id("request", "SAR-2026-0011"))
REFUSED_REQUEST = str(values.derived_id("request", "SAR-2026-0012"))
ACCESS = str(values.derived_id("access", SOURCE, "evt-000101"))
SHARE = str(values.derived_id("share", SOURCE, "evt-000102"))
# A made-up partner key (the public half of Ed25519 seed bytes 0x01 * 32).
PARTNER_PUBLIC_KEY = "iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w="


@dataclass(frozen=True, slots=True)
class Example:
    """One request: path and query parameters, and a JSON body (None: no body)."""

    path: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None


_ACCESS = {
    "occurred_at": "2026-11-02T10:15:00Z",
    "actor": "fsw-0001",
    "actor_role": "family-support-worker",
    "actor_organisation": COUNCIL,
    "subject": SUBJECT,
    "categories": ["pd:HealthRecord"],
    "purpose": "dpv:ServiceProvision",
    "legal_basis": "eu-gdpr:A6-1-e",
    "source_system": SOURCE,
    "justification": "case review before a family meeting",
    "source_ref": "evt-000101",
}

# (method, path template) -> the example; in an order an empty ledger accepts.
REQUESTS: dict[tuple[str, str], Example] = {
    ("POST", "/v1/partners"): Example(
        body={
            "organisation": POLICE,
            "name": "Westshire Constabulary",
            "partner_type": "sl:Police",
            "competent_authority": True,
        }
    ),
    ("POST", "/v1/partners/{organisation}/keys"): Example(
        path={"organisation": POLICE}, body={"public_key": PARTNER_PUBLIC_KEY}
    ),
    ("POST", "/v1/agreements"): Example(
        body={
            "reference": "ISA-2026-POLICE",
            "partner": POLICE,
            "categories": ["pd:Name", "pd:Family", "pd:CriminalOffense"],
            "purposes": ["sl:Safeguarding"],
            "legal_basis": "eu-gdpr:A6-1-e",
            "valid_from": "2026-01-01",
            "review_date": "2027-01-01",
            "schedule_1_condition": "sl:DPA2018-S1-P2-18",
        }
    ),
    ("POST", "/v1/accesses"): Example(body=_ACCESS),
    ("POST", "/v1/shares"): Example(
        body={
            "occurred_at": "2026-11-02T11:00:00Z",
            "actor": "sw-0002",
            "actor_organisation": COUNCIL,
            "recipient": POLICE,
            "subjects": [SUBJECT],
            "categories": ["pd:Name", "pd:Family"],
            "purpose": "sl:Safeguarding",
            "legal_basis": "eu-gdpr:A6-1-e",
            "channel": "sl:SecureEmail",
            "source_system": SOURCE,
            "justification": "safeguarding referral",
            "agreement": "ISA-2026-POLICE",
            "source_ref": "evt-000102",
        }
    ),
    ("POST", "/v1/sharing-decisions"): Example(
        body={
            "occurred_at": "2026-11-02T12:00:00Z",
            "actor": "sw-0002",
            "actor_organisation": COUNCIL,
            "requester": "westshire-homes",
            "subjects": [SUBJECT],
            "categories": ["pd:Health"],
            "purpose": "sl:EarlyHelpAndPrevention",
            "reasons": ["sl:NoAgreement"],
            "explanation": "no information sharing agreement covers health data for housing",
            "reference": "DEC-2026-0001",
        }
    ),
    ("POST", "/v1/batch"): Example(
        body={
            "commands": [
                {"command": "record_access", **_ACCESS, "source_ref": "evt-000103"},
                {
                    "command": "receive_request",
                    "received_on": "2026-11-03",
                    "subject": OTHER_SUBJECT,
                    "kind": "eu-gdpr:A15",
                    "recorded_by": "dpo-01",
                    "reference": "SAR-2026-0012",
                },
            ]
        }
    ),
    ("POST", "/v1/rights-requests"): Example(
        body={
            "received_on": "2026-11-03",
            "subject": SUBJECT,
            "kind": "eu-gdpr:A15",
            "recorded_by": "dpo-01",
            "reference": "SAR-2026-0011",
        }
    ),
    ("POST", "/v1/rights-requests/{id}/identity-information"): Example(
        path={"id": REQUEST}, body={"received_on": "2026-11-04"}
    ),
    ("POST", "/v1/rights-requests/{id}/identity-verification"): Example(
        path={"id": REQUEST}, body={"verified_on": "2026-11-04"}
    ),
    ("POST", "/v1/rights-requests/{id}/pause"): Example(
        path={"id": REQUEST},
        body={"paused_on": "2026-11-05", "reason": "asked the person which records they mean"},
    ),
    ("POST", "/v1/rights-requests/{id}/resumption"): Example(
        path={"id": REQUEST}, body={"resumed_on": "2026-11-09"}
    ),
    ("POST", "/v1/rights-requests/{id}/extension"): Example(
        path={"id": REQUEST},
        body={"notified_on": "2026-11-10", "reason": "complex: records held by three services"},
    ),
    ("POST", "/v1/rights-requests/{id}/fulfilment"): Example(
        path={"id": REQUEST}, body={"fulfilled_on": "2026-11-20"}
    ),
    ("POST", "/v1/rights-requests/{id}/refusal"): Example(
        path={"id": REFUSED_REQUEST},
        body={"refused_on": "2026-11-04", "reason": "manifestly unfounded (Art 12(5))"},
    ),
    ("POST", "/v1/rectifications"): Example(
        body={
            "occurred_at": "2026-11-06T09:00:00Z",
            "subject": SUBJECT,
            "categories": ["pd:Family"],
            "actor": "dpo-01",
            "actor_organisation": COUNCIL,
            "summary": "household composition corrected",
            "reference": "REC-2026-0003",
        }
    ),
    ("POST", "/v1/rectifications/{id}/notices"): Example(
        path={"id": RECTIFICATION},
        body={
            "occurred_at": "2026-11-06T10:00:00Z",
            "recipient": POLICE,
            "channel": "sl:SecureEmail",
            "notified_by": "dpo-01",
        },
    ),
    ("POST", "/v1/rectifications/{change_id}/notices/acknowledgement"): Example(
        path={"change_id": RECTIFICATION}, body={"occurred_at": "2026-11-06T12:00:00Z"}
    ),
    ("POST", "/v1/rectifications/{id}/notice-exemptions"): Example(
        path={"id": RECTIFICATION},
        body={
            "occurred_at": "2026-11-06T10:05:00Z",
            "recipient": "westshire-homes",
            "explanation": "disproportionate effort: the recipient has closed the case",
            "recorded_by": "dpo-01",
        },
    ),
    ("POST", "/v1/restrictions"): Example(
        body={
            "occurred_at": "2026-11-07T09:00:00Z",
            "subject": SUBJECT,
            "ground": "sl:A18-1-a",
            "categories": ["pd:HealthRecord"],
            "recorded_by": "dpo-01",
            "reference": "RES-2026-0007",
        }
    ),
    ("POST", "/v1/restrictions/{id}/application"): Example(
        path={"id": RESTRICTION},
        body={
            "occurred_at": "2026-11-07T09:30:00Z",
            "ground": "sl:A18-1-a",
            "categories": ["pd:HealthRecord"],
            "applied_by": "dpo-01",
        },
    ),
    ("POST", "/v1/restrictions/{id}/justifications"): Example(
        path={"id": RESTRICTION},
        body={
            "occurred_at": "2026-11-07T11:00:00Z",
            "processing": ACCESS,
            "exception": "sl:A18-2-LegalClaims",
            "justification": "needed for the defence of a legal claim",
            "actor": "dpo-01",
        },
    ),
    ("POST", "/v1/restrictions/{id}/notices"): Example(
        path={"id": RESTRICTION},
        body={
            "occurred_at": "2026-11-07T12:00:00Z",
            "recipient": POLICE,
            "channel": "sl:SecureEmail",
            "notified_by": "dpo-01",
        },
    ),
    ("POST", "/v1/restrictions/{change_id}/notices/acknowledgement"): Example(
        path={"change_id": RESTRICTION}, body={"occurred_at": "2026-11-07T13:00:00Z"}
    ),
    ("POST", "/v1/restrictions/{id}/notice-exemptions"): Example(
        path={"id": RESTRICTION},
        body={
            "occurred_at": "2026-11-07T12:05:00Z",
            "recipient": "westshire-homes",
            "explanation": "impossible: the recipient no longer exists",
            "recorded_by": "dpo-01",
        },
    ),
    ("POST", "/v1/restrictions/{id}/subject-informed"): Example(
        path={"id": RESTRICTION},
        body={"occurred_at": "2026-11-14T09:00:00Z", "channel": "sl:Post", "informed_by": "dpo-01"},
    ),
    ("POST", "/v1/restrictions/{id}/lift"): Example(
        path={"id": RESTRICTION},
        body={
            "occurred_at": "2026-11-21T09:00:00Z",
            "reason": "accuracy verified",
            "lifted_by": "dpo-01",
        },
    ),
    ("POST", "/v1/objections"): Example(
        body={
            "occurred_at": "2026-11-08T09:00:00Z",
            "subject": SUBJECT,
            "purposes": ["sl:ProgrammeEvaluation"],
            "grounds": "does not want their family's data used for evaluation",
            "recorded_by": "dpo-01",
            "reference": "OBJ-2026-0002",
        }
    ),
    ("POST", "/v1/objections/{id}/decision"): Example(
        path={"id": OBJECTION},
        body={
            "occurred_at": "2026-11-15T09:00:00Z",
            "outcome": "sl:ObjectionUpheld",
            "explanation": "no compelling legitimate grounds override the objection",
            "decided_by": "dpo-01",
        },
    ),
    ("POST", "/v1/complaints"): Example(
        body={
            "received_on": "2026-11-09",
            "subject": SUBJECT,
            "complainant": "sl:ComplainantICO",
            "ico_case_reference": "IC-123456-A1B2",
            "issues": ["sl:IssueLateResponse"],
            "summary": "the subject access request was answered after the month",
            "recorded_by": "dpo-01",
            "reference": "CMP-2026-0004",
        }
    ),
    ("POST", "/v1/complaints/{id}/acknowledgement"): Example(
        path={"id": COMPLAINT},
        body={"acknowledged_on": "2026-11-10", "recorded_by": "dpo-01"},
    ),
    ("POST", "/v1/complaints/{id}/findings"): Example(
        path={"id": COMPLAINT},
        body={
            "recorded_on": "2026-11-20",
            "findings": "the response was sent nine days late after a staff absence",
            "recorded_by": "dpo-01",
        },
    ),
    ("POST", "/v1/complaints/{id}/closure"): Example(
        path={"id": COMPLAINT},
        body={
            "closed_on": "2026-11-21",
            "outcome": "sl:ComplaintUpheld",
            "remedial_action": "cover arranged for the team's absences",
            "decided_by": "dpo-01",
        },
    ),
    ("POST", "/v1/complaints/{id}/ico-decision"): Example(
        path={"id": COMPLAINT},
        body={
            "decided_on": "2026-11-28",
            "decision": "sl:ICOInfringementAdvice",
            "recorded_by": "dpo-01",
        },
    ),
    ("GET", "/v1/shares/{share_id}/receipt-draft"): Example(
        path={"share_id": SHARE}, query={"received_at": "2026-11-02T11:05:00Z"}
    ),
    ("POST", "/v1/shares/{share_id}/receipt"): Example(path={"share_id": SHARE}),
    ("POST", "/v1/subjects/resolve"): Example(
        body={"kind": "nhs", "value": "9434765919", "reason": "subject access request"}
    ),
    ("GET", "/v1/subjects/{subject}/who-saw"): Example(
        path={"subject": SUBJECT}, query={"reason": "subject access request SAR-2026-0011"}
    ),
    ("GET", "/v1/partners/{organisation}/disclosures"): Example(path={"organisation": POLICE}),
    ("GET", "/v1/restrictions/{restriction}/compliance"): Example(
        path={"restriction": "RES-2026-0007"}
    ),
    ("GET", "/v1/restrictions"): Example(),
    ("GET", "/v1/rights-requests"): Example(),
    ("GET", "/v1/rectifications"): Example(),
    ("GET", "/v1/objections"): Example(),
    ("GET", "/v1/complaints"): Example(),
    # A file that is no recorded letter: the answer says so (its digest, no responses).
    ("POST", "/v1/access-responses/check"): Example(
        body="<!doctype html><title>Your personal data</title><p>A copy kept by the person.</p>"
    ),
    ("GET", "/v1/agreements"): Example(),
    ("GET", "/v1/promises"): Example(query={"since": "2026-01-01T00:00:00Z"}),
    ("GET", "/v1/ledger/status"): Example(),
    ("POST", "/v1/ledger/verification"): Example(),
    ("GET", "/v1/ledger/checkpoint"): Example(),
    ("POST", "/v1/ledger/checkpoint/cosignatures"): Example(),
    ("GET", "/v1/ledger/keys"): Example(),
    ("GET", "/v1/ledger/proof/inclusion/{position}"): Example(
        path={"position": "1"}, query={"size": "3"}
    ),
    ("GET", "/v1/ledger/proof/consistency"): Example(query={"old": "2", "new": "4"}),
    ("POST", "/v1/principals"): Example(
        body={
            "name": "liquidlogic-feed",
            "role": "source-system",
            "organisation": COUNCIL,
            "reason": "the case record system's feed",
        }
    ),
    ("GET", "/v1/principals"): Example(),
    ("POST", "/v1/principals/{principal_id}/revocation"): Example(
        body={"reason": "the feed moved to a new key"}
    ),
    # Public: no key. The sizes and tiles depend on how many entries came before.
    ("GET", "/v1/public/checkpoint"): Example(),
    ("GET", "/v1/public/checkpoints"): Example(query={"limit": "10"}),
    ("GET", "/v1/public/keys"): Example(),
    ("GET", "/v1/public/proof/consistency"): Example(),
    ("GET", "/tlog/checkpoint"): Example(),
    ("GET", "/tlog/tile/{level}/{rest}"): Example(path={"level": "0"}),
    ("GET", "/tlog/tile/entries/{rest}"): Example(path={"rest": "000"}),
    # The partner's keys last: the rotations retire the ones the examples above use.
    ("POST", "/v1/partners/{organisation}/keys/rotation"): Example(path={"organisation": POLICE}),
    ("POST", "/v1/partners/{organisation}/api-key/rotation"): Example(
        path={"organisation": POLICE}, body={"reason": "yearly rotation of the API key"}
    ),
}
# Operations that answer a problem whatever is sent (their example reply is that problem).
ALWAYS_PROBLEMS: dict[tuple[str, str], int] = {
    ("GET", "/tlog/tile/entries/{rest}"): 404,  # entries are personal data: never served
}


@cache
def captured() -> dict[str, Any]:
    """The captured replies: "METHOD path" -> {status, media_type, body, request?}."""
    if not CAPTURED.exists():
        return {}
    loaded: dict[str, Any] = json.loads(CAPTURED.read_text(encoding="utf-8"))
    return loaded


def key(method: str, path: str) -> str:
    return f"{method} {path}"


def annotate(method: str, path: str, operation: dict[str, Any]) -> None:
    """Put the operation's examples into its OpenAPI operation object."""
    example = REQUESTS.get((method, path), Example())
    reply = captured().get(key(method, path), {})
    body = reply.get("request", example.body)  # signed bodies are captured as sent
    for parameter in operation.get("parameters", ()):
        where = example.path if parameter["in"] == "path" else example.query
        seen = reply.get("parameters", {})
        if parameter["name"] in seen:
            parameter["example"] = seen[parameter["name"]]
        elif parameter["name"] in where:
            parameter["example"] = where[parameter["name"]]
    if body is not None and "requestBody" in operation:
        for content in operation["requestBody"].get("content", {}).values():
            content["example"] = body
    if reply:
        status = str(reply["status"])
        response = operation.setdefault("responses", {}).setdefault(
            status, {"description": HTTPStatus(int(status)).phrase}
        )
        content = response.setdefault("content", {})
        content.setdefault(reply["media_type"], {"schema": {}})["example"] = reply["body"]
        for media_type, example_body in reply.get("alternatives", {}).items():
            content[media_type] = {"schema": {"type": "string"}, "example": example_body}


def problem(status: int) -> dict[str, Any]:
    """An example problem document for ``status``, as the service writes the commonest one."""
    slug, title, detail = _PROBLEMS.get(
        status, (http_slug(status), HTTPStatus(status).phrase, HTTPStatus(status).phrase)
    )
    example: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": "/v1/accesses",
        "request_id": "3f2c1a9e0b7d4c5e8f6a1b2c3d4e5f60",
    }
    if status == HTTPStatus.UNPROCESSABLE_ENTITY:
        example["errors"] = [
            {
                "field": "body.occurred_at",
                "loc": ["body", "occurred_at"],
                "reason": "Field required",
                "code": "missing",
            }
        ]
    return example


# status -> (slug, title, detail) of the problem an example shows (api/http/problems.py).
_PROBLEMS: dict[int, tuple[str, str, str]] = {
    400: (
        "bad-request",
        "Bad Request",
        (
            "the path or query string holds a control character or is not UTF-8; nothing was "
            "read or recorded"
        ),
    ),
    401: (
        "unauthenticated",
        "Authentication required",
        "no API key: send 'Authorization: Bearer <key>' or 'X-API-Key'",
    ),
    403: ("wrong-role", "Forbidden", "a partner key may not call this endpoint"),
    404: ("not-found", "Not found", "no restriction with that id or reference"),
    409: ("invalid-transition", "Not allowed in the current state", "the request is closed"),
    413: (
        "body-too-large",
        HTTPStatus(413).phrase,
        "the request body is larger than the limit of 1048576 bytes",
    ),
    422: ("invalid-request", "The request is not valid", "1 invalid field(s): body.occurred_at"),
    503: (
        "not-recorded",
        "Busy; nothing was recorded",
        "the ledger could not take the request in time; retry",
    ),
}
