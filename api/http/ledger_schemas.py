"""Typed replies of the ledger endpoints: status, verification, keys and RFC 9162 proofs.

They document the replies (``responses=`` in ledger_routes.py); the handlers
still build them, so a new member is added here and there together (the
conformance test, tests/integration/test_openapi_conformance.py, notices a
reply that no longer matches).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from api.http.receipt_schemas import HEX_HASH, CheckpointSummary

HexHash = Annotated[str, Field(pattern=HEX_HASH)]


class GroupCommitCounts(BaseModel):
    appends: int
    transactions: int
    withdrawn: int


class ReadModelStatus(BaseModel):
    name: str
    position: int | None = Field(description="The last entry applied (null: none yet)")
    lag: int
    stale: bool
    state: str = Field(description="current, lagging, stalled...")
    reason: str | None = Field(description="Why a stalled read model stopped")


class LedgerStatus(BaseModel):
    """Size, head, latest checkpoint and each read model's lag: no personal data."""

    group_commit: GroupCommitCounts | None
    size: int
    head_hash: str | None = Field(pattern=HEX_HASH)
    latest_checkpoint: CheckpointSummary | None
    projections: list[ReadModelStatus]


class Verification(BaseModel):
    """``ok: false`` names the first failure: a finding about the ledger, not a request error."""

    ok: bool
    size: int | None = None
    head_hash: str | None = Field(default=None, pattern=HEX_HASH)
    root: str | None = Field(default=None, pattern=HEX_HASH, description="Merkle root (RFC 9162)")
    checkpoints: int | None = Field(default=None, description="Stored checkpoints checked")
    read_models: dict[str, Any] | None = None
    position: int | None = Field(default=None, description="Where the chain first fails")
    failure: str | None = None
    detail: str | None = None


class LogKeys(BaseModel):
    log: list[str] = Field(description="Signed-note verifier keys (name+id+key) of the log")


class InclusionProof(BaseModel):
    """RFC 9162 section 2.1.3: the entry's leaf is in the tree of ``tree_size``."""

    position: int
    tree_size: int
    entry_digest: HexHash
    leaf_hash: HexHash
    root_hash: HexHash
    proof: list[HexHash]


class ConsistencyProof(BaseModel):
    """RFC 9162 section 2.1.4: the tree of ``old_size`` is a prefix of the one of ``new_size``."""

    old_size: int
    new_size: int
    old_root: HexHash
    new_root: HexHash
    proof: list[HexHash]
