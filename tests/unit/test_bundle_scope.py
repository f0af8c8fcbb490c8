"""The rule of what an evidence bundle holds (docs/evidence.md §3), and the checks of it.

Pure: decoded events, selectors and the verifier's completeness checks, on the
in-memory ledger of ``tests/support/bundles.py``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.integrity import bundle_scope, evidence
from ledger.integrity.bundle_scope import (
    Selector,
    check_positions,
    check_versions,
    concerned,
    named,
    partner_selector,
    restriction_subject,
    subject_selector,
)
from ledger.integrity.evidence import EvidenceError, Scope, ScopeKind
from tests.support.bundles import (
    PARTNER,
    PARTNER_SCOPE,
    RESTRICTION,
    SIZE,
    SUBJECT,
    aggregate_id,
    make_bundle,
    make_ledger,
    selection,
)

# -- [3.1] What an event names --------------------------------------------------


def test_an_event_names_a_subject_in_its_subject_field() -> None:
    """``subject`` equal to the reference names it."""
    assert named({"subject": "sr_a", "n": 1}, bundle_scope.SUBJECT_FIELDS) == {"sr_a"}


def test_an_event_names_every_subject_of_its_subjects_list() -> None:
    """Each string in a ``subjects`` list is named; other types in the list are not."""
    event = {"subjects": ["sr_a", "sr_b", 3, None], "subject": "sr_c"}
    assert named(event, bundle_scope.SUBJECT_FIELDS) == {"sr_a", "sr_b", "sr_c"}


def test_a_partner_is_named_as_recipient_partner_or_organisation() -> None:
    """A share's recipient, an agreement's partner and a registration's organisation name it."""
    for field in ("recipient", "partner", "organisation"):
        assert partner_selector(PARTNER).names({field: PARTNER}) == {PARTNER}


def test_other_fields_and_values_name_nothing() -> None:
    """The actor's organisation, a nested object, or a mere mention in free text name no one."""
    events: list[object] = [
        {"actor_organisation": PARTNER},
        {"on_behalf_of": PARTNER, "requester": PARTNER},
        {"event": {"subject": "sr_a"}},
        {"justification": "about sr_a"},
        ["sr_a"],
        "sr_a",
    ]
    for event in events:
        assert subject_selector("sr_a").names(event) == set()
        assert partner_selector(PARTNER).names(event) == set()


# -- [3.2] Which aggregates concern a scope ---------------------------------------


def test_an_aggregate_concerns_a_subject_if_any_of_its_events_names_it() -> None:
    """A later event naming the subject brings in the aggregate, by its id."""
    rows = [
        (b"a" * 16, b'{"ground":"x"}'),
        (b"a" * 16, b'{"subject":"sr_a"}'),
        (b"b" * 16, b'{"subject":"sr_b"}'),
    ]
    assert concerned(rows, subject_selector("sr_a")) == {"sr_a": {b"a" * 16}}


def test_one_pass_finds_several_subjects_at_once() -> None:
    """A selector of many values (a batch of disposals) gives each its own aggregates."""
    rows = [(bytes([n]) * 16, json.dumps({"subject": f"sr_{n}"}).encode()) for n in range(40)]
    found = concerned(rows, subject_selector(*(f"sr_{n}" for n in range(20))))
    assert found == {f"sr_{n}": {bytes([n]) * 16} for n in range(20)}


def test_a_state_that_is_not_json_names_nothing() -> None:
    """Bytes that do not decode are skipped, not a crash (verification catches them)."""
    rows = [(b"a" * 16, b'\xff"sr_a"'), (b"b" * 16, b'{"subject":"sr_a"')]
    assert concerned(rows, subject_selector("sr_a")) == {"sr_a": set()}


def test_a_restriction_concerns_the_one_subject_its_events_name() -> None:
    """A restriction's own events name its person; none, or two, is no restriction scope."""
    assert restriction_subject([{"subject": "sr_a"}, {"ground": "x"}]) == "sr_a"
    assert restriction_subject([{"ground": "x"}]) is None
    assert restriction_subject([{"subject": "sr_a"}, {"subjects": ["sr_b"]}]) is None


def test_the_rule_selects_whole_aggregates_from_the_test_ledger() -> None:
    """Subject, restriction and partner bundles hold every entry of the aggregates they name."""
    ledger = make_ledger(SIZE)
    assert selection(ledger, SUBJECT) == [1, 3, 7, 9]
    assert selection(ledger, RESTRICTION) == [1, 3, 7, 9]
    assert selection(ledger, PARTNER_SCOPE) == [3, 4, 9, 10]
    assert selection(ledger, Scope(ScopeKind.SUBJECT, "sr_0000")) == [0, 5, 6, 11, 12]


# -- The prefilter: sound, so the scan may skip what it rules out ----------------


@given(
    value=st.text(min_size=1, max_size=8),
    other=st.text(max_size=8),
    ensure_ascii=st.booleans(),
    in_list=st.booleans(),
)
def test_the_prefilter_never_rules_out_a_state_that_names_the_value(
    value: str, other: str, *, ensure_ascii: bool, in_list: bool
) -> None:
    """Whatever the value's characters and however the encoder escapes them, a state that
    names the value passes the prefilter."""
    field: object = [other, value] if in_list else value
    try:
        state = json.dumps({"subjects" if in_list else "subject": field}, ensure_ascii=ensure_ascii)
        raw = state.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be stored as UTF-8
        return
    selector = subject_selector(value)
    assert selector.names(json.loads(raw)) == {value}
    assert selector.may_name(raw)


def test_the_prefilter_rules_out_states_without_the_value() -> None:
    """A state without the quoted value and without an escape is skipped undecoded."""
    selector = subject_selector("sr_a")
    assert not selector.may_name(b'{"subject":"sr_ab","note":"sr_a is here"}')
    assert selector.may_name(b'{"subject":"sr_\\u0061"}')  # escaped: decoded to be sure


def test_many_values_are_always_decoded() -> None:
    """Past 16 values the prefilter would cost more than the decoding it saves."""
    selector = Selector("subject", bundle_scope.SUBJECT_FIELDS, frozenset(map(str, range(17))))
    assert selector.may_name(b"{}")


# -- [3.4] What a verifier checks from the bundle alone -------------------------


def _entries(scope: Scope = SUBJECT) -> tuple[evidence.EvidenceEntry, ...]:
    return evidence.parse_bundle(make_bundle(make_ledger(SIZE), scope)).entries


def test_positions_must_be_exactly_those_listed_in_order() -> None:
    """Each entry listed, each listed position held, in position order, the count right."""
    entries = _entries()
    listing = ["entries 4", "1", "3", "7", "9"]
    check_positions(entries, listing)
    cases = [
        (["entries 3", "1", "3", "7"], "entry 3 (position 9)", "is not listed in the manifest"),
        (
            ["entries 5", "1", "3", "5", "7", "9"],
            "manifest",
            "lists position 5, which the bundle lacks",
        ),
        (["entries 4", "3", "1", "7", "9"], "entry 0 (position 1)", "is not in position order"),
        (["entries 5", *listing[1:]], "manifest", "its count is not the number"),
    ]
    for wrong, place, detail in cases:
        with pytest.raises(EvidenceError) as raised:
            check_positions(entries, wrong)
        assert raised.value.place == place
        assert raised.value.detail.startswith(detail)


def test_versions_must_run_from_one_without_a_gap() -> None:
    """A missing first version, or a gap, is named at the entry where it shows."""
    entries = _entries()
    check_versions(entries)
    with pytest.raises(EvidenceError) as raised:
        check_versions(entries[1:])
    assert raised.value.place == "entry 1 (position 7)"
    assert raised.value.detail == (
        f"aggregate {aggregate_id(1)} has version 2 here, not 1: an entry of it is missing"
    )
    gap = (*entries[:2], replace(entries[2], originator_version=3), entries[3])
    with pytest.raises(EvidenceError, match="has version 3 here, not 2"):
        check_versions(gap)


def test_every_aggregate_must_concern_the_scope() -> None:
    """An aggregate that names another subject is named at its first entry."""
    entries = _entries()
    with pytest.raises(EvidenceError) as raised:
        bundle_scope.check_concerned(entries, Scope(ScopeKind.SUBJECT, "sr_0002"))
    assert raised.value.place == "entry 0 (position 1)"
    assert raised.value.detail == f"aggregate {aggregate_id(1)} does not concern subject sr_0002"


def test_a_restriction_scope_is_checked_against_its_own_subject() -> None:
    """The restriction's bundle is its person's: every aggregate must name that person."""
    bundle_scope.check_concerned(_entries(RESTRICTION), RESTRICTION)
    other = Scope(ScopeKind.RESTRICTION, str(aggregate_id(2)))
    with pytest.raises(EvidenceError, match=f"^scope: restriction {UUID(other.value)} is not"):
        bundle_scope.check_concerned(_entries(RESTRICTION), other)
