"""Evidence bundles exported from the ledger itself, on both stores (service: evidence_export).

Issue #14 (part 3): a bundle that picks its aggregates from the read models
loses an entry when a read-model row is deleted, and still verifies.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.service.composition import open_service
from api.service.evidence_export import export_bundle
from ledger.integrity.evidence import ScopeKind, verify_bundle
from ledger.integrity.notes import generate_signer
from ledger.storage.config import Location
from projections.read_models.activity_log import ACTIVITY
from projections.reports.who_saw import who_saw
from tests.support import tamper
from tests.support.factories import access, subject

T0 = datetime.now(UTC) - timedelta(days=30)


@pytest.mark.xfail(strict=True, reason="issue #14: the bundle's entries come from a read model")
def test_a_deleted_read_model_row_does_not_shorten_a_subject_bundle(location: Location) -> None:
    """Deleting one who-saw row (the PostgreSQL writer role may) must not drop the access from
    the person's bundle: a bundle is complete by construction."""
    svc = open_service(location)
    svc.app.append(*(access(T0 + timedelta(hours=n)) for n in range(6)))
    signer = generate_signer("sharing-ledger.example/test")
    before = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    (first, *_) = who_saw(svc.reports(), subject(1)).entries
    with tamper.superuser(location) as (conn, p):
        conn.execute(f"DELETE FROM {ACTIVITY.name} WHERE entry_id = {p}", (first.entry_id,))
    after = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    verify_bundle(after.text)  # it verifies either way: completeness was not part of the claim
    assert after.entries == before.entries
