"""Attribute normalization: `HBM`, `高帯域幅メモリ（HBM）` and `memory capacity` are one attribute."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import yaml

from kb.extract.claims import ROLE_ATTRIBUTES

DATA = resources.files("kb.consistency") / "data"


@cache
def _table() -> tuple[list[tuple[str, str, frozenset | None]], dict]:
    """(folded form, attribute, the dimensions it is limited to or None), longest form first; and
    the attribute each dimension stands for."""
    data = yaml.safe_load((DATA / "attributes.yaml").read_text(encoding="utf-8"))
    limits = {name: frozenset(dims) for name, dims in data["dimensions"].items()}
    forms = [(_fold(form), name, limits.get(name)) for name, surfaces in data["attributes"].items()
             for form in surfaces]
    forms.sort(key=lambda item: len(item[0]), reverse=True)
    return forms, data["by_dimension"]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=65536)
def canonical_attribute(attribute: str | None, dimension: str) -> str | None:
    """The attribute's canonical name: an exact form, else the longest form it ends with or contains
    as a word, among the attributes a figure of this dimension can be; with no attribute, what the
    dimension measures (flop/s -> compute); else the text."""
    all_forms, by_dimension = _table()
    if attribute in ROLE_ATTRIBUTES:
        attribute = None  # `change`, `level`: the extractor's name for a figure's role, not what it measures
    if attribute:
        folded = _fold(attribute)
        forms = [(form, name) for form, name, dims in all_forms if dims is None or _of_dimension(dimension, dims)]
        for form, name in forms:
            if folded == form:
                return name
        for form, name in forms:
            if folded.endswith(form) or re.search(rf"(?<!\w){re.escape(form)}(?!\w)", folded) \
                    or _words_in_order(form, folded):
                return name
            if not form.isascii() and form in folded:
                return name  # Japanese and Chinese have no spaces between words
        return folded
    return by_dimension.get(dimension)


def _of_dimension(dimension: str, allowed: frozenset) -> bool:
    """Whether a dimension is one of those listed (`[currency_*` stands for every currency)."""
    return dimension in allowed or any(d.endswith("*") and dimension.startswith(d[:-1]) for d in allowed)


def _words_in_order(form: str, folded: str) -> bool:
    """`memory bandwidth` in `memory & vram bandwidth`: the form's words in order, its head last."""
    words, have = form.split(), folded.split()
    if len(words) < 2 or not have or have[-1] != words[-1]:
        return False
    rest = iter(have[:-1])
    return all(word in rest for word in words[:-1])


def default_attributes() -> set[str]:
    """The attributes a dimension stands for when a claim names none (`compute`, `bandwidth`, `cost`):
    vague on purpose, so they may meet a more specific one in the typo rule."""
    return set(_table()[1].values())


def known_attribute(name: str | None) -> bool:
    """Whether a canonical attribute is one the synonym table names (so attributes stated in two
    languages can meet on it), not merely a claim's own words."""
    return name in _known_names()


@cache
def _known_names() -> frozenset[str]:
    forms, by_dimension = _table()
    return frozenset(name for _, name, _ in forms) | frozenset(by_dimension.values())
