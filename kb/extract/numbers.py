"""Numerals as written in English and Japanese, parsed to Decimal with their stated precision.

Decimal everywhere: `8.2 million` must be 8200000, never 8199999.999999999. Each parse also
returns the *step* of the last stated digit (`8.2 million` -> 100000, `48` -> 1, `820万` -> 100000),
because a fact-checker reads `48 TB` as "somewhere in 47.5..48.5", not as an exact point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space map one-to-one onto ASCII, so the
# translated text keeps every character offset of the original.
_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = ord(" ")
_WIDTH_TABLE[0x2212] = ord("-")  # minus sign


def is_ascii_letter(char: str) -> bool:
    """`A`, not `あ` or `Ａ`: Latin letters glued to digits make codes (`A100`) or units (`11in`)."""
    return char.isascii() and char.isalpha()


def is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def to_narrow(text: str) -> str:
    """Full-width digits, letters and signs as ASCII, keeping the length (and so the offsets)."""
    return text.translate(_WIDTH_TABLE)


#: Digits grouped by thousands (`524,288`), or the Indian way, by hundreds then lakhs and crores
#: (`1,26,61,536`: a group of three last, of two before it).
ARABIC = r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])|\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
KANJI_DIGITS = "〇零一二三四五六七八九壱弐参壹贰貳叁肆伍柒捌玖"
KANJI_SMALL = "十百千拾"
KANJI_LARGE = "万萬億亿兆京"
_DIGITS = rf"(?:{ARABIC}|[{KANJI_DIGITS}]+)"
# A group below 10,000: `五千二`, `5千2百36`, `2千222`, `524,288`, `二〇二五`.
#: After these, 千 is the kilo of a Chinese unit, not a thousand: `2250万千瓦` (kW), `千米` (km), `千克` (kg).
_KILO_UNIT_HEADS = "瓦米克"
_SMALL = rf"(?:[{KANJI_SMALL.replace('千', '')}]|千(?![{_KILO_UNIT_HEADS}]))"
_GROUP = rf"(?:(?:(?:{_DIGITS})?{_SMALL})+{_DIGITS}?|{_DIGITS})"
#: A numeral in either language: `524,288`, `8.2`, `820万`, `3億5000万`, `五十五兆一十二億四万五千二`,
#: with a decimal part after 点 or ・ (`二点二`, `2千万点5544`).
#: Before these, 兆 is the mega of a Chinese unit, not a trillion: `1000兆瓦` (MW), `兆赫` (MHz).
_MEGA_UNIT_HEADS = "瓦赫"
_LARGE = rf"(?:[{KANJI_LARGE.replace('兆', '')}]|兆(?![{_MEGA_UNIT_HEADS}]))"
NUMERAL = rf"{_GROUP}(?:{_LARGE}+(?:{_GROUP})?)*(?:[・点](?:\d+|[{KANJI_DIGITS}]+))?"
NUMERAL_RE = re.compile(NUMERAL)
#: A decimal written without its leading zero, before a percentage (`or .7%`, `.25 percentage point`):
#: only there, where a full stop cannot be meant.
LEADING_DOT_RE = re.compile(r"(?<![\w.,])\.\d+(?=\s?(?:%|percent|per cent|pct|percentage))", re.IGNORECASE)
#: `3分の2` (2/3), `1と2分の1` (1.5), `三分の二`: Japanese fractions, denominator first.
FRACTION_RE = re.compile(rf"(?:(?P<whole>{NUMERAL})(?:と|また|又))?(?P<den>{NUMERAL})分の(?P<num>{NUMERAL})")
#: `6 . 2`, `80 , 000`: digits as tokenized text writes them (many news corpora are stored so).
#: A Japanese or Chinese numeral in text whose words are set apart by spaces (a PDF's, or a table's):
#: `1,973 万 7 千人` is 19,737,000 people.
SPACED_LARGE_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*(?:\.\d+)?\s[万萬億亿兆](?:\s\d{1,4}\s?[千百十])+")
SPACED_NUMERAL_RE = re.compile(r"(?<![\d.,])(?<![\d.,] )(?:\d{1,3}(?: , \d{3})+(?: \. \d+)?|\d+ \. \d+)(?!\d)")
#: `1/2`, `12/3`, `1 3/5`, `1と3/5`: fractions written with a slash (the scanner tells them from dates by context).
SLASH_FRACTION_RE = re.compile(r"(?<![A-Za-z0-9./:-])(?:(?P<whole>\d{1,3})(?: |と|また))?(?P<num>\d{1,4})/(?P<den>\d{1,4})(?![A-Za-z0-9./:])")
#: Scientific notation and powers: `2e5`, `1.2E+15`, `2^5`, `2.5^-1`.
SCIENTIFIC_RE = re.compile(r"(?<![\w.])(?P<mantissa>\d+(?:\.\d+)?)(?:[eE](?P<exp>[+-]?\d{1,3})|\^(?P<power>[+-]?\d{1,3}))(?![\w.])")
#: Japanese words that are numbers on their own.
#: `半` alone is a half only of the unit that follows (`半年`; the unit is read as any unit is): the
#: pattern takes it only there, never in `半導体`.
JA_NUMBER_WORDS = {"半ダース": Decimal(6), "半分": Decimal("0.5"), "半数": Decimal("0.5"), "一ダース": Decimal(12),
                   "半額": Decimal(50), "半": Decimal("0.5")}
#: Those of them that are a percentage: `半額` is half the price, 50%.
JA_PERCENT_WORDS = frozenset({"半額"})
JA_NUMBER_WORDS_RE = re.compile(
    "|".join(sorted((w for w in JA_NUMBER_WORDS if w != "半"), key=len, reverse=True)) + "|半(?=年)")
#: A numeral's sign when written before it: `マイナス10000`, `−1万`, `-5`.
NEGATIVE_RE = re.compile(r"(?:マイナス|負の|-|−|\bminus\s|\bnegative\s)\s?\Z", re.IGNORECASE)
#: `×10の14乗`, `の-1乗`: powers written after a numeral.
POWER_RE = re.compile(r"(?P<base>\s?[×x*]\s?(?:10|十))?の(?P<sign>マイナス|-)?(?P<exp>\d+|[〇一二三四五六七八九十]+)乗")
#: `数千`, `何百万`, `数十億`: "several thousand", a vague count; `十数人`, `百数十万円`: a number and then several more.
VAGUE_RE = re.compile(rf"(?P<head>(?:[一二三四五六七八九]?[{KANJI_SMALL}])+)?[数何幾](?P<small>[{KANJI_SMALL}]?)(?P<large>[{KANJI_LARGE}]?)")

_DIGIT_VALUES = {c: i for i, c in enumerate("〇一二三四五六七八九")}
# The "large" forms written on cheques (大写): 壱弐参 in Japanese, 壹贰叁肆伍柒捌玖 in Chinese (not 陸/陆 for 6:
# it is the 陸 of 陸地, "land", far more often than a numeral).
_DIGIT_VALUES.update({"零": 0, "壱": 1, "弐": 2, "参": 3, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "肆": 4, "伍": 5,
                      "柒": 7, "捌": 8, "玖": 9})
_SMALL_VALUES = {"十": 10, "拾": 10, "百": 100, "千": 1000}
LARGE_VALUES = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12, "京": 10**16}

#: English scale words. Single letters are only scale words where the context says money.
SCALE_WORDS = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "k": 10**3, "mn": 10**6, "mln": 10**6, "m": 10**6, "bn": 10**9, "b": 10**9,
    "tn": 10**12, "trn": 10**12, "t": 10**12, "lakh": 10**5, "crore": 10**7,
}
AMBIGUOUS_SCALE_LETTERS = {"m", "b", "t"}

_EN_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_EN_MULTIPLIERS = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_WORD = "|".join(sorted([*_EN_UNITS, *_EN_TENS, *_EN_MULTIPLIERS, "dozen", "a"], key=len, reverse=True))
#: Number words: `three hundred`, `twenty-five`, `a dozen`, `two million`.
WORD_NUMBER_RE = re.compile(
    rf"\b(?:{_EN_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_EN_WORD}))*\b", re.IGNORECASE
)
_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9}
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                 "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                 "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
#: English fractions: `two-thirds`, `a fifth`, `half` (a claim when followed by `of` or after `by`).
EN_FRACTION_RE = re.compile(
    rf"\b(?:(?P<num>{'|'.join(_NUMERATORS)})[\s-]+(?P<den>{'|'.join(_DENOMINATORS)})|(?P<half>half))\b",
    re.IGNORECASE,
)


#: The fraction after a whole number in words: `five and a half (million)`, `three and two thirds`.
_AND_FRACTION_RE = re.compile(
    rf"\s+and\s+(?P<num>{'|'.join(_NUMERATORS)})[\s-]+(?P<den>{'|'.join(_DENOMINATORS)})\b", re.IGNORECASE
)
#: `a` before anything but a scale word (`a hundred`, `a dozen`) is an article, not the number one.
_ARTICLE_RE = re.compile(r"an?[\s-]+(?!(?:hundred|dozen|thousand|million|billion|trillion)\b)", re.IGNORECASE)
#: Words a greedy match may end on that belong to what follows (`five and a` of `five and a half`).
_DANGLING_RE = re.compile(r"(?:[\s-]+(?:and|a|an))+\Z", re.IGNORECASE)


#: A fraction of `a million`: `half a million`, `a quarter of a billion`.
_FRACTION_OF_A_RE = re.compile(r"\b(?:an?\s+)?(?P<den>half|quarter|third)\s+(?:of\s+)?\Z", re.IGNORECASE)


def word_number_at(text: str, start: int, end: int) -> tuple[int, int, Numeral] | None:
    """(start, end, value) of the number words matched at text[start:end], without a dangling
    `and a`, with a fraction that follows (`five and a half` -> 5.5) or precedes (`half a million`)."""
    literal = text[start:end]
    article = _ARTICLE_RE.match(literal)
    if article:
        start, literal = start + article.end(), literal[article.end():]  # `a two-day strike`: the `a` is an article
    dangling = _DANGLING_RE.search(literal)
    if dangling:
        end = start + dangling.start()
    if end <= start:
        return None
    numeral = parse_word_number(text[start:end])
    if numeral is None:
        return None
    if re.match(r"an?\s", literal, re.IGNORECASE):
        before = _FRACTION_OF_A_RE.search(text, max(0, start - 20), start)
        if before:
            share = Decimal(1) / _DENOMINATORS[before.group("den").lower()]
            return before.start(), end, Numeral(numeral.value * share, numeral.step * share)
    fraction = _AND_FRACTION_RE.match(text, end)
    if fraction:
        part = Decimal(_NUMERATORS[fraction.group("num").lower()]) / _DENOMINATORS[fraction.group("den").lower()]
        numeral = Numeral(numeral.value + part, min(numeral.step, Decimal("0.1")))
        end = fraction.end()
    return start, end, numeral


def parse_en_fraction(m: re.Match) -> Numeral:
    if m.group("half"):
        return Numeral(Decimal("0.5"), Decimal(0))
    return Numeral(Decimal(_NUMERATORS[m.group("num").lower()]) / _DENOMINATORS[m.group("den").lower()], Decimal(0))


@dataclass(frozen=True)
class Numeral:
    """A parsed number: its value and the step of its last stated digit (its precision)."""

    value: Decimal
    step: Decimal

    def scaled(self, factor: int | Decimal) -> "Numeral":
        return Numeral(self.value * factor, self.step * factor)


def _arabic(text: str) -> Numeral:
    literal = text.replace(",", "")
    value = Decimal(literal)
    if "." in literal:
        exponent = value.as_tuple().exponent  # 8.20 keeps its stated hundredths
    else:
        exponent = value.normalize().as_tuple().exponent if value else 0  # 300 -> step 100
    return Numeral(value, Decimal(1).scaleb(int(exponent)))


_GROUP_TOKEN = re.compile(rf"(\d[\d,]*(?:\.\d+)?)|([{KANJI_DIGITS}])|([{KANJI_SMALL}])")


def _group_value(group: str) -> Decimal:
    """A group below 10,000 in any mix: `五千二` -> 5002, `5千2百36` -> 5236, `二〇二五` -> 2025."""
    total, digit = Decimal(0), None
    for arabic, kanji, small in _GROUP_TOKEN.findall(group):
        if arabic:
            digit = Decimal(arabic.replace(",", ""))
        elif kanji:
            value = _DIGIT_VALUES[kanji]
            digit = Decimal(value) if digit is None else digit * 10 + value
        else:
            total += (Decimal(1) if digit is None else digit) * _SMALL_VALUES[small]
            digit = None
    return total + (digit or 0)


_SPLIT_LARGE = re.compile(rf"([{KANJI_LARGE}])")


def parse_numeral(text: str) -> Numeral:
    """Parse one NUMERAL match (Arabic, kanji or mixed, with 万/億/兆/京) to a Numeral.

    >>> parse_numeral("820万").value
    Decimal('8200000')
    """
    if re.fullmatch(ARABIC, text):
        return _arabic(text)
    fraction = re.search(rf"[・点](\d+|[{KANJI_DIGITS}]+)\Z", text)
    if fraction:
        digits = "".join(str(_DIGIT_VALUES.get(c, c)) for c in fraction.group(1))
        whole = parse_numeral(text[: fraction.start()]) if fraction.start() else Numeral(Decimal(0), Decimal(1))
        return Numeral(whole.value + Decimal("0." + digits), Decimal(1).scaleb(-len(digits)))
    total = Decimal(0)
    step = None
    pending = pending_text = None
    for part in _SPLIT_LARGE.split(text):
        if not part:
            continue
        if part in LARGE_VALUES:
            scale = LARGE_VALUES[part]
            if pending is None and total:
                total *= scale  # `105千万`, `1兆2000億` read left to right: a run of units multiplies
                step = (step or Decimal(1)) * scale
                continue
            total += (pending if pending is not None else Decimal(1)) * scale
            step = _step_of(pending_text, scale) if pending is not None else Decimal(scale)
            pending = None
        else:
            pending, pending_text = _group_value(part), part
    if pending is not None:
        total += pending
        step = _step_of(pending_text, 1)
    return Numeral(total, step if step is not None else Decimal(1))


def _step_of(group_text: str, scale: int) -> Decimal:
    if re.fullmatch(ARABIC, group_text):
        return _arabic(group_text).step * scale
    value = _group_value(group_text)
    exponent = value.normalize().as_tuple().exponent if value else 0
    return Decimal(1).scaleb(int(exponent)) * scale


def parse_word_number(text: str) -> Numeral | None:
    """`three hundred` -> 300, `twenty-five` -> 25, `a dozen` -> 12; None if the words are no number."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    if not words or words == ["a"] or words[0] in _EN_MULTIPLIERS or words[0] == "hundred":
        return None  # `million` alone is a scale word, not a number
    total, current, seen_number = 0, 0, False
    for word in words:
        if word == "a":
            current = max(current, 1)
        elif word == "dozen":
            current = (current or 1) * 12
            seen_number = True
        elif word in _EN_UNITS:
            current += _EN_UNITS[word]
            seen_number = True
        elif word in _EN_TENS:
            current += _EN_TENS[word]
            seen_number = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen_number = True
        else:
            total += (current or 1) * _EN_MULTIPLIERS[word]
            current = 0
            seen_number = True
    if not seen_number:
        return None
    value = Decimal(total + current)
    exponent = value.normalize().as_tuple().exponent if value else 0
    return Numeral(value, Decimal(1).scaleb(max(int(exponent), 0)))


