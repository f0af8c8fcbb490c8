"""Values for every field of every command, as JSON callers send them: ones the domain
accepts, at the edges of what it accepts, and ones it must refuse.

Used by the stateful test of the read models (tests/integration/test_stateful_projections.py).
"""

from __future__ import annotations

import base64
import inspect
import typing
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import strategies as st

from api.service.commands import command_callable
from ledger.domain import data_categories, lawful, procedure_terms, processing_terms, values
from ledger.domain.receipts import partner_key_id
from ledger.domain.vocabulary import Vocabulary
from tests.support.factories import subject

# The ledger's clock in these tests stands at the window's last instant, so that
# the domain's window, not the application's "not in the future", decides.
CLOCK = values.END - timedelta(microseconds=1)
WIDEST = timedelta(hours=24) - timedelta(microseconds=1)  # Python's widest offset
ZONES = [timezone(timedelta(hours=h, minutes=m)) for h, m in ((0, 0), (14, 0), (-14, 0), (5, 30))]
ZONES += [timezone(WIDEST), timezone(-WIDEST)]
# A few instants and days in order, so that lifecycles often move forward: both
# ends of the window and moments of one day (steps on the same day).
INSTANTS = [
    values.EARLIEST,
    datetime(2026, 6, 5, 0, 30, tzinfo=UTC),
    datetime(2026, 6, 5, 9, 0, tzinfo=UTC),
    datetime(2026, 6, 5, 23, 30, tzinfo=UTC),
    CLOCK,
]
DAYS = [values.FIRST_DAY, date(2026, 6, 5), date(2026, 6, 6), values.LAST_DAY]
ORGANISATIONS = ["westshire-council", "westshire-constabulary", "westshire-nhs"]
SUBJECTS = [subject(n) for n in range(3)]
# Partners' receipt keys: the first two for any command, the last for receipts that must land.
KEYS = [Ed25519PrivateKey.from_private_bytes(bytes([n + 1]) * 32) for n in range(3)]
RAW_KEYS = [k.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) for k in KEYS]

zones = st.sampled_from(ZONES)
pooled_time = st.builds(lambda i, z: i.astimezone(z), st.sampled_from(INSTANTS), zones)
# In the window, in an extreme offset: mostly from the pool, sometimes anywhere.
times = st.one_of(
    pooled_time,
    pooled_time,
    st.datetimes(
        min_value=datetime(1900, 1, 2),  # noqa: DTZ001 - made aware by `timezones`
        max_value=datetime(9998, 12, 30),  # noqa: DTZ001
        timezones=zones,
    ),
).map(datetime.isoformat)
days = st.one_of(
    st.sampled_from(DAYS), st.sampled_from(DAYS), st.dates(values.FIRST_DAY, values.LAST_DAY)
).map(date.isoformat)
free_text = st.one_of(
    st.sampled_from(["case review", "Seen:\r\n\t- GP letter", "Zoë \u0623\u062d\u0645\u062f 👍"]),
    st.just("x" * values.MAX_TEXT),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30),
).filter(str.strip)
one_line = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=200
).filter(str.strip)


