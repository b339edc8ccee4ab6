"""What the tolls of a disaster are about: the event the sentence names (`A 7.7 magnitude earthquake strikes
near San Miguel, El Salvador, killing an estimated 852 people`: the earthquake's, not San Miguel's).

A place or a subject that only says where (`Devastating tremors killed at least 16,000 people during a 7.4
earthquake in Turkey`) is no entity of a death toll or a magnitude; the event is. The event nouns and the
measures they own are data (en/words.yaml `event_nouns`, `event_measures`)."""

from __future__ import annotations

import re

from kb.extract.wordlists import alternation, word_set

_EVENTS = alternation("en", "event_nouns")
_EVENT_RE = re.compile(rf"\b(?:{_EVENTS})\b", re.IGNORECASE) if _EVENTS else None
_MEASURES = word_set("en", "event_measures")
#: Words that describe no event (`killed in the earthquake`, `a 7.7 magnitude earthquake`): en/words.yaml
#: `attribute_stop` and `scale_nouns`.
_NOT_DESCRIBING = word_set("en", "attribute_stop") | word_set("en", "scale_nouns")
_WORD_BEFORE = re.compile(r"([A-Za-z-]+)\s+\Z")
#: How many words describing the event may stand before its noun (`A major earthquake`).
_DESCRIBING_WORDS = 2


def event_of(attribute: str | None, sentence: str, entity: str | None) -> str | None:
    """The event the sentence names first, with the words right before its noun that describe it, for a
    figure that measures one of its tolls or its size (a death or injury count, a magnitude) and whose
    entity names no event already (`This earthquake`); None otherwise."""
    if _EVENT_RE is None or attribute is None or attribute.lower() not in _MEASURES or (entity and _EVENT_RE.search(entity)):
        return None
    m = _EVENT_RE.search(sentence)
    if m is None:
        return None
    start = m.start()
    for _ in range(_DESCRIBING_WORDS):
        word = _WORD_BEFORE.search(sentence, 0, start)
        if word is None or word.group(1).lower() in _NOT_DESCRIBING:
            break
        start = word.start()
    article = re.search(r"\b(?:a|an|the|this|that)\s+\Z", sentence[:start], re.IGNORECASE)
    return sentence[article.start() if article else start:m.end()]