def vague_range(small: str, large: str, head: str | None = None) -> tuple[Decimal, Decimal]:
    """`数千` -> (1000, 10000): "several" of a power of ten, up to the next one (the convention of
    ../shared/data/ANNOTATION.md for vague counts); `十数` -> (12, 19) and `百数十万` -> (1.2 million,
    1.9 million): a stated number, then several more."""
    unit = Decimal(_SMALL_VALUES.get(small, 1))
    scale = Decimal(LARGE_VALUES.get(large, 1))
    if not head:
        return unit * scale, unit * 10 * scale
    base = _group_value(head)
    return (base + unit * 2) * scale, (base + unit * 9) * scale


def parse_fraction(m: re.Match) -> Numeral:
    """A FRACTION_RE match as a Numeral; its precision is exact (the step is zero)."""
    value = parse_numeral(m.group("num")).value / parse_numeral(m.group("den")).value
    if m.group("whole"):
        value += parse_numeral(m.group("whole")).value
    return Numeral(value, Decimal(0))


def apply_power(numeral: Numeral, m: re.Match) -> Numeral:
    """`12.32×10の14乗` -> 1.232e15; `2.5のマイナス1乗` -> 0.4."""
    exponent = int(parse_numeral(m.group("exp")).value) * (-1 if m.group("sign") else 1)
    if abs(exponent) > 64:
        raise ArithmeticError("exponent out of range")
    if m.group("base"):
        factor = Decimal(10) ** exponent
        return Numeral(numeral.value * factor, numeral.step * factor)
    return Numeral(numeral.value ** exponent, Decimal(0))


