"""`sharing-ledger requests ...`: issue an access response, write it again, check a letter."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from api.service.composition import open_ledger
from ledger.domain.partners import Partner
from ledger.domain.rights_requests import RightsRequest
from ledger.storage.config import Location
from tests.integration.test_cli import one_line, run, store_env
from tests.support.factories import access, share, subject

PERSON = subject(1)
LETTERHEAD = {
    "LEDGER_COUNCIL_NAME": "Westshire Council",
    "LEDGER_DPO_EMAIL": "dpo@westshire.example",
    "LEDGER_DPO_ADDRESS": "Data Protection Officer|County Hall|Westshire WS1 1AA",
}


def _ledger(location: Location) -> tuple[str, str]:
    """A person with an access and a share, and their verified access request; its id and
    the share's entry id."""
    app = open_ledger(location)
    earlier = datetime.now(UTC) - timedelta(days=3)
    shared = share(earlier + timedelta(hours=1), subjects=[PERSON])
    request = RightsRequest.receive(
        received_on=earlier.date(), subject=PERSON, kind="eu-gdpr:A15", recorded_by="dpo-1"
    )
    request.verify_identity(verified_on=earlier.date())
    app.append(
        Partner.register(
            organisation="westshire-constabulary",
            name="Westshire Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        )
    )
    app.append(access(earlier, subject=PERSON))
    app.append(shared)
    app.append(request)
    app.close()
    return str(request.id), str(shared.id)


def test_an_issued_letter_checks_as_recorded_and_an_altered_one_does_not(
    location: Location, tmp_path: Path
) -> None:
    """issue-response writes HTML and PDF; check-response finds each, refuses a changed copy."""
    request_id, _ = _ledger(location)
    env = store_env(location) | LETTERHEAD
    address = tmp_path / "address.txt"
    address.write_text("1 Test Street\nWestshire WS1 1AA\n", encoding="utf-8")
    issued = run(
        "requests", "issue-response", request_id, "--address-file", str(address),
        "--name", "Alex Example", "--out", str(tmp_path / "out"), env=env,
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    pdf = next((tmp_path / "out").glob("*.pdf"))
    checked = run("requests", "check-response", str(pdf), "--format", "json", env=env)
    assert checked.returncode == 0, checked.stderr
    answer = json.loads(checked.stdout)
    assert answer["recorded"] is True
    assert answer["responses"][0]["request"] == request_id
    assert answer["responses"][0]["format"] == "pdf"
    altered = tmp_path / "altered.html"
    altered.write_bytes(next((tmp_path / "out").glob("*.html")).read_bytes() + b"\n")
    refused = run("requests", "check-response", str(altered), env=env)
    assert refused.returncode == 1
    assert "Not recorded" in refused.stdout


def test_a_response_written_again_is_the_same_file(location: Location, tmp_path: Path) -> None:
    """`requests response` writes the issued person's copy byte for byte."""
    request_id, _ = _ledger(location)
    env = store_env(location) | LETTERHEAD
    address = tmp_path / "address.txt"
    address.write_text("1 Test Street\n", encoding="utf-8")
    first = run(
        "requests", "issue-response", request_id, "--address-file", str(address),
        "--name", "Alex Example", "--out", str(tmp_path / "first"), env=env,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    again = run("requests", "response", request_id, "--out", str(tmp_path / "again"), env=env)
    assert again.returncode == 0, again.stderr
    for issued in (tmp_path / "first").iterdir():
        assert (tmp_path / "again" / issued.name).read_bytes() == issued.read_bytes()


def test_an_unknown_exemption_is_one_line_and_records_nothing(location: Location) -> None:
    """withhold with a made-up exemption exits 2 with one line naming the field."""
    request_id, entry = _ledger(location)
    env = store_env(location)
    result = run(
        "requests", "withhold", request_id, entry, "--exemption", "sl:Because",
        "--reason", "r", "--review-date", "2099-01-01", env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert "exemption: unknown DPA 2018 exemption term" in one_line(result)
    app = open_ledger(location)
    assert app.chain.size() == 5  # the partner, access, share, request received and verified
    app.close()


def test_a_withheld_entry_is_listed_with_its_review(sqlite_location: Location) -> None:
    """withhold records the exemption; `requests withheld` lists it, its reason left out."""
    request_id, entry = _ledger(sqlite_location)
    env = store_env(sqlite_location)
    recorded = run(
        "requests", "withhold", request_id, entry, "--exemption", "sl:DPA2018-S2-1-2",
        "--reason", "A police enquiry", "--review-date", "2099-01-01", env=env,
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    listed = run("requests", "withheld", "--format", "json", env=env)
    (row,) = json.loads(listed.stdout)
    assert (row["entry_id"], row["exemption"], row["review_due"]) == (
        entry,
        "sl:DPA2018-S2-1-2",
        False,
    )
    assert "reason" not in row
