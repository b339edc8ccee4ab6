"""Sentence boundaries for English and CJK text, cheap enough to run on every paragraph.

Why our own splitter: spaCy's blank pipelines have no sentence model, and the extractor only needs
boundaries that never cut a number (`$8.2M`, `U.S.`, `No. 5`) and always cut at 。！？.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof inc ltd co corp jr sr st vs etc e.g i.e u.s u.k no fig approx est jan feb mar apr "
    "jun jul aug sep sept oct nov dec vol pp p al gen lt col sen rep gov rs".split()  # `Rs. 19,800`: rupees
)
#: Longer "sentences" (a 5 MB line, a table flattened to text) are cut into pieces of about this size,
#: at a space or comma where one is near, so no single piece costs more than a normal sentence.
MAX_SENTENCE_CHARS = 2000
_SOFT_BREAK = re.compile(r"[\s、，,;；]")
_BOUNDARY = re.compile(r"[。！？]+[」』）)\"”']*|[.!?]+(?=[\s\"”')\]]|$)[\"”')\]]*|\n")


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, shifted by `offset`, trimmed of white space."""
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group().startswith(".") and (_is_abbreviation(text, m.start()) or _is_spaced_decimal(text, m)):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    result = []
    for s, e in (piece for span in spans for piece in _cut_long(text, *span)):
        chunk = text[s:e]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        result.append((offset + s + lead, offset + s + lead + len(stripped)))
    return result


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)\Z", text[max(0, dot - 12):dot])
    if word is None:
        return False
    token = word.group(1).lower().strip(".")
    if token in _ABBREVIATIONS:
        return True
    following = text[dot + 1 : dot + 3].lstrip()
    return len(token) == 1 and following[:1].isupper()  # initials: "J. Smith"


def _is_spaced_decimal(text: str, m: re.Match) -> bool:
    """`rose 6 . 2 %`: tokenized text (as news corpora are often stored) spaces out a decimal point."""
    before, after = text[m.start() - 2:m.start()], text[m.end():m.end() + 2]
    return m.group() == "." and before[:1].isdigit() and before[1:] == " " and after[:1] == " " and after[1:].isdigit()


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span longer than MAX_SENTENCE_CHARS cut at soft breaks (or hard, if there are none)."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        window = text[limit - 200 : limit]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window)]
        cut = limit - 200 + breaks[-1] if breaks else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces
