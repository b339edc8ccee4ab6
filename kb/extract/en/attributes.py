"""The English attribute rule: the measured noun after a quantity (`48 TB of HBM`), else the noun
before it (`revenue totaled $5bn`). Word windows over spaCy's rule-based tokens; the word lists are
in en/words.yaml."""

from __future__ import annotations

import re

from kb.extract import names
from kb.extract.en.deals import is_money, priced_in_deal
from kb.extract.en.subject import has_ed_form, measured_by_subject, measured_subject_span
from kb.extract.model import Quantity
from kb.extract.tokens import Tokens, end_of, inside, joins_previous, tokens_after, tokens_before
from kb.extract.units import dimension_of, is_currency_word, is_length, is_unit_word
from kb.extract.wordlists import WordBefore, alternation, key_alternation, word_map, word_pattern, word_set

_SKIP_AFTER = word_set("en", "attribute_skip_after")
_STOP = word_set("en", "attribute_stop")
_SKIP_BEFORE = word_set("en", "attribute_skip_before")
_PRICED_PER = word_set("en", "priced_per")
_PER = frozenset({"a", "an", "per"})
_PRICE = "price"


def _priced_per_unit(quantity: Quantity, after: list) -> bool:
    if not is_money(quantity):
        return False
    words = [t.lower_ for t in after[:2]]
    return len(words) == 2 and words[0] in _PER and words[1] in _PRICED_PER


_CASUALTY_VERBS = word_map("en", "casualty_verbs")
_PERSONS = word_set("en", "person_nouns")


def _casualty(tokens: Tokens, quantity: Quantity, after: list, counted: list) -> str | None:
    """What a count of people measures when a verb of harm stands right before it (`killed more than
    80,000 people`, `injuring hundreds`) or right after its noun (`1,655 people were killed`), as data
    (en/words.yaml `casualty_verbs`): a count of deaths or injuries, not of `people`."""
    if quantity.spec is not None and not quantity.spec.count:
        return None
    if counted and counted[0].lower_ in _CASUALTY_VERBS:
        return _CASUALTY_VERBS[counted[0].lower_]  # `leave 306 dead and more than 3,000 injured`
    if counted and counted[0].lower_ not in _PERSONS:
        return None
    before = [t.lower_ for t in tokens_before(tokens, quantity.start)[-2:]]
    verb = next((_CASUALTY_VERBS[w] for w in reversed(before) if w in _CASUALTY_VERBS), None)
    if verb is None and counted:
        rest = [t.lower_ for t in after[len(counted): len(counted) + 3]]
        verb = next((_CASUALTY_VERBS[w] for w in rest if w in _CASUALTY_VERBS), None)
    return verb


#: Past tenses, which no noun phrase after a figure holds (`struck`, `followed`; `runs` may be a noun): the
#: `-ed` forms of the verbs of figures (`futures slumped 6.3 percent`) and other past tenses.
_PAST_VERBS = word_set("en", "past_tense_verbs") | frozenset(w for w in word_set("en", "subject_verbs") if w.endswith("ed"))
#: Verb forms that are no nouns: the past tenses and the verbs of prose the treebank tags mostly as verbs. A
#: measured noun before a figure never ends with one (not `cost`, `total`, `gain`: nouns too).
_ANY_VERB = _PAST_VERBS | word_set("en", "finite_verbs")
#: Verbs of figures in the infinitive (en/words.yaml `figure_infinitives`): after `to`, the noun before them is
#: what they change (`expects net rental income to rise 14%`).
_FIGURE_VERBS = word_set("en", "figure_infinitives")
_PRICE_VERBS = WordBefore.of(word_map("en", "price_verbs"))


def _priced_by_verb(quantity: Quantity, tokens: Tokens, after: list) -> str | None:
    """What money right after a verb of price measures: `is priced at ₹6,999`, `costing just under $30 million`,
    `starts at $69,900` (en/words.yaml `price_verbs`; a hedge between is part of the figure)."""
    return _PRICE_VERBS.meaning(tokens.text, quantity.start) if is_money(quantity) else None


_ACCELERATION_BEFORE = word_pattern("en", "acceleration_before")
_SPEED = "[length] / [time]"


