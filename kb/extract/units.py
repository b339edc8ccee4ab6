"""Units: the lexicon of surface forms (units.yaml) and the Pint registry they normalize through.

The knowledge lives in data files beside this module; this code only loads and indexes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from importlib import resources

import pint
import yaml

from kb.extract.numbers import is_ascii_alnum, is_ascii_letter

DATA = resources.files("kb.extract") / "data"


@dataclass(frozen=True)
class UnitSpec:
    """A unit as Pint knows it; `count` marks counters (個, 台) that only say "this many things"."""

    pint: str
    count: bool = False
    #: the lexicon entry's unit before an SI prefix (`hertz` for GHz): what the unit measures is the same
    base: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Normalized:
    unit: str | None
    value: float | None
    dimension: str


@cache
def registry() -> pint.UnitRegistry:
    """Pint's default units, with information as a dimension of its own, plus definitions.txt.

    Pint defines `bit = []` (dimensionless); we patch that one line so bytes never compare with counts.
    """
    pint_dir = resources.files("pint")
    default = (pint_dir / "default_en.txt").read_text(encoding="utf-8")
    constants = (pint_dir / "constants_en.txt").read_text(encoding="utf-8")
    default = default.replace("@import constants_en.txt", constants)
    default = default.replace("\nbit = []\n", "\nbit = [information]\n")
    ureg = pint.UnitRegistry(None, cache_folder=None)
    ureg.load_definitions(default.splitlines())
    ureg.load_definitions((DATA / "definitions.txt").read_text(encoding="utf-8").splitlines())
    return ureg


@dataclass(frozen=True)
class Glued:
    """A unit form valid only glued to its digits (`11in`, `50p`, `1.5C`), within limits."""

    surface: str
    spec: UnitSpec
    max_value: Decimal | None
    context: re.Pattern | None
    excluded: frozenset = frozenset()  # values it never takes (`720p`, `1080p`: video formats, not pence)
    spaced: bool = False  # also one space after the digits (`111 F (43.8 C)`), where the context allows it

    def applies(self, text: str, pos: int, value, spaced: bool = False) -> bool:
        if spaced and not self.spaced:
            return False
        end = pos + len(self.surface)
        if not text.startswith(self.surface, pos) or text[end:end + 1].isalnum() or _abbreviation_dot(text, end):
            return False
        if self.max_value is not None and abs(value) > self.max_value:
            return False
        if value in self.excluded:
            return False
        return self.context is None or self.context.search(text) is not None


def clause_around(text: str, pos: int) -> str:
    """The stretch of `text` between the commas or semicolons around `pos`: what a word near a
    number may be taken to speak of."""
    start = max(text.rfind(",", 0, pos), text.rfind(";", 0, pos)) + 1
    ends = [i for i in (text.find(",", pos), text.find(";", pos)) if i >= 0]
    return text[start:min(ends) if ends else len(text)]


def _abbreviation_dot(text: str, end: int) -> bool:
    """`5p.m.`: a dot followed by a letter continues an abbreviation, not a unit."""
    return text[end:end + 1] == "." and text[end + 1:end + 2].isalpha()


@dataclass(frozen=True)
class Lexicon:
    """Compiled surface forms: which unit is written at a position, before or after a number."""

    after_sensitive: dict  # first character -> the alternation of the case-sensitive forms starting so
    after_insensitive: dict  # the same for the case-insensitive words, by folded first character
    before: tuple[tuple[str, UnitSpec], ...]
    by_surface: dict
    by_lower: dict
    canonical: dict
    subunits: dict  # pint unit -> ((surface, factor), ...)
    counted_points_context: re.Pattern  # words that make `points` a count (an index, a game)
    glued: tuple[Glued, ...] = ()

    def glued_context_of(self, surface: str) -> re.Pattern:
        """The words that make a glued form (`C`) a unit: also what makes `40 degrees` a temperature."""
        return next(g.context for g in self.glued if g.surface == surface and g.context is not None)

    def match_glued(self, text: str, pos: int, value, spaced: bool = False) -> tuple[str, UnitSpec] | None:
        """A glued-only unit (`11in`, `52.95p`, `1.5C`) right at `pos`, the end of the digits; with `spaced`,
        one a space after them (`111 F`), of the forms that may stand so."""
        for form in self.glued:
            if form.applies(text, pos, value, spaced):
                return form.surface, form.spec
        return None

    def points_are_counted(self, text: str, start: int, value) -> bool:
        """`38,270 points` on an index, `30 points` in a game: counted, not percentage points.
        The clause around the number (between commas or semicolons) says which."""
        if value > 100:
            return True
        return self.counted_points_context.search(clause_around(text, start)) is not None

    def match_after(self, text: str, pos: int) -> tuple[str, UnitSpec] | None:
        """The longest unit written at `pos`, as (surface, spec)."""
        if pos >= len(text):
            return None
        best = None
        first = text[pos]
        for pattern, table, key in (
            (self.after_sensitive.get(first), self.by_surface, _squash),
            (self.after_insensitive.get(first.lower()), self.by_lower, lambda s: _squash(s).lower()),
        ):
            m = pattern.match(text, pos) if pattern is not None else None
            if m and (best is None or len(m.group()) > len(best)):
                spec = table.get(key(m.group()))
                if spec is not None:
                    best = m.group()
                    best_spec = spec
        return (best, best_spec) if best else None

    @cached_property
    def _before_by_last_char(self) -> dict[str, list[tuple[str, UnitSpec]]]:
        """The before-units by their last letter (folded): a number's left side is checked against a
        handful of forms, not all of them."""
        table: dict[str, list[tuple[str, UnitSpec]]] = {}
        for surface, spec in self.before:
            table.setdefault(surface.lower()[-1], []).append((surface, spec))
        return table

    def match_before(self, text: str, end: int) -> tuple[str, UnitSpec] | None:
        """A unit written just before a number ending at `end` ($, US$, ¥)."""
        head = text[:end].rstrip(" \u00a0")  # `$ 75 million` as tokenized text writes it
        if not head:
            return None
        folded = head.lower()
        for surface, spec in self._before_by_last_char.get(folded[-1], ()):
            if folded.endswith(surface.lower()):
                start = len(head) - len(surface)
                if start > 0 and is_ascii_letter(surface[0]) and is_ascii_alnum(head[start - 1]):
                    continue  # the `Rs` of `years` is no rupee sign
                if surface == "\\" and start > 0 and (is_ascii_alnum(head[start - 1]) or head[start - 1] in ":\\/"):
                    continue  # the `\` of a path (`C:\100`) is no yen sign
                return text[start:end], spec
        return None


def _squash(surface: str) -> str:
    return re.sub(r"\s+", " ", surface)


def _alternation(surfaces) -> str:
    parts = []
    for s in sorted(set(surfaces), key=len, reverse=True):
        body = re.escape(s).replace(r"\ ", r"\s+")
        # A form that ends in a Latin letter or digit must end a word: `m` is not the m of `million`.
        if re.search(r"[A-Za-z0-9]$", s):
            body += r"(?![A-Za-z0-9])"
        parts.append(body)
    return "|".join(parts) or r"(?!x)x"


def _alternations_by_first(surfaces, flags: int) -> dict[str, re.Pattern]:
    """One alternation (longest first) per first character (folded when `flags` ignore case): a unit is
    looked for after each of thousands of numbers, and only the forms starting with the character
    there can match."""
    groups: dict[str, list[str]] = {}
    for surface in surfaces:
        first = surface[0].lower() if flags & re.IGNORECASE else surface[0]
        groups.setdefault(first, []).append(surface)
    return {first: re.compile(_alternation(forms), flags) for first, forms in groups.items()}


def _prefixed(entry: dict, prefixes: dict) -> list[tuple[str, str, str]]:
    """(kind, surface, pint name) for each surface form of one lexicon entry."""
    base = entry["pint"]
    forms = [("symbol", s, base) for s in entry.get("symbols", [])]
    forms += [("word", w, base) for w in entry.get("words", [])]
    forms += [("ja", j, base) for j in entry.get("ja", [])]
    kinds = entry.get("prefixes", "")
    chosen = [p for name in kinds.split("+") if name for p in prefixes[name]]
    head, _, rest = base.partition(" ")
    for p in chosen:
        pint_name = p["pint"] + head + (" " + rest if rest else "")
        for s in entry.get("symbols", []) + entry.get("prefixed_only", []):
            forms.append(("symbol", p["symbol"] + s, pint_name))
        for w in entry.get("words", []):
            forms.append(("word", p["word"] + w, pint_name))
        for j in entry.get("ja", []):
            forms.append(("ja", p["ja"] + j, pint_name))
            forms.append(("ja", p["symbol"] + j, pint_name))  # `16Gバイト`: Japanese tech writing's Latin prefix
    return forms


@cache
def lexicon() -> Lexicon:
    data = yaml.safe_load((DATA / "units.yaml").read_text(encoding="utf-8"))
    by_surface: dict[str, UnitSpec] = {}
    by_lower: dict[str, UnitSpec] = {}
    before: list[tuple[str, UnitSpec]] = []
    glued: list[Glued] = []
    for entry in data["units"]:
        count = bool(entry.get("count"))
        for kind, surface, pint_name in _prefixed(entry, data["prefixes"]):
            spec = UnitSpec(pint_name, count, entry["pint"])
            if kind == "word":
                by_lower.setdefault(_squash(surface).lower(), spec)
            else:
                by_surface.setdefault(_squash(surface), spec)
        for surface in entry.get("before", []):
            before.append((surface, UnitSpec(entry["pint"], count)))
        for surface in entry.get("glued", []):
            glued.append(Glued(surface, UnitSpec(entry["pint"], count),
                               Decimal(str(entry["glued_max"])) if "glued_max" in entry else None,
                               _words_pattern(entry["glued_context"]) if "glued_context" in entry else None,
                               frozenset(Decimal(str(v)) for v in entry.get("glued_not", ())),
                               bool(entry.get("glued_spaced"))))
    before.sort(key=lambda item: len(item[0]), reverse=True)
    subunits = {
        entry["pint"]: tuple((str(k), Decimal(str(v))) for k, v in entry["subunits"].items())
        for entry in data["units"]
        if entry.get("subunits")
    }
    return Lexicon(
        after_sensitive=_alternations_by_first(by_surface, 0),
        after_insensitive=_alternations_by_first(by_lower, re.IGNORECASE),
        before=tuple(before),
        by_surface=by_surface,
        by_lower=by_lower,
        canonical=data["canonical"],
        subunits=subunits,
        counted_points_context=_words_pattern(data["points_are_counted_near"]),
        glued=tuple(glued),
    )


def _words_pattern(words: list[str]) -> re.Pattern:
    """Any of `words` as a whole word, case-insensitive."""
    return re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in words) + r")\b", re.IGNORECASE)


@cache
def is_length(spec: UnitSpec) -> bool:
    """Whether a unit measures length (`400m`, `220 feet`): events, heights and speeds ask."""
    return normalize(Decimal(1), spec).dimension == "[length]"


def is_unit_word(word: str, sentence: str = "") -> bool:
    """`cm`, `GB`, `MWh`: letters that name a unit (so `168cm` is a quantity, not a model code);
    `in`, `p` glued to digits, and `C` where the sentence speaks of temperature (`41C`, not `910C`)."""
    units = lexicon()
    if word in units.by_surface or word.lower() in units.by_lower:
        return True
    return any(g.surface == word and (g.context is None or g.context.search(sentence)) for g in units.glued)


def is_currency_sign(word: str) -> bool:
    """`Rs`, `US$`, `HK$`: written before an amount (so `Rs 500` is money, not a model name)."""
    return word in _before_forms()


def is_currency(spec: UnitSpec | None) -> bool:
    """Whether a unit is money (one dimension per currency: `[currency_USD]`)."""
    return spec is not None and dimension_of(spec).startswith("[currency")


def is_currency_word(word: str) -> bool:
    """`dollar`, `euro`, `yen`: a currency's name (units.yaml `words`)."""
    return is_currency(lexicon().by_lower.get(word.lower()))


