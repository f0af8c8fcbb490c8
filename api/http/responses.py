"""``POST /v1/access-responses/check``: is this letter the access response the ledger recorded?

The body is the file itself (HTML or PDF), as sent; the answer is its
SHA-256 and the responses recorded with that digest (none: not recorded).
The letter prints its own request, size and checkpoint, so the answer tells
the holder of the file nothing it does not already say; hence the proofs
group (hashes, for investigators, partners and auditors) may ask.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.http.context import state
from api.http.security import ROLE_MATRIX, require
from api.service.letter_checks import check_letter
from ledger.domain.errors import ValidationError
from ledger.principals import Principal

router = APIRouter(prefix="/v1", tags=["reports"])


@router.post(
    "/access-responses/check",
    summary="Whether a file is an access response the ledger recorded as issued",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "text/html": {"schema": {"type": "string"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def check_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["ledger.proofs"]))],
) -> JSONResponse:
    body = await request.body()
    if not body:
        raise ValidationError("body", "must be the letter's HTML or PDF file")
    check = await run_in_threadpool(check_letter, state(request).service, body)
    return JSONResponse(check.public())