def parse_scientific(m: re.Match) -> Numeral:
    """`2e5` -> 200000, `2^5` -> 32: exact values (a step of zero)."""
    mantissa = Decimal(m.group("mantissa"))
    if m.group("exp") is not None:
        return Numeral(mantissa.scaleb(int(m.group("exp"))), Decimal(0))
    return Numeral(mantissa ** int(m.group("power")), Decimal(0))


_HIRAGANA_DIGITS = {"いち": 1, "に": 2, "さん": 3, "よん": 4, "し": 4, "ご": 5, "ろく": 6, "なな": 7, "しち": 7,
                    "はち": 8, "はっ": 8, "きゅう": 9, "く": 9, "ぜろ": 0, "れい": 0}
_HIRAGANA_SMALL = {"じゅう": 10, "ひゃく": 100, "びゃく": 100, "ぴゃく": 100, "せん": 1000, "ぜん": 1000}
_HIRAGANA_LARGE = {"まん": 10**4, "おく": 10**8, "ちょう": 10**12}
_HIRAGANA_TOKEN = re.compile("|".join(sorted([*_HIRAGANA_DIGITS, *_HIRAGANA_SMALL, *_HIRAGANA_LARGE], key=len, reverse=True)))
#: A whole run of hiragana standing alone (`ななひゃくよんじゅうに`) and made only of numeral syllables:
#: only then can it be a number (a run of other hiragana, most of any Japanese text, is never parsed).
HIRAGANA_RUN_RE = re.compile(rf"(?<![\u3040-\u30ff\u4e00-\u9fff\w])(?:{_HIRAGANA_TOKEN.pattern}){{1,}}(?![\u3040-\u309f])")


