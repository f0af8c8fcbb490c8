"""A client generated from the OpenAPI document (clients/python, by openapi-python-client)
works against a real `sharing-ledger serve` process: it records an access and a share, and
a partner posts a signed receipt for the share, each with the generated models."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sharing_ledger_client import AuthenticatedClient
from sharing_ledger_client.api.administration import register_partner
from sharing_ledger_client.api.partners import post_receipt, receipt_draft, register_key
from sharing_ledger_client.api.processing import record_access, record_share
from sharing_ledger_client.api.reports import partner
from sharing_ledger_client.models import (
    Appends,
    DisclosuresPage,
    PartnerKey,
    Receipt,
    ReceiptDocument,
    RecordAccessBody,
    RecordShareBody,
    RegisterPartnerBody,
)

from api.http.openapi_examples import POLICE, REQUESTS
from tests.support.sqlite_server import live_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    with live_server(
        tmp_path,
        {
            "feed": ("--role", "source-system"),
            "admin": ("--role", "admin"),
            "police": ("--role", "partner", "--organisation", POLICE),
        },
    ) as running:
        yield running


def _example(method: str, path: str) -> Any:
    return REQUESTS[(method, path)].body


def test_a_generated_client_records_an_access_and_posts_a_receipt(
    server: tuple[str, dict[str, str]],
) -> None:
    """Typed calls of the generated client: an access and a share recorded (201, entries),
    then the partner's receipt, drafted, signed over the generated model's dict, accepted,
    and the partner's disclosures report, parsed as its typed page, showing it."""
    base, keys = server
    feed, admin, police = (
        AuthenticatedClient(base_url=base, token=keys[name]) for name in ("feed", "admin", "police")
    )
    partner_key = Ed25519PrivateKey.generate()
    raw = base64.b64encode(partner_key.public_key().public_bytes_raw()).decode()
    registered = register_partner.sync(
        client=admin, body=RegisterPartnerBody.from_dict(_example("POST", "/v1/partners"))
    )
    assert isinstance(registered, Appends)
    assert isinstance(
        register_key.sync(organisation=POLICE, client=admin, body=PartnerKey(public_key=raw)),
        Appends,
    )
    access = record_access.sync(
        client=feed, body=RecordAccessBody.from_dict(_example("POST", "/v1/accesses"))
    )
    assert isinstance(access, Appends)
    assert access.entries[0].event == "Access.DataAccessed"
    share_body = {**_example("POST", "/v1/shares"), "agreement": None}
    share = record_share.sync(client=feed, body=RecordShareBody.from_dict(share_body))
    assert isinstance(share, Appends), share

    draft = receipt_draft.sync(share_id=share.entries[0].id, client=police)
    assert isinstance(draft, ReceiptDocument)
    document = draft.to_dict()
    from ledger.domain.receipts import sign_receipt  # noqa: PLC0415 - the partner's own signing

    signature = base64.b64encode(sign_receipt(document, partner_key)).decode()
    posted = post_receipt.sync(
        share_id=share.entries[0].id,
        client=police,
        body=Receipt(document=ReceiptDocument.from_dict(document), signature=signature),
    )
    assert isinstance(posted, Appends), posted
    assert posted.entries[0].event == "Share.ShareReceiptRecorded"
    disclosures = partner.sync(organisation=POLICE, client=police)
    assert isinstance(disclosures, DisclosuresPage), disclosures
    assert [item.receipt for item in disclosures.items] == ["receipted"]
