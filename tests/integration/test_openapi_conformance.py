"""Response conformance (schemathesis) on the read and record endpoints, against the live app
on SQLite: whatever schema-shaped request is sent, the reply's status is documented, its
media type is the documented one, and its body matches the documented schema.

Bounded for CI (a few examples per operation). schemathesis collects operations
when this module is imported, so the app is built here, at import.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.http.app import create_app
from api.service.composition import open_service
from ledger.principals import Role
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from tests.support import fuzz_media

_SERVICE = open_service(
    SQLiteLocation(Path(tempfile.mkdtemp(prefix="sl-conformance-")) / "l.sqlite3")
)
_, _KEY = PrincipalStore(_SERVICE.app.database).create(
    name="conformance", role=Role.DPO, now=datetime.now(UTC), organisation="westshire-council"
)
# Recording (accesses, shares, decisions, the rights lifecycle...), every report and ledger
# read, and the public transparency reads.
del fuzz_media  # imported for its registration (PDF bodies), used no further
schema = (
    schemathesis.openapi.from_asgi("/v1/openapi.json", create_app(_SERVICE))
    .include(
        tag=[
            "processing",
            "rectifications",
            "restrictions",
            "objections",
            "rights requests",
            "reports",
        ]
    )
    .include(tag="ledger", method="GET")
    .include(tag="transparency")
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_replies_conform_to_the_document(case: Any) -> None:
    """Each reply's status, media type and body are as the document says."""
    case.call_and_validate(headers={"Authorization": f"Bearer {_KEY}"}, checks=CHECKS)
