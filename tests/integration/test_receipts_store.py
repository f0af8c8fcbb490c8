"""Share receipts through the service, on both stores: recorded once, refused with nothing written.

Each refusal compares the chain's snapshot (head and highest entry id)
before and after: a refused receipt leaves no entry behind.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from api.service import commands, log_signing, receipt_filing
from api.service.composition import Service, open_service
from ledger.domain import receipts as documents
from ledger.domain.partners import Partner, partner_id
from ledger.domain.processing import Share, recorded_receipt
from ledger.domain.receipts import ReceiptCheckpoint, sign_receipt
from ledger.integrity import merkle
from ledger.storage.config import Location
from projections.reports.partner_disclosures import partner_report
from tests.support.factories import access, share, subject
from tests.support.signing import log_signer

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=10)
POLICE = "westshire-constabulary"
NHS = "westshire-nhs-trust"


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@pytest.fixture
def svc(location: Location) -> Iterator[Service]:
    service = open_service(location, clock=lambda: NOW)
    service.app.append(
        *(
            Partner.register(
                organisation=org,
                name=org.replace("-", " ").title(),
                partner_type=kind,
                competent_authority=kind == "sl:Police",
            )
            for org, kind in ((POLICE, "sl:Police"), (NHS, "sl:Health"))
        )
    )
    yield service
    service.close()


@pytest.fixture
def police_key(svc: Service) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    receipt_filing.register_partner_key(svc.app, POLICE, _raw(key), T0)
    return key


def _share(svc: Service, recipient: str = POLICE) -> UUID:
    (appended,) = svc.app.append(share(T0 + timedelta(hours=1), recipient=recipient))
    return appended.originator_id


def _document(svc: Service, share_id: UUID, **overrides: Any) -> dict[str, Any]:
    document = receipt_filing.draft_receipt(
        svc.app,
        share_id=share_id,
        acting_organisation=POLICE,
        received_at=T0 + timedelta(hours=2),
    )
    document.update(overrides)
    return document


def _submit(svc: Service, share_id: UUID, document: dict[str, Any], key: Ed25519PrivateKey) -> Any:
    return receipt_filing.submit_receipt(
        svc.app,
        share_id=share_id,
        acting_organisation=POLICE,
        document=document,
        signature=sign_receipt(document, key),
    )


def _receipt_statuses(svc: Service) -> list[str]:
    return [r.receipt for r in partner_report(svc.reports(), POLICE).shares]


def test_a_good_receipt_is_recorded_and_the_partner_report_shows_it(
    svc: Service, police_key: Ed25519PrivateKey
) -> None:
    """Register a key, share, submit a signed receipt: one entry, and the report says receipted."""
    share_id = _share(svc)
    assert _receipt_statuses(svc) == ["overdue"]
    (appended,) = _submit(svc, share_id, _document(svc, share_id), police_key)
    assert (appended.event, appended.originator_id) == ("Share.ShareReceiptRecorded", share_id)
    (report,) = partner_report(svc.reports(), POLICE).shares
    assert report.receipt == "receipted"
    assert report.share.receipted_at == T0 + timedelta(hours=2)


def test_the_receipt_survives_a_rebuild_of_the_read_model(
    svc: Service, police_key: Ed25519PrivateKey
) -> None:
    """Rebuilt from the events alone, the sharing read model still shows the receipt."""
    share_id = _share(svc)
    _submit(svc, share_id, _document(svc, share_id), police_key)
    before = _receipt_statuses(svc)
    svc.runner.rebuild(["sharing"])
    assert _receipt_statuses(svc) == before == ["receipted"]


def test_the_recorded_entry_re_verifies_from_the_ledger_alone(
    svc: Service, police_key: Ed25519PrivateKey
) -> None:
    """The stored ShareReceiptRecorded, read back, rebuilds a document its signature verifies."""
    share_id = _share(svc)
    _submit(svc, share_id, _document(svc, share_id), police_key)
    stored = list(svc.app.events.get(share_id))[-1]
    assert isinstance(stored, Share.ShareReceiptRecorded)
    receipt, signature = recorded_receipt(stored)
    keys = svc.app.get(Partner, partner_id(POLICE)).current_keys()
    assert documents.verify_receipt(receipt.document(), signature, keys) == stored.key_id


def test_a_checkpoint_named_in_the_receipt_must_be_this_ledgers(
    svc: Service, police_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    """A receipt naming an issued checkpoint is recorded; a wrong root is refused."""
    share_id = _share(svc)
    svc.app.append(access(T0 + timedelta(hours=1), subject=subject(3)))
    issued = log_signing.issue(svc.app, log_signer(tmp_path), NOW)
    checkpoint = ReceiptCheckpoint(
        issued.checkpoint.origin, issued.checkpoint.size, issued.checkpoint.root_hash
    )
    wrong = ReceiptCheckpoint(checkpoint.origin, checkpoint.tree_size, merkle.EMPTY_ROOT)
    draft = receipt_filing.draft_receipt
    bad = draft(
        svc.app, share_id=share_id, acting_organisation=POLICE, received_at=NOW, checkpoint=wrong
    )
    before = svc.app.chain.snapshot()
    with pytest.raises(receipt_filing.CheckpointMismatchError, match=r"^checkpoint\.root_hash: "):
        _submit(svc, share_id, bad, police_key)
    assert svc.app.chain.snapshot() == before
    good = draft(
        svc.app,
        share_id=share_id,
        acting_organisation=POLICE,
        received_at=NOW,
        checkpoint=checkpoint,
    )
    assert good["checkpoint"]["tree_size"] == log_signing.tree_size(svc.app)
    _submit(svc, share_id, good, police_key)
    assert _receipt_statuses(svc) == ["receipted"]


# -- Refusals: each leaves the ledger as it was ---------------------------------------------


@pytest.mark.usefixtures("police_key")
def test_a_bad_signature_is_refused_and_nothing_recorded(svc: Service) -> None:
    """Signed by a key the partner never registered: BadSignatureError, no entry."""
    share_id = _share(svc)
    before = svc.app.chain.snapshot()
    with pytest.raises(receipt_filing.BadSignatureError):
        _submit(svc, share_id, _document(svc, share_id), Ed25519PrivateKey.generate())
    assert svc.app.chain.snapshot() == before
    assert _receipt_statuses(svc) == ["overdue"]


def test_a_receipt_for_someone_elses_share_is_refused_without_saying_whose(
    svc: Service, police_key: Ed25519PrivateKey
) -> None:
    """The police cannot receipt a share made to the NHS trust, and are not told it was."""
    share_id = _share(svc, recipient=NHS)
    document = _document(svc, _share(svc))  # a well-formed document of the police's own
    before = svc.app.chain.snapshot()
    with pytest.raises(receipt_filing.ForeignShareError) as caught:
        _submit(svc, share_id, document, police_key)
    assert NHS not in str(caught.value)
    assert svc.app.chain.snapshot() == before
    with pytest.raises(receipt_filing.ForeignShareError):
        receipt_filing.draft_receipt(
            svc.app, share_id=share_id, acting_organisation=POLICE, received_at=NOW
        )


def test_a_second_receipt_for_the_same_share_is_refused(
    svc: Service, police_key: Ed25519PrivateKey
) -> None:
    """Once receipted, a share takes no further receipt, even a different valid one."""
    share_id = _share(svc)
    _submit(svc, share_id, _document(svc, share_id), police_key)
    before = svc.app.chain.snapshot()
    again = _document(svc, share_id, received_at="2026-03-02T12:00:00Z")
    with pytest.raises(receipt_filing.DuplicateReceiptError):
        _submit(svc, share_id, again, police_key)
    assert svc.app.chain.snapshot() == before


@pytest.mark.parametrize("what", ["position", "chain_hash"])
def test_a_receipt_naming_another_entry_is_refused(
    svc: Service, police_key: Ed25519PrivateKey, what: str
) -> None:
    """A position or chain hash not the share's entry's is refused, naming the right ones."""
    share_id = _share(svc)
    other = _share(svc)
    mine, theirs = _document(svc, share_id), _document(svc, other)
    receipt_id = dict(mine["receipt_id"])
    receipt_id[what] = theirs["receipt_id"][what]
    document = _document(svc, share_id, receipt_id=receipt_id)
    before = svc.app.chain.snapshot()
    with pytest.raises(receipt_filing.EntryMismatchError) as caught:
        _submit(svc, share_id, document, police_key)
    assert caught.value.field == "receipt_id"
    assert str(mine["receipt_id"]["position"]) in str(caught.value)
    assert svc.app.chain.snapshot() == before


def test_a_receipt_naming_another_recipient_is_refused(
    svc: Service, police_key: Ed25519PrivateKey
) -> None:
    """The document's recipient must be the organisation submitting it."""
    share_id = _share(svc)
    document = _document(svc, share_id, recipient=NHS)
    before = svc.app.chain.snapshot()
    with pytest.raises(receipt_filing.RecipientMismatchError, match=r"^recipient: "):
        _submit(svc, share_id, document, police_key)
    assert svc.app.chain.snapshot() == before


