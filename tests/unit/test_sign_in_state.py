"""Pending sign-ins, federated principal ids and the sign-in counts (console sign-in state)."""

from __future__ import annotations

from api.console.pending_sign_ins import PENDING_FOR, PendingSignIns
from api.console.sign_in_counts import SignInCounts
from api.service.identity_provider import PendingSignIn
from ledger.principals import PUBLIC_ID, Role, federated_id

ISSUER = "https://login.example.org"


def _pending(state: str) -> PendingSignIn:
    return PendingSignIn(state=state, nonce="n", code_verifier="v", next_path="/console/")


def test_a_pending_sign_in_is_taken_once() -> None:
    """The state finds its sign-in once: a replayed callback finds nothing."""
    pending = PendingSignIns()
    pending.keep(_pending("state-1"))
    assert pending.take("state-1") == _pending("state-1")
    assert pending.take("state-1") is None
    assert pending.take("never-sent") is None
    assert pending.take(None) is None


def test_a_pending_sign_in_expires() -> None:
    """A sign-in not back within PENDING_FOR is gone."""
    now = [0.0]
    pending = PendingSignIns(lambda: now[0])
    pending.keep(_pending("slow"))
    now[0] = PENDING_FOR.total_seconds() + 1
    assert pending.take("slow") is None


def test_a_federated_id_is_stable_pseudonymous_and_per_role() -> None:
    """Same person and role, same id (a public id's shape); another role, another id."""
    dpo = federated_id(ISSUER, "subject-1", Role.DPO, None)
    assert dpo == federated_id(ISSUER, "subject-1", Role.DPO, None)
    assert PUBLIC_ID.fullmatch(dpo)
    assert "subject" not in dpo
    assert dpo != federated_id(ISSUER, "subject-1", Role.AUDITOR, None)
    assert dpo != federated_id(ISSUER, "subject-2", Role.DPO, None)
    assert dpo != federated_id("https://other.example.org", "subject-1", Role.DPO, None)


def test_every_known_outcome_is_reported_from_zero() -> None:
    """The counts list every method, outcome and reason, at zero until one happens."""
    counts = SignInCounts()
    counts.failed("oidc", "no-mapped-group")
    counts.succeeded("api-key")
    (family,) = counts.counter.collect()
    snapshot = {
        (s.labels["method"], s.labels["outcome"], s.labels["reason"]): s.value
        for s in family.samples
        if s.name.endswith("_total")
    }
    assert snapshot[("oidc", "failed", "no-mapped-group")] == 1
    assert snapshot[("api-key", "succeeded", "none")] == 1
    assert snapshot[("oidc", "succeeded", "none")] == 0
    assert snapshot[("api-key", "failed", "invalid-key")] == 0
