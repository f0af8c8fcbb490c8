"""`sharing-ledger witness ...`: a partner agency checks a checkpoint and cosigns it,
and the council keeps the cosignature (C2SP tlog-cosignature).

The partner side needs no access to the council's database: the new
checkpoint, a consistency proof from the last one it cosigned (``sharing-ledger
proof consistency`` or the API) and its own state file, which remembers that
last checkpoint per log (``api.service.witnessing``), are all it reads.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from api.cli.errors import EXIT_BAD_INPUT, EXIT_TAMPERED, fail, one_line_errors, read_text
from api.cli.render import out
from api.cli.settings import service

witness_cli = typer.Typer(
    help="Witnessing checkpoints (for partner agencies).", no_args_is_help=True
)


@witness_cli.command("create-key")
def create_key(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the private key.")],
    name: Annotated[str, typer.Option(help="The witness's name, e.g. westshire-constabulary.")],
) -> None:
    """Create a witness signing key (mode 0600) and print its public witness key."""
    from ledger.integrity.cosignatures import (
        format_witness_key,
        format_witness_signer_key,
        generate_witness_signer,
    )

    signer = generate_witness_signer(name)
    try:
        descriptor = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise fail(
            f"{out_file} already exists; a key is never overwritten", EXIT_BAD_INPUT
        ) from None
    except OSError as error:
        raise fail(f"cannot create {out_file}: {error.strerror}", EXIT_BAD_INPUT) from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(format_witness_signer_key(signer) + "\n")
    out.print("Give this witness key to the council so it can check your cosignatures:")
    out.print(format_witness_key(signer.witness_key()))


@witness_cli.command("cosign")
def cosign(
    checkpoint_file: Annotated[Path, typer.Argument(help="The checkpoint to cosign.")],
    log_key: Annotated[str, typer.Option("--log-key", help="The council's verifier key.")],
    key_file: Annotated[Path, typer.Option("--key-file", help="Your witness signing key.")],
    last: Annotated[
        Path | None,
        typer.Option(
            help="The last checkpoint you cosigned, to start your state file with "
            "(needed only if you cosigned before your state file existed)."
        ),
    ] = None,
    proof: Annotated[
        Path | None,
        typer.Option(help="Consistency proof JSON from the last one you cosigned to this one."),
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option(help="Your state file [default: the key file's name + .state]."),
    ] = None,
) -> None:
    """Check the log's signature and that it extends the last checkpoint you cosigned;
    print a cosignature and remember this checkpoint (never a fork of it)."""
    from api.service import witnessing
    from api.service.state_files import StateFileError
    from ledger.integrity.checkpoints import CheckpointError, verify_checkpoint
    from ledger.integrity.cosignatures import CosignatureError, parse_witness_signer_key
    from ledger.integrity.merkle import ProofError
    from ledger.integrity.notes import KeyFormatError, NoteError, parse_verifier_key

    try:
        verifier = parse_verifier_key(log_key)
        signer = parse_witness_signer_key(read_text(key_file).strip())
        previous = None if last is None else verify_checkpoint(read_text(last), verifier)
        hashes = (
            []
            if proof is None
            else [bytes.fromhex(h) for h in json.loads(read_text(proof))["proof"]]
        )
        line = witnessing.cosign(
            read_text(checkpoint_file),
            log_key=verifier,
            witness_signer=signer,
            state=witnessing.WitnessState(state or witnessing.state_beside(key_file)),
            timestamp=int(time.time()),
            consistency_proof=hashes,
            last_given=previous,
        )
    except StateFileError as error:
        raise fail(str(error), EXIT_BAD_INPUT) from None
    except (KeyFormatError, ValueError, KeyError, TypeError) as error:
        raise fail(f"bad key or proof file: {error}", EXIT_BAD_INPUT) from None
    except (NoteError, CheckpointError, CosignatureError, ProofError) as error:
        raise fail(f"refusing to cosign: {error}", EXIT_TAMPERED) from None
    sys.stdout.write(line + "\n")


@witness_cli.command("record")
def record(
    ctx: typer.Context,
    line_file: Annotated[Path, typer.Argument(help="The cosignature line a witness sent.")],
    witness_key: Annotated[str, typer.Option(help="That witness's registered key.")],
) -> None:
    """Keep a witness's cosignature of the latest checkpoint, after checking it."""
    from api.service import log_signing
    from ledger.integrity.cosignatures import CosignatureError
    from ledger.integrity.notes import KeyFormatError, NoteError

    with one_line_errors():
        svc = service(ctx)
        issued = log_signing.latest(svc.app)
        if issued is None:
            raise fail("no checkpoint has been issued yet", EXIT_BAD_INPUT)
        try:
            cosignature = log_signing.record_cosignature(
                svc.app, issued, witness_key, read_text(line_file), svc.clock()
            )
        except (KeyFormatError, ValueError) as error:
            raise fail(f"--witness-key: {error}", EXIT_BAD_INPUT) from None
        except (NoteError, CosignatureError) as error:
            raise fail(f"cosignature refused: {error}", EXIT_TAMPERED) from None
        out.print(
            f"Kept {cosignature.witness}'s cosignature of the checkpoint of "
            f"{issued.checkpoint.size:,} entries."
        )
