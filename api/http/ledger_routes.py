"""Ledger endpoints: status, verification, checkpoints, keys and RFC 9162 proofs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import PlainTextResponse

from api.http import health
from api.http.context import state
from api.http.ledger_schemas import (
    ConsistencyProof,
    InclusionProof,
    LedgerStatus,
    LogKeys,
    Verification,
)
from api.http.problems import ProblemError
from api.http.receipt_schemas import CHECKPOINT_NOTE_SCHEMA
from api.http.security import ROLE_MATRIX, require
from api.service import checkpoint_checks, log_signing
from api.service.ledger_verification import verify as verify_ledger
from ledger.integrity import merkle
from ledger.integrity.chain import ChainBroken
from ledger.integrity.tree_audit import TreeBroken
from ledger.principals import Principal
from projections.replay_check import check_read_models

router = APIRouter(prefix="/v1/ledger", tags=["ledger"])


@router.get(
    "/status",
    summary="Size, head, latest checkpoint and read-model lag",
    response_model=None,
    responses={200: {"model": LedgerStatus}},
)
def ledger_status(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["ledger.status"]))],
) -> dict[str, Any]:
    http = state(request)
    service = http.service
    head, _ = service.app.chain.snapshot()
    latest = log_signing.latest(service.app)
    committer = http.committer
    return {
        "group_commit": None
        if committer is None
        else {
            "appends": committer.appends,
            "transactions": committer.batches,
            "withdrawn": committer.withdrawn,
        },
        "size": 0 if head is None else head.position + 1,
        "head_hash": None if head is None else head.chain_hash.hex(),
        "latest_checkpoint": None
        if latest is None
        else {"size": latest.checkpoint.size, "issued_at": latest.issued_at},
        "projections": [
            {
                "name": s.name,
                "position": s.position,
                "lag": s.lag,
                "stale": s.stale,
                "state": s.state,
                "reason": None if s.stall is None else s.stall.reason(),
            }
            for s in service.runner.status()
        ],
    }


@router.post(
    "/verification",
    summary="Re-derive every hash from the stored rows; check every stored checkpoint",
    response_model=None,
    responses={200: {"model": Verification}},
)
def ledger_verification(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["ledger.verify"]))],
    read_models: Annotated[
        bool,
        Query(description="Also replay the ledger and compare the read models with it (slower)."),
    ] = False,
) -> dict[str, Any]:
    """`ok: false` names the first failure; this is a finding, not an error of the request.

    With ``read_models=true`` the read models the reports are built from are
    checked too (``sharing-ledger verify --read-models``): ``read_models``
    says whether they match, and if not, the table, key and column only.
    """
    service = state(request).service
    app = service.app
    try:
        outcome = verify_ledger(app)
        result, root = outcome.chain, outcome.root
    except ChainBroken as broken:
        health.note_verification(request.app, ok=False, failure="ChainBroken")
        return {
            "ok": False,
            "position": broken.position,
            "failure": broken.failure.value,
            "detail": broken.detail,
        }
    except TreeBroken as broken:
        health.note_verification(request.app, ok=False, failure="TreeBroken")
        return {"ok": False, "failure": "merkle node", "detail": str(broken)}
    try:
        stored = checkpoint_checks.check_stored(app)
    except checkpoint_checks.CheckpointContradiction as contradiction:
        health.note_verification(request.app, ok=False, failure="CheckpointContradiction")
        return {"ok": False, "failure": "stored checkpoint", "detail": str(contradiction)}
    verified: dict[str, Any] = {
        "ok": True,
        "size": result.size,
        "head_hash": result.head_hash.hex(),
        "root": root.hex(),
        "checkpoints": stored,
    }
    if read_models:
        checked = check_read_models(app, service.runner.projections)
        problem = checked.problem()
        verified["read_models"] = {"ok": problem is None, "rows": checked.rows, "detail": problem}
        verified["ok"] = problem is None
    health.note_verification(
        request.app, ok=verified["ok"], size=result.size if verified["ok"] else None
    )
    return verified


@router.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    summary="The latest signed checkpoint (C2SP tlog-checkpoint), with witness cosignatures",
    responses={200: {"content": {"text/plain": {"schema": CHECKPOINT_NOTE_SCHEMA}}}},
)
def latest_checkpoint(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["ledger.proofs"]))],
) -> PlainTextResponse:
    app = state(request).service.app
    latest = log_signing.latest(app)
    if latest is None:
        raise ProblemError(
            status.HTTP_404_NOT_FOUND,
            "No checkpoint",
            "none has been issued yet",
            type_suffix="not-found",
        )
    note, _keys = log_signing.witnessed_note(app, latest)
    return PlainTextResponse(note)


@router.get(
    "/keys",
    summary="Every verifier key that has signed this ledger's checkpoints",
    response_model=None,
    responses={200: {"model": LogKeys}},
)
def ledger_keys(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["ledger.proofs"]))],
) -> dict[str, list[str]]:
    return {"log": state(request).service.app.checkpoints.log_keys()}


def _size(request: Request, size: int | None) -> int:
    current = log_signing.tree_size(state(request).service.app)
    if size is None:
        return current
    if size > current:
        raise ProblemError(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "Tree size out of range",
            f"size: the ledger holds {current} entries",
            type_suffix="out-of-range",
        )
    return size


@router.get(
    "/proof/inclusion/{position}",
    summary="RFC 9162 inclusion proof of one entry",
    response_model=None,
    responses={200: {"model": InclusionProof}},
)
def inclusion(
    request: Request,
    position: int,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["ledger.proofs"]))],
    size: Annotated[int | None, Query(ge=1)] = None,
) -> dict[str, Any]:
    app = state(request).service.app
    tree = _size(request, size)
    if not 0 <= position < tree:
        raise ProblemError(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "Position out of range",
            f"position: not in a tree of {tree} entries",
            type_suffix="out-of-range",
        )
    link = app.chain.link_at(position)
    return {
        "position": position,
        "tree_size": tree,
        "entry_digest": link.entry_digest.hex(),
        "leaf_hash": merkle.entry_leaf_hash(link.entry_digest).hex(),
        "root_hash": merkle.root_at(tree, app.tree).hex(),
        "proof": [h.hex() for h in merkle.inclusion_proof(position, tree, app.tree)],
    }


@router.get(
    "/proof/consistency",
    summary="RFC 9162 consistency proof between two tree sizes",
    response_model=None,
    responses={200: {"model": ConsistencyProof}},
)
def consistency(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["ledger.proofs"]))],
    old: Annotated[int, Query(ge=1)],
    new: Annotated[int | None, Query(ge=1)] = None,
) -> dict[str, Any]:
    app = state(request).service.app
    later = _size(request, new)
    if old > later:
        raise ProblemError(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "Sizes out of order",
            "old: must not exceed new",
            type_suffix="out-of-range",
        )
    return {
        "old_size": old,
        "new_size": later,
        "old_root": merkle.root_at(old, app.tree).hex(),
        "new_root": merkle.root_at(later, app.tree).hex(),
        "proof": [h.hex() for h in merkle.consistency_proof(old, later, app.tree)],
    }
