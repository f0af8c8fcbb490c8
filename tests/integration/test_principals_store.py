"""API principals in the store, on SQLite and PostgreSQL: create, authenticate, revoke, expire,
list; and the `principals` command line that drives them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from structlog.testing import capture_logs
from typer.testing import CliRunner, Result

from api.cli.principals import principals_cli
from api.cli.settings import Settings
from api.service.composition import open_ledger, open_service
from api.service.principal_admin import ICO, create_principal
from api.service.recorded_reads import Reader, who_saw_recorded
from ledger.application import LedgerApplication
from ledger.domain.access_grants import grant_id
from ledger.domain.errors import ValidationError
from ledger.principals import Principal, Role, federated_id, principal_id_of
from ledger.storage.config import Location
from ledger.storage.principal_store import TABLE, PrincipalStore

SUBJECT = "sr_" + "c" * 26
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@pytest.fixture
def ledger(location: Location) -> Iterator[LedgerApplication]:
    app = open_ledger(location)
    try:
        yield app
    finally:
        app.close()


@pytest.fixture
def store(ledger: LedgerApplication) -> PrincipalStore:
    principals = PrincipalStore(ledger.database)
    principals.ensure_table()
    return principals


def test_the_table_is_created_once(ledger: LedgerApplication) -> None:
    """ensure_table creates api_principals when missing and leaves it alone after."""
    principals = PrincipalStore(ledger.database)
    assert not ledger.database.has_table(TABLE)
    assert principals.ensure_table()
    assert ledger.database.has_table(TABLE)
    assert not principals.ensure_table()


def test_a_created_key_authenticates_as_its_principal(store: PrincipalStore, now: datetime) -> None:
    """The key returned by create authenticates, and gives back the same principal."""
    principal, api_key = store.create(
        name="LiquidLogic", role=Role.SOURCE_SYSTEM, organisation="westshire-council", now=now
    )
    assert store.authenticate(api_key, now) == principal
    assert store.authenticate(api_key, now) == principal  # the remembered path agrees


def test_an_investigators_scope_survives_the_round_trip(
    store: PrincipalStore, now: datetime
) -> None:
    """Subjects, case and expiry come back from the table as they went in."""
    principal, api_key = store.create(
        name="ICO case officer",
        role="investigator",
        subjects=[SUBJECT],
        case="ICO-2026-0042",
        expires_at=now + timedelta(days=30),
        now=now,
    )
    found = store.authenticate(api_key, now)
    assert found == principal
    assert found is not None
    assert found.subjects == frozenset({SUBJECT})
    assert found.case == "ICO-2026-0042"


def test_the_table_holds_no_key_and_no_secret(
    store: PrincipalStore, ledger: LedgerApplication, now: datetime
) -> None:
    """Every stored value is checked: neither the key nor its secret is anywhere in the row."""
    _, api_key = store.create(name="Auditor", role=Role.AUDITOR, now=now)
    secret = api_key.rsplit("_", 1)[1]
    rows = ledger.database.fetch(f"SELECT * FROM {TABLE}")
    stored = " ".join(
        str(row[column])
        for row in rows
        for column in row.keys()  # noqa: SIM118 - a sqlite3.Row iterates its values
    )
    assert secret not in stored
    assert api_key not in stored


@pytest.mark.parametrize("kind", ["wrong secret", "unknown id", "malformed", "empty"])
def test_a_bad_key_authenticates_as_no_one(store: PrincipalStore, now: datetime, kind: str) -> None:
    """Wrong secret, unknown id, malformed or empty: all simply None."""
    _, api_key = store.create(name="Auditor", role=Role.AUDITOR, now=now)
    public = api_key.split("_")[1]
    bad = {
        "wrong secret": f"sl_{public}_{'a' * 52}",
        "unknown id": f"sl_{'a' * 16}_{'a' * 52}",
        "malformed": api_key + "!",
        "empty": "",
    }[kind]
    assert store.authenticate(bad, now) is None


def test_a_revoked_key_stops_working_at_once(store: PrincipalStore, now: datetime) -> None:
    """Even a key this process already verified is refused right after its revocation."""
    principal, api_key = store.create(name="Auditor", role=Role.AUDITOR, now=now)
    assert store.authenticate(api_key, now) is not None
    revoked = store.revoke(principal.id, now + timedelta(minutes=1))
    assert revoked.revoked_at == now + timedelta(minutes=1)
    assert store.authenticate(api_key, now + timedelta(minutes=2)) is None


def test_a_revoked_key_stops_working_in_every_process(
    ledger: LedgerApplication, store: PrincipalStore, now: datetime
) -> None:
    """Another store on the same database (another worker) sees the revocation too."""
    principal, api_key = store.create(name="Auditor", role=Role.AUDITOR, now=now)
    other = PrincipalStore(ledger.database)
    assert other.authenticate(api_key, now) is not None
    store.revoke(principal.id, now)
    assert other.authenticate(api_key, now + timedelta(seconds=1)) is None


def test_revoking_twice_keeps_the_first_revocation(store: PrincipalStore, now: datetime) -> None:
    """A second revoke changes nothing: the first time stands."""
    principal, _ = store.create(name="Auditor", role=Role.AUDITOR, now=now)
    first = store.revoke(principal.id, now)
    second = store.revoke(principal.id, now + timedelta(days=1))
    assert first.revoked_at == second.revoked_at == now


def test_revoking_an_unknown_or_malformed_id_is_refused(
    store: PrincipalStore, now: datetime
) -> None:
    """An id no principal has, or not an id at all, is a validation error naming the field."""
    with pytest.raises(ValidationError, match="no principal"):
        store.revoke("a" * 16, now)
    with pytest.raises(ValidationError, match="principal id"):
        store.revoke("x' OR '1'='1", now)


def test_an_expired_key_stops_working(store: PrincipalStore, now: datetime) -> None:
    """An investigator's key works until its expiry, and not from then on."""
    expires = now + timedelta(days=7)
    _, api_key = store.create(
        name="ICO", role=Role.INVESTIGATOR, subjects=[SUBJECT], expires_at=expires, now=now
    )
    assert store.authenticate(api_key, expires - timedelta(seconds=1)) is not None
    assert store.authenticate(api_key, expires) is None


