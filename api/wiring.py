"""The one place that wires the whole service: ledger, read models, reports.

Entry points (command line, HTTP API) call :func:`open_service`; nothing is
created at import time and settings are read by the caller, at the edge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from eventsourcing.persistence import PersistenceError

from ledger import bootstrap
from ledger.application import LedgerApplication
from ledger.domain.errors import ValidationError
from ledger.domain.processing import Access
from ledger.storage import postgres_admin
from ledger.storage.chained import SchemaMismatch
from ledger.storage.config import Location, PostgresLocation
from ledger.storage.principals import PrincipalStore
from projections import activity, changes, requests, sharing
from projections.base import Projection
from projections.reports.common import ReportContext
from projections.reports.sharing import local_authority
from projections.runner import ProjectionRunner

PROJECTIONS: tuple[Projection, ...] = (
    activity.PROJECTION,
    sharing.PROJECTION,
    changes.PROJECTION,
    requests.PROJECTION,
)


@dataclass
class Service:
    app: LedgerApplication
    runner: ProjectionRunner
    clock: Callable[[], datetime]
    receipt_overdue_days: int = 5
    # True when a separate `projections run` worker keeps the read models
    # current: readers then wait for it (bounded) instead of projecting themselves.
    external_projector: bool = False

    def reports(self) -> ReportContext:
        """A context for reports, as of now, reflecting every entry appended before the call."""
        if self.external_projector:
            self.runner.wait_until_current()
        else:
            self.runner.catch_up()
        return ReportContext(self.app.chain, self.clock(), self.receipt_overdue_days)

    def record_read(
        self,
        *,
        subject: str,
        categories: Iterable[str],
        actor: str,
        organisation: str | None,
        reason: str,
        source_system: str = "sharing-ledger",
    ) -> None:
        """The watchers are watched: a read of a person's history is itself an access."""
        self.app.append(
            Access.record(
                occurred_at=self.clock(),
                actor=actor,
                actor_role="ledger-report-reader",
                actor_organisation=organisation or self.controller(),
                subject=subject,
                # What the report reveals; an empty report reveals only the
                # reference, a pseudonym of the person's official identifiers.
                categories=sorted(set(categories)) or ["pd:OfficialID"],
                purpose="dpv:RightsFulfillment",
                legal_basis="eu-gdpr:A6-1-c",
                source_system=source_system,
                justification=reason,
            )
        )

    def controller(self) -> str:
        """The organisation the ledger reports for: the registered local authority."""
        registered = local_authority(self.app.chain)
        if registered is None:
            msg = "no local authority is registered; say which organisation is reading"
            raise ValidationError("organisation", msg)
        return registered

    def close(self) -> None:
        self.app.close()


def open_service(
    location: Location,
    *,
    initialise: bool = False,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Service:
    app = bootstrap.open_ledger(location, initialise=initialise, clock=clock)
    runner = ProjectionRunner(app, PROJECTIONS)
    try:
        created = runner.ensure_tables()
        created_principals = PrincipalStore(app.chain).ensure_table()
    except PersistenceError as error:
        if not isinstance(error.__cause__, psycopg.errors.InsufficientPrivilege):
            raise
        msg = (
            "read-model tables are missing and this role cannot create them; "
            "run 'sharing-ledger db init' as the schema's owner"
        )
        raise SchemaMismatch(msg) from None
    if isinstance(location, PostgresLocation) and (created or created_principals or initialise):
        postgres_admin.apply_deploy_sql(location, postgres_admin.READ_MODEL_FILES)
    return Service(app, runner, clock)
