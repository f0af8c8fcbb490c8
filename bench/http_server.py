"""`sharing-ledger serve`, exactly, plus one trivial route for the HTTP benchmark's baseline.

The baseline of bench/http_record.py is what the same server, with the same
settings, middleware and uvicorn configuration, does for a request that does
nothing: ``POST /bench/noop`` answers 201 with a fixed small JSON body, with no
authentication, no body parsing and no ledger. The product has no such route:
this wrapper adds it to the app ``serve`` builds, then runs the ``serve``
command itself with the arguments given. Usage (as bench/http_record.py does):

    .venv/bin/python bench/http_server.py --port 8080 [any other serve option]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi import FastAPI, Response  # noqa: E402

from api.cli import main as cli_main  # noqa: E402
from api.cli import serve_workers  # noqa: E402
from api.http import app as http_app  # noqa: E402

NOOP_PATH = "/bench/noop"
_NOOP_BODY = b'{"entries":[]}'
# The app factory the serve command imports when it runs, replaced in main().
_create_app = http_app.create_app


async def noop() -> Response:
    """The trivial endpoint: a fixed 201 reply, nothing read, nothing done."""
    return Response(_NOOP_BODY, 201, media_type="application/json")


def create_app_with_noop(*args: Any, **kwargs: Any) -> FastAPI:
    app = _create_app(*args, **kwargs)
    app.add_api_route(NOOP_PATH, noop, methods=["POST"], include_in_schema=False)
    return app


def app_with_noop() -> FastAPI:
    """With ``--workers N``: each worker process's app (uvicorn imports this by name)."""
    app = serve_workers.app_from_environment()
    app.add_api_route(NOOP_PATH, noop, methods=["POST"], include_in_schema=False)
    return app


def main() -> None:
    http_app.create_app = create_app_with_noop  # serve imports it from there as it starts
    # Worker processes start afresh and import the factory by name; this file's
    # folder is on their sys.path as on this one's (multiprocessing copies it).
    serve_workers.FACTORY = "http_server:app_with_noop"
    cli_main.cli(["serve", *sys.argv[1:]], prog_name="sharing-ledger")


if __name__ == "__main__":
    main()
