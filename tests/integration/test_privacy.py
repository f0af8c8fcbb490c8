"""The subject directory, sealed text, key rotation and disposal, on both stores."""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from api.service.commands import CommandError, execute
from api.service.composition import Service, open_service
from api.service.disposal import dispose, dispose_each
from api.service.recorded_reads import DISPOSED_TEXT, Reader, open_justifications, record_read
from ledger.domain.errors import ValidationError
from ledger.domain.processing import Access
from ledger.integrity import merkle
from ledger.privacy.identifiers import parse
from ledger.storage.config import ConfigurationError, Location
from ledger.storage.subject_store import WrappedKey
from ledger.subjects import FRESH_SECONDS, load_keyring
from projections.read_models.activity_log import ACTIVITY
from projections.reports.who_saw import who_saw
from tests.support import tamper
from tests.support.factories import access, access_command, share

NHS = parse("nhs", "943 476 5919")
CASE = parse("case", "WS-100042")


@pytest.fixture
def svc(location: Location, now: datetime) -> Service:
    return open_service(location, clock=lambda: now)


def register(svc: Service, **extra: object) -> str:
    return svc.app.subjects.register([NHS, CASE], display_name="Example Person", **extra)  # type: ignore[arg-type]


def test_identifiers_resolve_to_one_reference(svc: Service) -> None:
    """Both identifiers of a person resolve to the reference registration gave them."""
    ref = register(svc)
    assert svc.app.subjects.resolve(NHS) == ref
    assert svc.app.subjects.resolve(CASE) == ref
    assert svc.app.subjects.resolve(parse("nhs", "4010232137")) is None


def test_identifiers_of_two_people_cannot_be_merged(svc: Service) -> None:
    """Registering identifiers that already name two different subjects is refused."""
    svc.app.subjects.register([NHS])
    svc.app.subjects.register([CASE])
    with pytest.raises(ValidationError, match="different subjects"):
        svc.app.subjects.register([NHS, CASE])


def test_free_text_is_stored_sealed_and_opened_for_display(svc: Service, now: datetime) -> None:
    """The stored bytes hold no justification; an authorised report opens it."""
    ref = register(svc)
    svc.app.append(access(now - timedelta(hours=1), subject=ref, justification="home visit notes"))
    (stored,) = svc.app.chain.entry_rows(upto=10**9)
    assert b"home visit notes" not in stored[4]  # the entry row's stored bytes
    (entry,) = who_saw(svc.reports(), ref).entries
    assert open_justifications(svc, [entry]) == {entry.entry_id: "home visit notes"}


def test_rotating_the_kek_rewraps_keys_and_touches_no_entry(svc: Service, now: datetime) -> None:
    """After rotation the text still opens, and the chain head is unchanged."""
    ref = register(svc)
    svc.app.append(access(now - timedelta(hours=1), subject=ref, justification="a note"))
    head_before = svc.app.chain.snapshot()
    rewrapped = svc.app.subjects.rotate_kek(os.urandom(32))
    assert rewrapped == 1
    assert svc.app.chain.snapshot() == head_before
    (notification,) = svc.app.recorder.select_notifications(start=1, limit=10)
    event = svc.app.mapper.to_domain_event(notification)
    assert isinstance(event, Access.DataAccessed)
    assert svc.app.subjects.unseal(event.justification) == "a note"


def test_disposal_shreds_and_everything_still_verifies(svc: Service, now: datetime) -> None:
    """After disposal: evidence appended, directory and key gone, text unreadable, proofs verify."""
    ref = register(svc, rule="adult-social-care", dispose_on=date(2026, 1, 1))
    svc.app.append(access(now - timedelta(days=2), subject=ref, justification="private words"))
    svc.app.append(share(now - timedelta(days=1), subjects=[ref], justification="more words"))
    affected = dispose(svc, ref, authoriser="dpo-0001", today=now.date())
    assert affected == 2
    assert svc.app.subjects.resolve(NHS) is None
    assert svc.app.subjects.store.keys([ref]) == []
    assert svc.app.subjects.store.profiles([ref]) == []
    report = who_saw(svc.reports(), ref)
    assert report.disposal is not None
    assert report.disposal.entries_affected == 2
    assert set(open_justifications(svc, report.entries).values()) == {DISPOSED_TEXT}
    size = svc.app.verify_chain().size
    root = svc.app.verify_tree(size)
    for position in range(size):
        link = svc.app.chain.link_at(position)
        merkle.verify_inclusion(
            merkle.entry_leaf_hash(link.entry_digest),
            position,
            size,
            merkle.inclusion_proof(position, size, svc.app.tree),
            root,
        )


