"""Property-based fuzzing of the OpenAPI document (schemathesis), bounded for CI:
whatever a client sends, the API answers without a server error.

schemathesis collects operations when this module is imported, so the app
(on an SQLite file in a temporary directory) is built here, at import.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.http.app import create_app
from api.service.composition import open_service
from ledger.principals import Role
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from tests.support import fuzz_media

_SERVICE = open_service(SQLiteLocation(Path(tempfile.mkdtemp(prefix="sl-fuzz-")) / "l.sqlite3"))
_, _KEY = PrincipalStore(_SERVICE.app.database).create(
    name="fuzzer", role=Role.DPO, now=datetime.now(UTC), organisation="westshire-council"
)
del fuzz_media  # imported for its registration (PDF bodies), used no further
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", create_app(_SERVICE))


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_a_server_error(case: Any) -> None:
    """Any schema-shaped (or mis-shaped) request gets a 2xx, 4xx or problem, never a 5xx."""
    case.call_and_validate(headers={"Authorization": f"Bearer {_KEY}"}, checks=[not_a_server_error])
