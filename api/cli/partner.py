"""`sharing-ledger partner ...`: a partner agency's toolkit, over HTTP with its key file alone.

Nothing here opens the council's database: every command calls the served
API (docs/receipts.md §9) with the API key in the partner's key file
(:mod:`api.cli.partner_client`), and signs locally with the signing key in it.

    partner init          make a key file (a new signing key) around an API key
    partner disclosures   shares made to you that await your receipt
    partner receipt draft | sign | post   one receipt, step by step
    partner acknowledge   draft, check, sign and post in one go
    partner witness       check the latest checkpoint extends the last you cosigned; cosign it
    partner rotate-key    replace your signing key (both keys sign; recorded)
    partner rotate-api-key  replace your API key (recorded; the old one stops working)
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.table import Table

from api.cli.errors import EXIT_BAD_INPUT, EXIT_TAMPERED, fail
from api.cli.partner_client import (
    FORMAT,
    PartnerClient,
    PartnerFileError,
    PartnerKeyFile,
    ServerRefused,
    load,
    save,
)
from api.cli.render import out
from ledger.domain.errors import ValidationError
from ledger.domain.receipts import ReceiptError, rotation_message, sign_receipt
from ledger.integrity import merkle
from ledger.integrity.checkpoints import Checkpoint, CheckpointError, verify_checkpoint
from ledger.integrity.cosignatures import CosignatureError
from ledger.integrity.encoding import encode_base64
from ledger.integrity.forks import describe
from ledger.integrity.notes import KeyFormatError, NoteError, parse_verifier_key

partner_cli = typer.Typer(
    help="A partner agency's toolkit: receipts and witnessing over HTTP (docs/receipts.md §9).",
    no_args_is_help=True,
)
receipt_cli = typer.Typer(help="One signed receipt, step by step.", no_args_is_help=True)
partner_cli.add_typer(receipt_cli, name="receipt")

#: Exit code when the server refuses (a problem document) or cannot be reached.
EXIT_REFUSED = 4

KeyFile = Annotated[
    Path,
    typer.Option(
        "--key-file",
        envvar="SHARING_LEDGER_PARTNER_KEY",
        help="Your partner key file [env SHARING_LEDGER_PARTNER_KEY].",
    ),
]


@contextmanager
def _client(path: Path) -> Iterator[PartnerClient]:
    """The key file's client; every failure a one-line error with its own exit code."""
    # Here, not at import: the service's modules bring the store's drivers, and
    # `--help` stays quick without them.
    from api.service.state_files import StateFileError

    try:
        client = PartnerClient(load(path))
    except PartnerFileError as error:
        raise fail(str(error), EXIT_BAD_INPUT) from None
    try:
        yield client
    except ServerRefused as error:
        raise fail(f"the ledger refused: {error}", EXIT_REFUSED) from None
    except (PartnerFileError, StateFileError) as error:
        raise fail(str(error), EXIT_BAD_INPUT) from None
    except (NoteError, CheckpointError, CosignatureError, merkle.ProofError) as error:
        raise fail(f"refusing: {error}", EXIT_TAMPERED) from None
    except (ReceiptError, ValidationError) as error:
        raise fail(f"not a receipt this program signs: {error}", EXIT_BAD_INPUT) from None
    finally:
        client.close()