def parse_hiragana(run: str) -> Numeral | None:
    """`ななひゃくよんじゅうに` -> 742, `さんぜん` -> 3000; None unless the whole run is numerals."""
    tokens, pos = [], 0
    while pos < len(run):
        m = _HIRAGANA_TOKEN.match(run, pos)
        if not m:
            return None
        tokens.append(m.group())
        pos = m.end()
    has_unit = any(t not in _HIRAGANA_DIGITS for t in tokens)
    if not has_unit and len(tokens) < 3 and any(len(t) < 2 for t in tokens):
        return None  # `に`, `くに`, `いちご`: particles and words, not numbers
    total, section, digit, sequence = 0, 0, None, []
    for token in tokens:
        if token in _HIRAGANA_DIGITS:
            value = _HIRAGANA_DIGITS[token]
            sequence.append(value)
            digit = value
        elif token in _HIRAGANA_SMALL:
            section += (1 if digit is None else digit) * _HIRAGANA_SMALL[token]
            digit, sequence = None, []
        else:
            total += (section + (digit or 0) or 1) * _HIRAGANA_LARGE[token]
            section, digit, sequence = 0, None, []
    if len(sequence) > 1 and section == 0 and total == 0:
        value = int("".join(map(str, sequence)))  # digit by digit: にさんよん = 234
        return Numeral(Decimal(value), Decimal(1))
    return Numeral(Decimal(total + section + (digit or 0)), Decimal(1))


def format_decimal(value: Decimal | None) -> str | None:
    """A Decimal as plain text without exponent or trailing zeros: 8.2E+6 -> '8200000'."""
    if value is None:
        return None
    try:
        text = format(value.normalize(), "f")
    except InvalidOperation:
        return str(value)
    return text