def test_disposal_counts_from_the_ledger_not_the_read_model(
    location: Location, svc: Service, now: datetime
) -> None:
    """A deleted who-saw row does not make the recorded count of affected entries short."""
    ref = register(svc, rule="adult-social-care", dispose_on=date(2026, 1, 1))
    svc.app.append(*(access(now - timedelta(days=n + 1), subject=ref) for n in range(3)))
    (first, *_) = who_saw(svc.reports(), ref).entries
    with tamper.superuser(location) as (conn, p):
        conn.execute(f"DELETE FROM {ACTIVITY.name} WHERE entry_id = {p}", (first.entry_id,))
    assert len(who_saw(svc.reports(), ref).entries) == 2
    assert dispose(svc, ref, authoriser="dpo-0001", today=now.date()) == 3


def test_a_batch_is_checked_first_then_counted_in_one_pass(svc: Service, now: datetime) -> None:
    """Each subject gets its own count; one subject not yet due stops the batch before any."""
    first = register(svc, rule="adult-social-care", dispose_on=date(2026, 1, 1))
    second = svc.app.subjects.register(
        [parse("nhs", "401 023 2137")], rule="adult-social-care", dispose_on=date(2026, 1, 1)
    )
    later = svc.app.subjects.register(
        [parse("case", "WS-100043")], rule="children-other", dispose_on=date(2040, 1, 1)
    )
    svc.app.append(access(now - timedelta(days=2), subject=first))
    svc.app.append(share(now - timedelta(days=1), subjects=[first, second]))
    with pytest.raises(ValidationError, match="not ended"):
        list(dispose_each(svc, [first, later], authoriser="dpo-0001", today=now.date()))
    assert svc.app.subjects.resolve(NHS) == first  # nothing was disposed of
    done = dispose_each(svc, [first, second], authoriser="dpo-0001", today=now.date())
    assert dict(done) == {first: 2, second: 1}


def test_nothing_new_is_sealed_for_a_disposed_subject(svc: Service, now: datetime) -> None:
    """A later read of a disposed person stores no free text and makes no new key."""
    ref = register(svc, rule="adult-social-care", dispose_on=date(2026, 1, 1))
    dispose(svc, ref, authoriser="dpo-0001", today=now.date())
    record_read(svc, ref, [], Reader("dpo-0001", "westshire-council", "complaint review"))
    assert svc.app.subjects.store.keys([ref]) == []
    stored = list(svc.app.chain.entry_rows(upto=10**9))
    assert b"complaint review" not in stored[-1][4]
    assert b"sl-withheld:disposed" in stored[-1][4]


def test_a_legal_hold_suspends_disposal(svc: Service, now: datetime) -> None:
    """Held subjects are not due and cannot be disposed of until released."""
    ref = register(svc, rule="adult-social-care", dispose_on=date(2026, 1, 1))
    svc.app.subjects.hold(ref, "CLAIM-2026-7")
    assert svc.app.subjects.assignments()[0].legal_hold == "CLAIM-2026-7"
    with pytest.raises(ValidationError, match="legal hold"):
        dispose(svc, ref, authoriser="dpo-0001", today=now.date())
    svc.app.subjects.hold(ref, None)
    assert dispose(svc, ref, authoriser="dpo-0001", today=now.date()) == 0


def test_not_yet_due_is_refused(svc: Service, now: datetime) -> None:
    """A subject whose retention period has not ended cannot be disposed of."""
    ref = register(svc, rule="children-other", dispose_on=date(2040, 1, 1))
    with pytest.raises(ValidationError, match="not ended"):
        dispose(svc, ref, authoriser="dpo-0001", today=now.date())


def test_a_malformed_configured_key_is_refused_without_echo(tmp_path: Path) -> None:
    """A configured key of the wrong length is a configuration error that does not show it."""
    secret = base64.b64encode(b"x" * 31).decode()
    with pytest.raises(ConfigurationError) as caught:
        load_keyring({"LEDGER_KEK": secret, "LEDGER_DIRECTORY_KEY": secret}, tmp_path)
    assert secret not in str(caught.value)


def test_keys_are_made_once_in_the_key_directory(tmp_path: Path) -> None:
    """With nothing configured, keys are created (mode 0600) and the same ones read again."""
    first = load_keyring({}, tmp_path / "keys")
    again = load_keyring({}, tmp_path / "keys")
    assert (first.directory_key, first.kek) == (again.directory_key, again.kek)
    assert oct((tmp_path / "keys" / "kek.key").stat().st_mode & 0o777) == "0o600"


