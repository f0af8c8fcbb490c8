"""Nothing the domain accepts may break a read model; a rebuild writes what catching up wrote.

A Hypothesis state machine sends every command of ``api.service.commands.COMMANDS``,
and partners' signed share receipts (``ledger.receipts``), the way the API
does: JSON values through ``execute(app, [command])``. Times come in extreme
offsets at both ends of the domain's window of instants (UTC years 1900 to
9998); the hostile rule swaps one field of a command for something the domain
must refuse (a time outside the window, a number for a date, NUL, a lone
surrogate, a control character) and expects it refused, naming that field,
with nothing appended. Legal but odd sequences are asserted accepted: a clock
paused, resumed and paused again on one day; Art 19 notices before an
application and after a lift. Refused or not, nothing but a ``DomainError``
may come out of a command.

The read models catch up whenever the machine chooses and at the end, without
raising; then a rebuild from the first entry must give exactly the same rows,
table by table, and every report must answer. On both stores, each example
on a store of its own. ``LEDGER_STATEFUL_PROFILE=thorough`` runs many more.
"""

from __future__ import annotations

import base64
import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from api.service import receipt_filing as receipts
from api.service.commands import COMMANDS, Change, Create, decide, execute
from api.service.composition import Service, open_service
from ledger.domain import values
from ledger.domain.errors import DomainError, ValidationError
from ledger.domain.partners import partner_id
from ledger.domain.processing import Share
from ledger.domain.receipts import partner_key_id, sign_receipt
from ledger.storage.config import Location, SQLiteLocation
from projections.read_models import READ_MODELS
from projections.reports import (
    agreement_register,
    complaints,
    promises,
    rectification_notices,
)
from projections.reports.partner_disclosures import partner_report
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import all_restrictions
from projections.reports.who_saw import who_saw
from tests.conftest import empty_database
from tests.support.command_values import (
    ACCEPTED,
    BAD_CHARACTERS,
    BY_COMMAND,
    CLOCK,
    DAYS,
    INSTANTS,
    KEYS,
    LATE,
    ORGANISATIONS,
    RAW_KEYS,
    REFUSED,
    SUBJECTS,
    ZONES,
    field_types,
    optional_fields,
    times,
)

# The CI budget: 30 examples of up to 40 steps on SQLite, 8 on PostgreSQL; about
# 6 and 15 s on the 2-core reference machine (twice that beside other jobs).
# "thorough" (600 and 162 examples of 100 steps; about 7 and 16 minutes beside
# other jobs) is for a nightly run, or after a change to the domain or a read model.
settings.register_profile(
    "stateful-projections",
    max_examples=30,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "stateful-projections-thorough",
    parent=settings.get_profile("stateful-projections"),
    max_examples=600,
    stateful_step_count=100,
)
PROFILE = settings.get_profile(
    "stateful-projections-thorough"
    if os.environ.get("LEDGER_STATEFUL_PROFILE") == "thorough"
    else "stateful-projections"
)
# A PostgreSQL example costs a database of its own (about half a second): fewer.
EXAMPLES_SHARE = {"sqlite": 1.0, "postgres": 0.27}
# Each lifecycle a_life_in_one_instant walks: the command that creates
# an aggregate, then every change, in an order the domain accepts.
LIFECYCLES: dict[str, tuple[str, ...]] = {
    "a rectification": (
        "record_rectification",
        "notify_recipient_of_rectification",
        "acknowledge_rectification_notice",
    ),
    "a restriction": (
        "request_restriction",
        "apply_restriction",
        "justify_processing",
        "inform_subject_of_lift",
        "lift_restriction",
    ),
    "a request fulfilled": (
        "receive_request",
        "receive_identity_information",
        "verify_identity",
        "extend_deadline",
        "pause_clock",
        "resume_clock",
        "fulfil_request",
    ),
    "a request refused": ("receive_request", "pause_clock", "refuse_request"),
    "an objection": ("receive_objection", "decide_objection"),
}
SCENARIOS = [*LIFECYCLES, "a key's life", "pauses", "notices", "receipt", "ICO complaint"]
# The fields of a share the receipted_share rule draws (recipient and time are its own).
SHARE_FIELDS: tuple[str, ...] = ("actor", "actor_organisation", "subjects", "categories")
SHARE_FIELDS += ("purpose", "legal_basis", "channel", "source_system", "justification")


