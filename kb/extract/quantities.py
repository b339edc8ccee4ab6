"""Find quantity expressions in a sentence and turn each into an interval in its stated unit.

The scanner reads a sentence left to right: a candidate numeral (candidates.py), its scale word
(`million`, `bn`, 万), its unit (lexicon), a range partner (`10-15%`, `5 to 7 million`), hedges
before and after (`about`, `up to`, 約, 以上), and change words (`rose 5%`, `5%増`). Numbers that
are names, dates, references or identifiers are rejected unless they carry a unit (rejections.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from kb import settings
from kb.extract import names
from kb.extract.candidates import NumeralFinder
from kb.extract.hedges import HedgeWords, hedge_words
from kb.extract.languages import Language
from kb.extract.model import Quantity
from kb.extract.numbers import (
    LARGE_VALUES,
    NEGATIVE_RE,
    NUMERAL_RE,
    POWER_RE,
    SCALE_WORDS,
    WORD_NUMBER_RE,
    Numeral,
    apply_power,
    is_ascii_alnum,
    is_ascii_letter,
    parse_numeral,
    to_narrow,
    word_number_at,
)
from kb.extract.rejections import Rejections
from kb.extract.units import Lexicon, UnitSpec, clause_around, is_length, lexicon
from kb.extract.wordlists import alternation, number_pairs, word_set

_SCALE_RE = re.compile(
    # `$2.2-billion`: a hyphen may join a scale word (not a letter: `10-m` is ten metres)
    r"(?:[ \u00a0]|-(?=[A-Za-z]{4}))?(?P<w>thousand|million|billion|trillion|lakh|crore|mln|mn|bn|trn|tn|k|m|b|t)(?![A-Za-z])",
    re.IGNORECASE,
)
#: A second scale word multiplies the first: `Rs 81 lakh crore` (10^12), `₹45 thousand crore`.
_COMPOUND_SCALE_RE = re.compile(r"[ \u00a0](?P<w>crore|million|billion)(?![A-Za-z])", re.IGNORECASE)
#: After `XからY`, what makes the two the levels a change started and ended at: `に上げ`, `に引き下げ`
#: (ja/words.yaml `to_level_verbs`).
_TO_LEVEL_VERB_RE = re.compile(rf"\s?[にへ](?:{alternation('ja', 'to_level_verbs')})")
_RANGE_RE = re.compile(r"\s*(?P<c>-|–|—|~|〜|～|to|and|から|ー|or|と)\s*", re.IGNORECASE)
#: Two bounds next to each other make a range: `20より大きく35以下`, `50以下20以上`, `over 5 but under 10`.
_BOUND_GAP_RE = re.compile(r"[\s、,がくかつ]*(?:て|そして|同時に)?[\s、,]*|\s*(?:and|but)\s*", re.IGNORECASE)
_TIMES_SIGNS = frozenset({"x", "×"})
_FORMAT_BETWEEN_RE = re.compile(r"\s(?:MX)?(?:FP|BF|INT|TF)\d{1,2}\s")
#: The smaller coin after a currency: `2222円13銭`, `545ドルと5セント`, `3 dollars 50 cents`, `2 dollars and 5 cents`.
_SUBUNIT_AMOUNT_RE = re.compile(rf"\s?(?:と|and\s)?\s?(?P<n>{NUMERAL_RE.pattern})")
#: What may stand between a number and its unit: a space, or the hyphen of `3-inch`, `45-acre`.
_UNIT_GAP_RE = re.compile(r"[ \u00a0]|-(?=[A-Za-z])")
_BARE_DEGREES_RE = re.compile(r" ?(degrees|degree)\b(?!\s+(?:Celsius|Fahrenheit|centigrade|C\b|F\b))", re.IGNORECASE)
_POSITION_AFTER_RE = re.compile(rf"\s+(?:{alternation('en', 'position_words')})\b", re.IGNORECASE)
_OF_BEFORE_RE = re.compile(r"\bof\s*\Z")
#: `1.2m tickets`, `3m people`: after a glued lower-case m, a plural noun says million, not metres.
_MILLION_NOUN_RE = re.compile(r"\s+(people|children|men|women|[a-z]{2,}[^s\W]s)\b")
#: Nouns counted in millions often enough that `3m people` is read as millions without a decimal point.
_MILLION_NOUNS = word_set("en", "million_nouns")
#: What makes `N日` a span of days rather than a date: `30日後`, `3日ぶり`, `7日以内`, `10日も`.
_DAYS_AFTER_RE = re.compile(alternation("ja", "days_span_after"))
_DECADE_OF_AGE_RE = re.compile(alternation("ja", "decade_of_age"))
_TO_NEXT_RE = re.compile(r"\s+to\s+(?=\d)")
#: `時速100キロ`, `秒速約3メートル`: a speed per hour, second or minute, then the number and a length.
_SPEED_WORD = r"(時速|秒速|分速)(?:約|最大|最高|平均)?\s?"
_SPEED_BEFORE_RE = re.compile(rf"{_SPEED_WORD}\Z")
_SPEED_TIME = {"時速": "hour", "秒速": "second", "分速": "minute"}
#: `時速100kmから120kmに`: the level a speed changed to, after the speed it changed from, is a speed too.
_SPEED_FROM_RE = re.compile(rf"{_SPEED_WORD}[\d０-９.,，．]+\s?[A-Za-zァ-ヶー]{{0,8}}(?:{alternation('ja', 'level_to_level')})\s?\Z")
_KATAKANA_RE = re.compile(r"[\u30a0-\u30ff]")
_KILO_DISTANCE_RE = re.compile(alternation("ja", "kilo_distance_words"))
_KILO_WEIGHT_RE = re.compile(alternation("ja", "kilo_weight_words"))
_KILO_SPEED_RE = re.compile(alternation("ja", "kilo_speed_words"))
#: What a bare `キロ` is, by the nearest word before it that says (a speed word first where both end alike).
_KILO_CUES = ((_KILO_SPEED_RE, "kilometer / hour"), (_KILO_DISTANCE_RE, "kilometer"), (_KILO_WEIGHT_RE, "kilogram"))
_TEMPERATURES = frozenset({"degree_Celsius", "degree_Fahrenheit", "kelvin"})
#: Words that make a bare `N度` a temperature: 温度, 気温, 体温, 平熱, 暑さ.
_TEMPERATURE_TALK_RE = re.compile(alternation("ja", "temperature_words"))
_ANGLE_TALK_RE = re.compile(alternation("ja", "angle_words"))
#: "And more" after a number, before its scale or unit (Chinese also writes 多 before a unit).
_ODD = r"余り?|あまり"
#: `10余万`, `1500余り万`, `100あまり万`: a number, 余 ("and more"), then its scale.
_ODD_SCALE_RE = re.compile(rf"(?:{_ODD})(万|萬|億|亿|兆)")
#: `800余公顷`, `20多元`, `1600余人`: a number, 余/多 ("and more"), then its unit.
_ODD_UNIT_RE = re.compile(rf"{_ODD}|多")
#: `7  万  円`, `us$ 48.2 万`: a large unit set off by spaces, as tokenized text writes it.
_SPACED_LARGE_RE = re.compile(r" +(万|萬|億|亿|兆)(?!一|が一|能|全|歳)")
#: `3割`, `七割半`, `3割8分7厘`: tenths, hundredths and thousandths, written as a percentage.
_WARI_RE = re.compile(r"\s?割(?:(?P<half>半)|(?:(?P<bu>\d|[一二三四五六七八九])分)?(?:(?P<rin>\d|[一二三四五六七八九])厘)?)")


@dataclass
class _Part:
    """One side of a quantity while it is being assembled."""

    start: int
    end: int
    numeral: Numeral
    unit_text: str | None = None
    spec: UnitSpec | None = None
    factor: Decimal = Decimal(1)
    unit_before: bool = False
    at_least: bool = False  # `10余万`: the 余 says "and some more"
    spaced: bool = False  # `7  万  円`: text tokenized with spaces, so its unit may follow a space too

    @property
    def scaled(self) -> bool:
        return self.factor != 1

    @property
    def as_written(self) -> Decimal:
        """The digits before the scale word or trailing 万/億: 7 in `7 million`, 15 in `15億`."""
        return self.numeral.value / self.factor


class QuantityScanner:
    """Scans sentences of one language. Build once, reuse: it holds compiled patterns."""

    def __init__(self, language: Language):
        self.language = language
        self.lexicon: Lexicon = lexicon()
        self.hedges: HedgeWords = hedge_words(language.data, language.spaced)
        self.words = names.name_words()
        self.finder = NumeralFinder(language, self.lexicon, self.hedges)
        self.rejections = Rejections(language, self.lexicon, self.hedges, self.words)
        # `4300円台`: a bracket an amount opens, in the language's own words (ja/words.yaml bracket_suffixes)
        suffixes = alternation(language.code, "bracket_suffixes")  # empty for a language with none
        self._bracket_parts = number_pairs(language.code, "bracket_parts")
        parts = "|".join(map(re.escape, sorted(self._bracket_parts, key=len, reverse=True)))
        self._bracket_re = re.compile(rf"(?:{suffixes})(?P<part>{parts})?") if suffixes else None

    # -- public -------------------------------------------------------------------------------
    def scan(self, sentence: str) -> list[Quantity]:
        """All quantities in `sentence`, offsets relative to it, left to right, never overlapping."""
        text = to_narrow(sentence)
        widths = (Decimal(str(settings.get("precision_cap"))), Decimal(str(settings.get("approximate_tolerance"))))
        blocked = self.rejections.name_spans(text)
        quantities: list[Quantity] = []
        taken_until = 0
        last_name_end = -10
        for start, end, numeral, kind in self.finder.numerals(text):
            if start < taken_until:
                continue
            if _inside(blocked, start, end) or self.rejections.is_list_of_names(text, start, last_name_end):
                last_name_end = end
                continue
            quantity = self._assemble(text, sentence, start, end, numeral, kind, widths)
            if quantity is not None:
                quantities.append(quantity)
                taken_until = quantity.end
        return _inherit_unit(_carry_change(_merge_bounds(quantities, text, sentence), text, self._counted_points), text)

    # -- assembling ---------------------------------------------------------------------------
    def _assemble(self, text, original, start, end, numeral, kind, widths) -> Quantity | None:
        """One candidate as a Quantity, or None. `widths`: the precision_cap and approximate_tolerance
        settings as Decimals, read once per sentence."""
        if kind in ("vague_ja", "vague_en"):
            return self._vague(text, original, start, end, numeral, kind)
        first = self._part(text, start, end, numeral)
        if first is None:
            return None
        if kind == "fraction_word":
            first.unit_text, first.spec = None, UnitSpec("fraction")  # `two-thirds of voters`
        if kind == "per_hundred":
            first.unit_text, first.spec = text[start:start + 3], self.lexicon.by_surface["%"]
        if kind == "percent_word":
            first.unit_text, first.spec = text[start:end], self.lexicon.by_surface["%"]  # `半額`: 50%
        if kind in _MULTIPLE_KINDS:
            first.unit_text, first.spec = None, self.lexicon.by_surface["x"]  # `doubled`: two times
        modifier, change = "=", None
        low_part, high_part = first, first
        q_start, q_end = first.start, first.end
        # `more than doubled to 1.3 million`: a multiple stated in a word is no range's end
        second = None if kind in _MULTIPLE_KINDS else self._range_partner(text, first)
        if second is not None:
            low_part, high_part = first, second
            q_end = second.end
            modifier = "range"
            if first.spec is None and second.spec is not None:
                first.spec, first.unit_text = second.spec, second.unit_text
            if not first.scaled and second.scaled and first.numeral.value < second.as_written:
                first.numeral = first.numeral.scaled(second.factor)  # `5 to 7 million`, `10〜15億円`
        spec, unit_text = high_part.spec or low_part.spec, high_part.unit_text or low_part.unit_text
        if spec is None and second is None:  # `dropped from 3.6 to 3.4 percent`: 3.6 percent
            spec, unit_text = self._unit_of_level_after(text, first) or (None, None)
        if self.rejections.rejected(text, first, high_part, spec):
            return None

        hedge = self.hedges.modifier_before(text, q_start)
        if hedge and modifier != "range":  # `exactly 300`, `about 300`, `up to 300`
            q_start, modifier = hedge
        if modifier == "range":
            between = re.search(r"\b(?:between|from)\s*\Z", text[max(0, q_start - 12):q_start], re.IGNORECASE)
            if between:
                q_start -= len(between.group())
        # `risen by about 21 to 24 centimetres`: a range keeps its hedge out of the span, not out of the change
        change = self.hedges.change_preceding(text, hedge[0] if hedge and modifier == "range" else q_start)
        sign = text[q_start - 1] if q_start else ""
        is_ratio = spec is not None and spec.pint in ("percent", "percentage_point")
        if change is None and is_ratio:
            change = self.hedges.change_of_object(text, q_start)
        negative = NEGATIVE_RE.search(text, max(0, q_start - 10), q_start)
        if sign == "+" and (q_start < 2 or not is_ascii_alnum(text[q_start - 2])) and is_ratio:
            change = "up"  # `+113%`: a change, stated as its size
            q_start -= 1
        elif negative and (negative.start() == 0 or not is_ascii_alnum(text[negative.start() - 1])):
            change = "down" if is_ratio else change  # `-5%`, `マイナス五％`: negative, and a fall
            q_start = negative.start()
            # the sign belongs to the first number only: `-5~10` runs from -5 to 10
            low_part.numeral = Numeral(-low_part.numeral.value, low_part.numeral.step)
        decade = self._decade_of_age(text, q_end, low_part, spec) if modifier == "=" else None
        if decade is not None:  # `50代`, `30歳代`: the ages from 50 to 59
            q_end, spec, unit_text = decade.end(), self.lexicon.by_surface["歳"], (unit_text or "") + decade.group()
            high_part = _Part(high_part.start, q_end, Numeral(low_part.numeral.value + 9, Decimal(1)))
            modifier = "range"
        after = None if self.hedges.reached_by_change(text, q_end) else self.hedges.modifier_after(text, q_end)
        if after and modifier in ("=", "~", "=="):
            q_end, modifier = after
        elif high_part.at_least and modifier == "=":
            modifier = ">="
        if kind == "multiple_verb":
            change = "up" if low_part.numeral.value > 1 else "down"  # `more than doubled profits`, `had almost halved`
        # with no unit only a comparative makes a change (`closed 3,934 points lower`; `30 more` is a count),
        # and one after a comma (`settled 238.69 points, or 0.62 per cent, higher at 38,939.22`)
        follows = (self.hedges.change_following(text, q_end) if spec is not None else None) \
            or self.hedges.change_following_a_count(text, q_end)
        if follows:
            q_end, change = follows
        elif spec is not None and spec.pint == "fold" and change is None:
            change = self.hedges.change_by_multiple(text, q_end, low_part.numeral.value)
        if change and spec is not None and _POSITION_AFTER_RE.match(text, q_end) and is_length(spec):
            change = None  # `rises 220 feet above the water`: a height, not a change

        low, high = _interval(low_part.numeral, high_part.numeral, modifier, widths)
        modifier = "=" if modifier == "==" else modifier
        value = (low_part.numeral.value + high_part.numeral.value) / 2 if modifier == "range" else low_part.numeral.value
        bracket = self._bracket(text, q_end, spec, modifier, low_part.numeral) if q_start == low_part.start else None
        if bracket is not None:  # `4300円台`, `154円台前半`
            q_end, low, high, modifier = bracket
            value = (low + high) / 2
        tolerance = self._tolerance(text, q_end, spec) if modifier == "=" else None
        if tolerance is not None:  # `101V±6V`: from 95 to 107 volts
            q_end, margin = tolerance
            low, high, modifier = value - margin, value + margin, "range"
        return Quantity(q_start, q_end, original[q_start:q_end], value, low, high, modifier, change, unit_text, spec)

    def _tolerance(self, text: str, end: int, spec: UnitSpec | None) -> tuple[int, Decimal] | None:
        """(where it ends, the margin) for a tolerance written after a figure (`101V±6V`, `5 ± 0.2 mm`), in the
        figure's unit or none, else None."""
        m = _TOLERANCE_RE.match(text, end)
        if m is None:
            return None
        part = self._numeral_part(text, NUMERAL_RE.match(text, m.end()), m.end())
        if part is None or (part.spec is not None and part.spec != spec):
            return None
        return part.end, part.numeral.value

    def _bracket(self, text: str, end: int, spec: UnitSpec | None, modifier: str, numeral: Numeral):
        """(end, low, high, modifier) when an amount with its unit opens a bracket (`4300円台`: from 4,300
        to 4,400 yen, by the place of its last digit that is not zero; `4000円台`: to 5,000; `4%台`), or a
        part of one (`154円台前半`); None otherwise, and always after a counter (`3台` is three machines)."""
        if modifier != "=" or spec is None or spec.count or not self._bracket_re:
            return None
        m = self._bracket_re.match(text, end)
        if m is None or not numeral.value:
            return None
        lo, hi = self._bracket_parts.get(m.group("part") or "", (Decimal(0), Decimal(1)))
        step = Decimal(1).scaleb(numeral.value.normalize().as_tuple().exponent)  # 4300 -> 100, 151.80 -> 0.1
        low, high = numeral.value + step * lo, numeral.value + step * hi
        return m.end(), low, high, ("~" if 0 < lo and hi < 1 else "range")  # the middle of one is approximate

    def _unit_of_level_after(self, text: str, first: "_Part") -> tuple[UnitSpec, str] | None:
        """The unit of the level a change reached, for the bare level it started from (`the forecast
        dropped from 3.6 to 3.4 percent`): the two are one measure, written with its unit once."""
        to = _TO_NEXT_RE.match(text, first.end)
        if to is None or not self.hedges.levels_follow(text, first.start):
            return None
        nm = NUMERAL_RE.match(text, to.end())
        second = self._numeral_part(text, nm, nm.start()) if nm is not None else None
        if second is None or second.spec is None or second.scaled or first.scaled:
            return None
        return second.spec, second.unit_text

    def _numeral_part(self, text: str, nm: re.Match, start: int) -> "_Part | None":
        """The part a numeral matched after a connector makes (`to 3.4 percent`, `-$7 million`: from
        `start`, a sign before it included), or None when the numeral does not parse."""
        try:
            numeral = parse_numeral(nm.group())
        except (ArithmeticError, ValueError, KeyError):
            return None
        return self._part(text, start, nm.end(), numeral)

    def _decade_of_age(self, text: str, end: int, part: "_Part", spec: UnitSpec | None) -> re.Match | None:
        """`50代`, `30歳代` (ja/words.yaml `decade_of_age`): a ten of years of age, for a round ten from 10 to 100."""
        if not self.language.east_asian or (spec is not None and spec.pint != "year"):
            return None
        value = part.numeral.value
        if value != value.to_integral_value() or not 10 <= value <= 100 or value % 10:
            return None
        return _DECADE_OF_AGE_RE.match(text, end)

    def _part(self, text: str, start: int, end: int, numeral: Numeral) -> _Part | None:
        """A numeral with its scale word and unit, or None when the numeral is no quantity."""
        part = _Part(start, end, numeral, factor=_trailing_large_units(text[start:end]))
        before_unit = self.lexicon.match_before(text, start)
        if before_unit is None and self.language.east_asian:
            self._scale_before_sign(text, part)
        elif before_unit:
            part.unit_text, part.spec = before_unit[0].strip(), before_unit[1]
            part.start = start - len(before_unit[0])
            part.unit_before = True
        scale = _SCALE_RE.match(text, end)
        if scale and self._scale_applies(text, scale, part):
            part.factor = Decimal(SCALE_WORDS[scale.group("w").lower()])
            part.end = scale.end()
            compound = _COMPOUND_SCALE_RE.match(text, part.end) if scale.group("w").lower() in ("lakh", "thousand") else None
            if compound:
                part.factor *= Decimal(SCALE_WORDS[compound.group("w").lower()])
                part.end = compound.end()
            part.numeral = numeral.scaled(part.factor)
        if self.language.east_asian:
            self._japanese_multipliers(text, part)
            self._degrees(text, part)
        if not part.unit_before:
            pos = part.end
            gap = _UNIT_GAP_RE.match(text, pos)
            unit = self.lexicon.match_after(text, pos)
            if unit is None and gap:
                unit = self.lexicon.match_after(text, pos + 1)
                if unit is not None and not self._unit_after_gap_ok(unit[0]):
                    unit = None
                pos += 1 if unit else 0
            if unit is None and self.language.east_asian:
                odd = _ODD_UNIT_RE.match(text, pos)
                unit = self.lexicon.match_after(text, odd.end()) if odd else None
                if unit is not None:
                    pos, part.at_least = odd.end(), True
            if unit is None and part.spaced:
                spaces = len(text[pos:]) - len(text[pos:].lstrip(" "))
                unit = self.lexicon.match_after(text, pos + spaces)
                pos += spaces if unit else 0
            if unit is None and self.language.english and not part.scaled:
                unit = self.lexicon.match_glued(text, part.end, part.numeral.value)  # `11in`, `52.95p`, `1.5C`
                if unit is None and text.startswith(" ", part.end):  # `hit 111 F (43.8 C)`: AP's temperatures
                    unit = self.lexicon.match_glued(text, part.end + 1, part.numeral.value, spaced=True)
                    pos = part.end + 1 if unit is not None else pos
                if unit is None:
                    unit, pos = self._bare_degrees(text, part.end)
            if unit is None:
                unit, pos = self._unit_after_format(text, part.end)
            if unit is None and self.language.east_asian and self._days_not_date(text, part):
                unit, pos = ("日", self.lexicon.by_surface["日間"]), part.end
            if unit is None and self.language.east_asian and text.startswith("キロ", pos):
                unit = self._bare_kilo(text, pos)  # `時速100キロ`, `体重60キロ`
            if unit is not None and unit[0].strip() in _TIMES_SIGNS and re.match(r"\s*\d", text[pos + len(unit[0]):]):
                unit = None  # `6912 x 400G`: a multiplication, not "6912 times"
            if unit is not None and unit[0].lower().strip() in _POINT_WORDS and self.language.english \
                    and self.lexicon.points_are_counted(text, part.start, part.numeral.value):
                unit = None  # `38,270 points` on an index: a count of points, said by the noun
            if unit is not None:
                part.unit_text, part.spec = unit
                part.end = pos + len(unit[0])
                self._subunit(text, part)
            if self.language.east_asian:
                self._speed_before(text, part)
        if part.end < len(text) and is_ascii_letter(text[part.end]):
            return None  # `910B`, `4th`, `5G`: digits fused with letters that are no unit
        return part

    def _counted_points(self, text: str, end: int) -> bool:
        """Whether `points` an index counts follow a bare figure (`or 363.77 points`: no unit, the noun says)."""
        unit = self.lexicon.match_after(text, _SPACES.match(text, end).end())
        return unit is not None and unit[0].lower().strip() in _POINT_WORDS

    def _bare_degrees(self, text: str, pos: int) -> tuple[tuple[str, UnitSpec] | None, int]:
        """`above 40 degrees` in a sentence about heat: a temperature whose scale the text does not say
        (its own unit, so it is never compared with a stated Celsius or Fahrenheit figure)."""
        m = _BARE_DEGREES_RE.match(text, pos)
        if m and self.lexicon.glued_context_of("C").search(clause_around(text[:pos] + text[m.end():], pos)):
            return (m.group(1), UnitSpec("degree_unstated")), m.start(1)
        return None, pos

    def _bare_kilo(self, text: str, pos: int) -> tuple[str, UnitSpec] | None:
        """`キロ` alone is kilometres or kilograms: the sentence says which (`時速`, `距離` / `体重`, `重さ`);
        where it does not, the number keeps no unit rather than a guessed one."""
        if _KATAKANA_RE.match(text, pos + 2):
            return None  # キロメートル, キログラム: the lexicon's own words
        nearest = max(((m.end(), spec) for regex, spec in _KILO_CUES for m in regex.finditer(text, 0, pos)),
                      default=None, key=lambda found: found[0])
        if nearest is not None:
            # `最高速度が270キロから15キロ引き上げられ`: the nearest word before says which (a speed here)
            return "キロ", UnitSpec(nearest[1])
        if _KILO_DISTANCE_RE.search(text):
            return "キロ", UnitSpec("kilometer")
        if _KILO_WEIGHT_RE.search(text):
            return "キロ", UnitSpec("kilogram")
        return None

    def _speed_before(self, text: str, part: _Part) -> None:
        """`時速100キロ` (km/h), `秒速3メートル` (m/s): a speed named before the number, a length after it."""
        speed = _SPEED_BEFORE_RE.search(text, max(0, part.start - 6), part.start)
        if speed is None and part.spec is not None and is_length(part.spec):
            changed_from = _SPEED_FROM_RE.search(text, max(0, part.start - 24), part.start)
            if changed_from is not None:  # `時速100kmから120kmに引き上げ`: 120 km/h
                part.spec = UnitSpec(f"{part.spec.pint} / {_SPEED_TIME[changed_from.group(1)]}")
            return
        if speed is None or part.spec is None:
            return
        per = _SPEED_TIME[speed.group(1)]
        if is_length(part.spec):
            part.spec = UnitSpec(f"{part.spec.pint} / {per}")
        elif not part.spec.pint.endswith(f" / {per}"):
            return  # (a bare `キロ` the speed word already made a speed only takes the word into its span)
        part.unit_text = speed.group(1) + (part.unit_text or "")
        part.start = speed.start()

    def _scale_before_sign(self, text: str, part: _Part) -> None:
        """`華氏マイナス20度`: a temperature scale named before the sign; the sign is taken here."""
        sign = NEGATIVE_RE.search(text, max(0, part.start - 6), part.start)
        unit = self.lexicon.match_before(text, sign.start()) if sign else None
        if unit is None or unit[1].pint not in _TEMPERATURES:
            return
        part.numeral = Numeral(-part.numeral.value, part.numeral.step)
        part.unit_text, part.spec, part.unit_before = unit[0].strip(), unit[1], True
        part.start = sign.start() - len(unit[0])

    def _degrees(self, text: str, part: _Part) -> None:
        """`摂氏40度` takes its 度; a bare `20度` is a temperature where the sentence speaks of one
        (`温度を20度上げる`) or where it has decimals and no angle is spoken of (`桐生市35.7度`), and stays
        a plain number elsewhere (`3度目`, an angle of `45度`)."""
        if not text.startswith("度", part.end) or text.startswith("度目", part.end):
            return
        if part.unit_before and part.spec is not None and part.spec.pint in _TEMPERATURES:
            part.end += 1
        elif part.spec is None and (_TEMPERATURE_TALK_RE.search(text) or (
                part.numeral.value != part.numeral.value.to_integral_value() and not _ANGLE_TALK_RE.search(text))):
            part.unit_text, part.spec = "度", self.lexicon.by_surface["℃"]
            part.end += 1

    @staticmethod
    def _days_not_date(text: str, part: _Part) -> bool:
        """`90日` after birth, `30日後`, `3日ぶり`: a number of days, not the day of a month (`5月17日`)."""
        if not text.startswith("日", part.end) or text[part.start - 1:part.start] == "月":
            return False
        if part.numeral.value != part.numeral.value.to_integral_value():
            return False
        return part.numeral.value > 31 or _DAYS_AFTER_RE.match(text, part.end + 1) is not None

    def _japanese_multipliers(self, text: str, part: _Part) -> None:
        """`5ダース` (x12), `×10の14乗` and `の2乗` (powers), `3割5分` (tenths: 35%), `10余万` (over 100,000)."""
        spaced = _SPACED_LARGE_RE.match(text, part.end)
        if spaced and part.factor == 1:
            scale = Decimal(LARGE_VALUES[spaced.group(1)])
            part.factor = scale
            part.numeral = part.numeral.scaled(scale)
            part.end, part.spaced = spaced.end(), True
        odd = _ODD_SCALE_RE.match(text, part.end)
        if odd:
            scale = Decimal(LARGE_VALUES[odd.group(1)])
            part.factor *= scale
            part.numeral = part.numeral.scaled(scale)
            part.end, part.at_least = odd.end(), True
        power = POWER_RE.match(text, part.end)
        if power:
            try:
                part.numeral = apply_power(part.numeral, power)
                part.end = power.end()
            except (ArithmeticError, ValueError, KeyError):
                pass
        if text.startswith("ダース", part.end):
            part.factor *= 12
            part.numeral = part.numeral.scaled(12)
            part.end += 3
        wari = _WARI_RE.match(text, part.end)
        if wari:
            tenths = part.numeral.scaled(10)
            extra = Decimal(5) if wari.group("half") else Decimal(0)
            if wari.group("bu"):
                extra += parse_numeral(wari.group("bu")).value
            if wari.group("rin"):
                extra += parse_numeral(wari.group("rin")).value / 10
            if extra:
                tenths = Numeral(tenths.value + extra, Decimal("0.1") if wari.group("rin") else Decimal(1))
            part.numeral = tenths
            part.end = wari.end()
            part.unit_text, part.spec = wari.group(), self.lexicon.by_surface["%"]

    def _unit_after_format(self, text: str, pos: int):
        """`752 INT8 TFLOPS`, `300 BF16 PFLOPS`: a number format between the number and its unit."""
        m = _FORMAT_BETWEEN_RE.match(text, pos)
        if m:
            unit = self.lexicon.match_after(text, m.end())
            if unit is not None:
                return unit, m.end()
        return None, pos

    def _subunit(self, text: str, part: _Part) -> None:
        """`2222円13銭` = 2222.13 円, `2ドル3セント`, `545ドルと5セント`, `五元三角`."""
        coins = self.lexicon.subunits.get(part.spec.pint) if part.spec else None
        if not coins:
            return
        m = _SUBUNIT_AMOUNT_RE.match(text, part.end)
        if not m:
            return
        gap = re.match(r"\s?", text[m.end():]).end()
        for surface, factor in coins:
            if text.startswith(surface, m.end() + gap):
                extra = parse_numeral(m.group("n")).value * factor
                part.numeral = Numeral(part.numeral.value + extra, factor)
                part.end = m.end() + gap + len(surface)
                return

    @staticmethod
    def _unit_after_gap_ok(surface: str) -> bool:
        """Japanese counters (個, 人) attach without a space; a space before them means no unit.
        Letters, signs and katakana unit words (`0.25 ミリリットル`) may stand after a space."""
        return bool(re.match(r"[A-Za-z%$°℃€£¥₩₹\u30a0-\u30ff]|[\u3400-\u9fff]{2}", surface))  # `约 800 公里`

    def _scale_applies(self, text: str, scale: re.Match, part: _Part) -> bool:
        word = scale.group("w")
        if word == "K" and not part.unit_before and part.numeral.value < 20 and scale.group() == "K":
            return False  # `4K`, `8K`, `10K`: a video format or a race, not thousands
        if len(word) > 1 or word.lower() == "k":
            return True
        if part.unit_before and part.spec is not None and part.spec.pint.isupper():
            return True  # $8.2M, $4.5B, $1T: after a currency sign a letter is a scale
        if word == "m" and scale.group() == "m":
            noun = _MILLION_NOUN_RE.match(text, scale.end())
            if noun is None or noun.group(1).lower() in self.words.event_words:
                return False  # `2m tall`, `the 400m hurdles`: metres
            decimal = "." in text[part.start:scale.start()]
            if not (decimal or noun.group(1).lower() in _MILLION_NOUNS):
                return False  # `a 100m stretch`: metres unless the noun is plainly counted in millions
            return not re.search(r"\ban?\s+\Z", text[max(0, part.start - 4):part.start])  # `a 1.2m wall`
        # 2.3M users, 7B parameters: upper case, glued to the digits
        return word in "MB" and scale.group().startswith(word)

    def _range_partner(self, text: str, first: _Part) -> _Part | None:
        m = _RANGE_RE.match(text, first.end)
        if not m:
            return None
        connector = m.group("c").lower()
        hedge = self.hedges.modifier_before(text, first.start)
        before = hedge[0] if hedge else first.start
        # `grew by 1.3 million to 67.4 million`, `fell by a record 837,000 to 124.9 million`: a change
        # and the level it reached, when the second is far above the first (`cut costs by $1 billion to
        # $1.5 billion` and `growth of 0.3% to 0.5%` are ranges)
        change_then_level = connector == "to" and self.hedges.change_preceding(text, before) is not None \
            and not _OF_BEFORE_RE.search(text, max(0, first.start - 8), first.start)
        if connector == "to" and self.hedges.levels_follow(text, before):
            return None  # `grown from 18 weeks to 41 weeks`: where a change started and ended
        if connector in ("and", "or") and not re.search(
            r"\bbetween\s*\S*\Z", text[max(0, first.start - 14):first.start], re.IGNORECASE
        ):
            return None
        nm = NUMERAL_RE.match(text, m.end())
        start = m.end()
        if nm is None:
            sign = re.match(r"(?:US\$|HK\$|\$|€|£|¥)", text[m.end():])  # `$5-$7 million`
            if sign:
                start = m.end() + len(sign.group())
                nm = NUMERAL_RE.match(text, start)
        if nm is None and self.language.english:
            words = WORD_NUMBER_RE.match(text, m.end())  # `seven to nine hours`
            found = words and word_number_at(text, words.start(), words.end())
            if not found or found[0] != m.end():
                return None
            second = self._part(text, start, found[1], found[2])
        else:
            if nm is None or not self.finder.is_standalone(text, nm.start(), nm.end()):
                return None
            second = self._numeral_part(text, nm, start)
        if second is None:
            return None
        if connector == "と":
            if not text.startswith(("の間", "の中"), second.end):
                return None  # `20と30の間` is a range; `300と2ダース` is not
            second.end += 2
        if first.spec and second.spec and first.spec != second.spec:
            return None
        if connector == "から" and _TO_LEVEL_VERB_RE.match(text, second.end):
            return None  # `時速300キロから320キロに上げ`: where a change started and ended, two levels
        if not first.scaled and second.scaled and first.spec is None and first.numeral.value >= second.as_written:
            return None  # `fiscal 2023 to 4.5 trillion yen`: what stands before `to` is no low end of it
        inherits_scale = not first.scaled and second.scaled and first.numeral.value < second.as_written
        first_value = first.numeral.value * (second.factor if inherits_scale else 1)
        if second.numeral.value < first_value:
            return None  # `3-2` is a score, `2024-25` a season, `1~0B` nothing: not an ascending range
        if change_then_level and second.numeral.value > 2 * first_value:
            return None
        if first.spec is None and second.spec is None and connector == "-" and not second.scaled \
                and _integral(first, second) and not self.rejections.counted_noun_follows(text, second.end):
            return None  # `3-2` with nothing counted is a score, not a range (`880-890 deliveries`, `9.4–9.6` are)
        return second

    # -- vague quantities ---------------------------------------------------------------------
    def _vague(self, text, original, start, end, bounds, kind) -> Quantity | None:
        low, high = bounds
        unit = self.lexicon.match_after(text, end)
        spec, unit_text = (unit[1], unit[0]) if unit else (None, None)
        q_end = end + len(unit[0]) if unit else end
        if kind == "vague_en":
            of = re.compile(r"\s+of").match(text, end)  # `thousands of`: the span takes the `of`
            q_end = of.end() if of else end
        elif spec is None:
            return None
        after = self.hedges.modifier_after(text, q_end)
        if after and after[1] in (">=", ">"):
            q_end = after[0]
        return Quantity(start, q_end, original[start:q_end], (low + high) / 2, low, high, "range", None,
                        unit_text, spec)