def test_disposing_one_family_member_closes_the_familys_shared_text(
    location: Location, now: datetime
) -> None:
    """A share to a family may name each member: once A is disposed of, its justification
    opens for no one, in B's who-saw as in A's, and after a restart too; the structured
    facts still answer, and the chain still verifies."""
    svc = open_service(location, clock=lambda: now)
    a = register(svc, rule="adult-social-care", dispose_on=date(2026, 1, 1))
    b = svc.app.subjects.register([parse("nhs", "4010232137")])
    svc.app.append(
        share(now - timedelta(days=1), subjects=[a, b], justification="A (NHS 943 476 5919) and B")
    )
    (entry,) = who_saw(svc.reports(), b).entries
    assert open_justifications(svc, [entry]) == {entry.entry_id: "A (NHS 943 476 5919) and B"}
    dispose(svc, a, authoriser="dpo-0001", today=now.date())
    for opened in (svc, open_service(location, clock=lambda: now)):  # and after a restart
        for person in (a, b):
            (seen,) = who_saw(opened.reports(), person).entries
            assert seen.recipient == "westshire-constabulary"
            assert open_justifications(opened, [seen]) == {seen.entry_id: DISPOSED_TEXT}
    assert svc.app.verify_chain().size == 2


def test_a_disposal_by_another_process_reaches_a_running_service_at_once(
    location: Location, now: datetime
) -> None:
    """The server keeps data keys in memory; a disposal made elsewhere (the command line,
    another server) closes the text within the freshness window, without a restart."""
    server = open_service(location, clock=lambda: now)
    ref = register(server, rule="adult-social-care", dispose_on=date(2026, 1, 1))
    server.app.append(access(now - timedelta(hours=1), subject=ref, justification="notes"))
    (entry,) = who_saw(server.reports(), ref).entries
    assert open_justifications(server, [entry]) == {entry.entry_id: "notes"}  # key now cached
    command_line = open_service(location, clock=lambda: now)
    dispose(command_line, ref, authoriser="dpo-0001", today=now.date())
    time.sleep(FRESH_SECONDS + 0.1)
    assert open_justifications(server, [entry]) == {entry.entry_id: DISPOSED_TEXT}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("actor", "HL918273C"),
        ("actor", "nhs-9876543210"),
        ("source_ref", "943-476-5919"),
        ("actor_organisation", "hl918273c"),
    ],
)
def test_a_natural_identifier_in_a_structured_field_is_refused(
    svc: Service, now: datetime, field: str, value: str
) -> None:
    """An NI or NHS number sent as an actor, a reference or an organisation is refused before it
    reaches an immutable entry: the batch records nothing, the error names the field and the
    kind of number and never the value (the value is the personal data)."""
    before = svc.app.chain.snapshot()
    batch = [access_command(now), access_command(now, **{field: value})]
    with pytest.raises(CommandError) as refused:
        execute(svc.app, batch)
    assert (refused.value.index, refused.value.field) == (1, field)
    assert "looks like" in str(refused.value)
    assert value not in str(refused.value)
    assert svc.app.chain.snapshot() == before


def test_opening_a_page_reads_the_keys_once_and_answers_as_one_by_one(
    svc: Service, location: Location, now: datetime
) -> None:
    """A page of entries naming several people (one disposed of) opens as each alone would,
    with one read of the keys not yet held rather than one for each entry."""
    family = [
        svc.app.subjects.register(
            [parse("case", f"WS-2000{n}")], rule="adult-social-care", dispose_on=date(2026, 1, 1)
        )
        for n in range(4)
    ]
    for n, person in enumerate(family):
        svc.app.append(access(now - timedelta(hours=n + 1), subject=person, justification=f"n{n}"))
    svc.app.append(share(now - timedelta(hours=9), subjects=family[:2], justification="both"))
    values = [
        *(e.justification or "" for p in family for e in who_saw(svc.reports(), p).entries),
        "sl-withheld:disposed",
        "not sealed at all",
    ]
    dispose(svc, family[3], authoriser="dpo-0001", today=now.date())
    fresh = open_service(location, clock=lambda: now)  # nothing held in memory
    reads: list[set[str]] = []
    keys = fresh.app.subjects.store.keys

    def counted(subjects: Iterable[str]) -> list[WrappedKey]:
        reads.append(set(subjects))
        return keys(subjects)

    fresh.app.subjects.store.keys = counted  # type: ignore[method-assign]
    together = fresh.app.subjects.unseal_all(values)
    assert len(reads) == 1
    other = open_service(location, clock=lambda: now)
    alone = [other.app.subjects.unseal(v) for v in values]
    assert together == alone
    assert together.count(None) >= 3  # the disposed person's entry, withheld, and not sealed
    assert {"n0", "n1", "n2", "both"} <= set(together)
