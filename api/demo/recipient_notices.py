"""Art 19 notices to earlier recipients, shared by restrictions and rectifications."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from api.demo.plan_timeline import Handle
from api.demo.records import PlannedShare
from api.demo.world import World
from ledger.domain.notices import Art19Change

C = TypeVar("C", bound=Art19Change)


def earlier_recipients(
    shares: Sequence[PlannedShare], before: datetime, categories: Iterable[str]
) -> list[str]:
    """Partners that received any of ``categories`` before ``before``, first recipient first."""
    wanted = frozenset(categories)
    recipients: dict[str, None] = {}
    for share in shares:
        if share.at < before and not wanted.isdisjoint(share.categories):
            recipients.setdefault(share.partner.slug, None)
    return list(recipients)


def _notice(world: World, handle: Handle[C], recipient: str, after: datetime, ack: float) -> None:
    rng, period = world.rng, world.period
    sent = period.later(rng, after, 0, 4)
    officer = rng.choice(world.staff.governance)
    world.timeline.change(
        sent,
        handle,
        lambda change: change.notify_recipient(
            occurred_at=sent, recipient=recipient, channel="sl:SecureEmail", notified_by=officer.id
        ),
    )
    if rng.random() < ack:
        acknowledged = period.later(rng, sent, 1, 12)
        world.timeline.change(
            acknowledged,
            handle,
            lambda change: change.acknowledge_notice(occurred_at=acknowledged, recipient=recipient),
        )


def _exemption(world: World, handle: Handle[C], recipient: str, after: datetime) -> None:
    """Art 19: telling this recipient "proves impossible or involves disproportionate effort";
    the DPO records why instead of a notice."""
    recorded = world.period.later(world.rng, after, 1, 6)
    dpo = world.staff.dpo.id
    world.timeline.change(
        recorded,
        handle,
        lambda change: change.exempt_recipient(
            occurred_at=recorded,
            recipient=recipient,
            explanation="The organisation has closed; no successor holds the records",
            recorded_by=dpo,
        ),
    )


def notify_recipients(
    world: World,
    handle: Handle[C],
    recipients: Iterable[str],
    after: datetime,
    ack: float,
    *,
    exempt_last: bool = False,
) -> None:
    """Tell each earlier recipient within days; some acknowledge, some never do.

    With ``exempt_last``, the last recipient is not told: the DPO records an
    exemption for it (the demo's example of Art 19's disproportionate effort).
    """
    listed = list(recipients)
    for index, recipient in enumerate(listed):
        if exempt_last and index == len(listed) - 1:
            _exemption(world, handle, recipient, after)
        else:
            _notice(world, handle, recipient, after, ack)