def test_list_shows_every_principal_oldest_first(store: PrincipalStore, now: datetime) -> None:
    """Active, revoked and expired principals are all listed, in creation order."""
    first, _ = store.create(name="First", role=Role.DPO, now=now)
    second, _ = store.create(
        name="Police", role=Role.PARTNER, organisation="westshire-police", now=now + timedelta(1)
    )
    store.revoke(first.id, now + timedelta(2))
    listed = store.list()
    assert [p.id for p in listed] == [first.id, second.id]
    assert listed[0].revoked_at == now + timedelta(2)
    assert listed[1].organisation == "westshire-police"


# -- The command line -----------------------------------------------------------------
def invoke(cli: typer.Typer, *args: str) -> Result:
    # Logs are captured, not printed: stdout must hold only what the command prints.
    with capture_logs():
        return CliRunner().invoke(cli, list(args))


def cli_for(data_dir: Path) -> typer.Typer:
    """The principals sub-app under a root that sets the store, as the main CLI does."""
    root = typer.Typer()

    @root.callback()
    def options(ctx: typer.Context) -> None:
        ctx.obj = Settings(database_url=None, data_dir=data_dir)

    root.add_typer(principals_cli, name="principals")
    return root


def test_create_prints_the_key_once_and_list_never_shows_it(tmp_path: Path) -> None:
    """The key is alone on stdout with a warning on stderr; list shows the id, not key or hash."""
    cli = cli_for(tmp_path)
    created = invoke(
        cli,
        "principals",
        "create",
        "--name",
        "LiquidLogic",
        "--role",
        "source-system",
        "--reason",
        "reports accesses",
    )
    assert created.exit_code == 0, created.output
    api_key = created.stdout.strip()
    assert api_key.startswith("sl_")
    assert "cannot be shown again" in created.stderr
    public = api_key.split("_")[1]
    listed = invoke(cli, "principals", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert public in listed.stdout
    assert api_key.rsplit("_", 1)[1] not in listed.stdout
    assert "scrypt" not in listed.stdout
    revoked = invoke(cli, "principals", "revoke", public, "--reason", "rotated")
    assert revoked.exit_code == 0, revoked.output
    assert '"status": "revoked"' in invoke(cli, "principals", "list", "--format", "json").stdout


def test_create_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    """A partner without an organisation, a bad role or a bad expiry: exit 2, one line, no key."""
    cli = cli_for(tmp_path)
    for args in (
        ["--name", "Police", "--role", "partner"],
        ["--name", "X", "--role", "superuser"],
        ["--name", "ICO", "--role", "investigator", "--subject", SUBJECT, "--expires", "soon"],
    ):
        result = invoke(cli, "principals", "create", *args, "--reason", "tests")
        assert result.exit_code == 2, result.output
        assert "sl_" not in result.stdout
        assert len(result.stderr.strip().splitlines()) == 1


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def remembering(ledger: LedgerApplication, clock: Clock) -> PrincipalStore:
    principals = PrincipalStore(ledger.database, fresh_seconds=1.0, monotonic=clock)
    principals.ensure_table()
    return principals


def test_recall_answers_from_memory_only_for_a_key_verified_lately(
    ledger: LedgerApplication, now: datetime
) -> None:
    """recall knows nothing before authenticate, the principal after it, nothing a second on."""
    clock = Clock()
    store = remembering(ledger, clock)
    principal, api_key = store.create(name="LiquidLogic", role=Role.SOURCE_SYSTEM, now=now)
    assert store.recall(api_key, now) is None
    assert store.authenticate(api_key, now) == principal
    assert store.recall(api_key, now) == principal
    clock.now += 1.0
    assert store.recall(api_key, now) is None


def test_recall_refuses_a_wrong_secret_for_a_remembered_id(
    ledger: LedgerApplication, now: datetime
) -> None:
    """A key with a remembered principal's id but another secret is not recalled."""
    store = remembering(ledger, Clock())
    principal, api_key = store.create(name="LiquidLogic", role=Role.SOURCE_SYSTEM, now=now)
    store.authenticate(api_key, now)
    forged = api_key[:-4] + ("aaaa" if not api_key.endswith("aaaa") else "bbbb")
    assert (
        principal_id_of(forged) == principal.id
    )  # well-formed, the same id: only the secret differs
    assert store.recall(forged, now) is None


def test_recall_applies_an_expiry_at_once(ledger: LedgerApplication, now: datetime) -> None:
    """A remembered investigator's key is not recalled from the moment it expires."""
    store = remembering(ledger, Clock())
    expires = now + timedelta(seconds=30)
    _, api_key = store.create(
        name="ICO", role=Role.INVESTIGATOR, subjects=[SUBJECT], expires_at=expires, now=now
    )
    store.authenticate(api_key, now)
    assert store.recall(api_key, expires - timedelta(microseconds=1)) is not None
    assert store.recall(api_key, expires) is None


def test_recall_forgets_a_key_this_store_revoked_at_once(
    ledger: LedgerApplication, now: datetime
) -> None:
    """A revocation through the same store stops recall on the next request."""
    store = remembering(ledger, Clock())
    principal, api_key = store.create(name="Auditor", role=Role.AUDITOR, now=now)
    store.authenticate(api_key, now)
    store.revoke(principal.id, now)
    assert store.recall(api_key, now) is None
    assert store.authenticate(api_key, now) is None


def test_another_process_revocation_reaches_recall_within_a_second(
    ledger: LedgerApplication, now: datetime
) -> None:
    """Revoked elsewhere: recall may answer until its row is a second old, then never again."""
    clock = Clock()
    server = remembering(ledger, clock)
    principal, api_key = server.create(name="Auditor", role=Role.AUDITOR, now=now)
    server.authenticate(api_key, now)
    PrincipalStore(ledger.database).revoke(principal.id, now)  # the command line
    clock.now += 1.0
    assert server.recall(api_key, now) is None
    assert server.authenticate(api_key, now) is None


def test_an_investigators_reads_are_recorded_as_the_icos(location: Location) -> None:
    """An investigator's key carries the ICO's organisation, so the ledger records its reads
    as the ICO's, not the council's; its grant is a ledger entry naming who gave it and why."""
    svc = open_service(location, clock=lambda: NOW)
    made = create_principal(
        svc,
        name="ICO case officer",
        role=Role.INVESTIGATOR,
        created_by="operator-1",
        reason="ICO complaint IC-1234",
        subjects=[SUBJECT],
        case="IC-1234",
        expires_at=NOW + timedelta(days=30),
    )
    assert made.principal.organisation == ICO
    report = who_saw_recorded(svc, SUBJECT, Reader.of(made.principal, "IC-1234", "tests"))
    assert [e.organisation for e in report.entries] == [ICO]
    (grant,) = svc.app.chain.entries_of([grant_id(made.principal.id)])
    assert b"operator-1" in grant[1].state


def test_a_federated_principal_is_enrolled_once_renamed_and_matched_by_no_key(
    store: PrincipalStore, now: datetime
) -> None:
    """enrol stores a keyless principal once, keeps its name current, and no key signs in as it."""
    issuer = "https://login.example.org"
    principal_id = federated_id(issuer, "subject-1", Role.DPO, None)
    first = Principal(id=principal_id, name="Dana Example", role=Role.DPO, created_at=now)
    stored, created = store.enrol(first, issuer)
    assert (stored, created) == (first, True)
    renamed, created = store.enrol(replace(first, name="Dana Example-Smith"), issuer)
    assert (renamed.name, renamed.created_at, created) == ("Dana Example-Smith", now, False)
    assert [p.id for p in store.list()] == [principal_id]
    forged_key = f"sl_{principal_id}_{'a' * 52}"
    assert store.authenticate(forged_key, now) is None
    _, api_key = store.create(name="k", role=Role.AUDITOR, now=now)
    keyed = replace(first, id=principal_id_of(api_key))
    with pytest.raises(ValidationError, match="API key"):
        store.enrol(keyed, issuer)
