"""Cleaning a body before extraction: markers dropped, repeated passages read once.

Scraped and syndicated articles repeat themselves (the seed restates its first half two or three
times, split by `---END---`). A repeated figure is one claim, not three, so paragraphs that repeat
an earlier one exactly or nearly (rapidfuzz) with the same numbers, and sentences already read, are
skipped. `In 2024 ... 3,200 workers` and `In 2025 ... 1,900 workers` are two paragraphs, not a repeat.
The body itself is kept as it is, so every offset still points into the stored text.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from kb import settings
from kb.documents.model import Sentence
from kb.documents.sentences import split_sentences

#: Lines that are scaffolding, not article text.
MARKER_RE = re.compile(r"^\s*(?:-{3,}\s*END\s*-{3,}|【[^】]{1,40}】|-{3,}|\*{3,}|={3,})\s*$", re.IGNORECASE)
_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


def _key(text: str) -> str:
    """The text as compared for repeats: NFKC-folded (only when it is not already), no white space."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


def clean(body: str) -> tuple[list[Sentence], dict]:
    """The sentences worth reading, and counts of what was dropped (stored with the document)."""
    stats = {"paragraphs": 0, "markers_dropped": 0, "paragraphs_dropped": 0, "sentences_dropped": 0}
    kept_paragraphs = _KeptParagraphs()
    seen_sentences: set[str] = set()
    sentences: list[Sentence] = []
    ratio = float(settings.get("near_duplicate_ratio"))
    for m in _PARAGRAPH_RE.finditer(body):
        stats["paragraphs"] += 1
        paragraph = m.group()
        if MARKER_RE.match(paragraph):
            stats["markers_dropped"] += 1
            continue
        key = _key(paragraph)
        if kept_paragraphs.repeats_else_add(key, ratio):
            stats["paragraphs_dropped"] += 1
            continue
        for start, end in split_sentences(paragraph, m.start()):
            text = body[start:end]
            if MARKER_RE.match(text):
                stats["markers_dropped"] += 1
                continue
            sentence_key = _key(text)
            if sentence_key in seen_sentences:
                stats["sentences_dropped"] += 1
                continue
            seen_sentences.add(sentence_key)
            sentences.append(Sentence(start, end, text))
    return sentences, stats


#: The numbers of a paragraph as written (after NFKC: full-width digits are ASCII).
_NUMBERS_RE = re.compile(r"\d+(?:[.,]\d+)*")


class _KeptParagraphs:
    """The paragraphs read so far, indexed so that each new one is compared with few: exact repeats
    by a set; near repeats only with earlier paragraphs holding the same numbers, of similar length,
    and of those the last `RECENT` (a syndicated article repeats itself whole, not one sentence of
    thousands), so cleaning stays linear in the number of paragraphs."""

    RECENT = 32

    def __init__(self):
        self.exact: set[str] = set()
        self.by_numbers: dict[tuple[str, ...], list[str]] = {}

    def repeats_else_add(self, key: str, ratio: float) -> bool:
        """Whether `key` repeats a paragraph read before; if not, it is one of them from now on."""
        if key in self.exact:
            return True
        self.exact.add(key)
        numbers = tuple(_NUMBERS_RE.findall(key)) if len(key) >= 40 else ()
        if not numbers:
            return False  # without numbers a near repeat holds no claim to count twice
        earlier = self.by_numbers.setdefault(numbers, [])
        for other in reversed(earlier[-self.RECENT:]):
            shorter, longer = sorted((len(key), len(other)))
            if shorter >= 0.9 * longer and fuzz.ratio(key, other) >= ratio:
                return True
        earlier.append(key)
        return False
