"""Accesses, shares and decisions not to share: what the domain accepts and refuses."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from ledger.domain.errors import ValidationError
from ledger.domain.processing import Access, Share, SharingDecision
from tests.support.factories import access, share, subject


def test_an_access_records_every_field_of_the_fact(now: datetime) -> None:
    """DataAccessed carries who, for whom, about whom, what, why, on which basis, from where."""
    (event,) = access(now).collect_events()
    assert isinstance(event, Access.DataAccessed)
    assert (event.actor, event.actor_organisation, event.on_behalf_of) == (
        "fsw-0001",
        "westshire-council",
        "westshire-council",
    )
    assert event.categories == ("pd:HealthRecord",)
    assert (event.purpose, event.legal_basis, event.source_system) == (
        "dpv:ServiceProvision",
        "eu-gdpr:A6-1-e",
        "liquidlogic",
    )


def test_categories_given_as_a_list_are_stored_as_a_tuple(now: datetime) -> None:
    """Events are frozen all the way down: a list argument becomes a tuple."""
    (event,) = access(now, categories=["pd:HealthRecord", "pd:Name"]).collect_events()
    assert event.categories == ("pd:HealthRecord", "pd:Name")  # type: ignore[attr-defined]


def test_an_unknown_category_names_the_field_and_the_allowed_terms(now: datetime) -> None:
    """An unknown term is refused with the field name and the allowed values."""
    with pytest.raises(ValidationError) as caught:
        access(now, categories=["pd:ShoeSize"])
    assert caught.value.field == "categories"
    assert "pd:HealthRecord" in caught.value.allowed


def test_a_natural_identifier_is_not_accepted_as_a_subject_reference(now: datetime) -> None:
    """An NHS number where a pseudonymous reference belongs is refused, and not echoed."""
    with pytest.raises(ValidationError) as caught:
        access(now, subject="9434765919")
    assert caught.value.field == "subject"
    assert "9434765919" not in str(caught.value)


def test_a_naive_time_is_refused(now: datetime) -> None:
    """occurred_at must carry a time zone: a naive time is ambiguous evidence."""
    with pytest.raises(ValidationError, match="time zone"):
        access(now.replace(tzinfo=None))


def test_the_lawful_basis_must_be_an_article_6_basis(now: datetime) -> None:
    """An Art 9 condition given as the lawful basis is refused, listing the Art 6 bases."""
    with pytest.raises(ValidationError) as caught:
        access(now, legal_basis="eu-gdpr:A9-2-g")
    assert caught.value.field == "legal_basis"
    assert "eu-gdpr:A6-1-e" in caught.value.allowed


def test_the_same_source_reference_gives_the_same_access_id(now: datetime) -> None:
    """A source system's own event id makes recording idempotent: the ids collide."""
    first = access(now, source_ref="LL-000123")
    again = access(now, source_ref="LL-000123")
    other = access(now, source_ref="LL-000124")
    assert first.id == again.id != other.id


def test_a_share_may_concern_a_whole_family(now: datetime) -> None:
    """DataShared lists every subject it concerns."""
    (event,) = share(now, subjects=[subject(1), subject(2), subject(3)]).collect_events()
    assert isinstance(event, Share.DataShared)
    assert event.subjects == (subject(1), subject(2), subject(3))


def test_a_share_without_agreement_or_condition_is_still_recorded(now: datetime) -> None:
    """The ledger records what happened; judging it is the projections' job."""
    (event,) = share(
        now, agreement=None, special_condition=None, schedule_1_condition=None
    ).collect_events()
    assert isinstance(event, Share.DataShared)
    assert (event.agreement, event.special_condition, event.schedule_1_condition) == (
        None,
        None,
        None,
    )


def test_a_share_repeating_a_subject_is_refused(now: datetime) -> None:
    """The same subject twice in one share is a mistake in the source system."""
    with pytest.raises(ValidationError, match="repeat"):
        share(now, subjects=[subject(1), subject(1)])


def test_a_share_names_an_art_9_condition_not_a_basis(now: datetime) -> None:
    """special_condition takes Art 9(2) conditions only."""
    with pytest.raises(ValidationError) as caught:
        share(now, special_condition="eu-gdpr:A6-1-e")
    assert caught.value.field == "special_condition"


def test_a_decision_not_to_share_records_its_reasons(now: datetime) -> None:
    """SharingDeclined carries the requester, the subjects and the reasons."""
    decision = SharingDecision.record(
        occurred_at=now - timedelta(hours=1),
        actor="sw-0002",
        actor_organisation="westshire-council",
        requester="westshire-housing",
        subjects=[subject(4)],
        categories=["pd:HealthRecord"],
        purpose="dpv:ServiceProvision",
        reasons=["sl:NotNecessary"],
        explanation="housing need can be assessed without health details",
    )
    (event,) = decision.collect_events()
    assert isinstance(event, SharingDecision.SharingDeclined)
    assert event.reasons == ("sl:NotNecessary",)


def test_empty_justification_is_refused(now: datetime) -> None:
    """Every access carries a justification: s.62 logging asks for one."""
    with pytest.raises(ValidationError) as caught:
        access(now, justification="   ")
    assert caught.value.field == "justification"