def test_an_unknown_share_a_malformed_document_and_a_future_time_are_refused(
    svc: Service, police_key: Ed25519PrivateKey
) -> None:
    """Each refusal has its own type; none records anything."""
    share_id = _share(svc)
    before = svc.app.chain.snapshot()
    with pytest.raises(receipt_filing.UnknownShareError):
        _submit(svc, uuid4(), _document(svc, share_id), police_key)
    with pytest.raises(receipt_filing.MalformedReceiptError, match=r"^purpose: "):
        _submit(svc, share_id, _document(svc, share_id, purpose="marketing"), police_key)
    future = _document(svc, share_id, received_at="2026-03-13T09:00:00Z")
    with pytest.raises(receipt_filing.MalformedReceiptError, match="future"):
        _submit(svc, share_id, future, police_key)
    different = _document(svc, share_id, purpose="dpv:LegalCompliance")
    with pytest.raises(receipt_filing.DocumentMismatchError, match=r"^purpose: "):
        _submit(svc, share_id, different, police_key)
    assert svc.app.chain.snapshot() == before


def test_a_retired_key_no_longer_verifies_receipts(svc: Service) -> None:
    """Key rotation: after the old key is retired, only the new key's receipts are accepted."""
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    receipt_filing.register_partner_key(svc.app, POLICE, _raw(old), T0)
    receipt_filing.register_partner_key(svc.app, POLICE, _raw(new), T0 + timedelta(days=1))
    receipt_filing.retire_partner_key(svc.app, POLICE, documents.partner_key_id(_raw(old)), NOW)
    share_id = _share(svc)
    document = _document(svc, share_id)
    before = svc.app.chain.snapshot()
    with pytest.raises(receipt_filing.BadSignatureError):
        _submit(svc, share_id, document, old)
    assert svc.app.chain.snapshot() == before
    _submit(svc, share_id, document, new)
    keys = receipt_filing.partner_keys(svc.app, POLICE)
    assert [(k.key_id, k.current) for k in keys] == [
        (documents.partner_key_id(_raw(old)), False),
        (documents.partner_key_id(_raw(new)), True),
    ]


