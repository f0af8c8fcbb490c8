"""`sharing-ledger keys | checkpoint | proof ...`: what outsiders need to check the ledger."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli.errors import EXIT_BAD_INPUT, fail, one_line_errors
from api.cli.render import out, print_json, table
from api.cli.settings import service

keys_cli = typer.Typer(help="The log's signing keys.", no_args_is_help=True)
proof_cli = typer.Typer(help="RFC 9162 proofs, as JSON.", no_args_is_help=True)


@keys_cli.command("create")
def keys_create(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the private key.")],
    origin: Annotated[
        str,
        typer.Option(help="The log's name, e.g. westshire.gov.uk/sharing-ledger (key name)."),
    ],
) -> None:
    """Create a signing key (file mode 0600) and print its public verifier key."""
    from api.service import log_signing
    from ledger.integrity.notes import format_verifier_key, is_valid_key_name

    if not is_valid_key_name(origin):
        raise fail("--origin must be a key name without spaces or '+'", EXIT_BAD_INPUT)
    with one_line_errors():
        signer = log_signing.create_key_file(out_file, origin)
    out.print(f"Wrote the signing key to {out_file} (keep it secret; it is never logged).")
    out.print("Publish this verifier key so that anyone can check your checkpoints:")
    out.print(format_verifier_key(signer.verifier()))


@keys_cli.command("show")
def keys_show(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Print the configured key's verifier key and every key that has signed for this ledger."""
    from api.service import log_signing
    from ledger.integrity.notes import format_verifier_key

    if output not in ("table", "json"):
        raise fail("--format must be table or json", EXIT_BAD_INPUT)
    with one_line_errors():
        signer = log_signing.load_signer(os.environ)
        keys = [] if signer is None else [("configured", format_verifier_key(signer.verifier()))]
        keys += [("registered", str(key)) for key in service(ctx).app.checkpoints.log_keys()]
    if output == "json":
        print_json([{"kind": kind, "verifier_key": key} for kind, key in keys])
        return
    table(["kind", "verifier key"], keys)


def checkpoint(
    ctx: typer.Context,
    out_file: Annotated[Path | None, typer.Option("--out", help="Also write it here.")] = None,
    accept_restore: Annotated[
        bool,
        typer.Option(
            "--accept-restore",
            help="After a restore that lost signed entries: sign although the signer's last "
            "checkpoint is not extended, and record the one given up (docs/checkpoints.md §7.4).",
        ),
    ] = False,
) -> None:
    """Sign the current tree head as a C2SP checkpoint, keep it, and print it.

    Refused (exit 1, nothing signed or written) unless the ledger extends the
    last checkpoint this key signed and the largest one the ledger stores.
    """
    from api.service import log_signing

    with one_line_errors():
        log_signer = log_signing.load_log_signer(os.environ)
        if log_signer is None:
            raise fail(
                f"no signing key: set {log_signing.KEY_FILE_ENV} (see 'sharing-ledger keys "
                "create')",
                EXIT_BAD_INPUT,
            )
        if out_file is not None and not out_file.parent.is_dir():
            raise fail(f"cannot write {out_file}: no such directory", EXIT_BAD_INPUT)
        svc = service(ctx)
        issued = log_signing.issue(svc.app, log_signer, svc.clock(), accept_restore=accept_restore)
        if issued.abandoned is not None:
            sys.stderr.write(
                "sharing-ledger: warning: restore accepted: "
                f"{issued.abandoned[1]}; the checkpoint given up is recorded in "
                f"{log_signer.state.path}. Tell everyone who holds a checkpoint of this log.\n"
            )
        if out_file is not None:
            try:
                out_file.write_text(issued.note, encoding="utf-8")
            except OSError as error:
                raise fail(
                    f"signed and kept, but cannot write {out_file}: {error.strerror}",
                    EXIT_BAD_INPUT,
                ) from None
        sys.stdout.write(issued.note)


@proof_cli.command("inclusion")
def proof_inclusion(
    ctx: typer.Context,
    position: Annotated[int, typer.Argument(min=0, help="The entry's chain position.")],
    size: Annotated[int | None, typer.Option(help="Tree size [default: the latest].")] = None,
) -> None:
    """The inclusion proof of one entry in the tree of the given size."""
    from api.service import log_signing
    from ledger.integrity import merkle

    with one_line_errors():
        app = service(ctx).app
        tree = size if size is not None else log_signing.tree_size(app)
        if not 0 <= position < tree:
            raise fail(f"position {position} is not in a tree of {tree} entries", EXIT_BAD_INPUT)
        link = app.chain.link_at(position)
        proof = merkle.inclusion_proof(position, tree, app.tree)
        document = {
            "position": position,
            "tree_size": tree,
            "entry_digest": link.entry_digest.hex(),
            "leaf_hash": merkle.entry_leaf_hash(link.entry_digest).hex(),
            "root_hash": merkle.root_at(tree, app.tree).hex(),
            "proof": [h.hex() for h in proof],
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")


@proof_cli.command("consistency")
def proof_consistency(
    ctx: typer.Context,
    old: Annotated[int, typer.Argument(min=1, help="The earlier tree size.")],
    new: Annotated[
        int | None, typer.Argument(help="The later tree size [default: latest].")
    ] = None,
) -> None:
    """The consistency proof that the tree of size NEW extends the tree of size OLD."""
    from api.service import log_signing
    from ledger.integrity import merkle

    with one_line_errors():
        app = service(ctx).app
        latest = log_signing.tree_size(app)
        later = new if new is not None else latest
        if not 0 < old <= later <= latest:
            raise fail(f"need 0 < OLD <= NEW <= {latest} (the ledger's size)", EXIT_BAD_INPUT)
        document = {
            "old_size": old,
            "new_size": later,
            "old_root": merkle.root_at(old, app.tree).hex(),
            "new_root": merkle.root_at(later, app.tree).hex(),
            "proof": [h.hex() for h in merkle.consistency_proof(old, later, app.tree)],
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
