"""What a sentence that names no subject inherits: the sentence before it, the heading above its block
of spec rows, or the document's headline."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from kb.extract import claims as attach
from kb.extract import names
from kb.extract.qualifiers import qualifier_mentions
from kb.extract.tokens import Tokens

#: A line that heads what follows: short, no sentence's end (`H100 NVL (PCIe Variant)`, `仕様`).
_HEADING = re.compile(r"[^.!?。！？\n]{2,80}[:：]?\s*")
_LIST_NUMBER = re.compile(r"\A\s*\d{1,2}[.)]\s+")  # `1. NVIDIA H100 SXM5`: a numbered heading
#: How many lines of one spec sheet or table may stand between a row and the heading it is under.
_ROWS_UNDER_A_HEADING = 40
#: How far back a sentence naming no subject looks for one: past a fragment or two that name none, not
#: into another part of the story. A fragment is at most `_FRAGMENT` characters (`(875Nm) of torque.`,
#: `沿线共设24个车站,包括天津西、济南西、南京南等大型枢纽站。`); a longer sentence that names no subject
#: (`費用は約820万ドルと見積もられているけれど、これは…`) ends the search: what it says may have moved on.
_SENTENCES_BACK = 3
_FRAGMENT = 40


def inherited_topic(sentences, index: int, title_entity: str | None, language=None,
                    with_figures: Mapping[int, Tokens] = MappingProxyType({}),
                    topics: dict[int, str | None] | None = None) -> str | None:
    """The subject a sentence naming none inherits: the previous sentence's, or past a fragment naming
    none (`Technology.`, `総事業費は1000億円規模。`: a detail, not a new topic) the one before it, up to
    `_SENTENCES_BACK`; else the headline's. A row of a spec sheet (`- Memory Bandwidth: 3.35 TB/s`)
    inherits from above its block of rows, whose labels name no subject: the heading there (`H100 SXM
    (High-Performance Variant)`), or, under a paragraph of prose, the headline first (a lead's last
    sentence is often about a part). A short line that holds figures (`2 × 50 MW Francis-type`;
    `with_figures` holds those read so far, tokenized) is a row of the block too, not its heading.
    `topics` keeps each sentence's own topic for the document, worked out once (a Japanese sentence is
    tokenized to find it)."""
    if not index:
        return title_entity
    if attach.is_spec_line(sentences[index].text):
        for back in range(index - 1, max(-1, index - 1 - _ROWS_UNDER_A_HEADING), -1):
            line = sentences[back].text
            if not attach.is_spec_line(line):
                heading = _HEADING.fullmatch(_LIST_NUMBER.sub("", line, count=1))
                if heading and back in with_figures:
                    continue
                if heading:
                    return topic(line, language, heading=True) or title_entity
                return title_entity or topic(line, language, tokens=with_figures.get(back))
        return title_entity
    topics = {} if topics is None else topics
    for back in range(index - 1, max(-1, index - 1 - _SENTENCES_BACK), -1):
        if back not in topics:
            topics[back] = topic(sentences[back].text, language, tokens=with_figures.get(back))
        found = topics[back]
        if found is not None or len(sentences[back].text.strip()) > _FRAGMENT:
            return found or title_entity
    return title_entity


def pointed_back(claims: list, sentence_before: str, claims_before: list | None) -> list:
    """The claims of a sentence whose subject points back (`It`, `They`, `That was`): those naming no subject
    of their own are about what the sentence before was about (`antecedent`), over what the headline or a
    name the sentence before only mentions would give."""
    found = antecedent(sentence_before, claims_before)
    if found is None:
        return claims
    return [replace(c, entity=found, entity_from_context=True) if c.entity is None or c.entity_from_context else c
            for c in claims]


def antecedent(sentence_before: str, claims_before: list | None) -> str | None:
    """What a sentence whose subject points back (`It`, `They`, `That was`) is about: the subject the last
    figure of the sentence right before had of its own (`The phone is confirmed to launch with up to 8GB
    of RAM.`), else, when that sentence held no figure, the name opening it (`Smiths shares led the FTSE
    100 ...`: Smiths, not the index it names later)."""
    own = attach.own_subjects(claims_before or ())
    if own:
        return own[-1]
    if claims_before is not None:
        return None
    opening = names.opening_name(sentence_before)
    return None if opening is None or names.speaks_of_another(sentence_before, opening) else opening


def topic(sentence: str, language=None, heading: bool = False, tokens: Tokens | None = None) -> str | None:
    """The named subject of a sentence (asked only of those before a sentence with a quantity); of a
    spec-sheet row only a model name, never its label's words (`Height 181 m`). In a language whose
    names have no capitals, the subject its structure gives (`三峡水电站位于…`), read on the sentence's
    `tokens` when it was tokenized already (it held figures)."""
    # who reports the figures of the sentence before is no subject to inherit (`according to the Commerce Department`)
    products, propers = attach.entity_names(sentence, qualifier_mentions(sentence))
    spec_row = attach.is_spec_line(sentence)
    # a model the sentence names comes first, then a name opening it (`Jackson is fully guaranteed ...`: the
    # sentence start hides it from the proper names), then the other names (`... led the FTSE 100`: an object)
    opening = None if spec_row or heading else names.opening_name(sentence)
    if opening is not None and names.speaks_of_another(sentence, opening):
        return None  # `Brightfield says the park will power ...`: the park, the sentence before says which
    found = attach.sentence_topic(products, (), sentence) or opening \
        or attach.sentence_topic((), () if spec_row else propers, sentence)
    if found is None and language is not None and language.lead_subject is not None and not spec_row:
        found = language.lead_subject(tokens or Tokens.of(sentence, language.tokenize(sentence)), heading)
    return found


def title_entity(title: str | None, language=None) -> str | None:
    """The model the headline names (`... CloudMatrix 384 Supernode: ...`), the document's default topic;
    in a language whose names have no capitals, the name the headline opens with (`【三峡水电站简介】`)."""
    if not title:
        return None
    spec_row = attach.is_spec_line(title)  # a text's first line taken for its title: `Height 181 m`
    for found in (names.product_names(title), () if spec_row else names.proper_names(title, sentence_start_rule=False)):
        if found:
            return found[0].text
    if language is not None and language.lead_subject is not None and not spec_row:
        return language.lead_subject(Tokens.of(title, language.tokenize(title)), True)
    return None
