"""`sharing-ledger principals`: create, revoke and list the API's keys.

A new key is printed once, alone on standard output (so a script can capture
it), with a warning on standard error; only its salted hash is kept, so it
can never be shown again. Listing never shows hashes.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.errors import EXIT_BAD_INPUT, fail, one_line_errors
from api.cli.render import out, print_json, table, text
from api.cli.settings import Actor, err, operator, service

if TYPE_CHECKING:
    from ledger.principals import Principal
    from ledger.storage.principal_store import PrincipalStore

principals_cli = typer.Typer(
    help="API keys: who may call the HTTP API, and as what.", no_args_is_help=True
)

# ledger.principals.Role's values (tests/unit/test_cli_startup.py holds them together).
ROLES = "source-system, dpo, partner, investigator, auditor, admin"


def _store(ctx: typer.Context, *, must_exist: bool = True) -> tuple[PrincipalStore, datetime]:
    svc = service(ctx, must_exist=must_exist)
    store = svc.principals
    store.ensure_table()
    return store, svc.clock()


@principals_cli.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="Who holds the key: a system, a team, a person.")],
    role: Annotated[str, typer.Option(help=f"One of: {ROLES}.")],
    organisation: Annotated[
        str | None, typer.Option(help="The organisation's slug (required for a partner).")
    ] = None,
    subject: Annotated[
        list[str] | None,
        typer.Option(help="A subject an investigator may see (repeat for each; required)."),
    ] = None,
    case: Annotated[str | None, typer.Option(help="An investigator's case reference.")] = None,
    expires: Annotated[
        str | None,
        typer.Option(help="When the key stops working, ISO 8601 with an offset (investigators)."),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(help="Why the key is given (recorded in the ledger with who gave it)."),
    ] = None,
    actor: Actor = None,
) -> None:
    """Create a principal and print its API key, once; the grant is a ledger entry."""
    from api.service.principal_admin import create_principal

    with one_line_errors():
        if not reason:
            raise fail("--reason is required: the ledger records why each key is given", 2)
        expires_at = _parse_expiry(expires)
        svc = service(ctx, must_exist=False)
        svc.principals.ensure_table()
        made = create_principal(
            svc,
            name=name,
            role=role,
            created_by=operator(actor),
            reason=reason,
            organisation=organisation,
            subjects=subject or (),
            case=case,
            expires_at=expires_at,
        )
        principal, api_key = made.principal, made.api_key
        err.print(
            f"Created {principal.role.value} principal {principal.id} ({principal.name}). "
            "Its API key is below; it is shown only this once and cannot be shown again: "
            "only a hash of it is kept. Store it now.",
            markup=False,
        )
        # Alone on stdout, so `KEY=$(sharing-ledger principals create ...)` works.
        sys.stdout.write(api_key + "\n")


@principals_cli.command("revoke")
def revoke(
    ctx: typer.Context,
    principal_id: Annotated[str, typer.Argument(metavar="ID", help="The principal's id.")],
    reason: Annotated[
        str | None, typer.Option(help="Why the key is taken away (recorded in the ledger).")
    ] = None,
    actor: Actor = None,
) -> None:
    """Revoke a principal's key from now on; requests with it get 401; recorded in the ledger."""
    from api.service.principal_admin import revoke_principal

    with one_line_errors():
        if not reason:
            raise fail("--reason is required: the ledger records why each key is revoked", 2)
        svc = service(ctx)
        principal = revoke_principal(svc, principal_id, revoked_by=operator(actor), reason=reason)
        revoked_at = principal.revoked_at or svc.clock()
        out.print(
            f"Revoked {principal.id} ({principal.name}) at {revoked_at.isoformat()}.",
            markup=False,
        )


@principals_cli.command("list")
def list_principals(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Every principal, with its role and scope; never a key or a hash."""
    if output not in ("table", "json"):
        raise fail("--format must be table or json", EXIT_BAD_INPUT)
    with one_line_errors():
        store, now = _store(ctx)
        principals = store.list()
        if output == "json":
            print_json([_as_json(p, now) for p in principals])
            return
        table(
            ["id", "name", "role", "organisation", "subjects", "case", "expires", "status"],
            [
                [
                    p.id,
                    p.name,
                    p.role.value,
                    text(p.organisation),
                    text(p.subjects),
                    text(p.case),
                    text(p.expires_at),
                    _status(p, now),
                ]
                for p in principals
            ],
        )


def _as_json(principal: Principal, now: datetime) -> dict[str, object]:
    def when(value: datetime | None) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "id": principal.id,
        "name": principal.name,
        "role": principal.role.value,
        "organisation": principal.organisation,
        "subjects": sorted(principal.subjects),
        "case": principal.case,
        "expires_at": when(principal.expires_at),
        "created_at": when(principal.created_at),
        "revoked_at": when(principal.revoked_at),
        "status": _status(principal, now),
    }


def _status(principal: Principal, now: datetime) -> str:
    if principal.revoked_at is not None:
        return "revoked"
    return "active" if principal.active(now) else "expired"


def _parse_expiry(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise fail(
            "--expires: must be an ISO 8601 date and time with an offset, "
            "e.g. 2026-09-30T17:00:00+01:00",
            EXIT_BAD_INPUT,
        ) from None
