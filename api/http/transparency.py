"""Public transparency endpoints: no key, hashes and signatures only (docs/checkpoints.md §9).

Two surfaces over the same published tree (the latest signed checkpoint's):

* ``/tlog/``: the log as C2SP tlog-tiles, so that standard monitors and
  witnesses follow it with their own tools: ``/tlog/checkpoint`` and the hash
  tiles ``/tlog/tile/<L>/<N>[.p/<W>]``. No entry bundles: entries are
  personal data (``/tlog/tile/entries/...`` is a 404 that says so).
* ``/v1/public/``: the same in this API's JSON, for people and scripts: the
  latest checkpoint, the history of checkpoints (paged), the verifier keys,
  and consistency proofs between two published sizes.

Nothing here authenticates: a request carries no key and none is asked for.
Caching does the heavy lifting (a tile never changes, so it is cached for a
year, ``immutable``); unauthenticated traffic is rate-limited at the reverse
proxy, as docs/api-security.md says for every unauthenticated request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import PlainTextResponse, Response

from api.http.context import state
from api.http.problems import ProblemError
from api.service import transparency
from ledger.integrity import tiles

tlog = APIRouter(prefix="/tlog", tags=["transparency"])
public = APIRouter(prefix="/v1/public", tags=["transparency"])

#: A full or partial tile's bytes never change (the tree only grows): cache for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
#: The checkpoint moves with each one issued; monitors poll it.
FRESH = "public, max-age=10"
#: History and keys grow slowly; a minute old is fine.
SLOW = "public, max-age=60"
TILE_TYPE = "application/octet-stream"
NOTE_TYPE = "text/plain; charset=utf-8"

MAX_STORED_SIZE = 2**63 - 1
_CURSOR_KEY = re.compile(r"[\x21-\x7e]{1,300}", re.ASCII)

NO_ENTRIES = (
    "this log serves hash tiles only: its entries are personal data "
    "(who was shared about, with whom), so there are no entry bundles"
)


def _not_published(error: transparency.NotPublished) -> ProblemError:
    return ProblemError(
        status.HTTP_404_NOT_FOUND, "Not published", str(error), type_suffix="not-found"
    )


def _checkpoint(request: Request) -> Response:
    try:
        note = transparency.checkpoint_note(state(request).service.app)
    except transparency.NotPublished as error:
        raise _not_published(error) from None
    # RFC 9110 §8.8.3, §13.1.2: a monitor polling every few seconds gets a 304
    # until a new checkpoint (or a new cosignature) changes the note.
    etag = '"' + hashlib.sha256(note.encode()).hexdigest()[:32] + '"'
    headers = {"Cache-Control": FRESH, "ETag": etag}
    if etag in request.headers.get("if-none-match", "").replace(" ", "").split(","):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return PlainTextResponse(note, media_type=NOTE_TYPE, headers=headers)


@tlog.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    summary="The latest signed checkpoint (C2SP tlog-checkpoint), with cosignatures; no key",
)
def tlog_checkpoint(request: Request) -> Response:
    return _checkpoint(request)


@tlog.get(
    "/tile/entries/{rest:path}",
    summary="Entry bundles are never served: entries are personal data",
    responses={404: {"description": "Always"}},
)
def tlog_entries(rest: str) -> Response:
    del rest  # every entry bundle is refused alike
    raise ProblemError(
        status.HTTP_404_NOT_FOUND, "No entry bundles", NO_ENTRIES, type_suffix="not-found"
    )


@tlog.get(
    "/tile/{level}/{rest:path}",
    response_class=Response,
    summary="A hash tile (C2SP tlog-tiles) of the published tree; no key",
    responses={200: {"content": {TILE_TYPE: {}}, "description": "The tile's hashes"}},
)
def tlog_tile(request: Request, level: str, rest: str) -> Response:
    try:
        wanted = tiles.parse_tile(level, rest)
    except tiles.TilePathError as error:
        raise ProblemError(
            status.HTTP_404_NOT_FOUND, "No such tile", str(error), type_suffix="not-found"
        ) from None
    try:
        body = transparency.tile(state(request).service.app, wanted)
    except transparency.NotPublished as error:
        raise _not_published(error) from None
    return Response(body, media_type=TILE_TYPE, headers={"Cache-Control": IMMUTABLE})


@public.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    summary="The latest signed checkpoint, with witness cosignatures; no key",
)
def public_checkpoint(request: Request) -> Response:
    return _checkpoint(request)


def _decode_after(after: str | None) -> tuple[int, str] | None:
    if after is None:
        return None
    try:
        size, _, key = base64.urlsafe_b64decode(after + "==").decode("ascii").partition("\n")
        decoded = int(size), key
    except (ValueError, binascii.Error, UnicodeDecodeError):
        decoded = (-1, "")
    # Within what the store can compare (a signed 64-bit size, a printable key),
    # so a made-up cursor is this 400, never a database error.
    if not 0 <= decoded[0] <= MAX_STORED_SIZE or not _CURSOR_KEY.fullmatch(decoded[1]):
        raise ProblemError(
            status.HTTP_400_BAD_REQUEST,
            "Bad cursor",
            "after: not one this API issued",
            type_suffix="bad-cursor",
        )
    return decoded


def _encode_after(size: int, key: str) -> str:
    return base64.urlsafe_b64encode(f"{size}\n{key}".encode()).decode().rstrip("=")


@public.get("/checkpoints", summary="Every checkpoint issued, smallest tree first, paged; no key")
def public_history(
    request: Request,
    response: Response,
    after: Annotated[
        str | None, Query(max_length=400, description="`next` of the page before")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    items = transparency.history(state(request).service.app, _decode_after(after), limit)
    response.headers["Cache-Control"] = SLOW
    last = items[-1] if len(items) == limit else None
    return {
        "items": items,
        "next": None if last is None else _encode_after(last["tree_size"], last["verifier_key"]),
    }


@public.get("/keys", summary="Every verifier key that has signed this ledger's checkpoints")
def public_keys(request: Request, response: Response) -> dict[str, list[str]]:
    response.headers["Cache-Control"] = SLOW
    return {"log": transparency.log_keys(state(request).service.app)}


@public.get(
    "/proof/consistency",
    summary="RFC 9162 consistency proof between two published tree sizes; no key",
)
def public_consistency(
    request: Request,
    response: Response,
    old: Annotated[int, Query(ge=0)],
    new: Annotated[int | None, Query(ge=0, description="default: the latest checkpoint's")] = None,
) -> dict[str, Any]:
    try:
        proved = transparency.consistency(state(request).service.app, old, new)
    except transparency.NotPublished as error:
        raise ProblemError(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "Tree size out of range",
            str(error),
            type_suffix="out-of-range",
        ) from None
    except ValueError as error:
        raise ProblemError(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "Sizes out of order",
            str(error),
            type_suffix="out-of-range",
        ) from None
    if new is not None:
        # A proof between two fixed sizes never changes.
        response.headers["Cache-Control"] = IMMUTABLE
    return {
        "old_size": proved.old_size,
        "new_size": proved.new_size,
        "old_root": proved.old_root.hex(),
        "new_root": proved.new_root.hex(),
        "proof": [h.hex() for h in proved.proof],
    }
