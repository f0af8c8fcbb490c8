"""Plain words: every vocabulary's labels in one mapping, and codes in sentences replaced."""

from __future__ import annotations

from ledger.domain import (
    data_categories,
    exemptions,
    plain_words,
    procedure_terms,
    processing_terms,
)
from ledger.domain.vocabulary import Vocabulary


def test_every_closed_vocabulary_is_in_the_mapping() -> None:
    """Each Vocabulary the domain defines is one of plain_words.VOCABULARIES."""
    defined = {
        id(value)
        for module in (data_categories, processing_terms, procedure_terms, exemptions)
        for value in vars(module).values()
        if isinstance(value, Vocabulary)
    }
    assert defined == {id(v) for v in plain_words.VOCABULARIES}


def test_a_term_reads_as_its_label() -> None:
    """A field's term shows its label; an unknown one as it is; none as a dash."""
    assert plain_words.label("eu-gdpr:A6-1-e") == "Art 6(1)(e) public task"
    assert plain_words.label("sl:NotATerm") == "sl:NotATerm"
    assert plain_words.label(None) == "—"


def test_codes_in_a_sentence_become_labels() -> None:
    """A reason naming categories by code reads with their labels, punctuation kept."""
    text = "shared pd:MentalHealth (narrower than pd:Health), under sl:DPA2018-S1-P2-18."
    assert plain_words.plain(text) == (
        "shared "
        + plain_words.label("pd:MentalHealth")
        + " (narrower than "
        + plain_words.label("pd:Health")
        + "), under Sch 1 Pt 2 para 18: safeguarding children and individuals at risk."
    )


def test_text_that_only_looks_like_a_code_is_left_alone() -> None:
    """Unknown codes, a withheld marker and an address are not rewritten."""
    for text in ("sl:Unknown stays", "sl-withheld:disposed", "https://w3id.org/dpv/pd:Health"):
        assert plain_words.plain(text) == text
