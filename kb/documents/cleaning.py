"""Cleaning a body before extraction: markers dropped, repeated passages read once.

Scraped and syndicated articles repeat themselves (the seed restates its first half two or three
times, split by `---END---`). A repeated figure is one claim, not three, so paragraphs that repeat
an earlier one exactly or nearly (rapidfuzz), and sentences already read, are skipped.
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
    kept_paragraphs: list[str] = []
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
        if _repeats(key, kept_paragraphs, ratio):
            stats["paragraphs_dropped"] += 1
            continue
        kept_paragraphs.append(key)
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


def _repeats(key: str, kept: list[str], ratio: float) -> bool:
    for earlier in kept:
        if key == earlier:
            return True
        shorter, longer = sorted((len(key), len(earlier)))
        if len(key) >= 40 and shorter >= 0.9 * longer and fuzz.ratio(key, earlier) >= ratio:
            return True
    return False
