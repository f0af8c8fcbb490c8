"""Report text in a reader's words: codes as labels, readers by their key, partners by name.

Reports are evidence and keep what the ledger holds: a reader is
``principal:<id>``, an organisation its identifier, a category its code. A
page for a person says the same things the way a person says them, without
changing a report: the names come from the principals and the partner
register at the time the page is drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from fastapi import Request

from api.console.access import role_name
from api.console.state import console
from ledger.domain.errors import ValidationError
from ledger.domain.plain_words import plain
from projections.reports.who_saw import ActivityEntry

PRINCIPAL_ACTOR = "principal:"  # Reader.of's actor: a principal reading through the service
_PRINCIPAL_IN_TEXT = re.compile(r"\bprincipal:[a-z0-9]+")
# An identifier-like word (letters, digits, inner hyphens) not part of a longer one.
_ORGANISATION_IN_TEXT = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])")


def actor_names(request: Request, entries: Iterable[ActivityEntry]) -> dict[str, str]:
    """The console's and the API's readers (actor ``principal:<id>``) by their key's name."""
    return principal_names(request, {e.actor for e in entries})


def principal_names(request: Request, actors: Iterable[str]) -> dict[str, str]:
    """Each ``principal:<id>`` of ``actors`` by its key's name and role (others left out)."""
    principals = console(request).principals
    names = {}
    for actor in {a for a in actors if a.startswith(PRINCIPAL_ACTOR)}:
        try:
            principal = principals.get(actor.removeprefix(PRINCIPAL_ACTOR))
        except ValidationError:  # not a principal id after all: shown as recorded
            principal = None
        if principal is not None:
            names[actor] = f"{principal.name} ({role_name(principal.role)}'s key)"
    return names


def in_words(request: Request, text: str, organisations: Mapping[str, str]) -> str:
    """A report's sentence for a page: codes as labels, principal ids as their keys' names,
    organisations' identifiers as their registered names."""
    keys = principal_names(request, _PRINCIPAL_IN_TEXT.findall(text))
    text = _PRINCIPAL_IN_TEXT.sub(lambda m: keys.get(m.group(0), m.group(0)), plain(text))
    return _ORGANISATION_IN_TEXT.sub(lambda m: organisations.get(m.group(0), m.group(0)), text)
