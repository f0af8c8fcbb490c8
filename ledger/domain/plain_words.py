"""Plain words for people: every vocabulary term's label, and codes in sentences replaced by them.

Reports stay machine-readable: their JSON and CSV carry the terms' compact
IRIs (``sl:A18-2-OtherPersonsRights``), and the sentences they build (a
restriction's reasons, a share's flags) may name a term by its code. A page
for a person shows labels instead: :func:`label` for a field that holds a
term, :func:`plain` for a sentence that may embed one. One mapping serves
both, built from every closed vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ledger.domain import data_categories, exemptions, procedure_terms, processing_terms
from ledger.domain.vocabulary import PREFIXES, Vocabulary

# In this order: where two vocabularies share a term id, the first one's label wins.
VOCABULARIES: tuple[Vocabulary, ...] = (
    data_categories.DATA_CATEGORIES,
    processing_terms.PURPOSES,
    processing_terms.LEGAL_BASES,
    processing_terms.SCHEDULE_1_CONDITIONS,
    procedure_terms.PARTNER_TYPES,
    procedure_terms.RESTRICTION_GROUNDS,
    procedure_terms.RESTRICTION_EXCEPTIONS,
    procedure_terms.CHANNELS,
    procedure_terms.REQUEST_KINDS,
    procedure_terms.DECLINE_REASONS,
    procedure_terms.OBJECTION_OUTCOMES,
    procedure_terms.STATUTORY_GATEWAYS,
    procedure_terms.COMPLAINANTS,
    procedure_terms.COMPLAINT_ISSUES,
    procedure_terms.COMPLAINT_OUTCOMES,
    procedure_terms.ICO_DECISIONS,
    exemptions.EXEMPTIONS,
)

LABELS: dict[str, str] = {}
for _vocabulary in reversed(VOCABULARIES):
    LABELS.update({t.id: t.label for t in _vocabulary})

# A compact IRI in running text, not inside a word, a path or an address: a known
# prefix, a colon, then letters, digits and hyphens (a trailing hyphen or full stop
# belongs to the sentence, not the code).
_CODE = re.compile(
    r"(?<![\w:/#.-])(?:"
    + "|".join(re.escape(p) for p in sorted(PREFIXES, key=len, reverse=True))
    + r"):[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
)


def label(term_id: str | None) -> str:
    """A term's label; an unknown id as it is (it is still evidence); None as a dash."""
    if term_id is None:
        return "—"
    return LABELS.get(term_id, term_id)


def labels(term_ids: Iterable[str]) -> str:
    return ", ".join(label(t) for t in term_ids)


def plain(text: str) -> str:
    """``text`` with every known term's code replaced by its label."""
    return _CODE.sub(lambda found: LABELS.get(found.group(0), found.group(0)), text)
