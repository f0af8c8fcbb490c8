"""Evidence bundles exported from the ledger itself, on both stores (service: evidence_export).

Issue #14 (part 3): a bundle that picked its aggregates from the read models
lost an entry when a read-model row was deleted, and still verified. A bundle
is now complete by construction: selected from the ledger, its positions
signed by the log's key.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api.service import log_signing
from api.service.composition import Service, open_service
from api.service.evidence_export import NoSigningKey, NothingInScope, export_bundle
from api.service.log_signing import LogSigner
from ledger.application import LedgerApplication
from ledger.domain.partners import Agreement, Partner, partner_id
from ledger.domain.restrictions import Restriction
from ledger.integrity.cosignatures import WitnessSigner, cosign, format_witness_key
from ledger.integrity.evidence import ScopeKind, verify_bundle
from ledger.integrity.notes import format_verifier_key, generate_signer
from ledger.storage.config import Location
from projections.read_models.activity_log import ACTIVITY
from projections.reports.who_saw import who_saw
from tests.support import tamper
from tests.support.factories import access, share, subject
from tests.support.signing import log_signer

T0 = datetime.now(UTC) - timedelta(days=30)
HOUR = timedelta(hours=1)
POLICE = "westshire-constabulary"


@pytest.fixture
def svc(location: Location) -> Service:
    return open_service(location)


@pytest.fixture
def signer(tmp_path: Path) -> LogSigner:
    return log_signer(tmp_path, "sharing-ledger.example/test")


def history(svc: Service) -> Restriction:
    """Subject 1's record among others': accesses, shares, a restriction from request to lift,
    the police's registration and agreement, and other people's accesses between them."""
    svc.app.append(
        Partner.register(
            organisation=POLICE,
            name="Westshire Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        ),
        Agreement.register(
            reference="ISA-POLICE-2025",
            partner=POLICE,
            categories=["pd:HealthRecord"],
            purposes=["dpv:ServiceProvision"],
            legal_basis="eu-gdpr:A6-1-e",
            valid_from=T0.date(),
            review_date=T0.date() + timedelta(days=365),
        ),
    )
    for n in range(6):
        svc.app.append(access(T0 + n * HOUR), access(T0 + n * HOUR, subject=subject(3)))
    svc.app.append(share(T0 + 7 * HOUR), share(T0 + 7 * HOUR, subjects=[subject(4)]))
    r = Restriction.request(
        occurred_at=T0 + 8 * HOUR,
        subject=subject(1),
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        recorded_by="dpo-0001",
        reference="RST-14",
    )
    r.apply(
        occurred_at=T0 + 9 * HOUR,
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        applied_by="dpo-0001",
    )
    svc.app.append(r)
    svc.app.append(access(T0 + 10 * HOUR), access(T0 + 10 * HOUR, subject=subject(2)))
    r.lift(occurred_at=T0 + 11 * HOUR, reason="accuracy confirmed", lifted_by="dpo-0001")
    svc.app.append(r)
    return r


def positions(text: str) -> list[int]:
    return [entry["position"] for entry in json.loads(text)["entries"]]


def ledger_positions(svc: Service, person: str) -> list[int]:
    """The positions of every stored entry of an aggregate with an entry mentioning ``person``:
    the test's own reading of the ledger, independent of the service's."""
    rows = list(svc.app.chain.entry_rows(upto=10**9))
    ids = {row[1] for row in rows if person.encode() in row[4]}
    return [position for position, row in enumerate(rows) if row[1] in ids]


def test_a_deleted_read_model_row_does_not_shorten_a_subject_bundle(
    location: Location, svc: Service, signer: LogSigner
) -> None:
    """Deleting one who-saw row (the PostgreSQL writer role may) drops the access from the
    report, but the bundle still holds every entry about the person, and says so signed."""
    history(svc)
    before = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    accesses = who_saw(svc.reports(), subject(1)).entries
    with tamper.superuser(location) as (conn, p):
        conn.execute(
            f"DELETE FROM {ACTIVITY.name} WHERE entry_id = {p} AND subject = {p}",
            (accesses[0].entry_id, subject(1)),
        )
    assert len(who_saw(svc.reports(), subject(1)).entries) == len(accesses) - 1
    after = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    assert after.entries == before.entries
    assert positions(after.text) == positions(before.text)
    assert positions(after.text) == ledger_positions(svc, subject(1))
    report = verify_bundle(
        after.text, trusted_log_key=format_verifier_key(signer.signer.verifier())
    )
    assert report.complete


def test_a_subject_bundle_holds_every_entry_of_every_aggregate_naming_the_person(
    svc: Service, signer: LogSigner
) -> None:
    """Accesses, shares naming the person among others, and the restriction's whole lifecycle
    (its later events name no one): no entry about anyone else."""
    r = history(svc)
    exported = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    document = json.loads(exported.text)
    held = {(e["originator_id"], e["originator_version"]) for e in document["entries"]}
    assert {(str(r.id), version) for version in (1, 2, 3)} <= held
    assert exported.entries == 6 + 1 + 1 + 3  # accesses, the share, the later access, r
    assert all(subject(3) not in json.dumps(e["event"]) for e in document["entries"])
    assert verify_bundle(exported.text).scope.value == subject(1)


def test_a_restriction_bundle_is_stated_by_id_and_holds_its_persons_record(
    svc: Service, signer: LogSigner
) -> None:
    """Named by reference, the restriction's bundle states its id and holds what its subject's
    bundle holds: the processing before, during and after it, and every earlier recipient."""
    r = history(svc)
    by_reference = export_bundle(svc, ScopeKind.RESTRICTION, "RST-14", signer)
    by_id = export_bundle(svc, ScopeKind.RESTRICTION, str(r.id), signer)
    of_subject = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    assert by_reference.scope.value == by_id.scope.value == str(r.id)
    assert positions(by_reference.text) == positions(of_subject.text)
    assert verify_bundle(by_reference.text).complete


def test_a_partner_bundle_holds_its_shares_agreements_and_registration(
    svc: Service, signer: LogSigner
) -> None:
    """Every share to the partner (whoever it is about), its agreement and its registration."""
    history(svc)
    exported = export_bundle(svc, ScopeKind.PARTNER, POLICE, signer)
    ids = {e["originator_id"] for e in json.loads(exported.text)["entries"]}
    assert str(partner_id(POLICE)) in ids
    assert exported.entries == 1 + 1 + 2  # registration, agreement, two shares
    assert verify_bundle(exported.text).complete


def test_export_needs_the_signing_key(svc: Service) -> None:
    """Without the log's key no manifest can be signed, so no bundle is made."""
    history(svc)
    with pytest.raises(NoSigningKey):
        export_bundle(svc, ScopeKind.SUBJECT, subject(1), None)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (ScopeKind.SUBJECT, subject(9)),
        (ScopeKind.RESTRICTION, "RST-404"),
        (ScopeKind.RESTRICTION, "00000000-0000-0000-0000-000000000001"),
        (ScopeKind.PARTNER, "nobody"),
    ],
    ids=["unknown subject", "unknown reference", "unknown id", "unknown partner"],
)
def test_nothing_in_scope_is_refused(
    svc: Service, signer: LogSigner, kind: ScopeKind, value: str
) -> None:
    """A scope the ledger holds nothing for is refused, not exported empty."""
    history(svc)
    with pytest.raises(NothingInScope):
        export_bundle(svc, kind, value, signer)


