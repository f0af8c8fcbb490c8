"""`sharing-ledger evidence export | verify`: one file an ICO investigator can check offline."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli.errors import EXIT_BAD_INPUT, EXIT_TAMPERED, fail, one_line_errors
from api.cli.render import out
from api.cli.settings import service
from ledger import checkpointing
from ledger.integrity import merkle
from ledger.integrity.evidence import (
    EvidenceError,
    ProvenEntry,
    Scope,
    ScopeKind,
    build_bundle,
    verify_bundle,
)
from ledger.integrity.notes import KeyFormatError
from projections.reports.evidence import scope_aggregates

evidence_cli = typer.Typer(help="Evidence bundles for investigations.", no_args_is_help=True)


@evidence_cli.command("export")
def export(
    ctx: typer.Context,
    subject: Annotated[str | None, typer.Option(help="Everything about one person.")] = None,
    restriction: Annotated[
        str | None, typer.Option(help="One restriction (id or reference) and its processing.")
    ] = None,
    partner: Annotated[str | None, typer.Option(help="Everything shared with one partner.")] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="File to write.")] = None,
) -> None:
    """Write the entries concerned, their stored bytes and proofs, and the signed checkpoint."""
    chosen: list[tuple[ScopeKind, str]] = [
        (kind, value)
        for kind, value in (
            (ScopeKind.SUBJECT, subject),
            (ScopeKind.RESTRICTION, restriction),
            (ScopeKind.PARTNER, partner),
        )
        if value is not None
    ]
    if len(chosen) != 1:
        raise fail("give exactly one of --subject, --restriction, --partner", EXIT_BAD_INPUT)
    kind, value = chosen[0]
    with one_line_errors():
        svc = service(ctx)
        ids = scope_aggregates(svc.reports(), kind, value)
        pairs = svc.app.chain.entries_of(sorted(ids))
        if not pairs:
            raise fail(f"the ledger holds nothing for {kind.value} {value!r}", EXIT_BAD_INPUT)
        issued = checkpointing.covering(svc.app, pairs[-1][0].position)
        if issued is None:
            signer = checkpointing.load_signer(os.environ)
            if signer is None:
                raise fail(
                    "no checkpoint covers these entries yet; set "
                    f"{checkpointing.KEY_FILE_ENV} so that one can be signed",
                    EXIT_BAD_INPUT,
                )
            issued = checkpointing.issue(svc.app, signer, svc.clock())
        note, witness_keys = checkpointing.witnessed_note(svc.app, issued)
        size = issued.checkpoint.size
        text = build_bundle(
            scope=Scope(kind, value),
            created_at=svc.clock().isoformat(),
            checkpoint_note=note,
            log_key=issued.verifier_key,
            witness_keys=witness_keys,
            entries=[
                ProvenEntry(
                    link.position,
                    entry,
                    tuple(merkle.inclusion_proof(link.position, size, svc.app.chain)),
                )
                for link, entry in pairs
            ],
        )
        if out_file is None:
            sys.stdout.write(text)
        else:
            out_file.write_text(text, encoding="utf-8")
            out.print(
                f"Wrote {len(pairs)} entries, proved against the checkpoint of {size:,} "
                f"entries, to {out_file}."
            )


@evidence_cli.command("verify")
def verify(
    bundle: Annotated[Path, typer.Argument(help="The bundle file.")],
    key: Annotated[
        str | None, typer.Option(help="The council's published verifier key (recommended).")
    ] = None,
    witness_key: Annotated[
        list[str] | None, typer.Option(help="Witness keys that must have cosigned.")
    ] = None,
) -> None:
    """Check a bundle offline: every entry hash, every proof, every signature. No database."""
    try:
        text = bundle.read_text(encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot read {bundle}: {error.strerror}", EXIT_BAD_INPUT) from None
    try:
        report = verify_bundle(text, trusted_log_key=key, trusted_witness_keys=witness_key or [])
    except KeyFormatError as error:
        raise fail(f"--key/--witness-key: {error}", EXIT_BAD_INPUT) from None
    except EvidenceError as error:
        raise fail(f"evidence FAILED: {error}", EXIT_TAMPERED) from None
    out.print(
        f"OK: {len(report.entries)} entries of {report.origin} are in its tree of "
        f"{report.tree_size:,} entries (root {report.root_hash})."
    )
    out.print(
        f"Signed by {report.log_key_name}: "
        + (
            "the key you gave."
            if report.log_key_trusted
            else "the key inside the bundle; "
            "compare it with the council's published key, or pass --key."
        )
    )
    for witness in report.witnesses:
        out.print(f"Cosigned by {witness.witness} at {witness.timestamp}.")
