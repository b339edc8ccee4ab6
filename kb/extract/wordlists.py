"""Word lists of one language, read from `<code>/words.yaml` (and `<code>/lexicon.yaml`) beside its code.

Knowledge stays in data: a rule asks for a named list (`word_set("en", "attribute_stop")`) instead
of spelling its words in Python. Each file says in comments what each list is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


#: A language's word files: the lists written by hand, and those a script derives from a corpus
#: (en/lexicon.yaml, by en/parser/lexicon.py).
_FILES = ("words.yaml", "lexicon.yaml")


@cache
def _file_of(code: str) -> dict:
    """A language's words.yaml and lexicon.yaml as written (empty for a language with neither)."""
    found: dict = {}
    for name in _FILES:
        path = HERE / code / name
        if path.exists():
            found.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return found


@cache
def words_of(code: str) -> dict[str, list[str]]:
    """All named lists of a language (empty for a language with no words file); its mappings are read
    by `fused_pairs`, `word_map` and `unit_measures`."""
    return {key: [str(w) for w in value] for key, value in _file_of(code).items() if isinstance(value, list)}


@cache
def word_pattern(code: str, key: str) -> re.Pattern | None:
    """A pattern a language's words file gives as a string (a construction no word list says), compiled
    case-insensitively; None for a language without it."""
    value = _file_of(code).get(key)
    return re.compile(str(value), re.IGNORECASE) if value else None


@cache
def fused_pairs(code: str) -> dict[str, list[str]]:
    """`fused_names` of a language: one word that stands for several (`产销`: 产量 and 销量)."""
    table = _file_of(code).get("fused_names") or {}
    return {str(k): [str(w) for w in v] for k, v in table.items()}


@cache
def number_pairs(code: str, key: str) -> dict[str, tuple[Decimal, Decimal]]:
    """A list of `word: [a, b]` pairs of a language (a mapping of pairs of numbers in its words.yaml), exact."""
    return {str(k): (Decimal(str(v[0])), Decimal(str(v[1]))) for k, v in (_file_of(code).get(key) or {}).items()}


@cache
def word_map(code: str, key: str) -> dict[str, str]:
    """A list of `word: meaning` pairs of a language (a mapping in its words.yaml)."""
    return {str(k): str(v) for k, v in (_file_of(code).get(key) or {}).items()}


@cache
def unit_measures(code: str) -> dict[str, dict[str, str]]:
    """`unit_measures` of a language as {"decides" | "of_parts" | "fallback": {Pint unit: measure}}."""
    table = _file_of(code).get("unit_measures") or {}
    return {how: {str(unit): str(measure) for measure, units in (table.get(how) or {}).items() for unit in units}
            for how in ("decides", "of_parts", "fallback")}


@cache
def measure_synonyms(code: str) -> dict[str, frozenset[str]]:
    """`measure_synonyms` of a language: a unit's measure -> words that name it too (`frequency`: clock, rate)."""
    table = _file_of(code).get("measure_synonyms") or {}
    return {str(measure): frozenset(str(w) for w in words) for measure, words in table.items()}


def word_set(code: str, key: str) -> frozenset[str]:
    return frozenset(words_of(code).get(key, []))


def alternation(code: str, key: str) -> str:
    """A list as a regular-expression alternation, longest first (so `以上` beats `以`), escaped."""
    return key_alternation(words_of(code).get(key, []))


def key_alternation(words) -> str:
    """Words (a list, a set, or a word map's keys: `word_map`) as a regular-expression alternation, longest
    first, escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class WordBefore:
    """A word map's keys as words ending right before a figure, with `between` standing between the word and
    the figure (`is priced at `, `rushed for `, `grew just `): what the word says the figure measures."""

    table: dict
    pattern: re.Pattern | None
    reach: int

    @classmethod
    def of(cls, table: dict[str, str], between: str = r"\s*", reach: int = 24) -> WordBefore:
        pattern = re.compile(rf"\b(?P<v>{key_alternation(table)}){between}\Z", re.IGNORECASE) if table else None
        return cls(table, pattern, reach)

    def meaning(self, text: str, start: int) -> str | None:
        """The meaning of the word that ends, `between` after it, right before `start`, if one does."""
        if self.pattern is None:
            return None
        m = self.pattern.search(text, max(0, start - self.reach), start)
        return self.table[m.group("v").lower()] if m else None


def bounded_alternation(key: str, codes: tuple[str, ...]) -> str:
    """The list `key` of every language in `codes` as one alternation, longest first; a word that
    starts with a Latin letter must start a word (`\\bthan`), CJK words stand anywhere (`より`)."""
    words = sorted({w for code in codes for w in words_of(code).get(key, [])}, key=len, reverse=True)
    return "|".join((r"\b" if re.match(r"[A-Za-z]", w) else "") + re.escape(w) for w in words)
