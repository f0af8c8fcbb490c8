"""The API's own documentation pages, served offline from package files: Swagger UI at
/v1/docs and ReDoc at /v1/redoc, both reading /v1/openapi.json; ``/`` goes to the console.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, so on a council network
without internet access they are blank. The scripts and styles come instead from
the pinned ``drf-spectacular-sidecar`` wheel (current Swagger UI 5 and ReDoc 2
builds; Swagger UI 4, as in ``swagger-ui-bundle``, cannot read the OpenAPI 3.1
document FastAPI writes). The wheel's Python package imports Django, which this
service never loads: only its static folder is located, without importing it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/v1/docs"
REDOC_URL = "/v1/redoc"
ASSETS = "/v1/docs/assets"
OWN_STATIC = Path(__file__).parent / "static"

# This origin's scripts only, as on the console. Styles may be inline: ReDoc writes
# its styles into <style> elements at run time, and these pages hold no personal
# data (the document describes the API, not the ledger). ReDoc's search index runs
# in a worker it starts from a blob: URL.
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'; form-action 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

router = APIRouter(include_in_schema=False)


def bundle_folder() -> Path:
    """The sidecar wheel's static folder (found without importing its Django-bound package)."""
    spec = importlib.util.find_spec("drf_spectacular_sidecar")
    if spec is None or not spec.submodule_search_locations:
        msg = "drf-spectacular-sidecar is not installed: pip install the service's dependencies"
        raise RuntimeError(msg)
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "drf_spectacular_sidecar"


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{head}</head>\n{body}\n</html>\n"
    )
    return HTMLResponse(html, headers=dict(SECURITY_HEADERS))


@router.get(DOCS_URL)
def swagger_ui() -> HTMLResponse:
    """Swagger UI: try the API with a key (the Authorize button takes a bearer key)."""
    return _page(
        "Sharing Ledger API (Swagger UI)",
        f'<link rel="stylesheet" href="{ASSETS}/swagger-ui/swagger-ui.css">\n'
        f'<link rel="icon" href="{ASSETS}/swagger-ui/favicon-32x32.png">\n',
        '<body data-openapi-url="/v1/openapi.json">\n<div id="swagger-ui"></div>\n'
        f'<script src="{ASSETS}/swagger-ui/swagger-ui-bundle.js"></script>\n'
        f'<script src="{ASSETS}/swagger-ui/swagger-ui-standalone-preset.js"></script>\n'
        f'<script src="{ASSETS}/own/swagger-init.js"></script>\n</body>',
    )


@router.get(REDOC_URL)
def redoc() -> HTMLResponse:
    """ReDoc: the same document, for reading."""
    return _page(
        "Sharing Ledger API (ReDoc)",
        "",
        '<body>\n<redoc spec-url="/v1/openapi.json"></redoc>\n'
        f'<script src="{ASSETS}/redoc/bundles/redoc.standalone.js"></script>\n</body>',
    )


@router.get("/")
def root() -> RedirectResponse:
    """The service's front door is the DPO console."""
    return RedirectResponse("/console/", status_code=303)


def install(app: FastAPI) -> None:
    """Serve the documentation pages, their package files, and the redirect from ``/``."""
    folder = bundle_folder()
    app.mount(f"{ASSETS}/swagger-ui", StaticFiles(directory=folder / "swagger-ui-dist"))
    app.mount(f"{ASSETS}/redoc", StaticFiles(directory=folder / "redoc"))
    app.mount(f"{ASSETS}/own", StaticFiles(directory=OWN_STATIC))
    app.include_router(router)
