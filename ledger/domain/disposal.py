"""Disposal of a subject's records at the end of their retention period.

The entry holds no personal data: the pseudonymous reference (which, once
the directory row and the data key are destroyed, leads nowhere), the rule,
the dates, who authorised it and how many entries were affected. The
entries themselves are never touched: their sealed text simply can no
longer be opened, and every hash still verifies.
"""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate, event

from ledger.domain import values
from ledger.domain.errors import ValidationError

# The largest count a read model's integer column holds (PostgreSQL's BIGINT).
MAX_COUNT = 2**63 - 1


class Disposal(Aggregate):
    """The record that one subject's personal data was disposed of."""

    class DisposalEvidenced(Aggregate.Created):
        subject: str
        rule: str
        due_on: date
        disposed_on: date
        authoriser: str
        entries_affected: int

    @event(DisposalEvidenced)
    def __init__(
        self,
        *,
        subject: str,
        rule: str,
        due_on: date,
        disposed_on: date,
        authoriser: str,
        entries_affected: int,
    ) -> None:
        self.subject = subject

    @classmethod
    def evidence(
        cls,
        *,
        subject: str,
        rule: str,
        due_on: date,
        disposed_on: date,
        authoriser: str,
        entries_affected: int,
    ) -> Disposal:
        ref = values.subject_ref("subject", subject)
        disposed = values.calendar_date("disposed_on", disposed_on)
        values.not_before("disposed_on", disposed, values.calendar_date("due_on", due_on), "due_on")
        # bool is an int to Python, never a count; a read model's integers are 64-bit.
        if (
            not isinstance(entries_affected, int)
            or isinstance(entries_affected, bool)
            or not 0 <= entries_affected <= MAX_COUNT
        ):
            raise ValidationError("entries_affected", "must be a count")
        return cls._create(
            cls.DisposalEvidenced,
            # One disposal per subject: a second one collides instead of duplicating.
            id=values.derived_id("disposal", ref),
            subject=ref,
            rule=values.reference("rule", rule),
            due_on=due_on,
            disposed_on=disposed,
            authoriser=values.identifier("authoriser", authoriser),
            entries_affected=entries_affected,
        )
