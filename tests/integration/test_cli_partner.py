"""`sharing-ledger partner ...` end to end against a real server, with a key file alone:
list, draft, sign, post, acknowledge, witness (and refuse a fork), rotate both keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ledger.domain.receipts import partner_key_id
from ledger.integrity.encoding import decode_base64
from tests.conftest import empty_database
from tests.support.factories import POLICE
from tests.support.live_server import LiveLedger, cli, live_ledger

pytestmark = pytest.mark.postgres


@dataclass
class Partner:
    ledger: LiveLedger
    key_file: Path

    def run(self, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
        done = cli("partner", *args, "--key-file", str(self.key_file), env={}, stdin=stdin)
        return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def partner(
    postgres_available: None,  # noqa: ARG001 - for its check: a skip without a server, CI fails
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Partner]:
    """A served ledger, and a partner key file made by `partner init`, its key registered."""
    workdir = tmp_path_factory.mktemp("partner")
    with empty_database() as location, live_ledger(location, workdir) as ledger:
        key_file = workdir / "police.json"
        ledger.checkpoint()  # the log key is published once it has signed
        made = cli(
            "partner", "init", "--out", str(key_file), "--server", ledger.base,
            "--organisation", POLICE, env={}, stdin=ledger.keys["police"] + "\n",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        public_key = made.stdout.strip().splitlines()[-1]
        # The council's admin registers the partner's first key (docs/receipts.md §2).
        registered = httpx.post(
            f"{ledger.base}/v1/partners/{POLICE}/keys",
            json={"public_key": public_key},
            headers=ledger.headers("admin"),
        )
        assert registered.status_code == 201, registered.text
        yield Partner(ledger, key_file)


def _awaiting(partner: Partner) -> list[str]:
    code, out, err = partner.run("disclosures", "--format", "json")
    assert code == 0, err
    return [s["share_id"] for s in json.loads(out)]


def test_the_key_file_is_the_partners_alone(partner: Partner) -> None:
    """init writes mode 0600 JSON holding the API key, the signing key and the pinned log key."""
    document = json.loads(partner.key_file.read_text())
    assert partner.key_file.stat().st_mode & 0o777 == 0o600
    assert document["format"] == "sharing-ledger-partner-key/1"
    assert document["log_key"] == partner.ledger.verifier_key
    assert len(decode_base64(document["signing_key"])) == 32


def test_draft_sign_post_records_a_receipt_naming_a_checkpoint(
    partner: Partner, tmp_path: Path
) -> None:
    """The share is listed as awaiting; the posted receipt names the checkpoint; then not listed."""
    share = partner.ledger.share_with_police(1)
    partner.ledger.checkpoint()
    assert share in _awaiting(partner)
    draft, signed = tmp_path / "draft.json", tmp_path / "signed.json"
    code, _, err = partner.run("receipt", "draft", share, "--out", str(draft))
    assert code == 0, err
    assert json.loads(draft.read_text())["document"]["checkpoint"]["tree_size"] > 0
    code, _, err = partner.run("receipt", "sign", str(draft), "--out", str(signed))
    assert code == 0, err
    code, out, err = partner.run("receipt", "post", str(signed))
    assert code == 0, err
    assert json.loads(out)["entries"][0]["position"] >= 0
    assert share not in _awaiting(partner)


def test_acknowledge_does_it_in_one_go(partner: Partner) -> None:
    """acknowledge drafts, checks, signs and posts; a share not yet checkpointed names none."""
    share = partner.ledger.share_with_police(2)
    code, _, err = partner.run("acknowledge", share)
    assert code == 0, err
    assert "not in a signed checkpoint yet" in err
    assert share not in _awaiting(partner)


def test_a_refusal_is_one_line_and_exit_4(partner: Partner) -> None:
    """A share that is not the partner's: the server's 404, in one line, exit 4."""
    code, _, err = partner.run("acknowledge", "00000000-0000-4000-8000-000000000009")
    assert code == 4
    assert err.count("\n") == 1
    assert "404" in err


def test_witness_cosigns_and_advances(partner: Partner) -> None:
    """witness cosigns the latest checkpoint (the served note shows it), then a later one."""
    partner.ledger.checkpoint()
    code, _, err = partner.run("witness")
    assert code == 0, err
    note = httpx.get(f"{partner.ledger.base}/v1/public/checkpoint").text
    assert f"\u2014 {POLICE} " in note
    partner.ledger.share_with_police(3)
    partner.ledger.checkpoint()
    code, _, err = partner.run("witness")
    assert code == 0, err


def test_witness_refuses_a_fork_of_what_it_cosigned(partner: Partner) -> None:
    """If the kept checkpoint's root is not in the ledger's history: exit 1, state unchanged."""
    partner.ledger.checkpoint()
    code, _, err = partner.run("witness")
    assert code == 0, err
    state_file = partner.key_file.with_name(partner.key_file.name + ".state")
    kept = state_file.read_text()
    state = json.loads(kept)
    (entry,) = state["logs"].values()
    origin, size, _root, *rest = entry["last_cosigned"].split("\n")
    forged = "\n".join([origin, str(int(size) - 1), "A" * 43 + "=", *rest])
    entry["last_cosigned"] = forged
    state_file.write_text(json.dumps(state))
    partner.ledger.share_with_police(4)
    partner.ledger.checkpoint()
    code, _, err = partner.run("witness")
    assert code == 1, err
    assert "refusing" in err
    assert json.loads(state_file.read_text())["logs"][origin]["last_cosigned"] == forged
    state_file.write_text(kept)  # the tests after this one share the partner


def test_rotate_key_then_receipt_with_the_new_key(partner: Partner) -> None:
    """rotate-key: the key file holds a new key, the ledger accepts receipts signed with it."""
    before = json.loads(partner.key_file.read_text())["signing_key"]
    code, _, err = partner.run("rotate-key")
    assert code == 0, err
    after = json.loads(partner.key_file.read_text())["signing_key"]
    assert after != before
    share = partner.ledger.share_with_police(5)
    code, _, err = partner.run("acknowledge", share)
    assert code == 0, err
    assert partner_key_id(decode_base64(after)) != partner_key_id(decode_base64(before))


def test_rotate_api_key_retires_the_old_one(partner: Partner) -> None:
    """rotate-api-key: the key file's new API key works, the old one is 401."""
    old = json.loads(partner.key_file.read_text())["api_key"]
    code, _, err = partner.run("rotate-api-key", "--reason", "yearly")
    assert code == 0, err
    assert json.loads(partner.key_file.read_text())["api_key"] != old
    _awaiting(partner)  # the file's new key is accepted (asserts exit 0)
    probe = httpx.get(
        f"{partner.ledger.base}/v1/partners/{POLICE}/disclosures",
        headers={"Authorization": f"Bearer {old}"},
    )
    assert probe.status_code == 401
