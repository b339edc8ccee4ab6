"""What is not a quantity: numbers that are names, dates, references, scores, list markers, or that
count nothing. The scanner asks before it assembles a candidate and once it has (rejected())."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from kb.extract import names
from kb.extract.hedges import HedgeWords
from kb.extract.languages import Language
from kb.extract.numbers import KANJI_DIGITS, KANJI_LARGE, KANJI_SMALL
from kb.extract.qualifiers import blocking_mentions
from kb.extract.units import Lexicon, UnitSpec, is_length, is_unit_word
from kb.extract.wordlists import alternation, bounded_alternation, word_set

if TYPE_CHECKING:
    from kb.extract.quantities import _Part

_WORD = re.compile(r"[\s\u00a0]*(?P<w>[A-Za-z][A-Za-z'-]*)")
#: English words that cannot be the counted noun right after a bare number.
_NOT_COUNTED = word_set("en", "not_counted")
#: Up to three more words of a name, then a plural noun: what `384 Ascend 910C computing chips` counts.
_NAMED_PLURAL_RE = re.compile(
    r"(?:\s+(?!(?:has|have|had|was|were|is|are|will|would|can|could|in|on|at|of|to|and|or|the)\b)[\w-]*[A-Za-z][\w-]*){0,3}?"
    r"\s+(?!(?:has|was|does|says|goes|is|its|this|thus)\b)[A-Za-z]{2,}s\b")
#: `-year yield`: the unit word and the hyphen-less word after it.
_HYPHEN_WORD_RE = re.compile(r"\s+([A-Za-z]+)")
#: `three-bedroom`, `650-member`: a number joined by a hyphen to the noun it counts.
_COUNT_ADJECTIVE_RE = re.compile(r"-([a-z]{3,})\b(?!-)")
#: `3-2`, `2-2`: a score (a descending or level pair with nothing counted; an ascending one is a range).
_SCORE_RE = re.compile(r"(?<![\d.,$€£¥-])(?P<a>\d{1,3})-(?P<b>\d{1,3})(?![\d.,%-])")
#: A capitalized word right after a number word (`Three Gorges`, `Seven Seas`): the number is part of a name.
_CAPITALIZED_AFTER = re.compile(r"[ -][A-Z][a-z]")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z.#]+|第|※|No\.)\s*\Z")
_WORD_AFTER_RE = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)")
#: After a number: a month, day or hour (`9月`, `18日`, `13時`), the 1990s, or the rest of a month range
#: (`1至11月`, `1～3月`, `4―9月期`: the first month of the range).
_DATE_TAIL_RE = re.compile(r"\s?(?:月|日|時|时|分(?!間)|s\b|'s\b|(?:至|到|から|[~〜～―-])\s?\d{1,2}\s?月)")
_GROUPED_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_CLAUSE_ENDS_RE = re.compile(
    r"\s*(?:[.,;:)!?]|\Z|\s(?:on|in|at|after|from|by|before|as|when|while|per|a|an|last|this|next|since)\b)")
#: `3 of the 27 member states`, `20 of its oldest jets`: a part of a counted whole.
_OF_THE_NUMBER_RE = re.compile(r"\s+(?:the|its|their|these|those|our|his|her)\s+(?:\d|[a-z])", re.IGNORECASE)
#: `1株当たり`, `1人あたり`: after "one" and its counter, "per".
_PER_ONE_RE = re.compile(r"[^\s\d、。,.]{0,3}?(?:当たり|あたり|当り|につき)")
#: `1 ) なぜ...`, `(2)`: a bare number closing a parenthesis (that it opened itself, or nobody did)
#: numbers a list item or a figure.
_LIST_MARKER_RE = re.compile(r"\s?[)）]")
#: A word ending right before a bracket that holds a bare number: the bracket gives that word's figure.
_NOUN_BEFORE_BRACKET_RE = re.compile(r"[A-Za-z]{2,}\s?\Z")
_ENUMERATION_RE = re.compile(r"[、．](?![0-9０-９])")
#: After a bare change size: the level it reached (`fell 55.53 to 10,643.63`, `dropped 258.25 to close at
#: 4,188.20`) or its restatement in per cent (`rose 122.39, or 2.80 percent`).
_TO_LEVEL_RE = re.compile(r"\s+to\s+(?:(?:close|end|finish|settle)\s+(?:at\s+)?)?(?:[$€£¥]|\d)|,\s+or\s+(?:about\s+)?\d")
#: A copula or `at` right before a bare number that ends its sentence: the level it states (en/words.yaml
#: `level_copulas`: `the death toll was 117.`, `the national average ... is 164.`, `came in at 98.`).
_STATED_LEVEL_RE = re.compile(rf"\b(?:{alternation('en', 'level_copulas')})\s+\Z", re.IGNORECASE)
#: After a bare number: the scale it is read on (`7.6 on the Richter scale`, `9.4–9.6 on the moment magnitude scale`).
_ON_A_SCALE_RE = re.compile(r"\s+on\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}scale\b", re.IGNORECASE)
#: The end of a sentence right after a figure (a full stop, or nothing more).
_SENTENCE_ENDS_RE = re.compile(r"\s*(?:[.!?]\s|[.!?]?\Z)")
_ORDINAL_TAIL_RE = re.compile(r"\s?[号號]")
#: After a bare `N年` of one or two digits, what says it is a year written short (ja/words.yaml `short_year_after`).
_SHORT_YEAR_AFTER_RE = re.compile(alternation("ja", "short_year_after"))
#: Before minutes or seconds, an hour of the clock (`9時0分`, `12时37分`) or a tenth (`3割2分`): no span of time.
_CLOCK_BEFORE_RE = re.compile(r"(?:\d\s?[時时](?:\s?\d{1,2}\s?分)?|割)\s?\Z")
#: The name of a Japanese era right before a year: `平成18年`, `令和元年`.
_ERA_BEFORE_RE = re.compile(r"(?:令和|平成|昭和|大正|明治)\s?\Z")
#: Parts of a period named by their place (en/words.yaml `part_ordinals`): `the first half of 2025`.
_PERIOD_PARTS = frozenset({"half", "quarter"})
_PART_ORDINALS = word_set("en", "part_ordinals")
#: `北纬 6.15 度`, `東経120.0度`: a position on the globe (zh/ja words.yaml `coordinate_words`), not an amount.
_COORDINATE_BEFORE_RE = re.compile(rf"(?:{bounded_alternation('coordinate_words', ('zh', 'ja'))})\s?\Z")
#: Phone numbers and ISO dates: `+1-222-2222-2222`, `555-123-4567`, `1995-01`, `2025-09-18`.
#: (One separator throughout: `36.5-40 billion` is a range of decimals, not an identifier.)
_IDENTIFIER_RE = re.compile(r"[+]?\d+(?P<sep>[-−.])\d+(?:(?P=sep)\d+)+|(?<!\d)(?:1[89]|20)\d\d-[01]\d(?:-[0-3]\d)?(?!\d)")
_URL_RE = re.compile(r"(?:https?://|www\.)[!-~]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_KANJI_ONLY = re.compile(rf"[{KANJI_DIGITS}{KANJI_SMALL}{KANJI_LARGE}・点]+")
_HAN = re.compile(r"[\u4e00-\u9fff\u3005]")
_NUMERAL_CHARS = set(KANJI_DIGITS + KANJI_SMALL + KANJI_LARGE)


def _inside_a_word(text: str, start: int, end: int, hedged: tuple[bool, bool] = (False, False)) -> bool:
    """A kanji numeral with a non-numeral kanji right before or after it is part of a word,
    unless that kanji starts a hedge (`三十以上`, `最大百`)."""
    before = "" if hedged[0] or not start else text[start - 1]
    after = "" if hedged[1] or end >= len(text) else text[end]
    return any(c and _HAN.match(c) and c not in _NUMERAL_CHARS for c in (before, after))


def _not_a_count(text: str, end: int, value: Decimal) -> bool:
    """`1つの巨大な脳`: "one" as a figure of speech, not a quantity."""
    return value == 1 and text.startswith(("つ", "人ひとり"), end)



class Rejections:
    """The rules that say a candidate numeral is no quantity, for one language."""

    def __init__(self, language: Language, lexicon: Lexicon, hedges: HedgeWords, words: names.NameWords):
        self.language = language
        self.lexicon = lexicon
        self.hedges = hedges
        self.words = words
        #: counters after which 一 is an article, not a count: `一位买菜市民` (a shopper), `一条产品叙事`
        self.article_counters = word_set(language.data[0], "article_counters") if language.data else frozenset()
        #: counters that make a figure a reference: `第54条1項`, `公職選挙法31条3項` (an article, a paragraph)
        self.reference_counters = tuple(word_set(language.data[0], "reference_counters")) if language.data else ()
        #: words opening with such a counter that count things: `3項目`, `2条件`
        self.counted_words = tuple(word_set(language.data[0], "counted_not_referenced")) if language.data else ()

    def name_spans(self, text: str) -> list[tuple[int, int]]:
        spans = [(n.start, n.end) for n in names.product_names(text)]
        spans += names.code_spans(text)
        spans += [m.span() for m in _URL_RE.finditer(text)]
        spans += [m.span() for m in _IDENTIFIER_RE.finditer(text)]
        spans += [(m.start, m.end) for m in blocking_mentions(text)]  # `FP8`, `1チップあたり`
        if "-" in text:
            spans += [m.span() for m in _SCORE_RE.finditer(text) if self._is_score(text, m)]
        return spans

    def _numbers_a_reference(self, text: str, first: "_Part") -> bool:
        """Whether a reference counter follows the figure's digits (taken for its unit or not), and no word
        that counts things opens with it (`3項目`)."""
        counter_at = first.end - len(first.unit_text) if first.unit_text in self.reference_counters else first.end
        return text.startswith(self.reference_counters, counter_at) and not text.startswith(self.counted_words, counter_at)

    def _is_score(self, text: str, m: re.Match) -> bool:
        """`won 3-2`, `a 2-2 draw`, `lost 6-4, 3-6`: not `10-15%`, `3-5 years`."""
        if int(m.group("a")) < int(m.group("b")):
            return False
        return self.lexicon.match_after(text, m.end()) is None and self.lexicon.match_after(text, m.end() + 1) is None

    def is_list_of_names(self, text: str, start: int, last_name_end: int) -> bool:
        """`Atlas 900, Atlas 950, 960`: a bare number continuing a list of model names."""
        if last_name_end < 0:
            return False  # no name yet (a negative index would slice from the sentence's end)
        between = text[last_name_end:start]
        return 0 <= len(between) <= 3 and re.fullmatch(r"\s*[、,/]\s*|\s*(?:and|or|&)\s*", between) is not None
    # -- rejection ----------------------------------------------------------------------------

    def rejected(self, text: str, first: "_Part", last: "_Part", spec: UnitSpec | None) -> bool:
        """Years, dates, references, bare numbers with nothing counted, kanji that is not a number."""
        value = first.numeral.value
        literal = text[first.start:first.end]
        is_integer = value == value.to_integral_value()
        preceding = text[max(0, first.start - 14):first.start]
        word_before = _WORD_BEFORE_RE.search(preceding)
        if word_before and word_before.group(1).lower() in self.words.reference_words \
                and (spec is None or spec.count or spec.pint in ("percent", "count")):
            return True  # `Section 3`, `第3位`; not `Annual generation 57.1 TWh`: a physical unit makes it an amount
        if self.reference_counters and self._numbers_a_reference(text, first):
            return True  # `日本国憲法第54条1項`, `公職選挙法31条3項`: an article and its paragraph, no amount
        if word_before and word_before.group(1).lower().rstrip(".") in self.words.months:
            return True  # September 18
        word_after = _WORD_AFTER_RE.match(text, last.end, last.end + 16)
        if spec is None and word_after and word_after.group(1).lower() in self.words.months and value <= 31:
            return True  # 14 March, the 3rd of May
        if spec is None and literal.isalpha() and literal[:1].isupper() and _CAPITALIZED_AFTER.match(text, last.end):
            return True  # `the Three Gorges Dam`, `Three Mile Island`: a name's word, not a count
        if literal.lower() == "one" and re.search(r"\b(?:no|any|every|some)\s+\Z", preceding, re.IGNORECASE):
            return True  # `no one`: a pronoun
        if literal.lower() in _PERIOD_PARTS and word_before and word_before.group(1).lower() in _PART_ORDINALS:
            return True  # `the first half of 2025`, `the fourth quarter`: a period, not a share
        if spec is not None and word_after and word_after.group(1).lower() in self.words.event_words \
                and is_length(spec):
            return True  # `the 400m hurdles`: an event named by its distance
        maturity = _HYPHEN_WORD_RE.match(text, last.end)
        if spec is not None and maturity and maturity.group(1).lower() in self.words.instrument_words:
            return True  # `the 10-year yield`, `30-year mortgage rates`: a bond or loan named by its maturity
        if value == 1 and _PER_ONE_RE.match(text, last.end):
            return True  # `1株当たり`, `1人あたり`: "per share", "per person", not an amount
        if spec is not None and spec.pint == "second" and first.unit_text == "s" and 1800 <= value <= 2100:
            return True  # the 1990s: a decade, not seconds
        if spec is not None and spec.pint == "minute" and first.unit_text == "分" and len(literal) == 2 \
                and _KANJI_ONLY.fullmatch(literal[0]):
            return True  # `十分な`, `五分五分`: a word (enough, even), not minutes
        if spec is not None and spec.pint in ("minute", "second") and _CLOCK_BEFORE_RE.search(preceding):
            return True  # `午前9時0分15秒`, `12时37分`: a clock's reading, not a span; `3割2分`: a batting average
        if text.startswith(("一", "1"), first.start) and value == 1 and (first.unit_text or "") in self.article_counters \
                and not self.hedges.modifier_before(text, first.start):
            return True  # `一位买菜市民说`, `搭载了一块8000mAh的电池`: "a", not a count of one
        if self.language.east_asian and _COORDINATE_BEFORE_RE.search(preceding):
            return True  # `北纬20.1度、东经120.0度`: where, not how much
        if spec is not None and spec.pint == "year" and _ERA_BEFORE_RE.search(preceding):
            return True  # `平成18年`, `令和3年度`: a year of an era, a date
        if spec is not None and spec.pint == "year" and is_integer and 1000 <= value <= 2200:
            return not text.startswith("年間", last.end - 1)  # 2025年 is a date, 2025年間 a span
        if spec is not None and spec.pint == "year" and is_integer and value < 100 and self.language.east_asian \
                and text.startswith("年", last.end - 1) and _SHORT_YEAR_AFTER_RE.match(text, last.end):
            return True  # `17年度以降`, `30年に…目指す`: a year written short, a date
        if spec is None and is_integer and 1800 <= value <= 2100 and len(literal) == 4 and literal.isdigit():
            return True  # a year
        if spec is None and _ORDINAL_TAIL_RE.match(text, last.end):
            return True  # `台風10号`, `3号楼`, `1号线`: a number naming a thing, not an amount
        if spec is None and _DATE_TAIL_RE.match(text[last.end:last.end + 8]):
            return True  # 9月18日, 13時, the 1990s
        if (
            _KANJI_ONLY.fullmatch(literal)
            and spec is None
            and _inside_a_word(text, first.start, last.end, self._hedged_at(text, first.start, last.end))
        ):
            return True  # 一筋縄, 一方, 十分, 千葉: kanji numerals that are part of a word
        if spec is None and not text[:first.start].strip() and _ENUMERATION_RE.match(text, last.end):
            return True  # `1、第一名华为`, `2．…`: the number of a list item opening the sentence
        if spec is None and _LIST_MARKER_RE.match(text, last.end):
            opened = re.search(r"[(（]([^)）]*)\Z", text[:first.start])
            if opened is not None and not opened.group(1).strip() and value >= 10 \
                    and _NOUN_BEFORE_BRACKET_RE.search(text, 0, opened.start()):
                return False  # `most rushing attempts (390)`, `St. Louis (406)`: the figure of what it follows
            if opened is None or not opened.group(1).strip():
                return True  # `1 )`, `(2)`: a list item's or a figure's number, not an amount
        if spec is None:
            if self.language.east_asian:
                return _not_a_count(text, last.end, first.numeral.value)
            if not self.language.english:
                return False  # no word list says what a bare number counts here: it stands
            if last.scaled or first.scaled:
                return False  # `grew by 1.3 million`: a scaled figure is a claim even with its noun elsewhere
            if _CLAUSE_ENDS_RE.match(text, last.end) and self.hedges.level_follows_change(text, first.start):
                return False  # `gained 12 points to 5,104.`: the level reached
            if _ON_A_SCALE_RE.match(text, last.end):
                return False  # `registered 7.6 on the Richter scale`: a reading of the scale it names
            if _SENTENCE_ENDS_RE.match(text, last.end) and _STATED_LEVEL_RE.search(text, max(0, first.start - 16), first.start):
                return False  # `the death toll was 117.`, `came in at 98.`: the level the sentence ends on
            if _TO_LEVEL_RE.match(text, last.end) and self.hedges.change_preceding(text, first.start):
                return False  # `fell 55.53 to 10,643.63`, `rose 122.39, or 2.80 percent`: the size of a change
            if _GROUPED_RE.fullmatch(literal):
                return False  # `infected 25,000 in three countries`: digits grouped by commas are an amount
            if self.hedges.modifier_before(text, first.start) is not None:
                return False  # `take no more than eight in 24 hours`: a bound is a claim, its noun understood
            counted = _COUNT_ADJECTIVE_RE.match(text, last.end)
            if counted and literal.lower() not in ("one", "1") and not is_unit_word(counted.group(1)):
                return False  # `a three-bedroom house`, `the 650-member House`: a count, said as an adjective
            return not self.counted_noun_follows(text, last.end, first.start)
        return False

    def _hedged_at(self, text: str, start: int, end: int) -> tuple[bool, bool]:
        """Whether a hedge stands right before / right after a numeral (`最大百`, `三十以上`)."""
        return (self.hedges.modifier_before(text, start) is not None,
                self.hedges.modifier_after(text, end) is not None)

    @staticmethod
    def counted_noun_follows(text: str, pos: int, start: int = 0) -> bool:
        """Whether a bare English number counts something: `384 chips`, `3 of the 27 states`;
        not `5 to`, `the 737 crashed` (a model doing something is a name)."""
        m = _WORD.match(text, pos)
        if not m:
            return False
        word = m.group("w").lower()
        if word == "of":
            return _OF_THE_NUMBER_RE.match(text, m.end()) is not None  # `3 of the 27 member states`
        if word.endswith("ed") and re.search(r"\bthe\s+\Z", text[max(0, start - 6):start], re.IGNORECASE):
            return False  # `The 737 crashed`
        if m.group("w")[0].isupper() and not word.endswith("s") and text[pos - 1:pos].isdigit():
            # `its 1,000th 787 Dreamliner`, `England 2 Scotland 0`: a name follows digits, not a noun
            # counted, unless a plural ends the name (`64 Zephyr X9 chips`); `one Democrat` counts
            return _NAMED_PLURAL_RE.match(text, m.end()) is not None
        return word not in _NOT_COUNTED and not word.endswith("ly")
