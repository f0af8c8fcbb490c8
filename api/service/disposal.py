"""Ending a subject's retention: the disposal evidenced, then the keys destroyed.

UK GDPR Art 5(1)(e): personal data kept no longer than necessary. The
ledger's entries are never deleted (the chain must still verify); what ends
is the ability to link a reference to a person and to open the free text
sealed for them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import date

from api.service import log_signing
from api.service.composition import Service
from api.service.scope_selection import aggregates_naming, entries_in_tree
from ledger.application import AlreadyRecorded
from ledger.domain.disposal import Disposal
from ledger.domain.errors import ValidationError
from ledger.integrity.bundle_scope import subject_selector


def _due(service: Service, subject: str, today: date) -> tuple[str, date]:
    """The subject's retention rule and due date, if its records may be disposed of today."""
    subjects = service.app.subjects
    if subjects.store.disposed([subject]):
        raise ValidationError("subject", "its records were disposed of already")
    profile = next(iter(subjects.store.profiles([subject])), None)
    if profile is None or profile.rule is None or profile.dispose_on is None:
        raise ValidationError("subject", "no retention rule is assigned to that subject")
    if profile.legal_hold is not None:
        raise ValidationError("subject", "a legal hold suspends this subject's disposal")
    if profile.dispose_on > today:
        raise ValidationError("subject", "its retention period has not ended")
    return profile.rule, profile.dispose_on


def affected_entries(service: Service, subjects: Sequence[str]) -> dict[str, int]:
    """For each subject, how many entries concern it: counted from the ledger, in one pass.

    The evidence bundle's own rule (docs/evidence.md §3): the count is itself
    recorded as evidence, so no read model may make it short. One scan serves
    a whole batch, so disposing of many subjects costs one read of the ledger.
    """
    size = log_signing.tree_size(service.app)
    found = aggregates_naming(service.app, subject_selector(*subjects), size=size)
    return {s: len(entries_in_tree(service.app, found[s], size)) for s in subjects}


def dispose_each(
    service: Service, subjects: Sequence[str], *, authoriser: str, today: date
) -> Iterator[tuple[str, int]]:
    """Dispose of each subject's records whose retention has ended; yield entries affected.

    Every subject is checked before anything is done (a ValidationError names
    the first that may not be disposed of), then counted in one pass. For
    each, the evidence is appended first, then the directory rows, the data
    key and the profile are destroyed, so an interrupted disposal is finished
    by running it again (the second evidence collides and is skipped) and can
    never leave keys behind a recorded disposal.
    """
    due = {subject: _due(service, subject, today) for subject in subjects}
    affected = affected_entries(service, list(due))
    for subject, (rule, due_on) in due.items():
        evidence = Disposal.evidence(
            subject=subject,
            rule=rule,
            due_on=due_on,
            disposed_on=today,
            authoriser=authoriser,
            entries_affected=affected[subject],
        )
        with contextlib.suppress(AlreadyRecorded):
            service.app.append(evidence)
        service.app.subjects.forget(subject)
        yield subject, affected[subject]


def dispose(service: Service, subject: str, *, authoriser: str, today: date) -> int:
    """Dispose of one subject's records (:func:`dispose_each`); return entries affected."""
    ((_, affected),) = dispose_each(service, [subject], authoriser=authoriser, today=today)
    return affected