def one(choices: Vocabulary | tuple[str, ...] | list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(choices.ids if isinstance(choices, Vocabulary) else choices)


def some(choices: Vocabulary | list[str], most: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(one(choices), min_size=1, max_size=most, unique=True)


# A value the domain accepts for each field of every command, by field name (the
# ids of other aggregates, `processing` and `rights_request`, come from the
# machine). A command given a field this table lacks fails the test: add it here.
ACCEPTED: dict[str, st.SearchStrategy[Any]] = {
    **dict.fromkeys(("occurred_at", "registered_at", "retired_at"), times),
    **dict.fromkeys(("received_on", "verified_on", "paused_on", "resumed_on"), days),
    **dict.fromkeys(("notified_on", "fulfilled_on", "refused_on"), days),
    **dict.fromkeys(("acknowledged_on", "recorded_on", "closed_on", "decided_on"), days),
    **dict.fromkeys(("valid_from", "valid_to", "review_date"), days),
    **dict.fromkeys(
        ("actor", "applied_by", "recorded_by", "decided_by", "informed_by", "lifted_by"),
        one(["fsw-0001", "dpo-0001", "svc:liquidlogic"]),
    ),
    "notified_by": one(["dpo-0001"]),
    "source_system": one(["liquidlogic", "mosaic"]),
    "actor_role": one(["family-support-worker", "social-worker"]),
    **dict.fromkeys(
        ("actor_organisation", "on_behalf_of", "recipient", "requester", "partner"),
        one(ORGANISATIONS),
    ),
    "organisation": one(ORGANISATIONS),
    "subject": one(SUBJECTS),
    "subjects": some(SUBJECTS),
    "categories": some(data_categories.DATA_CATEGORIES),
    "purpose": one(processing_terms.PURPOSES),
    "purposes": some(processing_terms.PURPOSES, 2),
    "legal_basis": one(lawful.ART6_BASES),
    "special_condition": one(lawful.ART9_CONDITIONS),
    "schedule_1_condition": one(processing_terms.SCHEDULE_1_CONDITIONS),
    "agreement": one(["ISA-1", "ISA-2", "ISA-9"]),
    "channel": one(procedure_terms.CHANNELS),
    **dict.fromkeys(("justification", "explanation", "summary", "grounds", "reason"), free_text),
    **dict.fromkeys(("findings", "remedial_action"), free_text),
    "name": one_line,
    "partner_type": one(procedure_terms.PARTNER_TYPES),
    "competent_authority": st.booleans(),
    "country": one(["GB", "FR"]),
    "reasons": some(procedure_terms.DECLINE_REASONS, 2),
    "kind": one(procedure_terms.REQUEST_KINDS),
    "reference": one(["REF-1", "REF-2", "ISA-1", "ISA-2"]),
    "source_ref": one(["SRC-1", "SRC-2"]),
    "ground": one(procedure_terms.RESTRICTION_GROUNDS),
    "exception": one(procedure_terms.RESTRICTION_EXCEPTIONS),
    "outcome": one(procedure_terms.OBJECTION_OUTCOMES),
    "complainant": one(procedure_terms.COMPLAINANTS),
    "ico_case_reference": one(["IC-123456-A1B2", "IC-2"]),
    "issues": some(procedure_terms.COMPLAINT_ISSUES, 2),
    "decision": one(procedure_terms.ICO_DECISIONS),
    "public_key": one([base64.b64encode(raw).decode() for raw in RAW_KEYS[:2]]),
    "key_id": one([partner_key_id(raw) for raw in RAW_KEYS[:2]]),
}

# Where two commands give one field name different vocabularies: (command, field) first.
BY_COMMAND: dict[tuple[str, str], st.SearchStrategy[Any]] = {
    ("close_complaint", "outcome"): one(procedure_terms.COMPLAINT_OUTCOMES),
}

# For the steps of a lifecycle: half the time the window's last instant or day, so
# that a step is rarely before the one it follows and lifecycles run to their end.
_late_time = st.one_of(st.builds(CLOCK.astimezone, zones).map(datetime.isoformat), times)
_late_day = st.one_of(st.just(values.LAST_DAY.isoformat()), days)
LATE: dict[str, st.SearchStrategy[str]] = {
    **dict.fromkeys(("occurred_at", "registered_at", "retired_at"), _late_time),
    **dict.fromkeys(("verified_on", "paused_on", "resumed_on", "notified_on"), _late_day),
    **dict.fromkeys(("fulfilled_on", "refused_on"), _late_day),
    **dict.fromkeys(("acknowledged_on", "recorded_on", "closed_on", "decided_on"), _late_day),
}

# Characters no text field accepts (a label also refuses line breaks and tabs).
BAD_CHARACTERS = ["\x00", "\ud800", "\udfff", "\x01", "\x1b", "\x7f", "\x85", "\x9f"]
# What the domain must refuse, by the type a field is declared with.
REFUSED: dict[Any, list[Any]] = {
    datetime: [
        "0001-01-01T00:00:00+14:00",
        "1899-12-31T23:59:59.999999+00:00",
        "1900-01-01T13:59:59+14:00",
        "9998-12-31T23:59:59-14:00",
        "9999-12-31T23:59:59.999999-23:59",
        "2026-06-05T09:00:00",
        "2026-06-05T09:00:00\x00+00:00",
        *(1, 0, -1, 1.5, True, False, [2026, 6, 5], {}),
    ],
    date: ["0001-01-01", "1899-12-31", "9999-01-01", "2026-06-05T00:00:00", 20260605, 1, True],
    UUID: [1, True, "not-a-uuid", 12345678901234567890123456789012, "\ud800"],
    bool: [1, "true", None],
    object: ["pd:HealthRecord", [1], ["pd:Health\x00Record"], 1, "AAAA\x00"],
}


@cache
def field_types(name: str) -> dict[str, Any]:
    """Each field of a command and the type it is declared with (Optional unwrapped)."""
    function = command_callable(name)
    hints = typing.get_type_hints(function)
    declared = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "self":  # a method of the aggregate a command changes
            continue
        hint = hints[parameter.name]
        arguments = [a for a in typing.get_args(hint) if a is not type(None)]
        declared[parameter.name] = arguments[0] if typing.get_origin(hint) else hint
    return declared


@cache
def optional_fields(name: str) -> frozenset[str]:
    parameters = inspect.signature(command_callable(name)).parameters.values()
    return frozenset(p.name for p in parameters if p.default is not inspect.Parameter.empty)
