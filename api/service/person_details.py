"""What confirms a reader found the right person: whether the ledger knows them, their name.

A reference typed by hand can be wrong by one letter and still well formed;
a page that answers it with an empty history (and records a view of nobody)
tells the reader nothing. :func:`known` says whether this ledger has ever
held anything about the reference, so an entry point can answer "no such
person" and record nothing. :func:`name` opens the display name the subject
directory keeps sealed (ledger/privacy/sealing.py): the caller decides
whether its reader may see it, and records that the name was revealed.
"""

from __future__ import annotations

from api.service.composition import Service
from projections.reports.common import Page
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import all_restrictions
from projections.reports.who_saw import who_saw

# What reading the name reveals, for the recorded read (DPV's category for a name).
NAME_CATEGORY = "pd:Name"


def known(service: Service, subject: str) -> bool:
    """Whether anything in this ledger or its directory concerns ``subject``.

    A person disposed of is still known: their entries stay, with their text
    gone, and the page says so.
    """
    store = service.app.subjects.store
    if store.kinds(subject) or store.profiles([subject]) or store.keys([subject]):
        return True
    if store.disposed([subject]):
        return True
    if who_saw(service.reports("who-saw"), subject, page=Page(1)).entries:
        return True
    context = service.reports("restrictions", "requests")
    return bool(
        request_reports(context, subject=subject) or all_restrictions(context, subject=subject)
    )


def name(service: Service, subject: str) -> str | None:
    """The person's name from the subject directory, opened; None if none was registered
    or the person was disposed of (their key is gone, so is the name)."""
    profiles = service.app.subjects.store.profiles([subject])
    sealed = profiles[0].display_name if profiles else None
    if sealed is None:
        return None
    return service.app.subjects.unseal(sealed)


def identifier_kinds(service: Service, subject: str) -> list[str]:
    """The kinds of identifier the directory finds the person by (values are never kept)."""
    return service.app.subjects.store.kinds(subject)