def test_a_share_is_not_a_restriction(svc: Service, signer: LogSigner) -> None:
    """An aggregate id that is not a restriction's is no restriction scope."""
    svc.app.append(accessed := access(T0))
    with pytest.raises(NothingInScope):
        export_bundle(svc, ScopeKind.RESTRICTION, str(accessed.id), signer)


def test_the_newest_checkpoint_is_used_when_it_covers_the_scope(
    svc: Service, signer: LogSigner
) -> None:
    """A cosigned checkpoint covering every selected entry is kept, with its cosignature."""
    history(svc)
    issued = log_signing.issue(svc.app, signer, T0)
    witness = WitnessSigner.from_seed("westshire-police", bytes(range(32)))
    body = issued.note.split("\n\n")[0] + "\n"
    log_signing.record_cosignature(
        svc.app,
        issued,
        format_witness_key(witness.witness_key()),
        cosign(body, witness, 1_780_315_200),
        T0,
    )
    svc.app.append(access(T0, subject=subject(3)))  # after the checkpoint: not about subject 1
    exported = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    assert exported.checkpoint_size == issued.checkpoint.size
    assert [w.witness for w in verify_bundle(exported.text).witnesses] == ["westshire-police"]


def test_a_new_checkpoint_is_signed_when_the_scope_has_newer_entries(
    svc: Service, signer: LogSigner
) -> None:
    """An entry about the person after the newest checkpoint: a new one, and the entry is in."""
    history(svc)
    issued = log_signing.issue(svc.app, signer, T0)
    svc.app.append(later := access(T0, subject=subject(1)))
    exported = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    assert exported.checkpoint_size == issued.checkpoint.size + 1
    ids = [e["originator_id"] for e in json.loads(exported.text)["entries"]]
    assert ids[-1] == str(later.id)


def test_entries_appended_while_exporting_are_selected_too(
    svc: Service, signer: LogSigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry about the person appended between the scan and the new checkpoint (another
    writer, meanwhile) is in the checkpoint's tree, so it is found and held too."""
    history(svc)
    issue = log_signing.issue

    def issue_after_another_writer(
        app: LedgerApplication, key: LogSigner, now: datetime
    ) -> log_signing.IssuedCheckpoint:
        app.append(access(T0, subject=subject(3)), meanwhile)
        return issue(app, key, now)

    meanwhile = access(T0, subject=subject(1))
    monkeypatch.setattr(log_signing, "issue", issue_after_another_writer)
    exported = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    ids = [e["originator_id"] for e in json.loads(exported.text)["entries"]]
    assert ids[-1] == str(meanwhile.id)
    assert positions(exported.text) == ledger_positions(svc, subject(1))


def test_a_checkpoint_by_another_key_is_not_used(
    svc: Service, signer: LogSigner, tmp_path: Path
) -> None:
    """The manifest's key must be the checkpoint's: after a key rotation, a new one is signed."""
    history(svc)
    (tmp_path / "old").mkdir()
    old = log_signing.issue(
        svc.app, log_signer(tmp_path / "old", generate_signer(signer.signer.name)), T0
    )
    exported = export_bundle(svc, ScopeKind.SUBJECT, subject(1), signer)
    assert json.loads(exported.text)["checkpoint"] != old.note
    assert verify_bundle(exported.text).complete
