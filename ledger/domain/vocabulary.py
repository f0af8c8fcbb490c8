"""Closed vocabularies: their terms, and how a field is checked against one.

The vocabularies themselves, one module per seam of the domain:
:mod:`ledger.domain.data_categories` (what data), :mod:`ledger.domain.processing_terms`
(why, and on what lawful basis), :mod:`ledger.domain.procedure_terms` (partners,
rights, restrictions, channels, decisions, statutes).

Every term is a compact IRI. Where the W3C Data Privacy Vocabulary has a
concept we use its identifier (``pd:`` personal data categories, ``dpv:``
purposes, ``eu-gdpr:`` legal bases and rights: UK GDPR keeps the EU GDPR's
article numbering, so the ``eu-gdpr:`` identifiers name the same provisions).
Where it has none (DPA 2018 Schedule 1 conditions, the privacy notice's partner kinds,
UK statutes, the Art 18(1) grounds, local case-work purposes) the term lives in
the ``sl:`` namespace and, for data categories and purposes, its note says
which DPV concept it narrows ("narrows pd:Social"). ``docs/vocabulary.md``
lists every term.

DPV version checked: every ``pd:``, ``dpv:`` and ``eu-gdpr:`` identifier below
was checked against DPV 2.1, the CSV exports in the w3c/dpv repository
(``2.1/pd/pd.csv``, ``2.1/dpv/modules/purposes.csv``,
``2.1/legal/eu/gdpr/modules/legal_basis.csv``, ``legal_basis_special.csv``
and ``rights.csv``). DPV 2.1 has no ``pd:Address``, ``pd:DateOfBirth``,
``pd:NationalIdentificationNumber``, ``pd:Lifestyle`` or ``pd:Racial`` and no
identifiers for the individual Art 18(1) grounds; see the notes below.

An unknown term is a :class:`~ledger.domain.errors.ValidationError` that names
the field and the allowed values, so a source system can correct itself from
the message alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from ledger.domain.errors import ValidationError

PREFIXES: dict[str, str] = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "sl": "urn:x-sharing-ledger:vocab#",
}


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a closed vocabulary."""

    id: str
    label: str
    note: str = ""
    # Art 9(1) special category data: sharing it needs an Art 9 condition and,
    # for most public-task sharing, a DPA 2018 Schedule 1 condition too.
    special: bool = False
    # Art 10 criminal offence data: not special category (no Art 9 condition),
    # but processing it needs a DPA 2018 Schedule 1 condition (s.10(5), Sch 1 Pt 3).
    criminal: bool = False
    # The terms of the same vocabulary this one is narrower than (skos:broader):
    # DPV's own hierarchy where both terms are DPV's, ours where we narrow DPV.
    broader: tuple[str, ...] = ()

    @property
    def iri(self) -> str:
        prefix, _, local = self.id.partition(":")
        return PREFIXES[prefix] + local


class Relation(StrEnum):
    """How one term stands to another in a vocabulary's hierarchy."""

    SAME = "same"
    NARROWER = "narrower"  # the first term is a kind of the second
    BROADER = "broader"  # the first term includes the second


class Vocabulary:
    """An ordered, closed set of :class:`Term` objects with validation helpers."""

    def __init__(self, name: str, terms: Iterable[Term]) -> None:
        self.name = name
        self._terms: dict[str, Term] = {}
        for term in terms:
            if term.id in self._terms:
                msg = f"duplicate term {term.id} in vocabulary {name}"
                raise ValueError(msg)
            if term.id.partition(":")[0] not in PREFIXES:
                msg = f"term {term.id} in vocabulary {name} has an unknown prefix"
                raise ValueError(msg)
            self._terms[term.id] = term
        self._ancestors = {t: self._climb(t, ()) for t in self._terms}

    def _climb(self, term_id: str, path: tuple[str, ...]) -> frozenset[str]:
        """Every term ``term_id`` is narrower than, however far up (a cycle is refused)."""
        found: set[str] = set()
        for parent in self._terms[term_id].broader:
            if parent not in self._terms:
                msg = f"term {term_id} in vocabulary {self.name} narrows unknown term {parent}"
                raise ValueError(msg)
            if parent == term_id or parent in path:
                msg = f"vocabulary {self.name}: {term_id} is broader than itself"
                raise ValueError(msg)
            found |= {parent} | self._climb(parent, (*path, term_id))
        return frozenset(found)

    def relation(self, first: str, second: str) -> Relation | None:
        """How ``first`` stands to ``second``: the same, narrower, broader, or unrelated (None).

        Unknown terms relate only to themselves.
        """
        if first == second:
            return Relation.SAME
        if second in self._ancestors.get(first, ()):
            return Relation.NARROWER
        if first in self._ancestors.get(second, ()):
            return Relation.BROADER
        return None

    def covered_by(self, term_id: str, allowed: Iterable[str]) -> bool:
        """Whether ``term_id`` is one of ``allowed`` or narrower than one of them.

        :meth:`relation` SAME or NARROWER, as two set lookups: a partner's
        report asks it for every category of every share.
        """
        terms = allowed if isinstance(allowed, set | frozenset) else frozenset(allowed)
        return term_id in terms or not self._ancestors.get(term_id, frozenset()).isdisjoint(terms)

    def __contains__(self, term_id: object) -> bool:
        return term_id in self._terms

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._terms)

    def get(self, term_id: str) -> Term:
        return self._terms[term_id]

    def require(self, field: str, value: object) -> str:
        """Return ``value`` if it is a term of this vocabulary, else raise."""
        if not isinstance(value, str) or value not in self._terms:
            raise ValidationError(field, f"unknown {self.name} term", self.ids)
        return value

    def require_all(self, field: str, values: object) -> tuple[str, ...]:
        """Validate a non-empty collection of distinct terms; return them as a tuple."""
        if isinstance(values, str) or not isinstance(values, Iterable):
            raise ValidationError(field, f"must be a list of {self.name} terms")
        items = tuple(values)
        if not items:
            raise ValidationError(field, f"must name at least one {self.name} term")
        for item in items:
            self.require(field, item)
        if len(set(items)) != len(items):
            raise ValidationError(field, "must not repeat a term")
        return items


def term(
    term_id: str,
    label: str,
    note: str = "",
    *,
    special: bool = False,
    criminal: bool = False,
    broader: tuple[str, ...] = (),
) -> Term:
    """A term, in the short form the vocabularies are written in."""
    return Term(term_id, label, note, special=special, criminal=criminal, broader=broader)