def _acceleration(quantity: Quantity, tokens: Tokens, after: list) -> str | None:
    """`acceleration` for a time in seconds that a sprint from standstill to a speed takes (en/words.yaml
    `acceleration_before`: `0-60mph time of 3.5 seconds`, `reach 60 mph in about 3.5 seconds`), and for
    the sprint's span itself: speeds from standstill (`a 0-100km/h time of 4 seconds`, `0-60mph`)."""
    if quantity.spec is not None and quantity.low == 0 and quantity.high and dimension_of(quantity.spec) == _SPEED:
        return "acceleration"
    if _ACCELERATION_BEFORE is None or quantity.spec is None or quantity.spec.pint != "second":
        return None
    found = _ACCELERATION_BEFORE.search(tokens.text, max(0, quantity.start - 40), quantity.start)
    return "acceleration" if found else None


#: A count written as a hyphenated modifier of the thing it counts: `four-cylinder`, `octa-core`, `30-stock`.
_COUNT_COMPOUND = re.compile(r"-(?P<noun>[a-z]{3,})\b(?!-)")


def _counted_in_compound(quantity: Quantity, tokens: Tokens, after: list) -> str | None:
    """What a bare count written as a hyphenated modifier counts, in the plural: `four-cylinder` -> cylinders,
    `30-stock Dow` -> stocks, `358-point drop` -> points."""
    if quantity.unit is not None or (quantity.spec is not None and not quantity.spec.count):
        return None
    m = _COUNT_COMPOUND.match(tokens.text, quantity.end)
    return m.group("noun") + "s" if m else None


_ENGINE_WORDS = word_set("en", "engine_words")
#: How many words after a volume in litres an engine's word may stand (`6.2-litre, supercharged V8`).
_ENGINE_AFTER = 4


def _displacement(quantity: Quantity, tokens: Tokens, after: list) -> str | None:
    """`displacement` for a volume in litres an engine's word follows (en/words.yaml `engine_words`:
    `two-litre inline four-cylinder engine`, `6.2-litre, supercharged V8`)."""
    if quantity.spec is None or quantity.spec.pint != "liter":
        return None
    return "displacement" if any(t.lower_ in _ENGINE_WORDS for t in after[:_ENGINE_AFTER + 1]) else None


#: A verb of play, `for`, maybe a hedge word, right before a distance (`rushed for 2,000 yards`)
_FOR_MEASURES = WordBefore.of(word_map("en", "for_measures"), between=r"\s+for\s*")


def _measured_by_play(quantity: Quantity, tokens: Tokens, after: list) -> str | None:
    """What a distance gained by a play measures, by its verb (en/words.yaml `for_measures`): `passed for 182
    yards` is passing yards, `rush for 2,000 yards` rushing yards."""
    if quantity.spec is None or quantity.spec.pint != "yard":
        return None
    return _FOR_MEASURES.meaning(tokens.text, quantity.start)


#: Money, a joiner, then a currency's name or sign: `105 yen to the U.S. dollar`, `103 yen/US$`.
_EXCHANGE_RATE = re.compile(rf"\s*(?:{alternation('en', 'exchange_rate_joiners')})\s*(?:U\.?S\.?\s*)?(?P<currency>[A-Za-z]+|\$)")


def _exchange_rate(quantity: Quantity, tokens: Tokens, after: list) -> str | None:
    """The exchange rate to the currency named, for money stated per unit of it (en/words.yaml
    `exchange_rate_joiners`): `105 yen to the dollar` -> exchange rate per dollar. The other currency is part of
    what is measured, so a rate to the euro is never held against one to the dollar."""
    if not is_money(quantity):
        return None
    m = _EXCHANGE_RATE.match(tokens.text, quantity.end)
    if m is None or not (m.group("currency") == "$" or is_currency_word(m.group("currency"))):
        return None
    currency = "dollar" if m.group("currency") == "$" else m.group("currency").lower()
    return f"exchange rate per {currency}"


def _price(quantity: Quantity, tokens: Tokens, after: list) -> str | None:
    """`price` for money asked for one unit of a good (`$54.45 a barrel`, `$1,810 per ounce`) or for what a
    deal sells or buys."""
    return _PRICE if _priced_per_unit(quantity, after) or priced_in_deal(quantity, tokens) else None


#: Words the treebank seldom or never tags a noun (en/lexicon.yaml `never_nouns`: `generate`, `away`, `prior`).
_NEVER_NOUNS = word_set("en", "never_nouns")


def attribute(quantity: Quantity, tokens: Tokens, skip) -> str | None:
    """What the figure measures: words that end in a word never a noun are a verb's or an adverb's
    (`will generate 500 MWac`, `20 miles away`, `three years prior`), no measured noun; the unit's own
    measure, if it has one, stands instead (claims.unit_measure)."""
    found = _measured_words(quantity, tokens, skip)
    return None if found is not None and _ends_in_no_noun(found) else found