#: A bound stated by a verb on its object (`1000円を超え`, `5万3000円を割り込み`) is a threshold something crossed,
#: not one end of a stated range: two of them side by side may be about two things.
_CROSSED_RE = re.compile(r"を\S")


def _merge_bounds(quantities: list[Quantity], text: str, original: str) -> list[Quantity]:
    """A lower and an upper bound side by side are one range: `20以上30未満の間` -> [20, 30]."""
    merged: list[Quantity] = []
    for q in quantities:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and {prev.modifier[:1], q.modifier[:1]} == {">", "<"}
            and prev.spec == q.spec
            and _BOUND_GAP_RE.fullmatch(text[prev.end:q.start])
            and not (_CROSSED_RE.search(prev.text) or _CROSSED_RE.search(q.text))
        ):
            lower, upper = (prev, q) if prev.modifier.startswith(">") else (q, prev)
            end = q.end + (2 if text.startswith("の間", q.end) else 0)
            if lower.low is not None and upper.high is not None and lower.low <= upper.high:
                merged[-1] = Quantity(prev.start, end, original[prev.start:end], (lower.low + upper.high) / 2,
                                      lower.low, upper.high, "range", None, prev.unit or q.unit, prev.spec)
                continue
        merged.append(q)
    return merged


def _carry_change(quantities: list[Quantity], text: str, counted_points) -> list[Quantity]:
    """`gained 12 points, or 0.3%`: a figure restating the change before it is the same change; so is the
    figure a change restates (`has zoomed 5,919 points or 77% higher`); a bare figure restates a change only in
    points an index counts (`dropped 1.72pc, or 363.77 points`; not `rose 5% in March, or 200 people said so`)."""
    for i in range(1, len(quantities)):
        prev, q = quantities[i - 1], quantities[i]
        one_is_a_share = any(x.spec is not None and x.spec.pint == "percent" for x in (prev, q))
        if q.change is None and prev.change and one_is_a_share and (q.spec is not None or counted_points(text, q.end)) \
                and _RESTATED_RE.fullmatch(text[prev.end:q.start]):
            quantities[i] = replace(q, change=prev.change)
        elif prev.change is None and q.change and one_is_a_share and _RESTATED_RE.fullmatch(text[prev.end:q.start]):
            quantities[i - 1] = replace(prev, change=q.change)
        elif q.change is None and prev.change and _same_share(prev, q) and _RATE_SET_AGAINST_RE.search(text[prev.end:q.start]):
            # `grew by 5.2% in the second quarter, down from 5.4% in the first`: the rate it is set
            # against is a rate of the same change
            quantities[i] = replace(q, change=prev.change)
    return quantities


