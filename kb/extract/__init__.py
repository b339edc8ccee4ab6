"""Extraction: documents in, claims out. Knows nothing of the database.

`extract_document(doc)` is the library call behind `kb extract` and `kb ingest`.
"""

from __future__ import annotations

import math
from functools import cache, partial

from kb.documents import Document
from kb.extract import claims as attach
from kb.extract import context, names, tables
from kb.extract.durations import join_durations
from kb.extract.languages import NEUTRAL, Language, language_for, unknown_language_warning
from kb.extract.model import MEASURED_HEAD, WHOLE_PHRASE, Claim, Quantity
from kb.extract.pipeline import scanner_for
from kb.extract.qualifiers import qualifier_mentions
from kb.extract.tokens import Tokens
from kb.extract.units import normalize

__all__ = ["Claim", "Quantity", "extract_document"]


def extract_document(doc: Document) -> list[Claim]:
    """Every claim in the document's kept sentences, with offsets into its body.

    A language with no entry in the language table is read with the language-neutral core, and the
    document gets a warning that says so (once)."""
    lang = doc.lang or "en"
    language = language_for(lang)
    if language is NEUTRAL and unknown_language_warning(lang) not in doc.warnings:
        doc.warnings.append(unknown_language_warning(lang))
    title_entity = context.title_entity(doc.title, language)
    scanner = scanner_for(lang)
    holding = []  # (index, sentence, quantities): most sentences hold none and are never tokenized
    for index, sentence in enumerate(doc.sentences):
        if language.may_hold_number(sentence.text):
            quantities = join_durations(sentence.text, scanner.scan(sentence.text))
            naming = tables.naming_cells(doc.sentences, index) if quantities else ()
            quantities = [q for q in quantities if not any(a <= q.start < b for a, b in naming)]
            if quantities:
                holding.append((index, sentence, quantities))
    found: list[Claim] = []
    tokenized = language.tokenize_all([sentence.text for _, sentence, _ in holding])
    previous: tuple[int, list[Claim]] = (-2, [])
    with_figures: dict[int, Tokens] = {}  # the sentences read so far that hold figures, by index, tokenized
    topics: dict[int, str | None] = {}  # each sentence's own topic, once worked out
    for (index, sentence, quantities), items in zip(holding, tokenized):
        tokens = with_figures[index] = Tokens.of(sentence.text, items)
        # what the sentence inherits, worked out only when one of its figures names no subject
        inherited = cache(partial(context.inherited_topic, doc.sentences, index, title_entity, language, with_figures,
                                  topics))
        header = tables.header_of(doc.sentences, index)
        claims = _claims_in_sentence(doc, sentence, quantities, tokens, inherited, language, header)
        if language.points_back is not None and index and language.points_back(sentence.text):
            claims = context.pointed_back(claims, doc.sentences[index - 1].text,
                                          previous[1] if previous[0] == index - 1 else None)
        if language.carries_measure and previous[0] == index - 1:
            claims = attach.measure_from_sentence_before(claims, previous[1])
        if language.carries_subject is not None and previous[0] == index - 1:
            claims = attach.subject_from_sentence_before(claims, previous[1], language.carries_subject)
        found.extend(claims)
        previous = (index, claims)
    return found


def _subject(language: Language, quantity: Quantity, tokens: Tokens, names_in_sentence, sentence: str,
             products=()) -> str | None:
    """The subject of the figure's clause, from a parse (when the language has one): the name its head
    word is part of (`Huawei's CloudMatrix 384` -> CloudMatrix 384), else the phrase itself (`The Dow
    Jones industrial average`: the head `average` is no part of the name `Dow Jones`)."""
    parsed = language.subject is not None and tokens.items and getattr(tokens.items[0], "dep_", "")
    span = language.subject(quantity, tokens) if parsed else None
    windowed = span is None and language.window_subject is not None  # no parse, or the parse found no subject
    if windowed:
        span = language.window_subject(quantity, tokens)
        if span is not None and any(span[1] < n.start and n.end <= quantity.start for n in products):
            span = None  # `The Orion 7 costs $2M and the Zephyr X1 has 128 GB`: a nearer model, another clause
    if span is None:
        return None
    start, end, head = span
    inside = [n for n in names_in_sentence if start <= n.start and n.end <= end]
    if head == WHOLE_PHRASE:  # `The 256GB variant of the iPhone 11 Pro Max`: the variant, not its line
        return sentence[start:end]
    if head == MEASURED_HEAD:  # the phrase names what is measured: a name in it is whose, else the thing after `of`
        if inside:
            return inside[0].text
        return language.measured_thing(sentence[start:end]) if language.measured_thing is not None else None
    named = [n for n in inside if n.start <= head < n.end] or (inside if windowed else [])
    if sentence[end:end + 2] in names.POSSESSIVE_MARKS:
        # `The Standard & Poor's 500 index`: the phrase was cut at an `'s` that is part of a name holding its head
        named = [n for n in names_in_sentence if start <= n.start <= head < n.end] or named
    if named and names.is_descriptive(named[0]):
        # `The FTSE 100 Index fell 1.5%`: a capitalized common word heads the phrase; the name before it is the subject
        named = [n for n in inside if not names.is_descriptive(n)] or named
    return named[0].text if named else sentence[start:end]  # without a parse, `The Sunridge Solar Park battery` is the park's


