"""Where the numbers of a sentence are: every candidate numeral, with what it is written as.

Digits, kanji and hiragana numerals, English number words, fractions (`two-thirds`, `3分の2`, `1/2`),
vague counts (`数千`, `thousands of`), shares (`1 in 5`) and scientific notation, each with its span.
Whether a candidate is a quantity at all is decided later (rejections.py, quantities.py).
"""

from __future__ import annotations

import re
from decimal import Decimal

from kb.extract.hedges import HedgeWords
from kb.extract.languages import Language
from kb.extract.numbers import (
    EN_FRACTION_RE,
    FRACTION_RE,
    HIRAGANA_RUN_RE,
    JA_NUMBER_WORDS,
    JA_NUMBER_WORDS_RE,
    JA_PERCENT_WORDS,
    LEADING_DOT_RE,
    NUMERAL_RE,
    SCIENTIFIC_RE,
    SLASH_FRACTION_RE,
    SPACED_LARGE_RE,
    SPACED_NUMERAL_RE,
    VAGUE_RE,
    WORD_NUMBER_RE,
    Numeral,
    parse_en_fraction,
    parse_fraction,
    parse_hiragana,
    parse_numeral,
    parse_scientific,
    parse_word_number,
    vague_range,
    word_number_at,
)
from kb.extract.units import Lexicon
from kb.extract.wordlists import alternation, key_alternation, word_map

_VAGUE_EN_RE = re.compile(
    r"\b(?P<w>dozens|hundreds|thousands|tens of thousands|hundreds of thousands|millions|tens of millions|"
    r"hundreds of millions|billions)\s+of\b",
    re.IGNORECASE,
)
#: Vague counts are ranges from their scale to ten times it (../shared/data/ANNOTATION.md: `dozens` 12-120,
#: `thousands` 1,000-10,000), so that two sources' `thousands of` agree and `about 5,000` falls inside.
_VAGUE_EN = {
    "dozens": (12, 120), "hundreds": (100, 1000), "thousands": (1000, 10_000),
    "tens of thousands": (10_000, 100_000), "hundreds of thousands": (100_000, 1_000_000),
    "millions": (10**6, 10**7), "tens of millions": (10**7, 10**8),
    "hundreds of millions": (10**8, 10**9), "billions": (10**9, 10**10),
}
_GLUED_TAIL_RE = re.compile(r"[.:/]\d")
_PHONE_TAIL_RE = re.compile(r"-\d{4}\b")
#: `seven in 10 voters`, `1 in 5 adults`: a share written as a count out of a round number.
_N_IN_M_RE = re.compile(
    r"\b(?P<a>\d{1,3}|one|two|three|four|five|six|seven|eight|nine)\s+in\s+(?P<b>\d{1,4}|two|three|four|five|"
    r"six|seven|eight|nine|ten|a hundred)\b(?=\s+[a-z]+)",
    re.IGNORECASE,
)
#: What a share is counted out of: `1 in 5`, `seven in 10`, `one in 100` (not `eight in 24 hours`).
_SHARE_BASES = frozenset({2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 25, 50, 100, 1000})


def _n_in_m(m: re.Match) -> Numeral | None:
    a, b = (parse_numeral(p) if p[0].isdigit() else parse_word_number(p) for p in (m.group("a"), m.group("b")))
    if a is None or b is None or not 0 < a.value < b.value or b.value not in _SHARE_BASES:
        return None
    return Numeral(a.value / b.value, Decimal(0))


