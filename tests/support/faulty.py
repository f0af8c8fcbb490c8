"""Read models that fail, for the tests of what the read side does when one does.

Two ways a read model fails on an entry, as the brief's outside check found:
its projector raises (:func:`failing_activity`), or the store refuses a row it
makes (:func:`plant_activity_row` puts a row in the way of the next one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ledger.storage.config import Location
from projections.base import ReadModel
from projections.ops import Op
from projections.read_models import READ_MODELS
from projections.read_models import activity_log as activity
from tests.support.tamper import notification_id_at, superuser


def failing_activity(subject: str) -> ReadModel:
    """The activity read model, with a projector that raises on any access to ``subject``.

    The exception's message quotes the subject, as a careless bug's would: what
    is recorded of it must not.
    """

    def project(event: object, notification_id: int) -> Sequence[Op]:
        if getattr(event, "subject", None) == subject:
            raise KeyError(subject)
        return activity.READ_MODEL.project(event, notification_id)

    return dataclasses.replace(activity.READ_MODEL, project=project)


def with_failing_activity(subject: str) -> list[ReadModel]:
    """Every read model, the activity one failing on ``subject``."""
    failing = failing_activity(subject)
    return [failing if p.name == failing.name else p for p in READ_MODELS]


def plant_activity_row(location: Location, subject: str, position: int) -> None:
    """Put a who-saw row where the access at ``position`` will go: its insert breaks the key."""
    with superuser(location) as (conn, p):
        nid = notification_id_at(conn, p, position)
        conn.execute(
            f"INSERT INTO {activity.ACTIVITY.name} (subject, notification_id, kind) "
            f"VALUES ({p}, {p}, 'access')",
            (subject, nid),
        )