def _model_named_before(quantity: Quantity, products, counted) -> bool:
    """Whether a model name stands before the figure in its sentence (not one the figures count)."""
    return any(n.end <= quantity.start and (n.start, n.end) not in counted for n in products)


def _representable(value, normalized: float | None) -> bool:
    try:
        return math.isfinite(float(value)) and (normalized is None or math.isfinite(normalized))
    except OverflowError:
        return False


def _claims_in_sentence(doc: Document, sentence, quantities: list[Quantity], tokens: Tokens, context_entity,
                        language: Language, header: list[str] | None = None) -> list[Claim]:
    mentions = qualifier_mentions(sentence.text)
    products, propers = attach.entity_names(sentence.text, mentions)  # who states a figure is no subject of it
    counted = attach.counted_names(quantities, products + propers, sentence.text) | attach.components(products, sentence.text)
    spans = [(m.start, m.end) for m in mentions]  # what the frame rules step over, once per sentence
    result = []
    topics = {}  # claim start -> (what the sentence's topic measures, where its marker is), for figures naming nothing
    for quantity, clause in zip(quantities, attach.clauses(quantities, len(sentence.text))):
        attribute = attach.attribute_for(quantity, tokens, spans, language)
        if attribute is None and language.measured_topic is not None:
            found = language.measured_topic(quantity, tokens, spans)
            if found is not None:
                topics[sentence.start + quantity.start] = (found[0], sentence.start + found[1])
        label = attach.spec_label(sentence.text, quantity, quantities)
        if label and any(label.row_start <= p.start < label.end for p in products):
            label = None  # `Atlas 950 SuperPoD: 8,192 NPUs`: the label names the subject, not what is measured
        names_left = propers
        if label:
            # `Total NPU Memory: ~48 TB`: the label says what is measured; the subject is the document's,
            # or the model its section names (`[H100 SXM – TDP] 700W`)
            in_section = any(label.start <= p.start < label.row_start for p in products)
            # a section that is no model says what kind of row it is (`[Memory & VRAM – Bandwidth]`)
            attribute = f"{label.section} {label.text}" if label.section and not in_section else label.text
            names_left = []  # capitalized words of a row (`(Dense)`, `Compute Performance`) name no subject
        named = attach.described_name(quantity, [*products, *names_left], sentence.text)
        if named is not None:
            attribute = attach.measure_of_named(quantity, attribute, named, language.code)
        bracketed = attach.bracketed_after_name(quantity, [*products, *names_left], sentence.text, counted) \
            or (language.bracketed(quantity, tokens, spans) if language.bracketed is not None and not label else None)
        bought = language.bought(quantity, sentence.text, [*products, *names_left]) if language.bought else None
        entity = tables.column_subject(sentence.text, quantity.start, header) or bracketed or named or bought \
            or _subject(language, quantity, tokens, [*products, *names_left], sentence.text, products)
        # the name a bracket or a unit ties the figure to is its own, carried to no other figure
        described = entity if entity is not None and entity in (bracketed, named) else None
        if entity is None and language.described is not None and not label:
            # `出力10万キロワットの洋上風力`: the thing the figure describes, unless it is part of a model named before
            entity = described = language.described(quantity, tokens, spans, _model_named_before(quantity, products, counted))
        entity = entity or attach.entity_for(quantity, products, names_left, sentence.text, counted, clause)
        if entity is None and language.topic is not None and not label:  # a row's label is no topic
            entity = language.topic(quantity, tokens, spans)
        nearby = None
        if entity is None and language.sentence_subject is not None and not label:
            nearby = language.sentence_subject(quantity, tokens, spans)
            if nearby is not None and attach.measured_in_clause_before(nearby, result, sentence.text, quantity):
                nearby = None  # `行方不明者が3人、重軽傷が28人`: items of a list, what one measures is no subject of the next
        if entity is None and nearby is None:
            nearby = context_entity()
        from_context = entity is None and nearby is not None
        if entity is None and nearby is None and language.modified is not None and not label:
            entity = language.modified(quantity, tokens)  # `the yield on 30-year Treasurys`: the Treasurys
        if entity is None and nearby is None and language.stand_in is not None and not label:
            entity = language.stand_in(quantity, tokens)  # `The automaker`: what stands for it, named nowhere
        event = language.event(attribute, sentence.text, entity or nearby) if language.event is not None else None
        if event is not None:  # `A 7.7 magnitude earthquake strikes near San Miguel, killing 852 people`: the quake's
            entity, nearby, from_context = event, None, False
        if language.subject_is_no_measure is not None and quantity.change is not None and entity and attribute \
                and language.subject_is_no_measure(attribute, entity):
            attribute = None  # `The blue-chip index is down 19.9 percent`: the index's change, the index no measure
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
                entity=entity or nearby,
                entity_from_context=from_context,
                entity_local=described is not None,
                attribute=attribute,
                # a row's label states conditions for each of its values (`[FP16] 133 TFLOPS (Dense), 197 ...`)
                qualifiers=attach.qualifiers_for(quantity, sentence.text, mentions, (0, clause[1]) if label else clause,
                                                 normalized.dimension),
                sentence=sentence.text,
                sentence_start=sentence.start,
                lang=doc.lang or "en",
            )
        )
    return attach.topic_attributes(attach.carry_frames(attach.topic_attributes(result, topics, changes_only=True)), topics)
