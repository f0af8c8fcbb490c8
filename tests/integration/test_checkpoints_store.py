"""Checkpoints against the stored ledger: only growth passes; truncation, rollback to a
backup and a rewritten history are each named. On both stores, as a superuser would do it."""

from __future__ import annotations

import dataclasses
import secrets
import shutil
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from api.service import checkpoint_checks, log_signing
from api.service.composition import open_ledger
from ledger.application import LedgerApplication
from ledger.integrity.checkpoints import Checkpoint, sign_checkpoint
from ledger.integrity.notes import generate_signer
from ledger.storage.config import Location, PostgresLocation, SQLiteLocation
from tests.conftest import ADMIN_URL
from tests.support import tamper
from tests.support.factories import access, subject
from tests.support.signing import log_signer

SIGNER = generate_signer("westshire.example/sharing-ledger")


def grow(app: LedgerApplication, now: datetime, n: int, start: int = 0) -> None:
    app.append(*(access(now, subject=subject(start + i)) for i in range(n)))


def held(app: LedgerApplication, now: datetime, state_dir: Path) -> Checkpoint:
    """A checkpoint as a partner would hold it: re-read from the note, with the public key."""
    issued = log_signing.issue(app, log_signer(state_dir, SIGNER), now)
    return checkpoint_checks.open_checkpoint(issued.note, [SIGNER.verifier()])


def test_a_grown_ledger_is_consistent_with_an_earlier_checkpoint(
    location: Location, now: datetime, tmp_path: Path
) -> None:
    """Ten entries checkpointed, five more appended: consistent, with a verified proof."""
    app = open_ledger(location)
    grow(app, now, 10)
    earlier = held(app, now, tmp_path)
    grow(app, now, 5, start=10)
    result = checkpoint_checks.check_against(app, earlier)
    assert (result.old_size, result.new_size) == (10, 15)


def test_a_truncated_tail_is_reported_as_such(
    location: Location, now: datetime, tmp_path: Path
) -> None:
    """Newest entries removed by a superuser: the chain still verifies; the checkpoint fails."""
    app = open_ledger(location)
    grow(app, now, 12)
    checkpoint = held(app, now, tmp_path)
    tamper.truncate_tail(location, keep=9)
    assert app.verify_chain().size == 9
    with pytest.raises(checkpoint_checks.CheckpointContradiction, match="rollback or truncation"):
        checkpoint_checks.check_against(app, checkpoint)


def test_a_rewritten_history_is_reported_as_such(
    location: Location, now: datetime, tmp_path: Path
) -> None:
    """One entry changed and every hash after it recomputed: only the checkpoint catches it."""
    app = open_ledger(location)
    grow(app, now, 12)
    checkpoint = held(app, now, tmp_path)
    tamper.rewrite_history(location, position=4)
    assert app.verify_chain().size == 12
    app.verify_tree(12)
    with pytest.raises(checkpoint_checks.CheckpointContradiction, match="history rewritten"):
        checkpoint_checks.check_against(app, checkpoint)


def test_every_issued_checkpoint_is_kept_and_its_key_registered(
    location: Location, now: datetime, tmp_path: Path
) -> None:
    """Checkpoints accumulate, newest first; a rotated key leaves the old one registered."""
    app = open_ledger(location)
    grow(app, now, 3)
    log_signing.issue(app, log_signer(tmp_path, SIGNER), now)
    grow(app, now, 3, start=3)
    rotated = generate_signer(SIGNER.name)
    log_signing.issue(app, log_signer(tmp_path, rotated), now)
    assert [row["tree_size"] for row in app.checkpoints.newest()] == [6, 3]
    assert len(app.checkpoints.log_keys()) == 2
    old = app.checkpoints.newest()[1]["note"]
    assert checkpoint_checks.open_checkpoint(old, log_signing.registered_verifiers(app)).size == 3


def test_a_checkpoint_signed_by_someone_else_is_refused(
    location: Location, now: datetime, tmp_path: Path
) -> None:
    """A forged checkpoint (another key, same name) is not accepted as the ledger's."""
    app = open_ledger(location)
    grow(app, now, 2)
    log_signing.issue(app, log_signer(tmp_path, SIGNER), now)
    forger = generate_signer(SIGNER.name)
    note = sign_checkpoint(Checkpoint(SIGNER.name, 2, bytes(32)), forger)
    with pytest.raises(checkpoint_checks.CheckpointContradiction, match="not signed by any known"):
        checkpoint_checks.open_checkpoint(note, log_signing.registered_verifiers(app))


