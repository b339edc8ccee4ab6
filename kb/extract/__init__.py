"""Extraction: documents in, claims out. Knows nothing of the database.

`extract_document(doc)` is the library call behind `kb extract` and `kb ingest`.
"""

from __future__ import annotations

import math
import re

from kb.documents import Document
from kb.extract import claims as attach
from kb.extract import names
from kb.extract.model import Claim, Quantity
from kb.extract.languages import NEUTRAL, Language, language_for, unknown_language_warning
from kb.extract.pipeline import scanner_for
from kb.extract.qualifiers import qualifier_mentions
from kb.extract.tokens import Tokens
from kb.extract.units import normalize

__all__ = ["Claim", "Quantity", "extract_document"]

#: An according_to mention that is the speaker of the sentence (`Apple said`), not a third party cited.
_SPEAKER = re.compile(r"\s(?:said|says|reported|estimates|estimated)\Z")


def extract_document(doc: Document) -> list[Claim]:
    """Every claim in the document's kept sentences, with offsets into its body.

    A language with no entry in the language table is read with the language-neutral core, and the
    document gets a warning that says so (once)."""
    lang = doc.lang or "en"
    language = language_for(lang)
    if language is NEUTRAL and unknown_language_warning(lang) not in doc.warnings:
        doc.warnings.append(unknown_language_warning(lang))
    title_entity = _title_entity(doc.title)
    scanner = scanner_for(lang)
    holding = []  # (index, sentence, quantities): most sentences hold none and are never tokenized
    for index, sentence in enumerate(doc.sentences):
        if language.may_hold_number(sentence.text):
            quantities = scanner.scan(sentence.text)
            if quantities:
                holding.append((index, sentence, quantities))
    found: list[Claim] = []
    tokenized = language.tokenize_all([sentence.text for _, sentence, _ in holding])
    for (index, sentence, quantities), items in zip(holding, tokenized):
        tokens = Tokens.of(sentence.text, items)
        context = (_topic(doc.sentences[index - 1].text) if index else None) or title_entity
        found.extend(_claims_in_sentence(doc, sentence, quantities, tokens, context, language))
    return found


def _topic(sentence: str) -> str | None:
    """The named subject of a sentence (asked only of those before a sentence with a quantity)."""
    return attach.sentence_topic(*attach.entity_names(sentence), sentence)


def _subject(language: Language, quantity: Quantity, tokens: Tokens, names_in_sentence, sentence: str) -> str | None:
    """The subject of the figure's clause, from a parse (when the language has one): the name its head
    word is part of (`Huawei's CloudMatrix 384` -> CloudMatrix 384), else the phrase itself (`The Dow
    Jones industrial average`: the head `average` is no part of the name `Dow Jones`)."""
    parsed = language.subject is not None and tokens.items and getattr(tokens.items[0], "dep_", "")
    span = language.subject(quantity, tokens) if parsed else None
    if span is None:
        return None
    start, end, head = span
    named = [n for n in names_in_sentence if start <= n.start and n.end <= end and n.start <= head < n.end]
    return named[0].text if named else sentence[start:end]


def _representable(value, normalized: float | None) -> bool:
    try:
        return math.isfinite(float(value)) and (normalized is None or math.isfinite(normalized))
    except OverflowError:
        return False


def _title_entity(title: str | None) -> str | None:
    """The model the headline names (`... CloudMatrix 384 Supernode: ...`), the document's default topic."""
    if not title:
        return None
    for found in (names.product_names(title), names.proper_names(title, sentence_start_rule=False)):
        if found:
            return found[0].text
    return None


def _claims_in_sentence(doc: Document, sentence, quantities: list[Quantity], tokens: Tokens, context_entity,
                        language: Language) -> list[Claim]:
    mentions = qualifier_mentions(sentence.text)
    products, propers = attach.entity_names(sentence.text)
    # who states a figure is no subject of it (`according to the weather agency`, `ANNのまとめでは`)
    sources = [(m.start, m.end) for m in mentions if m.kind == "according_to" and not _SPEAKER.search(
        sentence.text, m.start, m.end)]  # `Apple said revenue rose 5%`: a company reporting its own figure is its subject
    if sources:
        products = [n for n in products if not any(s <= n.start < e for s, e in sources)]
        propers = [n for n in propers if not any(s <= n.start < e for s, e in sources)]
    counted = attach.counted_names(quantities, products + propers, sentence.text) | attach.components(products, sentence.text)
    result = []
    for quantity, clause in zip(quantities, attach.clauses(quantities, len(sentence.text))):
        attribute = attach.attribute_for(quantity, tokens, mentions, language)
        label = attach.spec_label(sentence.text, quantity)
        names_left = propers
        if label and not any(label[0] <= p.start < label[1] for p in products):
            # `Total NPU Memory: ~48 TB`: the label says what is measured; the subject is the document's
            attribute = label[2]
            names_left = [p for p in propers if not label[0] <= p.start < label[1]]
        entity = _subject(language, quantity, tokens, [*products, *names_left], sentence.text) \
            or attach.entity_for(quantity, products, names_left, sentence.text, counted, clause)
        if entity is None and language.topic is not None:
            entity = language.topic(quantity, tokens, [(m.start, m.end) for m in mentions])
        from_context = entity is None and context_entity is not None
        normalized = normalize(quantity.value, quantity.spec)
        if not _representable(quantity.value, normalized.value):
            continue  # `1e999 flops`: no float holds it, and no real claim needs it
        result.append(
            Claim(
                doc_id=doc.doc_id,
                start=sentence.start + quantity.start,
                end=sentence.start + quantity.end,
                text=quantity.text,
                value=quantity.value,
                low=quantity.low,
                high=quantity.high,
                modifier=quantity.modifier,
                change=quantity.change,
                unit=quantity.unit,
                unit_normalized=normalized.unit,
                value_normalized=normalized.value,
                low_normalized=normalize(quantity.low, quantity.spec).value,
                high_normalized=normalize(quantity.high, quantity.spec).value,
                dimension=normalized.dimension,
                entity=entity or context_entity,
                entity_from_context=from_context,
                attribute=attribute,
                qualifiers=attach.qualifiers_for(quantity, sentence.text, mentions, clause, normalized.dimension),
                sentence=sentence.text,
                sentence_start=sentence.start,
                lang=doc.lang or "en",
            )
        )
    return attach.carry_frames(result)