def _ends_in_no_noun(words: str) -> bool:
    """Whether a phrase's last word is never a noun; after other words a form in -ing or -s may be one the
    treebank seldom saw so (`fast charging`, `routine supply runs`), alone it is a verb's (`generate`)."""
    parts = words.lower().split()
    last = parts[-1]
    if len(parts) > 1 and (last.endswith("ing") or last.endswith("s")):
        return False
    return last in _NEVER_NOUNS


#: Words that open the noun phrase after a figure's `of` (`93% of the total revenue`, `half of its output`).
_ARTICLES_AFTER_OF = frozenset({"the", "its", "their", "his", "her", "our"})


def _measured_words(quantity: Quantity, tokens: Tokens, skip) -> str | None:
    after = tokens_after(tokens, quantity.end)
    for rule in _NAMED_BY_CONSTRUCTION:
        found = rule(quantity, tokens, after)
        if found is not None:
            return found
    words = []
    is_ratio = quantity.spec is not None and quantity.spec.pint == "fold"
    is_length_figure = quantity.spec is not None and is_length(quantity.spec)
    joined = -1
    for i, token in enumerate(after):
        low = token.lower_
        if i == joined:
            continue  # the letters after a hyphen, taken with it
        if not words and (low in _SKIP_AFTER or inside(skip, token) or (is_ratio and low == "the")):
            continue  # `48 TB of HBM`, `2.1 times the bandwidth`
        if not words and i and after[i - 1].lower_ == "of" and low in _ARTICLES_AFTER_OF and not is_length_figure:
            continue  # `93% of the total revenue`: a share of what the article opens (not `within 1,600 km of the moon`)
        if words and token.text in names.POSSESSIVE_MARKS and i + 1 < len(after) and after[i + 1].is_alpha:
            words = []  # `about half of the country's oil production`: the owner's, the measured noun after it
            continue
        if words and _hyphen_between(after, i) and after[i + 1].is_alpha:
            words += [token, after[i + 1]]  # `2.5 GHz quad-core`, `mortgage-backed`: a hyphenated word is one word
            joined = i + 1
            continue
        model_number = token.like_num and words and words[-1].text[:1].isupper()  # `Ascend 950 NPUs`
        if token.is_punct or token.is_space or low in _STOP or inside(skip, token) or (token.like_num and not model_number):
            break
        if not (token.is_alpha or model_number or re.fullmatch(r"[A-Za-z][\w-]*|\d+[A-Za-z][\w-]*", token.text)):
            break  # words and model codes (`Ascend 910C computing chips`) make the measured noun
        if (low in _PAST_VERBS or _is_verb_in_ed(token, after, words)) and low not in _CASUALTY_VERBS:
            break  # `A 4.7 magnitude earthquake followed`: a verb ends the noun phrase (not `runs`, a noun too; not
            # `3,000 injured`, a count of the harmed)
        words.append(token)
        if sum(t.text != "-" for t in words) == 4 or (low.endswith("s") and not low.endswith("ss") and len(low) > 3):
            break  # an English noun phrase ends at its plural head: `panels` in `panels spread over`
    casualty = _casualty(tokens, quantity, after, words)
    if casualty is not None:
        return casualty  # `killed more than 80,000 people`, `1,655 people were killed`: deaths
    if words:
        return tokens.text[words[0].idx : end_of(words[-1])]
    before = tokens_before(tokens, quantity.start)
    own_start = names.after_heading(tokens.text)  # `Interconnect bandwidth 784 GB/s` may start with a capital
    picked = []
    i = len(before) - 1
    while i >= 0:
        token = before[i]
        low = token.lower_
        if not picked and low in _FIGURE_VERBS and i and before[i - 1].lower_ == "to":
            i -= 2  # `expects net rental income to rise 14%`: what is to rise is measured
            continue
        if not picked and (low in _SKIP_BEFORE or token.is_punct and token.text != "," or inside(skip, token)):
            if token.text in ".;:":
                break
            i -= 1
            continue
        if not picked and (low in _ANY_VERB or token.is_lower and (has_ed_form(low) or low.endswith("ly"))):
            break  # `US crude futures slumped 6.3 percent`, `exploded for 171 yards`, `increased slightly to HK$38
            # million`: a verb or an adverb, not a measured noun, stands before the figure
        if not picked and is_unit_word(token.text):
            break  # `rose 21.4 pct to ¥45,095.3 billion`: the unit of the figure before, not what this one measures
        if token.is_alpha and (token.is_lower or token.idx == own_start) and low not in _STOP and low not in _SKIP_BEFORE:
            picked.insert(0, token)
            while i >= 2 and _hyphen_between(before, i - 1) and before[i - 2].is_alpha:
                i -= 2  # `full-year revenues`: a hyphenated word is one word
                token = before[i]
                picked.insert(0, token)
            if len(picked) >= 2:
                break
            i -= 1
            continue
        of = _of_a_name(before, i) if not picked else None
        if of is None:
            break
        i = of - 1  # `the final cost of the Games was ¥1.42 trillion`: what is measured comes before `of`
    while picked and picked[-1].lower_ in _ANY_VERB:
        picked.pop()  # `the index lost 30.42`, `Commerzbank sank 9.5%`: a verb says what happened, not what is measured
    if picked:
        measured = measured_subject_span(quantity, tokens)
        if measured is not None and measured[1] < picked[0].idx and end_of(picked[-1]) <= measured[2]:
            return measured[0]  # `The construction cost for the main body of the bridge was`: the cost, of the bridge
        return tokens.text[picked[0].idx : end_of(picked[-1])]
    if quantity.spec is not None and dimension_of(quantity.spec) == "[time]":
        return None  # `in the past 12 months`: a span says when; its unit names it (a period)
    return measured_by_subject(quantity, tokens)


