"""Qualifiers: the conditions under which a number holds (precision format, per chip, the period it
covers, whether it is a forecast).

Surface forms live in qualifiers.yaml: canonical values with the patterns that name them, and for open
kinds (`period`) patterns whose match is the value as written. The quantity scanner asks for the spans
of the kinds that block, so the digits of `FP8` or the 1 of `1チップあたり` are never read as quantities.
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
def _qualifier_patterns() -> tuple[tuple[str, str | None, re.Pattern], ...]:
    """(kind, canonical value or None for an open form, pattern) for every surface form."""
    canonical = tuple(
        (kind, value, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
        for kind, entry in _qualifier_table().items()
        for value, patterns in entry.get("values", {}).items()
    )
    open_forms = tuple(
        (kind, None, re.compile(form, re.IGNORECASE))
        for kind, entry in _qualifier_table().items()
        for form in entry.get("forms", ())
    )
    return canonical + open_forms


_LEADING_ARTICLE = re.compile(r"^(?:the|in|for|during|of)\s+", re.IGNORECASE)


def _as_written(m: re.Match) -> str:
    """An open form's value: its `p` group if it has one, whitespace folded, a leading `the` dropped."""
    text = m.group("p") if "p" in m.re.groupindex and m.group("p") else m.group()
    return _LEADING_ARTICLE.sub("", re.sub(r"\s+", " ", text).strip())


def qualifier_applies(kind: str, dimension: str) -> bool:
    allowed = _qualifier_table()[kind].get("applies_to")
    return allowed is None or dimension in allowed


@cache
def _hints() -> dict[str, tuple[str, ...]]:
    return {kind: tuple(entry.get("hints", ())) for kind, entry in _qualifier_table().items()}


@lru_cache(maxsize=4096)
def qualifier_mentions(sentence: str) -> tuple[QualifierMention, ...]:
    """Every qualifier named in a sentence, in order (cached: the scanner and the claims both ask).
    Kinds whose hint words the sentence lacks are skipped without running their patterns; of the
    mentions of one open kind that overlap, the one starting first (then the longest) is kept."""
    folded = sentence.lower()
    present = {kind for kind, hints in _hints().items() if not hints or any(h in folded for h in hints)}
    if not present:
        return ()
    found = [
        QualifierMention(m.start(), m.end(), kind, value if value is not None else _as_written(m))
        for kind, value, pattern in _qualifier_patterns() if kind in present
        for m in pattern.finditer(sentence) if m.end() > m.start()
    ]
    found.sort(key=lambda q: (q.start, q.start - q.end))
    kept: list[QualifierMention] = []
    reach: dict[str, int] = {}
    for mention in found:
        if _is_open(mention.kind) and mention.start < reach.get(mention.kind, -1):
            continue  # `of 2025` inside `the first quarter of 2025`
        kept.append(mention)
        reach[mention.kind] = max(reach.get(mention.kind, -1), mention.end)
    return tuple(kept)


def blocking_mentions(sentence: str) -> list[QualifierMention]:
    """The mentions whose digits are no quantity (`FP8`, `5キロあたり`); periods and statuses are not
    among them (a date inside a period is rejected by the scanner's own date rules)."""
    return [m for m in qualifier_mentions(sentence) if _qualifier_table()[m.kind].get("blocks", True)]


@cache
def _is_open(kind: str) -> bool:
    return bool(_qualifier_table()[kind].get("open") or _qualifier_table()[kind].get("forms"))


def after_in_clause(kind: str) -> bool:
    """Kinds that a mention later in the quantity's clause may name (`$199 million Profit in H1 2025`)."""
    return bool(_qualifier_table()[kind].get("after_in_clause"))


def sentence_wide(kind: str) -> bool:
    """Kinds stated once for a whole sentence (scope), rather than per clause (precision)."""
    return bool(_qualifier_table()[kind].get("sentence_wide"))
