"""Access responses on a rights request: withholding entries, lifting, issuing (pure domain)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.exemptions import EXEMPTIONS
from ledger.domain.rights_requests import RightsRequest

SUBJECT = "sr_" + "a" * 26
DIGEST = "ab" * 32
CRIME = "sl:DPA2018-S2-1-2"


def _request(kind: str = "eu-gdpr:A15", *, verified: bool = True) -> RightsRequest:
    request = RightsRequest.receive(
        received_on=date(2026, 3, 2), subject=SUBJECT, kind=kind, recorded_by="dpo"
    )
    if verified:
        request.verify_identity(verified_on=date(2026, 3, 3))
    return request


def _withhold(request: RightsRequest, entry: str, **changes: object) -> None:
    fields: dict[str, object] = {
        "withheld_on": date(2026, 3, 4),
        "entry_id": entry,
        "position": 7,
        "exemption": CRIME,
        "reason": "A police enquiry is under way",
        "review_date": date(2026, 6, 4),
        "decided_by": "principal:dpo",
    } | changes
    request.withhold_entry(**fields)  # type: ignore[arg-type]


def _issue(request: RightsRequest, **changes: object) -> None:
    fields: dict[str, object] = {
        "issued_on": date(2026, 3, 5),
        "frozen_at": 40,
        "html_sha256": DIGEST,
        "pdf_sha256": "cd" * 32,
        "addressee": "A. Person\n1 Test Street",
        "issued_by": "principal:dpo",
        "checkpoint_size": 32,
        "checkpoint_root": "ef" * 32,
    } | changes
    request.issue_response(**fields)  # type: ignore[arg-type]


def test_the_exemptions_name_the_dpa_2018_paragraphs() -> None:
    """The closed vocabulary holds the crime and social work exemptions the issue names."""
    labels = {t.id: t.label for t in EXEMPTIONS}
    assert "Sch 2 para 2" in labels[CRIME]
    assert "Sch 3 para 11" in labels["sl:DPA2018-S3-3-11"]


def test_an_issued_response_records_the_entries_withheld_at_the_time() -> None:
    """Issuing records the withheld entries' ids with the digests and the frozen size."""
    request = _request()
    entry = str(uuid4())
    _withhold(request, entry)
    _issue(request)
    (issued,) = request.responses
    assert issued.withheld == (entry,)
    assert (issued.frozen_at, issued.html_sha256, issued.checkpoint_size) == (40, DIGEST, 32)


def test_a_lifted_withholding_is_not_withheld_from_the_next_response() -> None:
    """After a withholding is lifted, the next response withholds nothing."""
    request = _request()
    entry = str(uuid4())
    _withhold(request, entry)
    request.lift_withholding(
        lifted_on=date(2026, 3, 5), entry_id=entry, reason="Enquiry closed", lifted_by="dpo"
    )
    _issue(request)
    assert request.responses[0].withheld == ()


def test_an_unknown_exemption_is_refused_by_name() -> None:
    """A withholding must cite a term of the exemption vocabulary."""
    with pytest.raises(ValidationError) as raised:
        _withhold(_request(), str(uuid4()), exemption="sl:Because")
    assert raised.value.field == "exemption"


def test_a_review_date_must_lie_after_the_withholding() -> None:
    """A review on or before the day of withholding is no review at all."""
    with pytest.raises(ValidationError) as raised:
        _withhold(_request(), str(uuid4()), review_date=date(2026, 3, 4))
    assert raised.value.field == "review_date"


def test_an_entry_is_withheld_once() -> None:
    """Withholding the same entry twice is refused (lift it first)."""
    request = _request()
    entry = str(uuid4())
    _withhold(request, entry)
    with pytest.raises(InvalidTransition):
        _withhold(request, entry)


def test_only_an_access_request_has_a_response() -> None:
    """An erasure request has nothing to issue under Art 15."""
    with pytest.raises(InvalidTransition):
        _issue(_request("eu-gdpr:A17"))


def test_a_response_waits_for_the_identity_check() -> None:
    """No response is issued before the requester's identity is verified."""
    with pytest.raises(InvalidTransition, match="identity"):
        _issue(_request(verified=False))


def test_a_checkpoint_beyond_the_response_is_refused() -> None:
    """The cited checkpoint must not vouch for entries the response does not cover."""
    with pytest.raises(ValidationError) as raised:
        _issue(_request(), checkpoint_size=41)
    assert raised.value.field == "checkpoint_size"


def test_a_malformed_digest_is_refused() -> None:
    """Digests are 64 lower-case hex digits."""
    with pytest.raises(ValidationError) as raised:
        _issue(_request(), html_sha256="AB" * 32)
    assert raised.value.field == "html_sha256"


def test_lifting_an_entry_not_withheld_is_refused() -> None:
    """Only a withheld entry can be lifted."""
    with pytest.raises(InvalidTransition):
        _request().lift_withholding(
            lifted_on=date(2026, 3, 5), entry_id="x", reason="r", lifted_by="dpo"
        )
