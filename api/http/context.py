"""What route handlers get from the app: the service, the committer, and helpers on them.

Routes stay thin: they authenticate, convert, and call these; no SQL, no
domain decisions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from api.service.composition import Service
from api.service.group_commit import GroupCommitter
from ledger.application import Appended, Group, IdempotencyClaim
from ledger.principals import Principal


@dataclass
class HttpState:
    service: Service
    committer: GroupCommitter | None  # None: one transaction per request (the baseline)


def state(request: Request) -> HttpState:
    value: HttpState = request.app.state.http
    return value


def claim_for(
    request: Request, principal: Principal, key: str | None, body: bytes
) -> IdempotencyClaim | None:
    """The Idempotency-Key claim of a request: same key + same method, path and body = a retry.

    The key is kept as its SHA-256 only: a client may put anything in it (an
    NHS number, a case id), and the ledger's tables must not hold it.
    """
    if key is None:
        return None
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.url.path.encode(), body):
        digest.update(len(part).to_bytes(8, "big") + part)
    service = state(request).service
    kept = hashlib.sha256(b"sharing-ledger:idempotency-key\x00" + key.encode()).hexdigest()
    return IdempotencyClaim(principal.id, kept, digest.hexdigest(), service.clock().isoformat())


async def append_async(request: Request, group: Group) -> tuple[Appended, ...]:
    """Append through the group committer when there is one, waiting on the event loop."""
    http = state(request)
    if http.committer is None:
        (result,) = await run_in_threadpool(http.service.app.append_groups, [group])
        return result
    return await http.committer.append_async(group)