def table_rows(svc: Service) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model table's rows, order-independent (sorted by their text form)."""
    rows = {}
    for read_model in READ_MODELS:
        for table in read_model.tables:
            columns = table.column_names
            found = svc.app.database.fetch(f"SELECT {', '.join(columns)} FROM {table.name}")
            rows[table.name] = sorted((tuple(r[c] for c in columns) for r in found), key=repr)
    return rows


class LedgerMachine(RuleBasedStateMachine):
    """One ledger with its read models; ``store`` (set per test) gives each example a store."""

    store: Callable[[], AbstractContextManager[Location]]

    def __init__(self) -> None:
        super().__init__()
        self.closing = ExitStack()
        self.svc = open_service(self.closing.enter_context(self.store()), clock=lambda: CLOCK)
        self.closing.callback(self.svc.close)
        self.ids: dict[str, list[UUID]] = {}  # aggregate class name -> ids, oldest first
        self.last_id: UUID | None = None  # of the aggregate the last accepted command changed

    # -- Helpers ----------------------------------------------------------------------
    def run(self, command: dict[str, Any]) -> DomainError | None:
        """Execute one command; on a refusal, check that nothing was appended."""
        size = self.svc.app.chain.size()
        try:
            appended = execute(self.svc.app, [command])
        except DomainError as error:
            assert self.svc.app.chain.size() == size
            event(f"{command['command']}: refused")  # --hypothesis-show-statistics
            return error
        event(f"{command['command']}: accepted")
        self.last_id = appended[0].originator_id
        for entry in appended:
            known = self.ids.setdefault(entry.event.split(".")[0], [])
            if entry.originator_id not in known:
                known.append(entry.originator_id)
        return None

    def accepted(self, command: dict[str, Any]) -> None:
        error = self.run(command)
        assert error is None, f"{command['command']} refused: {error}"

    def known(self, *kinds: str) -> st.SearchStrategy[str]:
        """The id of an aggregate of one of these kinds, often a recent one; or any id."""
        known = [i for kind in kinds for i in self.ids.get(kind, [])]
        if not known:
            return st.uuids().map(str)
        recent = st.sampled_from(known[-2:])
        return st.one_of(recent, st.sampled_from(known), recent, st.uuids()).map(str)

    def command(self, data: st.DataObject, name: str) -> dict[str, Any]:
        """A command the domain accepts on its own (the aggregate it changes may refuse it)."""
        command: dict[str, Any] = {"command": name}
        spec = COMMANDS[name]
        if isinstance(spec, Change):
            command["id"] = data.draw(self.known(spec.kind.__name__), label="id")
        skippable = optional_fields(name)
        for field in field_types(name):
            if field in skippable and data.draw(st.booleans()):
                continue
            chosen = BY_COMMAND.get((name, field))  # a strategy: never tested for truth
            value = chosen if chosen is not None else self.accepted_value(field)
            if isinstance(spec, Change):  # a step: often at the window's end, after any other
                value = LATE.get(field, value)
            command[field] = data.draw(value, label=field)
        return command

    def accepted_value(self, field: str) -> st.SearchStrategy[Any]:
        if field == "processing":
            return self.known("Access", "Share")
        if field == "rights_request":
            return self.known("RightsRequest")
        if field == "restriction":
            return self.known("Restriction")
        return ACCEPTED[field]

    # -- Rules ------------------------------------------------------------------------
    @initialize(data=st.data())
    def a_small_world(self, data: st.DataObject) -> None:
        """One of everything a command creates, so that changes have something to change."""
        for name in sorted(n for n, spec in COMMANDS.items() if isinstance(spec, Create)):
            self.run(self.command(data, name))

    @rule(data=st.data(), name=st.sampled_from(sorted(COMMANDS)))
    def any_command(self, data: st.DataObject, name: str) -> None:
        """Any command, accepted or refused: never anything but a DomainError."""
        self.run(self.command(data, name))

    @rule(data=st.data(), name=st.sampled_from(sorted(COMMANDS)))
    def hostile_field(self, data: st.DataObject, name: str) -> None:
        """One field made hostile: refused, naming it, if the command was acceptable before."""
        command = self.command(data, name)
        declared = {"id": UUID, **field_types(name)} if "id" in command else field_types(name)
        field = data.draw(st.sampled_from(sorted(declared)), label="hostile field")
        kind = declared[field]
        if kind is str:
            value = str(command.get(field) or data.draw(self.accepted_value(field)))
            at = data.draw(st.integers(0, len(value)))
            breaks = ["\n", "\r", "\t", "\u2028"] if field == "name" else []
            hostile: Any = (
                value[:at] + data.draw(st.sampled_from(BAD_CHARACTERS + breaks)) + value[at:]
            )
        else:
            hostile = data.draw(st.sampled_from(REFUSED[kind]), label="hostile value")
        try:
            decide(self.svc.app, [command])
            acceptable = True
        except DomainError:
            acceptable = False
        error = self.run({**command, field: hostile})
        assert error is not None, f"{name} accepted a hostile {field}"
        if acceptable:
            assert isinstance(error, ValidationError), f"{name}: {error!r}"
            assert error.field == field, f"{name}: refused {error.field}, not {field}"

    @rule(data=st.data(), scenario=st.sampled_from(SCENARIOS))
    def lawful_but_odd(self, data: st.DataObject, scenario: str) -> None:
        """A legal but unusual sequence (one rule, so the scenarios do not crowd out the rest)."""
        if scenario in LIFECYCLES:
            self.a_life_in_one_instant(data, scenario)
            return
        {
            "a key's life": self.a_keys_life,
            "pauses": self.same_day_pause_resume_pause,
            "notices": self.notices_around_a_lift,
            "receipt": self.receipted_share,
            "ICO complaint": self.an_ico_complaint_in_one_day,
        }[scenario](data)

    def a_life_in_one_instant(self, data: st.DataObject, life: str) -> None:
        """Every step of one aggregate's lifecycle, all at one instant (or on one day)."""
        at = data.draw(st.sampled_from(INSTANTS)).astimezone(data.draw(st.sampled_from(ZONES)))
        same = {datetime: at.isoformat(), date: data.draw(st.sampled_from(DAYS)).isoformat()}
        target: str | None = None
        for name in LIFECYCLES[life]:
            command = self.command(data, name)
            command.pop("reference", None)  # a fresh aggregate, not one recorded before
            command |= {f: same[t] for f, t in field_types(name).items() if t in same}
            if "recipient" in command:
                command["recipient"] = ORGANISATIONS[2]
            self.accepted(command if target is None else {**command, "id": target})
            target = target or str(self.last_id)

    def an_ico_complaint_in_one_day(self, data: st.DataObject) -> None:
        """An ICO complaint received, acknowledged, answered and decided on one day: accepted."""
        on = data.draw(st.sampled_from(DAYS)).isoformat()
        by = {"recorded_by": "dpo-0001"}
        self.accepted(
            {
                "command": "receive_complaint",
                "received_on": on,
                "subject": SUBJECTS[2],
                "complainant": "sl:ComplainantICO",
                "ico_case_reference": "IC-123456-A1B2",
                "issues": ["sl:IssueUnlawfulSharing"],
                "summary": data.draw(ACCEPTED["summary"]),
                **by,
            }
        )
        target = {"id": str(self.last_id)}
        self.accepted({"command": "acknowledge_complaint", **target, "acknowledged_on": on, **by})
        findings = {"recorded_on": on, "findings": "shared under ISA-1", **by}
        self.accepted({"command": "record_complaint_findings", **target, **findings})
        close = {"closed_on": on, "outcome": "sl:ComplaintPartlyUpheld", "decided_by": "dpo-0001"}
        close |= {"remedial_action": data.draw(ACCEPTED["remedial_action"])}
        self.accepted({"command": "close_complaint", **target, **close})
        decision = {"decided_on": on, "decision": "sl:ICOInfringementAdvice", **by}
        self.accepted({"command": "record_ico_decision", **target, **decision})

    def a_keys_life(self, data: st.DataObject) -> None:
        """A partner's key registered and retired (refused once it has: keys never come back)."""
        at = data.draw(st.sampled_from(INSTANTS)).astimezone(data.draw(st.sampled_from(ZONES)))
        raw_key = data.draw(st.sampled_from(RAW_KEYS[:2]))
        self.partner_with_key(ORGANISATIONS[0], raw_key, at)
        retire = {"key_id": partner_key_id(raw_key), "retired_at": at.isoformat()}
        partner = str(partner_id(ORGANISATIONS[0]))
        self.run({"command": "retire_partner_key", "id": partner, **retire})

    def same_day_pause_resume_pause(self, data: st.DataObject) -> None:
        """A clock paused, resumed and paused again on one day: each step is accepted."""
        on = data.draw(st.sampled_from(DAYS)).isoformat()
        request = {"received_on": on, "kind": "eu-gdpr:A15", "recorded_by": "dpo-0001"}
        self.accepted({"command": "receive_request", "subject": SUBJECTS[0], **request})
        target = str(self.last_id)
        pause = {"command": "pause_clock", "id": target, "paused_on": on}
        self.accepted({**pause, "reason": "which records?"})
        self.accepted({"command": "resume_clock", "id": target, "resumed_on": on})
        self.accepted({**pause, "reason": "and which years?"})

    def notices_around_a_lift(self, data: st.DataObject) -> None:
        """Art 19 notices before the restriction is applied and after it is lifted: accepted."""
        at = sorted(data.draw(st.lists(st.sampled_from(INSTANTS), min_size=3, max_size=3)))
        zone = data.draw(st.sampled_from(ZONES))
        first, middle, last = (a.astimezone(zone).isoformat() for a in at)
        how = {"ground": "sl:A18-1-a", "categories": ["pd:HealthRecord"]}
        request = {"occurred_at": first, "subject": SUBJECTS[1], "recorded_by": "dpo-0001"}
        self.accepted({"command": "request_restriction", **request, **how})
        target = str(self.last_id)
        notice = {"command": "notify_recipient_of_restriction", "id": target}
        notice |= {"channel": "sl:SecureEmail", "notified_by": "dpo-0001"}
        self.accepted({**notice, "occurred_at": first, "recipient": ORGANISATIONS[1]})
        apply = {"command": "apply_restriction", "id": target, "applied_by": "dpo-0001"}
        self.accepted({**apply, "occurred_at": middle, **how})
        lift = {"command": "lift_restriction", "id": target, "lifted_by": "dpo-0001"}
        self.accepted({**lift, "occurred_at": last, "reason": "accuracy verified"})
        self.accepted({**notice, "occurred_at": last, "recipient": ORGANISATIONS[2]})
        for recipient in ORGANISATIONS[1:]:
            acknowledge = {"command": "acknowledge_restriction_notice", "id": target}
            self.accepted({**acknowledge, "occurred_at": last, "recipient": recipient})

    def partner_with_key(self, organisation: str, raw_key: bytes, at: datetime) -> None:
        """The partner registered, and the key registered for it (either may be already)."""
        partner = {"organisation": organisation, "name": "A partner", "partner_type": "sl:Police"}
        self.run({"command": "register_partner", **partner, "competent_authority": True})
        key = {"public_key": base64.b64encode(raw_key).decode(), "registered_at": at.isoformat()}
        self.run({"command": "register_partner_key", "id": str(partner_id(organisation)), **key})

    def receipted_share(self, data: st.DataObject) -> None:
        """A share to a partner with a registered key, receipted: accepted (a second: refused)."""
        recipient = data.draw(st.sampled_from(ORGANISATIONS[1:]))
        shared, received = sorted(data.draw(st.lists(st.sampled_from(INSTANTS), min_size=2)))[:2]
        self.partner_with_key(recipient, RAW_KEYS[2], shared)
        share = data.draw(st.fixed_dictionaries({f: ACCEPTED[f] for f in SHARE_FIELDS}))
        self.accepted(
            {
                "command": "record_share",
                **share,
                "recipient": recipient,
                "occurred_at": shared.isoformat(),
            }
        )
        self.receipt(self.ids["Share"][-1], received, KEYS[2], must_land=True)

    @precondition(lambda self: bool(self.ids.get("Share")))
    @rule(data=st.data())
    def any_receipt(self, data: st.DataObject) -> None:
        """A receipt for any share, signed with any key, at any time: landed or refused."""
        share = data.draw(st.sampled_from(self.ids["Share"]))
        received = datetime.fromisoformat(data.draw(times))
        self.receipt(share, received, data.draw(st.sampled_from(KEYS)), must_land=False)

    def receipt(self, share_id: UUID, received: datetime, key: Any, *, must_land: bool) -> None:
        share = self.svc.app.get(Share, share_id)
        size = self.svc.app.chain.size()
        refused: DomainError | None = None
        try:
            document = receipts.draft_receipt(
                self.svc.app,
                share_id=share.id,
                acting_organisation=share.recipient,
                received_at=received,
            )
            receipts.submit_receipt(
                self.svc.app,
                share_id=share.id,
                acting_organisation=share.recipient,
                document=document,
                signature=sign_receipt(document, key),
            )
        except DomainError as error:
            refused = error
        event(f"receipt: {'accepted' if refused is None else 'refused'}")
        if refused is not None:
            assert not must_land, f"receipt refused: {refused}"
            assert self.svc.app.chain.size() == size

    @rule()
    def catch_up(self) -> None:
        """The read models follow the ledger part way through, without raising."""
        self.svc.runner.catch_up()

    def teardown(self) -> None:
        with self.closing:
            self.svc.runner.catch_up()
            incremental = table_rows(self.svc)
            self.svc.runner.rebuild()
            assert table_rows(self.svc) == incremental
            self.every_report()

    def every_report(self) -> None:
        """Every report answers over whatever the read models hold."""
        context = self.svc.reports()
        request_reports(context)
        all_restrictions(context)
        rectification_notices.rectification_reports(context)
        agreement_register.agreements_report(context)
        for complaint in complaints.complaint_reports(context):
            complaints.complaint_report(context, complaint.complaint_id)
        promises.promises(context, promises.Period(values.EARLIEST, CLOCK))
        for organisation in ORGANISATIONS:
            partner_report(context, organisation)
        for person in SUBJECTS:
            who_saw(context, person)


def sqlite_stores(directory: Path) -> Callable[[], AbstractContextManager[Location]]:
    """A new SQLite file for each example."""
    count = itertools.count()

    @contextmanager
    def store() -> Iterator[Location]:
        yield SQLiteLocation(directory / f"example-{next(count)}" / "ledger.sqlite3")

    return store


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_whatever_is_accepted_projects_and_rebuilds_to_the_same_rows(
    store: str, tmp_path: Path
) -> None:
    """Any sequence of commands, hostile or odd: projected without error; rebuild == incremental."""
    opener = sqlite_stores(tmp_path) if store == "sqlite" else empty_database
    machine = type(f"LedgerOn{store.title()}", (LedgerMachine,), {"store": staticmethod(opener)})
    examples = max(1, round(PROFILE.max_examples * EXAMPLES_SHARE[store]))
    run_state_machine_as_test(machine, settings=settings(PROFILE, max_examples=examples))
