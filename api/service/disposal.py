"""Ending a subject's retention: the disposal evidenced, then the keys destroyed.

UK GDPR Art 5(1)(e): personal data kept no longer than necessary. The
ledger's entries are never deleted (the chain must still verify); what ends
is the ability to link a reference to a person and to open the free text
sealed for them.
"""

from __future__ import annotations

import contextlib
from datetime import date

from api.service.composition import Service
from ledger.application import AlreadyRecorded
from ledger.domain.disposal import Disposal
from ledger.domain.errors import ValidationError
from ledger.integrity.evidence import ScopeKind
from projections.reports.evidence_scope import scope_aggregates


def dispose(service: Service, subject: str, *, authoriser: str, today: date) -> int:
    """Dispose of one subject's records whose retention has ended; return entries affected.

    The evidence is appended first, then the directory rows, the data key and
    the profile are destroyed, so an interrupted disposal is finished by
    running it again (the second evidence collides and is skipped) and can
    never leave keys behind a recorded disposal.
    """
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
    aggregates = scope_aggregates(service.reports("evidence-subject"), ScopeKind.SUBJECT, subject)
    affected = len(service.app.chain.entries_of(sorted(aggregates)))
    evidence = Disposal.evidence(
        subject=subject,
        rule=profile.rule,
        due_on=profile.dispose_on,
        disposed_on=today,
        authoriser=authoriser,
        entries_affected=affected,
    )
    with contextlib.suppress(AlreadyRecorded):
        service.app.append(evidence)
    subjects.forget(subject)
    return affected