@pytest.mark.postgres
def test_a_restored_older_backup_is_a_rollback(
    pg_location: PostgresLocation, now: datetime, tmp_path: Path
) -> None:
    """A physical copy taken at 10 entries, restored after a checkpoint at 15: rollback."""
    app = open_ledger(pg_location)
    grow(app, now, 10)
    app.close()
    backup = f"sl_test_backup_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{backup}" TEMPLATE "{pg_location.dbname}"')
    try:
        app = open_ledger(pg_location)
        grow(app, now, 5, start=10)
        published = held(app, now, tmp_path)
        restored = open_ledger(dataclasses.replace(pg_location, dbname=backup))
        assert restored.verify_chain().size == 10
        with pytest.raises(checkpoint_checks.CheckpointContradiction, match="covers 15 entries"):
            checkpoint_checks.check_against(restored, published)
        restored.close()
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{backup}" WITH (FORCE)')


def test_a_restored_older_sqlite_file_is_a_rollback(
    sqlite_location: SQLiteLocation, now: datetime, tmp_path: Path
) -> None:
    """The embedded store's file copied at 10 entries and restored later: rollback."""
    app = open_ledger(sqlite_location)
    grow(app, now, 10)
    app.close()
    backup = sqlite_location.path.with_suffix(".backup")
    shutil.copyfile(sqlite_location.path, backup)
    app = open_ledger(sqlite_location)
    grow(app, now, 5, start=10)
    published = held(app, now, tmp_path)
    restored = open_ledger(SQLiteLocation(backup))
    with pytest.raises(checkpoint_checks.CheckpointContradiction, match="covers 15 entries"):
        checkpoint_checks.check_against(restored, published)


def test_every_stored_checkpoint_is_checked_against_the_ledger(
    location: Location, now: datetime, tmp_path: Path
) -> None:
    """Two stored checkpoints verify; truncated below the larger, that one is named."""
    app = open_ledger(location)
    signer = log_signer(tmp_path, SIGNER)
    grow(app, now, 5)
    log_signing.issue(app, signer, now)
    grow(app, now, 3, start=5)
    log_signing.issue(app, signer, now)
    assert checkpoint_checks.check_stored(app) == 2
    tamper.truncate_tail(location, keep=6)
    with pytest.raises(checkpoint_checks.CheckpointContradiction) as caught:
        checkpoint_checks.check_stored(app)
    assert str(caught.value).startswith(
        f"the stored checkpoint of 8 entries (issued {now.isoformat()}, key {SIGNER.name}+"
    )
    assert str(caught.value).endswith(
        "rollback or truncation: the checkpoint covers 8 entries, the ledger holds 6; "
        "entries from position 6 on are missing"
    )


def test_a_rewritten_history_contradicts_the_first_stored_checkpoint_it_changes(
    location: Location, now: datetime, tmp_path: Path
) -> None:
    """A consistent rewrite from entry 4 on: the checkpoint of 3 holds, that of 6 is named."""
    app = open_ledger(location)
    signer = log_signer(tmp_path, SIGNER)
    for start in (0, 3, 6):
        grow(app, now, 3, start=start)
        log_signing.issue(app, signer, now)
    tamper.rewrite_history(location, position=4)
    with pytest.raises(checkpoint_checks.CheckpointContradiction, match="history rewritten") as c:
        checkpoint_checks.check_stored(app)
    assert str(c.value).startswith("the stored checkpoint of 6 entries")


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("UPDATE ledger_checkpoints SET note = replace(note, '\n4\n', '\n3\n')", "verify"),
        ("UPDATE ledger_checkpoints SET root_hash = {p}", "another size or root"),
        ("DELETE FROM ledger_log_keys", "not registered"),
    ],
)
def test_a_stored_checkpoint_that_is_not_the_logs_is_named(
    location: Location, now: datetime, tmp_path: Path, change: str, named: str
) -> None:
    """A stored row whose note, columns or key were altered is named, not trusted."""
    app = open_ledger(location)
    grow(app, now, 4)
    log_signing.issue(app, log_signer(tmp_path, SIGNER), now)
    with tamper.superuser(location) as (conn, p):
        sql = change.format(p=p)
        conn.execute(sql, (bytes(32),) if p in sql else ())
    with pytest.raises(checkpoint_checks.CheckpointContradiction, match=named):
        checkpoint_checks.check_stored(app)