def _hyphen_between(tokens: list, i: int) -> bool:
    """Whether token `i` is a hyphen inside a word (`quad-core`, `full-year`), no space on either side."""
    return 0 < i < len(tokens) - 1 and tokens[i].text == "-" and joins_previous(tokens, i) and joins_previous(tokens, i + 1)


#: A bare figure next to the noun of a dimensionless scale measures on that scale (en/words.yaml `scale_nouns`):
#: `magnitude 7.9`, `a magnitude of 6.2`, `a 7.7 magnitude earthquake`, `a 5.2-magnitude tremor`.
_SCALES = alternation("en", "scale_nouns")
_SCALE_BEFORE = re.compile(rf"\b(?P<scale>{_SCALES})(?:\s+of)?\s*\Z", re.IGNORECASE) if _SCALES else None
_SCALE_AFTER = re.compile(rf"[\s-]?(?P<scale>{_SCALES})\b", re.IGNORECASE) if _SCALES else None


#: A scale named after a figure (en/words.yaml `named_scales`): `7.6 on the Richter scale`.
_NAMED_SCALES = word_map("en", "named_scales")
_ON_NAMED_SCALE = re.compile(rf"\s+on\s+the\s+(?P<name>{key_alternation(_NAMED_SCALES)})(?:\s+[\w-]+)?\s+scale\b",
                             re.IGNORECASE) if _NAMED_SCALES else None


def _scale_named(quantity: Quantity, tokens: Tokens, after: list) -> str | None:
    """The scale a unitless figure measures, when its noun stands right before or after it, or when the scale is
    named after it (`registered 7.6 on the Richter scale`: magnitude)."""
    if quantity.unit is not None:
        return None
    m = (_SCALE_AFTER.match(tokens.text, quantity.end)
         or _SCALE_BEFORE.search(tokens.text, max(0, quantity.start - 20), quantity.start)) if _SCALES else None
    if m:
        return m.group("scale").lower()
    named = _ON_NAMED_SCALE.match(tokens.text, quantity.end) if _ON_NAMED_SCALE is not None else None
    return _NAMED_SCALES[named.group("name").lower()] if named else None


def _is_verb_in_ed(token, after: list, words: list) -> bool:
    """Whether a word in -ed after a figure is a verb or participle (`$18.024 billion translated into`, `the
    quake followed`), not an adjective before its noun (`a 1.9% annualized rate`, `5 prorated bonuses`)."""
    if not has_ed_form(token.lower_):
        return False
    if words:
        return True
    following = next((t for t in after if t.idx > token.idx), None)
    return following is None or not (following.is_alpha and following.is_lower and following.lower_ not in _STOP)


#: What names a figure's measure by the construction around it, tried in order before the words beside it:
#: each rule takes (quantity, tokens, tokens after the figure) and gives a measure or None.
_NAMED_BY_CONSTRUCTION = (_acceleration, _measured_by_play, _displacement, _exchange_rate, _price, _priced_by_verb, _scale_named,
                          _counted_in_compound)


def _of_a_name(before, i: int) -> int | None:
    """Where `of` stands before the name ending at token `i` (`of the Games`, `of Tokyo 2020`), if it does."""
    j = i
    while j >= 0 and (before[j].text[:1].isupper() or before[j].like_num or before[j].lower_ == "the") \
            and i - j < 5:
        j -= 1
    return j if j >= 0 and j < i and before[j].lower_ == "of" else None