def test_a_partner_without_a_key_is_told_so(svc: Service) -> None:
    """No registered key: UnknownKeyError, not a signature failure."""
    share_id = _share(svc)
    with pytest.raises(receipt_filing.UnknownKeyError, match="no current registered public key"):
        _submit(svc, share_id, _document(svc, share_id), Ed25519PrivateKey.generate())


def test_keys_can_be_registered_and_retired_by_named_commands(svc: Service) -> None:
    """register_partner_key takes the key as base64 text; retire_partner_key its key id."""
    key = _raw(Ed25519PrivateKey.generate())
    target = str(partner_id(POLICE))
    commands.execute(
        svc.app,
        [
            {
                "command": "register_partner_key",
                "id": target,
                "public_key": base64.b64encode(key).decode(),
                "registered_at": T0.isoformat(),
            }
        ],
    )
    assert set(svc.app.get(Partner, partner_id(POLICE)).current_keys()) == {
        documents.partner_key_id(key)
    }
    commands.execute(
        svc.app,
        [
            {
                "command": "retire_partner_key",
                "id": target,
                "key_id": documents.partner_key_id(key),
                "retired_at": NOW.isoformat(),
            }
        ],
    )
    assert svc.app.get(Partner, partner_id(POLICE)).current_keys() == {}