#: What follows a month/day pair written `5/17`: a weekday, a time, "from", "until", "as of".
_SLASH_DATE_AFTER_RE = re.compile(r"\s*(?:[(（][月火水木金土日祝]|\d{1,2}:\d\d|から|まで|以降|以前|付|時点|頃|ごろ|開催|発売|発表|起)")
_FRACTION_OF_RE = re.compile(r"\s+of\b", re.IGNORECASE)
_BY_BEFORE_RE = re.compile(r"\bby\s+\Z", re.IGNORECASE)
#: `for a decade`, `a century ago`: "a" is one of these long spans (not of `a year`, which is a rate).
_A_SPAN_RE = re.compile(r"\ba(?=\s+(?:decade|century)\b)", re.IGNORECASE)
_SCALE_NEXT_RE = re.compile(r"\s+(?=(?:thousand|million|billion|trillion)\b)", re.IGNORECASE)
_A_UNIT_RE = re.compile(r"\s+an?\s+", re.IGNORECASE)
#: `a quarter of a percentage point`: the fraction takes the unit after `of a`.
_OF_A_UNIT_RE = re.compile(r"\s+of\s+an?\s+", re.IGNORECASE)
_OF_A_SCALE_RE = re.compile(r"\s+of\s+an?\s+(?:dozen|hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)


class NumeralFinder:
    """Finds the candidate numerals of a sentence in one language."""

    def __init__(self, language: Language, lexicon: Lexicon, hedges: HedgeWords):
        self.language = language
        self.lexicon = lexicon
        self.hedges = hedges

    # -- numerals -----------------------------------------------------------------------------

    def numerals(self, text: str):
        """(start, end, Numeral or (low, high), kind) for every candidate numeral, in order."""
        found = []
        for m in NUMERAL_RE.finditer(text):
            found.append((m.start(), m.end(), m.group(), "numeral"))
        if "数" in text or "何" in text or "幾" in text:
            for m in VAGUE_RE.finditer(text):
                if m.group("head") or m.group("small") or m.group("large"):
                    found.append((m.start(), m.end(), m.group(), "vague_ja"))
        if "e" in text or "E" in text or "^" in text:
            for m in SCIENTIFIC_RE.finditer(text):
                found.append((m.start(), m.end(), m.group(), "scientific"))
        if self.language.east_asian:
            for m in HIRAGANA_RUN_RE.finditer(text):
                found.append((m.start(), m.end(), m.group(), "hiragana"))
            if " 万 " in text or " 億 " in text or " 亿 " in text:
                for m in SPACED_LARGE_RE.finditer(text):
                    found.append((m.start(), m.end(), m.group(), "spaced"))  # `1,973 万 7 千人`
            if "分の" in text:
                for m in FRACTION_RE.finditer(text):
                    found.append((m.start(), m.end(), m.group(), "fraction"))
            if "半" in text or "ダース" in text:
                for m in JA_NUMBER_WORDS_RE.finditer(text):
                    found.append((m.start(), m.end(), m.group(), "ja_word"))
        if "." in text:
            for m in LEADING_DOT_RE.finditer(text):
                found.append((m.start(), m.end(), m.group(), "leading_dot"))
        if " . " in text or " , " in text:
            for m in SPACED_NUMERAL_RE.finditer(text):
                found.append((m.start(), m.end(), m.group(), "spaced"))
        if "/" in text:
            for m in SLASH_FRACTION_RE.finditer(text):
                if self._slash_is_fraction(text, m):
                    found.append((m.start(), m.end(), m.group(), "slash_fraction"))
        if self.language.english:
            for m in EN_FRACTION_RE.finditer(text):
                if _OF_A_SCALE_RE.match(text, m.end()):
                    continue  # `a quarter of a million`: the fraction scales the words that follow
                a_unit = _A_UNIT_RE.match(text, m.end()) or _OF_A_UNIT_RE.match(text, m.end())
                if a_unit and self.lexicon.match_after(text, a_unit.end()):
                    found.append((m.start(), a_unit.end(), m.group(), "en_fraction_unit"))  # `half a metre`
                elif _SCALE_NEXT_RE.match(text, m.end()):
                    found.append((m.start(), m.end(), m.group(), "en_fraction_unit"))  # `half million usd`
                elif _FRACTION_OF_RE.match(text, m.end()) or self._after_by(text, m.start()):
                    found.append((m.start(), m.end(), m.group(), "en_fraction"))
            if " in " in text:
                for m in _N_IN_M_RE.finditer(text):
                    found.append((m.start(), m.end(), m.group(), "n_in_m"))
            for m in WORD_NUMBER_RE.finditer(text):
                found.append((m.start(), m.end(), m.group(), "words"))
            if "decade" in text or "century" in text:
                for m in _A_SPAN_RE.finditer(text):
                    found.append((m.start(), m.start() + 1, m.group(), "a_span"))  # the unit follows
            for m in _VAGUE_EN_RE.finditer(text):
                found.append((m.start(), m.start() + len(m.group("w")), m.group("w"), "vague_en"))
            found.extend(_multiples(text))
        found.sort(key=lambda f: (f[0], -f[1]))
        for start, end, literal, kind in found:
            if kind == "numeral":
                if not self.is_standalone(text, start, end):
                    continue
                try:
                    yield start, end, parse_numeral(literal), kind
                except (ArithmeticError, ValueError, KeyError):
                    continue
            elif kind == "words":
                words = word_number_at(text, start, end)
                if words is not None:
                    yield *words, kind
            elif kind == "fraction":
                m = FRACTION_RE.match(text, start)
                try:
                    if m.group("den") == "百" and not m.group("whole"):
                        yield start, end, parse_numeral(m.group("num")), "per_hundred"  # 百分の2.4 = 2.4%
                    else:
                        yield start, end, parse_fraction(m), "numeral"
                except (ArithmeticError, ValueError, KeyError):
                    continue
            elif kind == "scientific":
                try:
                    yield start, end, parse_scientific(SCIENTIFIC_RE.match(text, start)), "numeral"
                except (ArithmeticError, ValueError):
                    continue
            elif kind == "hiragana":
                numeral = parse_hiragana(literal)
                if numeral is not None:
                    yield start, end, numeral, "numeral"
            elif kind in ("en_fraction", "en_fraction_unit"):
                # `two-thirds of voters` is a share; `half a metre`, `half million usd` take the unit after
                share = parse_en_fraction(EN_FRACTION_RE.match(text, start))
                yield start, end, share, "fraction_word" if kind == "en_fraction" else "numeral"
            elif kind == "n_in_m":
                share = _n_in_m(_N_IN_M_RE.match(text, start))
                if share is not None:
                    yield start, end, share, "fraction_word"
            elif kind == "ja_word":
                numeral = Numeral(JA_NUMBER_WORDS[literal], Decimal(0))
                yield start, end, numeral, "percent_word" if literal in JA_PERCENT_WORDS else "numeral"
            elif kind == "a_span":
                yield start, end, Numeral(Decimal(1), Decimal(1)), "numeral"
            elif kind == "leading_dot":
                yield start, end, parse_numeral("0" + literal), "numeral"  # `.7%`: 0.7 percent
            elif kind == "spaced":
                yield start, end, parse_numeral(literal.replace(" ", "")), "numeral"
            elif kind == "slash_fraction":
                try:
                    share = self.language.english and _FRACTION_OF_RE.match(text, end)  # `2/3 of voters`
                    yield start, end, parse_fraction(SLASH_FRACTION_RE.match(text, start)), (
                        "fraction_word" if share else "numeral")
                except (ArithmeticError, ValueError):
                    continue
            elif kind in ("multiple_verb", "multiple_word"):
                yield start, end, Numeral(Decimal(_MULTIPLES[literal.lower()]), Decimal(0)), kind
            elif kind == "vague_ja":
                m = VAGUE_RE.match(text, start)
                yield start, end, vague_range(m.group("small"), m.group("large"), m.group("head")), kind
            else:
                low, high = _VAGUE_EN[re.sub(r"\s+", " ", literal.lower())]
                yield start, end, (Decimal(low), Decimal(high)), kind

    def _after_by(self, text: str, start: int) -> bool:
        """`fell by a third`, `drop by as much as a quarter`: a fraction that is the size of a change."""
        hedge = self.hedges.modifier_before(text, start)
        before = hedge[0] if hedge else start
        return _BY_BEFORE_RE.search(text, max(0, before - 8), before) is not None

    def _slash_is_fraction(self, text: str, m: re.Match) -> bool:
        """`1/2の努力`, `16/5`, `1 3/5`: a fraction; `5/17（水）`, `6/5から`, US `3/4` in English: a date.

        English writes dates this way too often, so there a fraction needs a unit or `of` after it
        (`3/4 inch`, `2/3 of voters`). A month/day pair with a date word after it is a date anywhere."""
        num, den = int(m.group("num")), int(m.group("den"))
        if self.language.english:
            return _FRACTION_OF_RE.match(text, m.end()) is not None or (
                self.lexicon.match_after(text, m.end() + 1) is not None and text[m.end():m.end() + 1] == " ")
        could_be_date = not m.group("whole") and 1 <= num <= 12 and 1 <= den <= 31
        return not (could_be_date and _SLASH_DATE_AFTER_RE.match(text, m.end()))

    def is_standalone(self, text: str, start: int, end: int) -> bool:
        """False for digits glued to letters or dots: `A100`, `v1.2`, `1.2.3`, `13:00`, `3/4`;
        true after a currency sign written in letters (`RM5`, `Rs500`)."""
        before = text[start - 1] if start else ""
        after = text[end : end + 2]
        if before == "/" and start >= 2 and not text[start - 2].isascii():
            before = ""  # `成交930套/76458.66㎡`: a slash between two figures of a list, no fraction or date
        if before and (before.isascii() and (before.isalnum() or before in "._/:")):
            if not (before.isalpha() and self.lexicon.match_before(text, start)):
                return False
        if _GLUED_TAIL_RE.match(after):
            return False
        # `555-1234`: a local phone number (longer ones are blocked as identifiers by _IDENTIFIER_RE)
        return not (_PHONE_TAIL_RE.match(text, end, end + 6) and 3 <= end - start <= 4 and text[start:end].isdigit())


#: Words that state a multiple (en/words.yaml `multiple_verbs`, `multiple_verb_bases`, `multiple_adverbs`).
_MULTIPLE_VERBS, _MULTIPLE_BASES, _MULTIPLE_ADVERBS = (
    word_map("en", "multiple_verbs"), word_map("en", "multiple_verb_bases"), word_map("en", "multiple_adverbs"))
_MULTIPLES = {**_MULTIPLE_VERBS, **_MULTIPLE_BASES, **_MULTIPLE_ADVERBS}
#: The first letters of those words: a sentence holding none of them is not searched (most hold none).
_MULTIPLE_STEMS = frozenset(word[:5] for word in _MULTIPLES)
_MULTIPLE_VERB_RE = re.compile(rf"\b(?:{key_alternation(_MULTIPLE_VERBS)})\b(?!-)", re.IGNORECASE)
_MULTIPLE_BASE_RE = re.compile(
    rf"\b(?:{alternation('en', 'multiple_verb_markers')})\s+(?:(?:\w+ly|{alternation('en', 'multiple_verb_hedges')})\s+)?"
    rf"(?P<w>{key_alternation(_MULTIPLE_BASES)})\b(?!-)", re.IGNORECASE)
_MULTIPLE_ADVERB_RE = re.compile(
    rf"\b(?P<w>{key_alternation(_MULTIPLE_ADVERBS)})\s+(?:{alternation('en', 'multiple_comparisons')})\b",
    re.IGNORECASE)


def _multiples(text: str) -> list[tuple[int, int, str, str]]:
    """The words in an English sentence that state a multiple, as candidates: a verb's (a change's size) or
    an adverb's before a comparison."""
    lowered = text.lower()
    if not any(stem in lowered for stem in _MULTIPLE_STEMS):
        return []
    found = [(m.start(), m.end(), m.group(), "multiple_verb") for m in _MULTIPLE_VERB_RE.finditer(text)]
    found += [(m.start("w"), m.end("w"), m.group("w"), "multiple_verb") for m in _MULTIPLE_BASE_RE.finditer(text)]
    found += [(m.start("w"), m.end("w"), m.group("w"), "multiple_word") for m in _MULTIPLE_ADVERB_RE.finditer(text)]
    return found