def _integral(*parts) -> bool:
    return all(p.numeral.value == p.numeral.value.to_integral_value() for p in parts)


def _same_share(a: Quantity, b: Quantity) -> bool:
    return a.spec is not None and b.spec is not None and a.spec.pint == b.spec.pint and a.spec.pint in _SHARES


def _inherit_unit(quantities: list[Quantity], text: str) -> list[Quantity]:
    """`an average of 32 minutes, against a target of 18`, `from 90 minutes to 50`: a bare figure set
    against the one before it is in that figure's unit (its `unit` stays null: nothing is written).
    Not after a change in per cent (`fell 3% to 200`), nor after a multiple (`doubled in a week to more
    than 2,000`): the level reached is in a unit the text does not say."""
    for i in range(1, len(quantities)):
        prev, q = quantities[i - 1], quantities[i]
        no_unit_to_give = prev.spec is not None and (prev.change is not None and prev.spec.pint in _SHARES
                                                     or prev.spec.pint == "fold")
        if q.spec is None and prev.spec is not None and not prev.spec.count and not no_unit_to_give \
                and _SET_AGAINST_RE.search(text, max(0, q.start - 40), q.start) and _NOTHING_COUNTED_RE.match(text, q.end):
            quantities[i] = replace(q, spec=prev.spec)
    return quantities