def _write_json(document: object, out_file: Path | None) -> None:
    text = json.dumps(document, indent=2, sort_keys=True) + "\n"
    if out_file is None:
        sys.stdout.write(text)
        return
    try:
        out_file.write_text(text, encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot write {out_file}: {error.strerror}", EXIT_BAD_INPUT) from None


def _read_json(path: Path, *fields: str) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise fail(f"cannot read {path}: {error.strerror}", EXIT_BAD_INPUT) from None
    except ValueError:
        raise fail(f"{path}: not JSON", EXIT_BAD_INPUT) from None
    missing = [f for f in fields if not isinstance(document, dict) or f not in document]
    if missing:
        raise fail(f"{path}: no {', '.join(missing)}", EXIT_BAD_INPUT)
    return dict(document)


# -- Setting up -------------------------------------------------------------------


@partner_cli.command("init")
def init(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the key file.")],
    server: Annotated[str, typer.Option(help="The ledger's base URL.")],
    organisation: Annotated[str, typer.Option(help="Your organisation's slug.")],
    log_key: Annotated[
        str | None,
        typer.Option(
            help="The council's checkpoint verifier key [default: the only one the server "
            "publishes at /v1/public/keys; compare it with the one the council gave you]."
        ),
    ] = None,
) -> None:
    """Make a key file: your API key (read from standard input) and a new signing key.

    Prints the public key for the council's admin to register (docs/receipts.md §2).
    """
    api_key = sys.stdin.readline().strip()
    if not api_key:
        raise fail("give the API key on standard input", EXIT_BAD_INPUT)
    seed = Ed25519PrivateKey.generate().private_bytes_raw()
    draft = PartnerKeyFile(out_file, server.rstrip("/"), organisation, api_key, seed, "")
    with _client_for_init(draft) as client:
        if log_key is None:
            keys = client.get_json("/v1/public/keys")["log"]
            if len(keys) != 1:
                raise fail(
                    f"the server publishes {len(keys)} log keys: choose one with --log-key",
                    EXIT_BAD_INPUT,
                )
            log_key = str(keys[0])
        try:
            parse_verifier_key(log_key)
        except (KeyFormatError, ValueError) as error:
            raise fail(f"--log-key: {error}", EXIT_BAD_INPUT) from None
        made = PartnerKeyFile(out_file, draft.server, organisation, api_key, seed, log_key)
        save(made, replace_existing=False)
    out.print(f"Wrote {out_file} ({FORMAT}; keep it secret).")
    out.print(f"Log key pinned: {log_key}")
    out.print("Ask the council's admin to register this public key for your organisation:")
    sys.stdout.write(encode_base64(made.public_key) + "\n")


@contextmanager
def _client_for_init(draft: PartnerKeyFile) -> Iterator[PartnerClient]:
    client = PartnerClient(draft)
    try:
        yield client
    except ServerRefused as error:
        raise fail(f"the ledger refused: {error}", EXIT_REFUSED) from None
    except PartnerFileError as error:
        raise fail(str(error), EXIT_BAD_INPUT) from None
    finally:
        client.close()


# -- Disclosures and receipts -----------------------------------------------------


def _share(item: dict[str, Any]) -> dict[str, Any]:
    share = dict(item["share"])
    return {
        "share_id": share["share_id"],
        "position": share["position"],
        "occurred_at": share["occurred_at"],
        "categories": share["categories"],
        "purpose": share["purpose"],
        "legal_basis": share["legal_basis"],
        "receipt": item["receipt"],
    }


@partner_cli.command("disclosures")
def disclosures(
    key_file: KeyFile,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    every: Annotated[bool, typer.Option("--all", help="Receipted shares too.")] = False,
) -> None:
    """The shares made to you that await your signed receipt (awaiting or overdue)."""
    if output not in ("table", "json"):
        raise fail("--format must be table or json", EXIT_BAD_INPUT)
    with _client(key_file) as client:
        shares = [_share(item) for item in client.disclosures()]
    if not every:
        shares = [s for s in shares if s["receipt"] != "receipted"]
    if output == "json":
        _write_json(shares, None)
        return
    table = Table("share id", "position", "when (UTC)", "categories", "purpose", "receipt")
    for s in shares:
        table.add_row(
            s["share_id"],
            str(s["position"]),
            s["occurred_at"],
            " ".join(s["categories"]),
            s["purpose"],
            s["receipt"],
        )
    out.print(table)


def _checkpoint(client: PartnerClient) -> tuple[str, Checkpoint]:
    """The latest checkpoint, its signature checked with the pinned log key."""
    note = client.get_text("/v1/public/checkpoint")
    return note, verify_checkpoint(note, client.key_file.verifier)


def _check_against_state(client: PartnerClient, checkpoint: Checkpoint) -> None:
    """The checkpoint extends the one this partner last cosigned (if any): no fork shown."""
    from api.service import witnessing  # here, not at import (see _client)

    held = witnessing.WitnessState(client.key_file.state_path).last(checkpoint.origin)
    if held is None:
        return
    if checkpoint.size < held.size:
        msg = f"the ledger shows {describe(checkpoint)}, older than {describe(held)} you cosigned"
        raise CosignatureError(msg)
    proof = client.get_json("/v1/public/proof/consistency", old=held.size, new=checkpoint.size)[
        "proof"
    ]
    merkle.verify_consistency(
        held.size,
        checkpoint.size,
        held.root_hash,
        checkpoint.root_hash,
        [bytes.fromhex(h) for h in proof],
    )


def _draft(client: PartnerClient, share_id: str, received_at: datetime | None) -> dict[str, Any]:
    """The ledger's draft of the receipt, with the checkpoint it was checked against."""
    params = {} if received_at is None else {"received_at": received_at.isoformat()}
    document: dict[str, Any] = client.get_json(f"/v1/shares/{share_id}/receipt-draft", **params)
    _note, checkpoint = _checkpoint(client)
    _check_against_state(client, checkpoint)
    position = int(document["receipt_id"]["position"])
    if checkpoint.size <= position:
        sys.stderr.write(
            "sharing-ledger: note: the share is not in a signed checkpoint yet; the receipt "
            "names none (run this again after the council's next checkpoint to name one)\n"
        )
        return {"share_id": share_id, "document": document}
    proof = client.get_json(f"/v1/ledger/proof/inclusion/{position}", size=checkpoint.size)
    merkle.verify_inclusion(
        merkle.entry_leaf_hash(bytes.fromhex(proof["entry_digest"])),
        position,
        checkpoint.size,
        [bytes.fromhex(h) for h in proof["proof"]],
        checkpoint.root_hash,
    )
    document["checkpoint"] = {
        "origin": checkpoint.origin,
        "tree_size": checkpoint.size,
        "root_hash": encode_base64(checkpoint.root_hash),
    }
    return {"share_id": share_id, "document": document}


def _sign(key_file: PartnerKeyFile, draft: dict[str, Any]) -> dict[str, Any]:
    signature = sign_receipt(draft["document"], key_file.private_key)
    return {**draft, "signature": encode_base64(signature), "key_id": key_file.key_id}


def _post(client: PartnerClient, signed: dict[str, Any]) -> dict[str, Any]:
    share_id = str(signed["share_id"])
    body = {k: signed[k] for k in ("document", "signature", "key_id")}
    reply: dict[str, Any] = client.post_json(
        f"/v1/shares/{share_id}/receipt", body, headers={"Idempotency-Key": f"receipt-{share_id}"}
    )
    return reply


ReceivedAt = Annotated[
    datetime | None,
    typer.Option(help="When you received the data (UTC) [default: now, by the ledger's clock]."),
]


@receipt_cli.command("draft")
def receipt_draft(
    share_id: Annotated[str, typer.Argument(help="The share's id.")],
    key_file: KeyFile,
    received_at: ReceivedAt = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write it here.")] = None,
) -> None:
    """The ledger's statement of the share, checked against the latest signed checkpoint.

    Compare it with what you actually received before you sign it.
    """
    with _client(key_file) as client:
        draft = _draft(client, share_id, _utc(received_at))
    _write_json(draft, out_file)


@receipt_cli.command("sign")
def receipt_sign(
    draft_file: Annotated[Path, typer.Argument(help="A draft from 'partner receipt draft'.")],
    key_file: KeyFile,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write it here.")] = None,
) -> None:
    """Sign a draft with your signing key (offline: nothing is sent)."""
    draft = _read_json(draft_file, "share_id", "document")
    try:
        keys = load(key_file)
        signed = _sign(keys, draft)
    except PartnerFileError as error:
        raise fail(str(error), EXIT_BAD_INPUT) from None
    except (ReceiptError, ValidationError) as error:
        raise fail(f"not a receipt this program signs: {error}", EXIT_BAD_INPUT) from None
    _write_json(signed, out_file)


@receipt_cli.command("post")
def receipt_post(
    signed_file: Annotated[Path, typer.Argument(help="A receipt from 'partner receipt sign'.")],
    key_file: KeyFile,
) -> None:
    """Post a signed receipt; the ledger verifies it before recording it."""
    signed = _read_json(signed_file, "share_id", "document", "signature", "key_id")
    with _client(key_file) as client:
        reply = _post(client, signed)
    _write_json(reply, None)


@partner_cli.command("acknowledge")
def acknowledge(
    share_id: Annotated[str, typer.Argument(help="The share's id.")],
    key_file: KeyFile,
    received_at: ReceivedAt = None,
) -> None:
    """Draft, check, sign and post the receipt for one share."""
    with _client(key_file) as client:
        signed = _sign(client.key_file, _draft(client, share_id, _utc(received_at)))
        reply = _post(client, signed)
    _write_json(reply, None)


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


# -- Witnessing -------------------------------------------------------------------


@partner_cli.command("witness")
def witness(key_file: KeyFile) -> None:
    """Check the latest checkpoint extends the last one you cosigned, cosign it, post it.

    Your state (``<key file>.state``) remembers what you cosigned, so a fork
    of the log is never cosigned; a refusal exits 1 and changes nothing.
    """
    from api.service import witnessing  # here, not at import (see _client)

    with _client(key_file) as client:
        keys = client.key_file
        note, checkpoint = _checkpoint(client)
        state = witnessing.WitnessState(keys.state_path)
        held = state.last(checkpoint.origin)
        proof: list[bytes] = []
        if held is not None and 0 < held.size < checkpoint.size:
            hashes = client.get_json(
                "/v1/public/proof/consistency", old=held.size, new=checkpoint.size
            )["proof"]
            proof = [bytes.fromhex(h) for h in hashes]
        line = witnessing.cosign(
            note,
            log_key=keys.verifier,
            witness_signer=keys.witness_signer,
            state=state,
            timestamp=int(time.time()),
            consistency_proof=proof,
        )
        client.post_json("/v1/ledger/checkpoint/cosignatures", {"line": line})
    out.print(f"Cosigned and posted: {describe(checkpoint)}.")


# -- Rotating keys ----------------------------------------------------------------


@partner_cli.command("rotate-key")
def rotate_key(key_file: KeyFile) -> None:
    """Replace your signing key: a new one, signed over by both, registered; the old retired.

    The new key is written to ``<key file>.next`` first, and moved over the
    key file once the ledger has recorded the rotation: a failure at any
    point leaves a key the ledger knows.
    """
    with _client(key_file) as client:
        keys = client.key_file
        new = Ed25519PrivateKey.generate()
        raw = new.public_key().public_bytes_raw()
        message = rotation_message(keys.organisation, raw)
        rotated = keys.with_seed(new.private_bytes_raw())
        pending = replace(rotated, path=key_file.with_name(key_file.name + ".next"))
        save(pending, replace_existing=True)
        client.post_json(
            f"/v1/partners/{keys.organisation}/keys/rotation",
            {
                "public_key": encode_base64(raw),
                "retire_key_id": keys.key_id,
                "old_key_signature": encode_base64(keys.private_key.sign(message)),
                "new_key_signature": encode_base64(new.sign(message)),
            },
        )
        pending.path.replace(key_file)
    out.print(f"Rotated: key {keys.key_id} retired, key {rotated.key_id} current.")


@partner_cli.command("rotate-api-key")
def rotate_api_key(
    key_file: KeyFile,
    reason: Annotated[str, typer.Option(help="Why, for the ledger.")] = "scheduled rotation",
) -> None:
    """Replace your API key; the old one stops working at once. Rewrites the key file."""
    with _client(key_file) as client:
        keys = client.key_file
        reply = client.post_json(
            f"/v1/partners/{keys.organisation}/api-key/rotation", {"reason": reason}
        )
        save(keys.with_api_key(str(reply["api_key"])), replace_existing=True)
    out.print(f"Rotated: your API key is now principal {reply['principal']}'s.")
