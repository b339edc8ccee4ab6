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
from kb.extract.numbers import HIRAGANA_RUN_RE
from kb.extract.pipeline import scanner_for, tokenize
from kb.extract.qualifiers import qualifier_mentions
from kb.extract.units import normalize

__all__ = ["Claim", "Quantity", "extract_document"]

#: A sentence can hold a quantity only if it has a digit, a CJK numeral or an English number word.
_MAY_HOLD_DIGIT = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千万億亿兆数何半壱弐参两壹贰貳叁肆伍柒捌玖]")
#: (Case-sensitive, searched in the lower-cased sentence: much faster than IGNORECASE.)
_MAY_HOLD_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|dozens?|"
    r"thousands?|millions?|billions?|trillions?|half|halves|quarters?|thirds?|fourths?|fifths?|sixths?|sevenths?|"
    r"eighths?|ninths?|tenths?|decades?|century|centuries)\b"
)


def extract_document(doc: Document) -> list[Claim]:
    """Every claim in the document's kept sentences, with offsets into its body."""
    lang = doc.lang or "en"
    title_entity = _title_entity(doc.title)
    scanner = scanner_for(lang)
    found: list[Claim] = []
    for index, sentence in enumerate(doc.sentences):
        if not _may_hold_number(sentence.text, lang):
            continue
        quantities = scanner.scan(sentence.text)
        if not quantities:
            continue  # most sentences hold no quantity: they are never tokenized
        tokens = attach.Tokens.of(sentence.text, tokenize(lang, sentence.text))
        context = (_topic(doc.sentences[index - 1].text) if index else None) or title_entity
        found.extend(_claims_in_sentence(doc, sentence, quantities, tokens, context, lang))
    return found


def _may_hold_number(text: str, lang: str) -> bool:
    """A cheap test first: most sentences hold no number and are never scanned."""
    if _MAY_HOLD_DIGIT.search(text):
        return True
    if lang == "en":
        return _MAY_HOLD_NUMBER_WORD.search(text.lower()) is not None
    return HIRAGANA_RUN_RE.search(text) is not None  # `ななひゃくよんじゅうに`, standing alone


def _topic(sentence: str) -> str | None:
    """The named subject of a sentence (asked only of those before a sentence with a quantity)."""
    return attach.sentence_topic(*attach.entity_names(sentence), sentence)


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


def _claims_in_sentence(doc: Document, sentence, quantities: list[Quantity], tokens, context_entity,
                        lang) -> list[Claim]:
    mentions = qualifier_mentions(sentence.text)
    products, propers = attach.entity_names(sentence.text)
    counted = attach.counted_names(quantities, products + propers, sentence.text)
    result = []
    for quantity, clause in zip(quantities, attach.clauses(quantities, len(sentence.text))):
        attribute = attach.attribute_for(quantity, tokens, mentions, lang)
        label = attach.spec_label(sentence.text, quantity)
        names_left = propers
        if label and not any(label[0] <= p.start < label[1] for p in products):
            # `Total NPU Memory: ~48 TB`: the label says what is measured; the subject is the document's
            attribute = label[2]
            names_left = [p for p in propers if not label[0] <= p.start < label[1]]
        entity = attach.entity_for(quantity, products, names_left, sentence.text, counted, clause)
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
                lang=lang,
            )
        )
    return result