#: A tolerance's sign after a figure, then its margin's digits: `101V±6V`, `5 ± 0.2 mm`.
_TOLERANCE_RE = re.compile(r"\s?(?:±|\+/-|\+-)\s?(?=\d)")
#: A word that states a multiple (candidates.py): a verb's forms (`doubled`) or an adverb's (`twice as`).
_MULTIPLE_KINDS = frozenset({"multiple_verb", "multiple_word"})
#: `fell 3% to 200`: a level after a change in per cent is in a unit the text does not say.
_SHARES = frozenset({"percent", "percentage_point", "basis_point"})
#: After a bare figure set against another: the clause goes on, no noun says what it counts.
_NOTHING_COUNTED_RE = re.compile(r"\s*(?:[.,;:)!?]|\Z|\s+(?:a|an|in|on|at|per|last|this|next|for|by|over|since|ago)\b)")
#: What sets a bare figure against the one before: `to 50`, `from 57`, `against a target of 18`, `than 12`.
_SET_AGAINST_RE = re.compile(
    r"\b(?:to|from|against|versus|vs\.?|compared\s+(?:with|to)|than|(?:target|total|forecast|estimate|goal|average)\s+of)"
    r"\s*\Z", re.IGNORECASE)
#: What sets a rate of change against an earlier one, right before it: `, down from`, `, compared with`.
_RATE_SET_AGAINST_RE = re.compile(
    r"(?:\b(?:up|down)\s+from|\bcompared\s+(?:with|to)|\bversus|\bvs\.?)(?:\s+an?)?\s*\Z", re.IGNORECASE)
