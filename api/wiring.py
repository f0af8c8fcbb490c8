"""The one place that wires the whole service: ledger, read models, reports.

Entry points (command line, HTTP API) call :func:`open_service`; nothing is
created at import time and settings are read by the caller, at the edge.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import psycopg
from eventsourcing.persistence import PersistenceError

from ledger import bootstrap
from ledger.application import AlreadyRecorded, LedgerApplication
from ledger.domain.disposal import Disposal
from ledger.domain.errors import ValidationError
from ledger.domain.processing import LEDGER_READER_ROLE, Access
from ledger.integrity.evidence import ScopeKind
from ledger.storage import postgres_admin, schema
from ledger.storage.config import Location, PostgresLocation
from ledger.storage.principals import PrincipalStore
from ledger.storage.schema import SchemaMismatch
from projections.read_models import READ_MODELS
from projections.reports.common import ReportContext
from projections.reports.evidence_scope import scope_aggregates
from projections.reports.partner_disclosures import local_authority
from projections.reports.who_saw import ActivityEntry, WhoSaw
from projections.runner import ReadModelRunner


@dataclass
class Service:
    app: LedgerApplication
    runner: ReadModelRunner
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
        return ReportContext(self.app.database, self.clock(), self.receipt_overdue_days)

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
                actor_role=LEDGER_READER_ROLE,
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
        registered = local_authority(self.app.database)
        if registered is None:
            msg = "no local authority is registered; say which organisation is reading"
            raise ValidationError("organisation", msg)
        return registered

    def open_justifications(self, entries: Iterable[ActivityEntry]) -> dict[str, str]:
        """Unsealed justifications by entry id, for an authorised reader's display.

        An entry whose subjects were all disposed of reads as such: its text is
        gone for good, by design.
        """
        opened = {}
        for entry in entries:
            if entry.justification is None:
                continue
            text = self.app.subjects.unseal(entry.justification)
            opened[entry.entry_id] = "[disposed: no longer readable]" if text is None else text
        return opened

    def revealed(self, report: WhoSaw, opened: Mapping[str, str]) -> WhoSaw:
        """The report with justifications opened (for an authorised reader's JSON)."""
        entries = tuple(
            replace(e, justification=opened.get(e.entry_id, e.justification))
            for e in report.entries
        )
        return replace(report, entries=entries)

    def dispose(self, subject: str, *, authoriser: str, today: date) -> int:
        """Dispose of one subject's records whose retention has ended; return entries affected.

        The evidence is appended first, then the directory rows, the data key and
        the profile are destroyed, so an interrupted disposal is finished by
        running it again (the second evidence collides and is skipped) and can
        never leave keys behind a recorded disposal.
        """
        if self.app.subjects.store.disposed([subject]):
            raise ValidationError("subject", "its records were disposed of already")
        profile = next(iter(self.app.subjects.store.profiles([subject])), None)
        if profile is None or profile.rule is None or profile.dispose_on is None:
            raise ValidationError("subject", "no retention rule is assigned to that subject")
        if profile.legal_hold is not None:
            raise ValidationError("subject", "a legal hold suspends this subject's disposal")
        if profile.dispose_on > today:
            raise ValidationError("subject", "its retention period has not ended")
        aggregates = scope_aggregates(self.reports(), ScopeKind.SUBJECT, subject)
        affected = len(self.app.chain.entries_of(sorted(aggregates)))
        evidence = Disposal.evidence(
            subject=subject,
            rule=profile.rule,
            due_on=profile.dispose_on,
            disposed_on=today,
            authoriser=authoriser,
            entries_affected=affected,
        )
        with contextlib.suppress(AlreadyRecorded):
            self.app.append(evidence)
        self.app.subjects.forget(subject)
        return affected

    def close(self) -> None:
        self.app.close()


def open_service(
    location: Location,
    *,
    initialise: bool = False,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Service:
    app = bootstrap.open_ledger(location, initialise=initialise, clock=clock)
    runner = ReadModelRunner(app, READ_MODELS)
    try:
        created = runner.ensure_tables()
        created_principals = PrincipalStore(app.database).ensure_table()
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
    service = Service(app, runner, clock)
    # A hot standby's read models are the primary's, replicated, and it refuses
    # writes: readers there wait for replay instead of projecting themselves.
    service.external_projector = schema.standby(app.database) is not None
    return service
