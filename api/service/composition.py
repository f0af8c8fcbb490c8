"""The one place that wires the service: the store, the ledger, its read models, principals.

Entry points (command line, HTTP API, console), tests and benchmarks open the
ledger through :func:`open_service` (or :func:`open_ledger` for the ledger
alone); settings are read here, at the edge, and nothing is created at import
time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from eventsourcing.persistence import PersistenceError

from api.service import log_signing, verification_record
from api.service.identity_provider import IdentityProvider
from api.service.letterhead import Letterhead, letterhead_from
from api.service.oidc_settings import oidc_settings
from ledger.application import LedgerApplication
from ledger.domain.errors import ValidationError
from ledger.storage import postgres_admin, schema
from ledger.storage.config import (
    ConfigurationError,
    Location,
    PostgresLocation,
    SQLiteLocation,
    default_data_dir,
    eventsourcing_env,
)
from ledger.storage.principal_store import PrincipalStore
from ledger.storage.schema import SchemaMismatch
from ledger.storage.session_rows import SessionRows
from ledger.storage.verification_rows import VerificationRows
from ledger.subjects import load_keyring
from projections.faults import ReadModelStalled
from projections.read_models import READ_MODELS
from projections.reports.common import ReportContext, Rules
from projections.reports.partner_disclosures import local_authority
from projections.reports.reads import read_models_of, tables_of
from projections.runner import ReadModelRunner

Clock = Callable[[], datetime]
#: Seconds without a heartbeat from the projection worker before readers stop waiting for it.
DEFAULT_WORKER_TIMEOUT = 10.0


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Service:
    """The opened service: what every use case in :mod:`api.service` works with."""

    app: LedgerApplication
    runner: ReadModelRunner
    principals: PrincipalStore
    clock: Clock
    receipt_overdue_days: int = 5
    rules: Rules = field(default_factory=Rules)  # the legal choices a DPO may change
    # True when a separate `projections run` worker keeps the read models
    # current: readers then wait for it (bounded) instead of projecting themselves.
    external_projector: bool = False
    # True when this process was told a worker runs (serve --projections worker):
    # /readyz then also wants its heartbeat.
    worker_required: bool = False
    worker_timeout: float = DEFAULT_WORKER_TIMEOUT
    # The checkpoint signer's state file (LEDGER_SIGNER_STATE_FILE, or beside the
    # key file), when configured: /metrics reads its refusal counts.
    signer_state: Path | None = None
    # Where the last full verification's outcome is kept, by whoever ran it
    # (api/service/verification_record.py); /metrics reads it.
    verification_file: Path | None = None
    # The council's name, address and DPO contact on access responses (LEDGER_DPO_EMAIL...).
    letterhead: Letterhead = field(default_factory=Letterhead)

    def reports(self, *reports: str) -> ReportContext:
        """A context for the named reports, reflecting every entry appended before the call.

        ``reports`` are names from ``projections/reports/reads.py`` (none: every
        read model). Raises :class:`~projections.faults.ReadSideUnavailable`
        instead of answering from read models that cannot be trusted to be
        whole: one is stalled (:class:`ReadModelStalled`), or, with a separate
        worker, the worker has gone quiet while they are behind
        (``ProjectorSilent``, at once) or they stayed behind (``ProjectionLagging``).
        """
        read_models = read_models_of(reports)
        if self.external_projector:
            self.runner.wait_until_current(read_models, worker_timeout=self.worker_timeout)
        else:
            self.runner.catch_up()
            stalled = self.runner.stalls(read_models)
            if stalled:
                raise ReadModelStalled(stalled)
        return ReportContext(
            self.app.database,
            self.clock(),
            self.receipt_overdue_days,
            rules=self.rules,
            tables=tables_of(read_models),
        )

    def controller(self) -> str:
        """The organisation the ledger reports for: the registered local authority."""
        registered = local_authority(self.app.database)
        if registered is None:
            msg = "no local authority is registered; say which organisation is reading"
            raise ValidationError("organisation", msg)
        return registered

    def close(self) -> None:
        self.app.close()


def open_service(location: Location, *, initialise: bool = False, clock: Clock = _now) -> Service:
    """The ledger at ``location`` with its read models and principals, ready to use."""
    app = open_ledger(location, initialise=initialise, clock=clock)
    runner = ReadModelRunner(app, READ_MODELS)
    principals = PrincipalStore(app.database)
    try:
        created = runner.ensure_tables()
        created_principals = principals.ensure_table()
        # Console sessions, shared by every server process (serve --workers N).
        created_principals |= SessionRows(app.database).ensure_table()
        created_principals |= VerificationRows(app.database).ensure_table()
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
    service = Service(
        app,
        runner,
        principals,
        clock,
        receipt_overdue_days=_whole_number(os.environ, "LEDGER_RECEIPT_OVERDUE_DAYS", 5),
        rules=Rules(art19_notice_months=_whole_number(os.environ, "LEDGER_ART19_NOTICE_MONTHS", 1)),
    )
    service.signer_state = log_signing.state_location(os.environ)
    service.verification_file = verification_record.record_path(
        os.environ, key_dir(location).parent
    )
    service.letterhead = letterhead_from(os.environ)
    # A hot standby's read models are the primary's, replicated, and it refuses
    # writes: readers there wait for replay instead of projecting themselves.
    service.external_projector = schema.standby(app.database) is not None
    return service


def open_ledger(
    location: Location, *, initialise: bool = False, clock: Clock = _now
) -> LedgerApplication:
    """The ledger alone (no read models): its store, its keys, its subject directory.

    The embedded SQLite store creates its file and tables on first use. On
    PostgreSQL the schema is created by ``initialise=True`` (``sharing-ledger
    db init``, run as the schema's owner), or on first start when the
    connecting role may create tables (otherwise :class:`SchemaMismatch` says
    to run ``db init``); after that the service may run as a role that can
    only INSERT and SELECT.
    """
    keyring = load_keyring(os.environ, key_dir(location))
    if isinstance(location, SQLiteLocation):
        location.path.parent.mkdir(parents=True, exist_ok=True)
        env = eventsourcing_env(location, create_table=True)
        app = LedgerApplication(env, keyring, clock=clock)
    else:
        postgres_admin.check_reachable(location)
        env = eventsourcing_env(location, create_table=initialise)
        app = LedgerApplication(env, keyring, clock=clock)
        if initialise:
            postgres_admin.apply_deploy_sql(location)
        elif schema.schema_version(app.database) is None:
            # First start on an empty database: create the schema if this role may.
            app.close()
            return _first_start(location, clock)
    schema.check_schema(app.database)
    created = app.subjects.store.ensure_tables()
    if (created or initialise) and isinstance(location, PostgresLocation):
        postgres_admin.apply_deploy_sql(location, postgres_admin.SUBJECT_FILES)
    return app


def identity_provider(environ: Mapping[str, str]) -> IdentityProvider | None:
    """The council's identity provider for console sign-in, if ``LEDGER_OIDC_ISSUER`` is set.

    Read when the console is built, not by :func:`open_service`: no other
    command needs these settings (or may read the client secret's file).
    """
    settings = oidc_settings(environ)
    return None if settings is None else IdentityProvider(settings)


def _whole_number(environ: Mapping[str, str], name: str, default: int) -> int:
    """A setting that is a whole number of days or months, at least 1."""
    text = environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        msg = f"{name}: must be a whole number, 1 or more"
        raise ConfigurationError(msg)
    return int(text)


def key_dir(location: Location) -> Path:
    """Where keys go when none is configured: beside the SQLite file, or the data directory."""
    if isinstance(location, SQLiteLocation):
        return location.path.parent / "keys"
    return Path(os.environ.get("LEDGER_DATA_DIR") or default_data_dir(os.environ)) / "keys"


def _first_start(location: PostgresLocation, clock: Clock) -> LedgerApplication:
    try:
        return open_ledger(location, initialise=True, clock=clock)
    except (PersistenceError, psycopg.errors.InsufficientPrivilege):
        msg = (
            f"{location.describe()} holds no ledger schema and this role cannot create it; "
            "run 'sharing-ledger db init' as the schema's owner"
        )
        raise SchemaMismatch(msg) from None


__all__ = ["Service", "identity_provider", "key_dir", "open_ledger", "open_service"]
