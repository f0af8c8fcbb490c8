"""Finding a person by a natural identifier: the answer, and the lookup recorded, found or not.

The HTTP API (``/v1/subjects/resolve``) and the console's find form both ask
through :func:`look_up`, after the same role check (``subjects.resolve`` in
the API's role matrix), so the directory answers the same people the same
way and every question put to it is evidence.
"""

from __future__ import annotations

from api.service.composition import Service
from api.service.recorded_reads import Reader
from ledger.domain.lookups import DirectoryLookup
from ledger.privacy.identifiers import Identifier


def look_up(service: Service, identifier: Identifier, reader: Reader) -> str | None:
    """The subject reference ``identifier`` resolves to, or None; the lookup is appended."""
    subject = service.app.subjects.resolve(identifier)
    service.app.append(
        DirectoryLookup.record(
            occurred_at=service.clock(),
            actor=reader.actor,
            actor_organisation=reader.organisation or service.controller(),
            identifier_kind=identifier.kind.value,
            subject=subject,
            reason=reader.reason,
            source_system=reader.source_system,
        )
    )
    return subject
