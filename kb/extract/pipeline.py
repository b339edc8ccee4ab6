"""The spaCy pipelines: `spacy.blank(lang)` plus our quantity component; tokens for the claim rules.

No trained model is loaded: tokenization comes from spaCy's rules (and SudachiPy's dictionary,
installed from PyPI), quantities from our scanner, which sets `doc.spans["quantities"]` with each
span's `._.quantity`.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kb.extract.languages import LANGUAGES, language_for
from kb.extract.quantities import QuantityScanner

SPAN_KEY = "quantities"
if not Span.has_extension("quantity"):
    Span.set_extension("quantity", default=None)


class QuantityComponent:
    """Marks every quantity in a Doc (`doc.spans["quantities"]`, each span's `._.quantity`); works on
    the text, so tokenization never splits a number. kb's own extraction calls the same scanner
    directly and tokenizes only the sentences it finds quantities in; this is the spaCy face of it."""

    def __init__(self, scan_lang: str):
        self.scanner = scanner_for(scan_lang)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for quantity in self.scanner.scan(doc.text):
            span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
            if span is not None:
                span._.quantity = quantity
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@cache
def scanner_for(lang: str | None) -> QuantityScanner:
    """The quantity scanner for a language code (languages.py; NEUTRAL for a code with no entry),
    to find quantities before paying for tokenization."""
    return QuantityScanner(language_for(lang))


def tokenize(lang: str | None, text: str) -> list:
    """A sentence's tokens, by the language's own tokenizer (Sudachi's morphemes for Japanese)."""
    return language_for(lang).tokenize(text)


@Language.factory("kb_quantities", default_config={"scan_lang": "en"})
def make_quantity_component(nlp: Language, name: str, scan_lang: str) -> QuantityComponent:
    return QuantityComponent(scan_lang)


@cache
def nlp_for(lang: str) -> Language:
    """The pipeline for a language of the table (languages.py; any other code gets the neutral one):
    `nlp_for("en")(text).spans["quantities"]`. Extraction uses the scanner and tokenizer directly."""
    nlp = spacy.blank(lang if lang in LANGUAGES else "xx")  # a language with no entry: spaCy's multi-language rules
    nlp.add_pipe("kb_quantities", config={"scan_lang": lang})
    return nlp
