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

evidence_cli = typer.Typer(help="Evidence bundles for investigations.", no_args_is_help=True)


@evidence_cli.command("export")
def export(
    ctx: typer.Context,
    subject: Annotated[str | None, typer.Option(help="Everything about one person.")] = None,
    restriction: Annotated[
        str | None,
        typer.Option(help="One restriction (id or reference), with its person's whole record."),
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option(help="What one partner received, was told, agreed and signed with."),
    ] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="File to write.")] = None,
) -> None:
    """Write every entry concerned, with stored bytes and proofs, the signed checkpoint, and
    a manifest of the positions signed by the log's key (which must be configured)."""
    from api.service import log_signing
    from api.service.evidence_export import NoSigningKey, NothingInScope, export_bundle
    from ledger.integrity.evidence import ScopeKind

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
        try:
            exported = export_bundle(svc, kind, value, log_signing.load_log_signer(os.environ))
        except NothingInScope:
            raise fail(
                f"the ledger holds nothing for {kind.value} {value!r}", EXIT_BAD_INPUT
            ) from None
        except NoSigningKey:
            raise fail(
                "a bundle's manifest is signed with the log's signing key, and none is "
                f"configured: set {log_signing.KEY_FILE_ENV} (or {log_signing.KEY_ENV})",
                EXIT_BAD_INPUT,
            ) from None
        if out_file is None:
            sys.stdout.write(exported.text)
        else:
            try:
                out_file.write_text(exported.text, encoding="utf-8")
            except OSError as error:
                raise fail(f"cannot write {out_file}: {error.strerror}", EXIT_BAD_INPUT) from None
            scope = exported.scope
            out.print(
                f"Wrote {exported.entries} entries, every one concerning {scope.kind.value} "
                f"{scope.value} in the tree of {exported.checkpoint_size:,} entries "
                f"(the manifest is signed), to {out_file}."
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
    from ledger.integrity.evidence import EvidenceError, verify_bundle
    from ledger.integrity.notes import KeyFormatError

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
    scope = f"{report.scope.kind.value} {report.scope.value}"
    out.print(
        f"Complete: the log key signed that these are every entry concerning {scope} in that tree."
        if report.complete
        else f"No manifest ({report.format}): completeness is not signed; the bundle "
        f"proves its entries, not that no other entry concerns {scope}."
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
