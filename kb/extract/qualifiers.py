"""Qualifiers: the conditions under which a number holds (precision format, per chip, per system).

Surface forms live in qualifiers.yaml. The quantity scanner asks for their spans too, so the digits
of `FP8` or the 1 of `1チップあたり` are never read as quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import yaml

from kb.extract.units import DATA


@dataclass(frozen=True)
class QualifierMention:
    start: int
    end: int
    kind: str
    value: str


@cache
def _qualifier_table() -> dict:
    return yaml.safe_load((DATA / "qualifiers.yaml").read_text(encoding="utf-8"))


@cache
def _qualifier_patterns() -> tuple[tuple[str, str, re.Pattern], ...]:
    return tuple(
        (kind, value, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
        for kind, entry in _qualifier_table().items()
        for value, patterns in entry["values"].items()
    )


def qualifier_applies(kind: str, dimension: str) -> bool:
    allowed = _qualifier_table()[kind].get("applies_to")
    return allowed is None or dimension in allowed


@cache
def _hints() -> dict[str, tuple[str, ...]]:
    return {kind: tuple(entry.get("hints", ())) for kind, entry in _qualifier_table().items()}


@lru_cache(maxsize=4096)
def qualifier_mentions(sentence: str) -> tuple[QualifierMention, ...]:
    """Every qualifier named in a sentence, in order (cached: the scanner and the claims both ask).
    Kinds whose hint words the sentence lacks are skipped without running their patterns."""
    folded = sentence.lower()
    present = {kind for kind, hints in _hints().items() if not hints or any(h in folded for h in hints)}
    if not present:
        return ()
    found = [
        QualifierMention(m.start(), m.end(), kind, value)
        for kind, value, pattern in _qualifier_patterns() if kind in present
        for m in pattern.finditer(sentence)
    ]
    return tuple(sorted(found, key=lambda q: q.start))


def sentence_wide(kind: str) -> bool:
    """Kinds stated once for a whole sentence (scope), rather than per clause (precision)."""
    return bool(_qualifier_table()[kind].get("sentence_wide"))