#: Spaces between a figure and a unit word after it (`363.77 points`).
_SPACES = re.compile(r" *")
#: The English words of an index's points, which a count of them keeps as its noun (`38,270 points`).
_POINT_WORDS = ("points", "point")
#: What stands between a change and its restatement: `, or `, ` (`, ` points, or `, ` a year from April, or `
_RESTATED_RE = re.compile(r"(?:\s+[\w-]+){0,4},?\s*(?:or|\(|—)\s*", re.IGNORECASE)


def _trailing_large_units(literal: str) -> Decimal:
    """The factor of the 万/億/兆 a numeral ends with: `15億` -> 1e8, `820万` -> 1e4, `48` -> 1."""
    factor = Decimal(1)
    for char in reversed(literal):
        if char not in LARGE_VALUES:
            break
        factor *= LARGE_VALUES[char]
    return factor



def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _interval(low_numeral: Numeral, high_numeral: Numeral, modifier: str,
              widths: tuple[Decimal, Decimal]) -> tuple[Decimal | None, Decimal | None]:
    """The interval the text commits to: stated precision, widened by hedges, opened by bounds.
    `widths`: the precision_cap and approximate_tolerance settings, read once per sentence."""
    precision_cap, approximate_tolerance = widths
    value = low_numeral.value
    # Trailing zeros leave a figure's precision open (300 could be 250..350); a reader takes it closer.
    half = min(low_numeral.step / 2, abs(value) * precision_cap) or low_numeral.step / 2
    if modifier == "range":
        return low_numeral.value, high_numeral.value
    if modifier == "==":
        return value, value
    if modifier == "~":
        spread = max(half, abs(value) * approximate_tolerance)
        return value - spread, value + spread
    if modifier in (">", ">="):
        return value, None
    if modifier in ("<", "<="):
        return None, value
    return value - half, value + half
