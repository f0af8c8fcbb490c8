"""The one place that wires the whole service: ledger, read models, reports.

Entry points (command line, HTTP API) call :func:`open_service`; nothing is
created at import time and settings are read by the caller, at the edge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from eventsourcing.persistence import PersistenceError

from ledger import bootstrap
from ledger.application import LedgerApplication
from ledger.storage import postgres_admin
from ledger.storage.chained import SchemaMismatch
from ledger.storage.config import Location, PostgresLocation
from projections import activity, changes, requests, sharing
from projections.base import Projection
from projections.reports.common import ReportContext
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

    def reports(self) -> ReportContext:
        """A context for reports, as of now, after bringing every read model up to date."""
        self.runner.catch_up()
        return ReportContext(self.app.chain, self.clock(), self.receipt_overdue_days)

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
    except PersistenceError as error:
        if not isinstance(error.__cause__, psycopg.errors.InsufficientPrivilege):
            raise
        msg = (
            "read-model tables are missing and this role cannot create them; "
            "run 'sharing-ledger db init' as the schema's owner"
        )
        raise SchemaMismatch(msg) from None
    if isinstance(location, PostgresLocation) and (created or initialise):
        postgres_admin.apply_deploy_sql(location, postgres_admin.READ_MODEL_FILES)
    return Service(app, runner, clock)
