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

from kb.extract import japanese
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
def scanner_for(lang: str) -> QuantityScanner:
    """The quantity scanner for a language, to find quantities before paying for tokenization."""
    return QuantityScanner(scan_language(lang))


def tokenize(lang: str, text: str) -> list:
    """A sentence's tokens: Sudachi's morphemes for Japanese (japanese.py), spaCy's tokens otherwise."""
    if lang == "ja":
        return japanese.tokenize(text)
    return list(nlp_for(lang).make_doc(text))


@Language.factory("kb_quantities", default_config={"scan_lang": "en"})
def make_quantity_component(nlp: Language, name: str, scan_lang: str) -> QuantityComponent:
    return QuantityComponent(scan_lang)


def scan_language(lang: str) -> str:
    """Chinese shares the Japanese numeral grammar and hedges (万, 亿, 约)."""
    return "en" if lang == "en" else "ja"


@cache
def nlp_for(lang: str) -> Language:
    """The pipeline for `en`, `ja` or `zh` (Chinese segments by character: nothing to download):
    `nlp_for("en")(text).spans["quantities"]`. Extraction uses only its tokenizer (`make_doc`)."""
    if lang not in ("en", "ja", "zh"):
        lang = "en"
    nlp = spacy.blank(lang)
    nlp.add_pipe("kb_quantities", config={"scan_lang": scan_language(lang)})
    return nlp
