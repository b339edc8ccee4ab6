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


@dataclass(frozen=True)
class _KindPattern:
    """One scan of a sentence for a kind: its canonical values as one alternation (`values` maps the
    group `v0`, `v1`... that matched to the value it names), or its open forms of one script (`values`
    None: the value is the text as written; `cjk` forms are skipped in sentences without CJK text)."""

    kind: str
    pattern: re.Pattern
    values: dict[str, str] | None = None
    cjk: bool = False

    def value(self, m: re.Match) -> str:
        return self.values[m.lastgroup] if self.values is not None else _as_written(m)


@cache
def _qualifier_patterns() -> tuple[_KindPattern, ...]:
    """One pattern per kind (and per script, for open forms): a sentence is scanned once per kind."""
    canonical = tuple(_values_pattern(kind, entry["values"]) for kind, entry in _qualifier_table().items()
                      if entry.get("values"))
    open_forms = tuple(
        _KindPattern(kind, _one_pattern(forms), cjk=bool(_CJK.search("".join(forms))))
        for kind, entry in _qualifier_table().items()
        for forms in _by_script(entry.get("forms", ()))
    )
    return canonical + open_forms


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff10-\uff19]")


def _by_script(forms: list[str]) -> list[list[str]]:
    """Forms that name CJK characters, and the others: a sentence without CJK text skips the first."""
    cjk = [f for f in forms if _CJK.search(f)]
    latin = [f for f in forms if not _CJK.search(f)]
    return [group for group in (latin, cjk) if group]


def _values_pattern(kind: str, values: dict[str, list[str]]) -> _KindPattern:
    """A kind's canonical values as one alternation, the group `v0`, `v1`... of each value naming it."""
    parts = [f"(?P<v{i}>{'|'.join(f'(?:{p})' for p in patterns)})" for i, patterns in enumerate(values.values())]
    return _KindPattern(kind, re.compile("|".join(parts), re.IGNORECASE),
                        {f"v{i}": value for i, value in enumerate(values)})


def _one_pattern(forms: list[str]) -> re.Pattern:
    """A kind's open forms as one alternation (one scan of the sentence instead of one per form); at a
    position the first form listed that matches wins, so the data lists the specific ones first.
    Each form's `p` group is renamed `p0`, `p1`... (a name may stand once in a pattern)."""
    parts = [f"(?:{form.replace('(?P<p>', f'(?P<p{i}>')})" for i, form in enumerate(forms)]
    return re.compile("|".join(parts), re.IGNORECASE)


_LEADING_ARTICLE = re.compile(r"^(?:the|in|for|during|of)\s+", re.IGNORECASE)


def _as_written(m: re.Match) -> str:
    """An open form's value: its `p` group if it has one, whitespace folded, a leading `the` dropped."""
    kept = [m.group(name) for name in m.re.groupindex if name.startswith("p") and m.group(name)]
    text = kept[0] if kept else m.group()
    return _LEADING_ARTICLE.sub("", re.sub(r"\s+", " ", text).strip())


def qualifier_applies(kind: str, dimension: str) -> bool:
    allowed = _qualifier_table()[kind].get("applies_to")
    return allowed is None or dimension in allowed


@cache
def _hints() -> dict[str, re.Pattern | None]:
    """Per kind, one pattern of its hint words (searched in the lower-cased sentence), or None."""
    return {kind: re.compile("|".join([re.escape(h) for h in entry["hints"]] + ([entry["hint_pattern"]]
                                                                           if entry.get("hint_pattern") else [])))
            if entry.get("hints") else None for kind, entry in _qualifier_table().items()}


@lru_cache(maxsize=4096)
def qualifier_mentions(sentence: str) -> tuple[QualifierMention, ...]:
    """Every qualifier named in a sentence, in order (cached: the claims of one sentence all ask).
    Kinds whose hint words the sentence lacks are skipped without running their patterns; of the
    mentions of one open kind that overlap, the one starting first (then the longest) is kept. The
    blocking kinds come from the scan the scanner already made of the sentence (kinds never interact)."""
    others = _mentions(sentence, frozenset(_qualifier_table()) - _blocking_kinds())
    return tuple(sorted(blocking_mentions(sentence) + others, key=lambda q: (q.start, q.start - q.end)))


def blocking_mentions(sentence: str) -> tuple[QualifierMention, ...]:
    """The mentions whose digits are no quantity (`FP8`, `5キロあたり`), for the scanner, which asks
    of every sentence with a digit: only the kinds that block are searched (periods and statuses,
    whose dates the scanner rejects by its own rules, are left for the sentences that hold a claim)."""
    return _mentions(sentence, _blocking_kinds())


@cache
def _blocking_kinds() -> frozenset[str]:
    return frozenset(kind for kind, entry in _qualifier_table().items() if entry.get("blocks", True))


@lru_cache(maxsize=4096)
def _mentions(sentence: str, kinds: frozenset[str]) -> tuple[QualifierMention, ...]:
    folded = sentence.lower()
    present = {kind for kind, hints in _hints().items() if kind in kinds and (hints is None or hints.search(folded))}
    if not present:
        return ()
    has_cjk = _CJK.search(sentence) is not None
    found = [
        QualifierMention(m.start(), m.end(), scan.kind, scan.value(m))
        for scan in _qualifier_patterns() if scan.kind in present and (has_cjk or not scan.cjk)
        for m in scan.pattern.finditer(sentence) if m.end() > m.start()
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


@cache
def _is_open(kind: str) -> bool:
    return bool(_qualifier_table()[kind].get("open") or _qualifier_table()[kind].get("forms"))


@lru_cache(maxsize=None)
def _kind_says(kind: str, key: str) -> bool:
    """Whether qualifiers.yaml sets a yes/no property of a kind (`sentence_wide`, `after_in_clause`, ...)."""
    return bool(_qualifier_table()[kind].get(key))


def after_in_clause(kind: str) -> bool:
    """Kinds that a mention later in the quantity's clause may name (`$199 million Profit in H1 2025`)."""
    return _kind_says(kind, "after_in_clause")


def sentence_wide(kind: str) -> bool:
    """Kinds stated once for a whole sentence (scope), rather than per clause (precision)."""
    return _kind_says(kind, "sentence_wide")


@lru_cache(maxsize=None)
def _ends_at(kind: str) -> re.Pattern | None:
    patterns = _qualifier_table()[kind].get("ends_at")
    return _one_pattern(patterns) if patterns else None


def ended_between(kind: str, sentence: str, start: int, end: int) -> bool:
    """Whether a word of a whole stands between a mention of a kind stated once for the sentence and a later
    figure (qualifiers.yaml `ends_at`: `each holding 16 servers, for a total of 640 servers`): the mention
    holds no figure past it."""
    pattern = _ends_at(kind)
    return pattern is not None and pattern.search(sentence, start, end) is not None


def holds_figures(kind: str) -> bool:
    """Kinds whose mention may hold or open with the next figure of the clause (`in the first three months of
    the year`, `for the three months ended September 30, 2017`): still the figure before's condition."""
    return _kind_says(kind, "holds_figures")
