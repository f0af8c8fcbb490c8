"""What every command needs: where the ledger is, opened once, and a progress bar."""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from api.cli.errors import EXIT_STORE, fail

if TYPE_CHECKING:
    from rich.progress import Progress

    from api.service.composition import Service
    from ledger.storage.config import Location

err = Console(stderr=True, highlight=False)


@dataclass
class Settings:
    database_url: str | None
    data_dir: Path | None
    opened: list[Service] = field(default_factory=list)

    def location(self) -> Location:
        from ledger.storage.config import location_from_env

        environ = dict(os.environ)
        environ["LEDGER_DATABASE_URL"] = self.database_url or ""
        environ["LEDGER_DATA_DIR"] = str(self.data_dir or "")
        return location_from_env(environ)


def service(ctx: typer.Context, *, must_exist: bool = True, initialise: bool = False) -> Service:
    """Open the ledger and its read models (once per command)."""
    import structlog

    from api.service.composition import open_service
    from ledger.storage.config import SQLiteLocation

    settings: Settings = ctx.obj
    location = settings.location()
    if must_exist and isinstance(location, SQLiteLocation) and not location.path.exists():
        raise fail(
            f"no ledger at {location.path}; run 'sharing-ledger demo' to build one, "
            "or point LEDGER_DATA_DIR / LEDGER_DATABASE_URL at an existing ledger",
            EXIT_STORE,
        )
    svc = open_service(location, initialise=initialise)
    settings.opened.append(svc)
    ctx.call_on_close(svc.close)
    structlog.get_logger().info("ledger.opened", store=type(location).__name__)
    return svc


def progress_bar() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=err,
    )


# Who is acting, as the ledger records it: named, or this login.
Actor = Annotated[
    str | None,
    typer.Option(envvar="LEDGER_ACTOR", help="Who is acting (recorded). [default: your login]"),
]


def operator(actor: str | None) -> str:
    """The actor's identifier, or this machine's login made into one."""
    return actor or re.sub(r"[^A-Za-z0-9._:@/-]", "-", getpass.getuser()) or "unknown"