@cache
def _before_forms() -> frozenset:
    return frozenset(surface.strip() for surface, _ in lexicon().before)


def dimension_of(spec: UnitSpec | None) -> str:
    """Pint's dimensionality as text: `[computation] / [time]`, `[currency_USD]`, `dimensionless`."""
    if spec is None or spec.count:
        return "dimensionless"
    return _dimensionality(spec.pint)


@cache
def _dimensionality(pint_name: str) -> str:
    """Pint's dimensionality as the canonical table spells it: horsepower's `[length] ** 2 * [mass] /
    [time] ** 3` is the watt's `[mass] * [length] ** 2 / [time] ** 3`, one dimension for comparing."""
    dimensionality = registry()(pint_name).dimensionality  # parsing a unit expression is slow; claims repeat units
    spelled = _canonical_by_dimensionality().get(dimensionality)
    return spelled[0] if spelled else str(dimensionality)


@cache
def _canonical_by_dimensionality() -> dict:
    """{Pint dimensionality: (its spelling in the canonical table, canonical unit)}."""
    ureg = registry()
    return {ureg(unit).dimensionality: (spelling, unit) for spelling, unit in lexicon().canonical.items()}


@cache
def _conversion(pint_name: str) -> tuple[str, Decimal]:
    """(canonical unit, factor) for a lexicon unit; cached because claims repeat their units."""
    ureg = registry()
    quantity = ureg.Quantity(1, pint_name)
    if quantity.dimensionless:
        # percent, fold, count: scaling 12% to 0.12 would only hide what was said.
        return str(quantity.units), Decimal(1)
    target = _canonical_by_dimensionality().get(quantity.dimensionality, (None, None))[1]
    converted = quantity.to(target) if target else quantity.to_base_units()
    return str(converted.units), Decimal(repr(float(converted.magnitude)))


def normalize(value: Decimal | None, spec: UnitSpec | None) -> Normalized:
    """`300` PFLOPS -> 3e17 flop / second. Counts keep their value with the unit `count`."""
    if spec is None or spec.count:
        return Normalized("count", None if value is None else float(value), "dimensionless")
    if spec.pint in ("degree_Celsius", "degree_Fahrenheit"):
        # Offset units: a temperature is compared in its own scale, never multiplied.
        return Normalized(spec.pint, None if value is None else float(value), "[temperature]")
    unit, factor = _conversion(spec.pint)
    return Normalized(unit, None if value is None else float(value * factor), dimension_of(spec))
