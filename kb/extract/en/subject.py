"""The subject of a figure's clause from word windows, for English read without the parser: the noun
phrase that opens the clause, right before its first verb (`Brent crude dropped 3.49 percent`, `The
Nasdaq composite index dropped 5.74`, `Crude oil prices have dropped more than 55%`).

Without a parse the rule is strict: the phrase starts the clause, holds no figure and no verb, is at
most seven words, and is no pronoun, no opening adverbial (`On Tuesday, ...`) and no one who reports
(`The company said revenue rose 5%`: the clause's verb is `said`, so it names no subject), and no word
that stands for a subject named before (`The shares`, `The group`: the sentence before or the headline
says whose). A figure in a relative clause is the phrase's the clause describes (`the 30-stock Dow,
which closed down 296 points`). Its head is the word before its first preposition (`The weakness in Exxon Mobil`: not
Exxon Mobil). A phrase headed by what is measured (`Revenue for the fourth quarter`, `sales revenue from
Huawei's carrier business`) is a subject only through a name inside it. The words are in en/words.yaml
(`subject_verbs`, `reporting_verbs`, `not_subject_openers`, `subject_stand_ins`, `subject_measures`) and
en/lexicon.yaml (`finite_verbs`: the verbs of prose, derived from UD EWT by en/parser/lexicon.py).
"""

from __future__ import annotations

import re

from kb.extract import names
from kb.extract.model import MEASURED_HEAD, WHOLE_PHRASE, Quantity
from kb.extract.qualifiers import qualifier_mentions
from kb.extract.tokens import Tokens, end_of, joins_previous, tokens_after, tokens_up_to
from kb.extract.wordlists import alternation, key_alternation, word_map, word_set

#: A verb ends the subject: the verbs of figures (words.yaml) and of prose (lexicon.yaml, from UD EWT).
_VERBS = word_set("en", "subject_verbs") | word_set("en", "finite_verbs")
_REPORTING = word_set("en", "reporting_verbs")
_OWN_FIGURE_VERBS = word_set("en", "own_figure_verbs")
_NOT_OPENERS = word_set("en", "not_subject_openers")
_STAND_INS = word_set("en", "subject_stand_ins")
_PARTICIPLES = word_set("en", "irregular_participles")
_MEASURES = word_set("en", "subject_measures")
_INDEX_HEADS = word_set("en", "index_heads")
_PERIOD_NOUNS = word_set("en", "period_nouns")
_MEASURED_AS = word_map("en", "subject_measured_as")
_PREPOSITIONS = frozenset({"of", "in", "on", "for", "at", "with", "from", "by"})
_RELATIVES = frozenset({"which", "who", "that", "where"})
#: The relative pronouns (a phrase is cut at one: `The indices which have been rising`), and those that
#: open, after a comma, a clause describing the noun phrase before it (`Chevron (CVX), which was off 4.8%`).
_RELATIVE_WORDS = _RELATIVES - {"where"}
_RELATIVE_OPENERS = _RELATIVE_WORDS - {"that"}
_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
#: The words before a noun phrase's words that are none of what it names or measures (`the`, `its`).
_ARTICLES = _DETERMINERS | _POSSESSIVES
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
#: What a common noun phrase opens with, read backwards from its last word (`the newest iterant`).
_PHRASE_OPENERS = _DETERMINERS | _DEMONSTRATIVES
_POSSESSIVE_MARKS = names.POSSESSIVE_MARKS
#: What starts a clause of its own inside a sentence: `...; the Nasdaq fell 2%`, `..., while the S&P rose`.
_CLAUSE_BREAKS = frozenset({";", ":", "—", "–"})
_CLAUSE_WORDS = word_set("en", "clause_words")
#: Words that open a clause of their own wherever they stand: `... as the Labor Department reported ...`.
_SUBORDINATORS = frozenset({"as", "while", "whereas", "because", "although", "though", "when", "where"})
_LONGEST = 7
_LONGEST_WITH_PREPOSITION = 12
#: Adverbs standing between a subject and its verb (`Intel also increased`, `Sales still rose`).
_ADVERBS_BEFORE_VERB = word_set("en", "adverbs_before_verb")
#: Number words: a phrase holding one is a figure, no subject (`two synchronous motors will generate ...`).
_COUNTS = word_set("en", "number_gate")
#: The heads of a phrase naming a variant by the words before them (`a cellular model`; en/words.yaml
#: `variant_heads`).
_VARIANT_HEADS = word_set("en", "variant_heads")


#: A variant named by its own figures: `the 2 GB + 16 GB variant`, `the top-end 512GB model`, `The 256GB variant
#: of the iPhone 11 Pro Max` (en/words.yaml `variant_heads`). Its figures tell it apart from its siblings.
_VARIANT_RE = re.compile(
    rf"\b(?:(?:[Tt]he|[Tt]his|[Tt]hat|[Aa]n?)\s+)?(?:[a-z]+(?:-[a-z]+)?\s+)?(?:\d[\d.,]*\s?[A-Za-z]{{1,4}}\s*(?:\+|/|and)\s*)*"
    rf"\d[\d.,]*\s?[A-Za-z]{{1,4}}[\s-]+(?:{alternation('en', 'variant_heads')})s?\b"
    rf"(?:\s+of\s+(?:the\s+)?(?:[\w+-]+\s+){{0,3}}?[A-Z][\w+-]*(?:\s+(?:[A-Z][\w+-]*|\d+))*)?")


def variant_subject(quantity: Quantity, tokens: Tokens) -> tuple[int, int] | None:
    """(start, end) of the last variant named by its figures before the figure in its sentence, or the one
    holding it, when no model name stands between: `The 2 GB + 16 GB variant is priced at ₹6,999 while the 3 GB
    + 32 GB variant is priced at ₹7,999`."""
    if "variants" not in tokens.memo:  # found once per sentence, asked for each of its figures
        tokens.memo["variants"] = list(_VARIANT_RE.finditer(tokens.text))
    found = None
    for m in tokens.memo["variants"]:
        if m.start() > quantity.start:
            break
        found = m
    if found is None or found.group().split()[0].lower() not in _DETERMINERS | {"this", "that"} and found.start():
        return None  # a variant is written with its article (`the 64GB model`), or opens the sentence
    between = (found.end(), quantity.start)
    if any(between[0] <= n.start < between[1] for n in names.product_names(tokens.text)):
        return None  # `The 64GB model sold 3 million while the Galaxy S9 …`: the nearer model's
    return found.start(), found.end()


def subject(quantity: Quantity, tokens: Tokens) -> tuple[int, int, int] | None:
    """(start, end, head offset) of the noun phrase opening the figure's clause, or None."""
    variant = variant_subject(quantity, tokens)
    if variant is not None:
        return variant[0], variant[1], WHOLE_PHRASE
    antecedent = relative_antecedent(quantity, tokens)
    if antecedent is not None:
        return antecedent
    absolute = _with_absolute(quantity, tokens)
    if absolute is not None:
        return absolute
    opening = _opening_phrase(quantity, tokens)
    if opening is None:
        return _own_variant(quantity, tokens)
    phrase, cut, head = opening
    owner = next((i for i, t in enumerate(phrase[:cut]) if i and t.lower_ in _POSSESSIVE_MARKS), None)
    if owner is not None and (head.lower_ in _STAND_INS or head.lower_ in _MEASURES) and phrase[owner - 1].text[:1].isupper():
        # `Just Eat's shares soared 23.7 per cent`: the owner before `'s` is whose the shares are
        return phrase[0].idx, end_of(phrase[owner - 1]), phrase[owner - 1].idx
    variant = _named_variant(phrase, cut, head)
    if variant is not None:
        return variant
    if head.lower_ in _MEASURES and _MEASURE_OF.search(tokens.text[phrase[0].idx:end_of(phrase[-1])]):
        # `The construction cost for the main body of the bridge`: a measure of a thing the phrase names
        return phrase[0].idx, end_of(phrase[-1]), MEASURED_HEAD
    if head.lower_ in _STAND_INS or phrase[0].lower_ in _DEMONSTRATIVES:
        return None  # `The company`, `this electric pony`: words standing for a subject named before
    if head.lower_ in _MEASURES:
        # `sales revenue from Huawei's carrier business grew 3.8%`: what is measured; a name in the phrase is whose
        return phrase[0].idx, end_of(phrase[-1]), MEASURED_HEAD
    if cut < len(phrase) and phrase[cut].lower_ != "of":
        phrase = phrase[:cut]  # `Brent for February settlement`: Brent; `The price of U.S. crude oil` stays whole
    elif cut < len(phrase) and _capitalized_around_of(phrase):
        # `Bank of America fell 14 percent`: one name with `of` in it, not `Bank`
        start = 1 if phrase[0].lower_ in _DETERMINERS else 0
        return phrase[start].idx, end_of(phrase[-1]), WHOLE_PHRASE
    return phrase[0].idx, end_of(phrase[-1]), head.idx


def _own_variant(quantity: Quantity, tokens: Tokens) -> tuple[int, int, int] | None:
    """A variant of the thing named before, opening the clause with its possessive (`Its top-of-the-line T8
    model will have a four-cylinder engine`): the variant is the subject, whose it is the sentence before says."""
    opening = _opening_phrase(quantity, tokens, possessive_ok=True)
    if opening is None or opening[0][0].lower_ not in _POSSESSIVES:
        return None
    return _named_variant(*opening)


def _named_variant(phrase: list, cut: int, head) -> tuple[int, int, int] | None:
    """The span of a phrase naming a variant by the words before its head (`The Wi-Fi model will cost $800,
    and a cellular model will cost $930`): the subject whole, without an article or possessive. A bare head
    (`The model`) stands for a thing named before instead."""
    if head.lower_ not in _VARIANT_HEADS:
        return None
    start = 1 if phrase[0].lower_ in _ARTICLES else 0
    if cut - 1 <= start:
        return None
    return phrase[start].idx, end_of(phrase[cut - 1]), WHOLE_PHRASE


#: Words that say how a figure moved right after the noun of an absolute `with` (`with Brent Crude down 1.4%`).
_MOVED = frozenset({"up", "down", "higher", "lower", "off", "flat"})


def _with_absolute(quantity: Quantity, tokens: Tokens) -> tuple[int, int, int] | None:
    """The noun phrase of an absolute `with` that holds the figure (`Oil and gold prices were lower with Brent
    Crude down 1.4% to $74.39`, `with sterling sinking to a 28-month low`, `with Orion having a launch weight
    of nearly 1,600 pounds`): a few words, then a word in -ing or one that says how it moved, then the
    figure, with no clause between; the figure is that phrase's, not the clause's subject's."""
    before = tokens_up_to(tokens, quantity.start)
    at = next((i for i in range(len(before) - 1, max(-1, len(before) - 10), -1) if before[i].lower_ == "with"), None)
    if at is None:
        return None
    rest = before[at + 1:]
    # the word that says how it moved or what it does (`down`, `sinking`, `having`), past the object before
    # the figure (`having a launch weight of`) or the change a level follows (`down 1.4% to $74.39`)
    verb = next((i for i, t in enumerate(rest)
                 if i and (t.lower_ in _MOVED or t.lower_.endswith("ing") and len(t.text) > 4)), None)
    if verb is None or any(t.text in {",", ";", "(", ")"} or t.lower_ in _VERBS for t in rest[verb + 1:]):
        return None
    phrase = rest[:verb]
    if phrase[0].lower_ in _DETERMINERS:
        phrase = phrase[1:]
    if not phrase or len(phrase) > 4 or not all(t.is_alpha for t in phrase) \
            or phrase[-1].lower_ in _NOT_OPENERS or phrase[-1].lower_ in _POSSESSIVES or phrase[-1].lower_ in _MEASURES:
        return None  # `with total proceeds reaching over £2.7 billion`: what is measured, not whose
    if len(phrase) > 1 and phrase[-1].lower_ in _STAND_INS and phrase[-2].text[:1].isupper():
        phrase = phrase[:-1]  # `with Standard Life Aberdeen shares edging 2.5pc`: the company's shares
    return phrase[0].idx, end_of(phrase[-1]), WHOLE_PHRASE


def _capitalized_around_of(phrase: list) -> bool:
    """Whether every word of a phrase but its article and `of` is capitalized: one name (`Bank of America`)."""
    words = [t for t in phrase if t.lower_ not in _DETERMINERS and t.lower_ != "of"]
    return bool(words) and all(t.text[:1].isupper() for t in words)


def relative_antecedent(quantity: Quantity, tokens: Tokens) -> tuple[int, int, int] | None:
    """(start, end, head offset) of the noun phrase a relative clause holding the figure is about: `the
    30-stock Dow, which closed down 296 points`, `Chevron (CVX), which was off 4.8%`. The nearest `, which`
    / `, who` before the figure, with no clause break between; its noun phrase runs back from the comma
    (past a bracketed aside) to a determiner, a preposition, a verb or a comma, and a name at its end is
    the name alone (`Dow components Exxon Mobil`: Exxon Mobil)."""
    before = tokens_up_to(tokens, quantity.start)
    comma, depth, past = None, 0, False
    for i in range(len(before) - 1, 0, -1):
        word = before[i]
        depth += (word.text == ")") - (word.text == "(")
        if word.text in _CLAUSE_BREAKS or word.lower_ in _SUBORDINATORS or (
                word.lower_ in _CLAUSE_WORDS and i + 1 < len(before) and before[i + 1].text[:1].isupper()):
            return None  # `..., was down 4.5% and Randgold was down 4.2%`: another clause, its own subject
        past = past or word.text == "," and depth <= 0 and not _restates(before[i + 1:i + 2])
        if word.lower_ in _RELATIVE_OPENERS and before[i - 1].text == ",":
            comma = i - 1
            break
    if comma is None or comma + 2 < len(before) and before[comma + 2].lower_ in _REPORTING:
        return None  # `an analysis from Zillow, which found that ...`: who reports it
    own = _clause_start(before)
    if own > comma + 2 and own < len(before) and not (before[own].lower_ in _VERBS or _is_participle(before[own])):
        return None  # `Consumption (C), which makes up ..., grew ..., investment (I) fell by 11.9 percent`: a clause of its own
    end = comma - 1
    if end >= 0 and before[end].text == ")":  # `Exxon Mobil (XOM), which`: past the ticker
        while end >= 0 and before[end].text != "(":
            end -= 1
        end -= 1
    phrase = _noun_phrase_ending(before, end)
    if not phrase:
        return None
    if past and (phrase[0] is not before[0] or phrase[-1].lower_ in _STAND_INS):
        # past the relative clause, its noun phrase is the figure's subject only when it opens the sentence
        # (`This earthquake, which registered 7.6 ..., killed more than 80,000 people`), not `The deal, which
        # ..., marks progress towards Landsec's plan to release £2bn`
        return None
    if phrase[-1].text[:1].isupper() and phrase[0].lower_ in _DETERMINERS:
        phrase = phrase[1:]  # a name, whole, without its article: `Nikkei 225 Domestic Exposure 50 Index`
    return phrase[0].idx, end_of(phrase[-1]), WHOLE_PHRASE  # `Hong Kong's Hang Seng index`: the index


#: What opens a restatement of a figure after a comma, still in its clause: `296 points, or 1.8%, at 16,154`.
_RESTATEMENT_OPENERS = frozenset({"or", "at", "to"})


def _restates(following: list) -> bool:
    return bool(following) and (following[0].lower_ in _RESTATEMENT_OPENERS or not following[0].text[:1].isalpha())


def _noun_phrase_ending(before: list, end: int) -> list:
    """The noun phrase whose last word is `before[end]`, read backwards: a capitalized name is the name's
    words only, a common noun phrase runs back to its determiner (kept) or to a preposition, verb, comma."""
    phrase = []
    named = end >= 0 and before[end].text[:1].isupper()
    for i in range(end, max(-1, end - _LONGEST), -1):
        word = before[i]
        lower = word.lower_
        if lower in _POSSESSIVES:
            return []  # `its own electric motor, which produces`: a part of a subject named elsewhere
        if lower in _PHRASE_OPENERS:
            phrase.insert(0, word)
            break
        if lower in _POSSESSIVE_MARKS:
            phrase.insert(0, word)  # `Hong Kong's Hang Seng index`: an owner, no verb
            continue
        if (lower in _PREPOSITIONS or lower in _VERBS or lower in _REPORTING or lower in _CLAUSE_WORDS
                or lower in _RELATIVES or word.text in {",", "(", ")"}):
            break
        name_number = word.text.isdigit() and i > 0 and before[i - 1].text[:1].isupper()  # `Nikkei 225`
        if named and not word.text[:1].isupper() and not name_number:
            break  # a name's words are capitalized
        if not (_is_word(word, None) or name_number or "-" in word.text or _is_code(word)):
            return []  # `in a 12 months, which`: a figure inside the phrase; no noun phrase to trust
        phrase.insert(0, word)
    if not phrase or phrase[-1].lower_ in _NOT_OPENERS:
        return []
    if not named and phrase[0].lower_ not in _PHRASE_OPENERS and not any(t.lower_ in _POSSESSIVE_MARKS for t in phrase):
        # `earnings of $2.70 per share, which beat ...`: a common noun names a thing with its article or owner
        return []
    return phrase


#: An `it` that stands for nothing: `It would only take around 45 minutes`, `It is expected that` (en/words.yaml).
_EMPTY_IT = (rf"it\s+(?:\w+\s+){{0,2}}(?:{alternation('en', 'empty_it_verbs')})\b"
             rf"|it\s+(?:is|was)\s+(?:{alternation('en', 'empty_it_participles')})\b")
#: A sentence whose subject points back: `It ...`, `However, they ...`, `That was ...` (en/words.yaml).
_POINTS_BACK = re.compile(
    rf"\s*(?:(?:{alternation('en', 'linking_openers')})\s*,?\s+)?(?!{_EMPTY_IT})"
    rf"(?:(?:{alternation('en', 'pronoun_subjects')})\b(?!-)"
    rf"|(?:{alternation('en', 'pointing_subjects')})\s+(?:{alternation('en', 'pointing_verbs')})\b)",
    re.IGNORECASE)


def points_back(sentence: str) -> bool:
    """Whether the sentence's subject is a pronoun or a `That`/`This` before its verb: it is about what the
    sentence before was about (`The phone is confirmed to launch with up to 8GB of RAM. It is also set to
    get 64GB of onboard storage`), not about the headline's subject."""
    return _POINTS_BACK.match(sentence) is not None


#: Stand-ins that name no thing of their own: pronouns and people who report or trade.
_NOT_THINGS = frozenset({"it", "they", "economists", "analysts", "investors", "traders", "officials"})


def stand_in_subject(quantity: Quantity, tokens: Tokens) -> str | None:
    """The clause's opening phrase when a word standing for a subject named before heads it (`The automaker
    hiked its sales forecast to 43 trillion yen`, `The phone is confirmed to launch with up to 8GB`): what
    a figure is about when neither its sentence nor the ones before name it. Not a pronoun, nor people."""
    opening = _opening_phrase(quantity, tokens)
    if opening is None:
        return None
    phrase, cut, head = opening
    pointing = phrase[0].lower_ in _DEMONSTRATIVES  # `this electric pony does zero-to-60 in less than 3.5 seconds`
    if not (pointing or head.lower_ in _STAND_INS) or head.lower_ in _NOT_THINGS or head.lower_ in _MEASURES:
        return None
    return tokens.text[phrase[0].idx:end_of(phrase[cut - 1])]


#: `The construction cost for the main body of the bridge`, `The median sale price for homes in December`: the
#: preposition after a measure, and the thing the measure is of, opened by a determiner or bare (`bare`).
_THING_OPENERS = _PHRASE_OPENERS | {"all", "each", "every"}
#: What ends a thing named without an article after its measure: a preposition other than the measure's own
#: `of` / `for`, or `during` (`for homes in February`, `of oil from Iran`).
_THING_ENDS = re.compile(rf"\s(?:{key_alternation((_PREPOSITIONS - {'of', 'for'}) | {'during'})})\s", re.IGNORECASE)
_MEASURE_OF = re.compile(rf"\b(?:of|for)\s+(?P<thing>(?:(?:{key_alternation(_THING_OPENERS)})\s.+|(?P<bare>[^\d]+)))\Z",
                         re.IGNORECASE)


def measured_thing(phrase: str) -> str | None:
    """What a clause-opening phrase headed by a measure is of (`The construction cost for the main body of
    the bridge` -> the main body of the bridge; `the price of gold` -> gold): the figure's entity when no name
    in the phrase says whose. A bare thing ends at its first preposition (`homes in December`: the month says
    when), and one that is only a time says when, not of what (`Sales for March`)."""
    m = _MEASURE_OF.search(phrase)
    if m is None or m.group("thing").split()[-1].lower() in _PERIOD_NOUNS:
        return None  # `Revenue for the period`, `Operating profit for the quarter`: when, not of what
    if m.group("bare") is None:
        return m.group("thing")
    thing = _THING_ENDS.split(m.group("bare"))[0]
    return None if qualifier_mentions(thing) else thing


def measured_subject_span(quantity: Quantity, tokens: Tokens) -> tuple[str, int, int] | None:
    """(what the clause's opening phrase measures, where the whole phrase starts and ends) when a measure's
    word heads it (`The construction cost for the main body of the bridge was ...`), else None."""
    opening = _opening_phrase(quantity, tokens)
    if opening is None or opening[2].lower_ not in _MEASURES:
        return None
    phrase, cut, _ = opening
    measured = _measured_words(phrase, cut, tokens)
    return (measured, phrase[0].idx, end_of(phrase[-1])) if measured else None


def measured_by_subject(quantity: Quantity, tokens: Tokens) -> str | None:
    """What a figure measures when its clause opens with what is measured (`The unemployment rate
    averaged 4.4 percent`; `subject_measures`) or with a word for the measured thing itself (`The shares
    surged 56% to 732p`: the share price; en/words.yaml `subject_measured_as`)."""
    opening = _opening_phrase(quantity, tokens, possessive_ok=True)  # `Its shares jumped by 30p`
    if opening is None:
        return None
    phrase, cut, head = opening
    if head.lower_ in _MEASURES:  # `The unemployment rate averaged 4.4 percent`: the phrase up to its preposition
        return _measured_words(phrase, cut, tokens)
    return _MEASURED_AS.get(head.lower_)


#: A figure written as a hyphenated modifier of the noun after it: `30-year`, `one-megawatt`, `9-year-long`.
_MODIFIER_FIGURE = re.compile(r"-[A-Za-z]+\Z")
_MODIFIER_REST = re.compile(r"(?:-[A-Za-z]+)+")
#: Words no noun phrase after a modifier figure holds: those that end a measured noun (en/words.yaml
#: `attribute_stop`) and words of position (`position_words`: `the yield for a 10-year U.S. Treasury bond below 2%`).
_NOUN_PHRASE_ENDS = word_set("en", "attribute_stop") | word_set("en", "position_words")
#: How many words the noun phrase a modifier figure describes may hold (`U.S. economic expansion`).
_DESCRIBED_WORDS = 4


def modified_by_figure(quantity: Quantity, tokens: Tokens) -> str | None:
    """The thing a figure's own noun phrase names, for a figure whose sentence names no subject: the noun
    phrase a hyphenated modifier describes (`the yield on 30-year Treasurys`, `a one-megawatt electric plant
    running continuously`), else the whole a counted part is `of` (`the three core boosters of the Delta IV
    Heavy`, `The first two stages of the Electron rocket`)."""
    if _MODIFIER_FIGURE.search(quantity.text):
        rest = _MODIFIER_REST.match(tokens.text, quantity.end)  # `59-foot-tall rocket`: the modifier goes on
        return _noun_phrase(tokens_after(tokens, rest.end() if rest else quantity.end), tokens)
    return _whole_of_part(quantity, tokens) or _partitive_group(quantity, tokens)


#: What opens the group a bare count is part of (`Four of the five largest U.S. airlines`, `More than 1,300
#: out of a total of about 2,000 Hong Kong-listed firms`, `one of the rocket's nine first-stage engines`).
_PARTITIVE = re.compile(r"\s*(?:out\s+)?of\s+(?:a\s+total\s+of\s+)?")
#: Before a count inside such a group: another bare count and its `of` (`Four of the five`).
_IN_PARTITIVE = re.compile(rf"\b(?:{alternation('en', 'number_gate')}|\d[\d,.]*)\s+(?:out\s+)?of\s+(?:a\s+total\s+of\s+|the\s+)?"
                           r"(?:(?:about|around|some|nearly|almost|roughly)\s+)?\Z", re.IGNORECASE)


def _partitive_group(quantity: Quantity, tokens: Tokens) -> str | None:
    """The group a bare count takes its part of, or that a count inside such a group counts: the noun
    phrase after `of` (`Four of the five largest U.S. airlines` -> largest U.S. airlines, for both figures),
    or its owner before `'s` (`one of the rocket's nine first-stage engines` -> the rocket)."""
    if quantity.unit is not None:
        return None
    of = _PARTITIVE.match(tokens.text, quantity.end)
    if of is not None and of.end() > quantity.end:
        start = of.end()
    elif _IN_PARTITIVE.search(tokens.text, 0, quantity.start):
        start = quantity.end
    else:
        return None
    after = tokens_after(tokens, start)
    owner = next((i for i, t in enumerate(after[:_DESCRIBED_WORDS]) if t.text in _POSSESSIVE_MARKS), None)
    if owner:  # `the rocket's nine first-stage engines`: the rocket's
        return tokens.text[after[0].idx:after[owner].idx]
    count = next((i for i, t in enumerate(after[:3]) if t.like_num or t.lower_ in _COUNTS), None)
    if count is not None:
        after = after[count + 1:]  # `the five`, `about 2,000`: the group's own count
    while after and after[0].lower_ in _ARTICLES:
        after = after[1:]
    return _noun_phrase(after, tokens)


def _noun_phrase(after: list, tokens: Tokens) -> str | None:
    """The noun phrase the tokens open: words up to a verb, a word in -ing or -ed, a preposition or
    punctuation, ending at a plural (`now almost 9-year-long U.S. economic expansion`)."""
    words = []
    for token in after:
        low = token.lower_
        if low in _VERBS or low in _NOT_OPENERS or low in _NOUN_PHRASE_ENDS or low.endswith("ing") or has_ed_form(low) \
                or not _is_word(token, words[-1] if words else None) or token.text in {".", "-", "&"}:
            break
        words.append(token)
        if len(words) == _DESCRIBED_WORDS or (low.endswith("s") and not low.endswith("ss") and len(low) > 3):
            break
    return tokens.text[words[0].idx:end_of(words[-1])] if words else None


def _whole_of_part(quantity: Quantity, tokens: Tokens) -> str | None:
    """The whole a bare count's parts belong to, named after `of the` (`the three core boosters of the Delta
    IV Heavy`): the counted words (plural, no verb), `of`, an article, then the whole's noun phrase."""
    if quantity.unit is not None:
        return None
    after = tokens_after(tokens, quantity.end)
    of = next((i for i, t in enumerate(after[:_DESCRIBED_WORDS + 1]) if t.lower_ == "of"), None)
    if not of or of + 2 >= len(after) or after[of + 1].lower_ not in _DETERMINERS \
            or not all(t.is_alpha or t.text == "-" for t in after[:of]) or any(t.lower_ in _VERBS for t in after[:of]):
        return None
    whole = _noun_phrase(after[of + 2:], tokens)
    return f"{after[of + 1].text} {whole}" if whole else None


def subject_is_no_measure(attribute: str, entity: str) -> bool:
    """Whether the words a change measures are only words of its subject, and no measure's word heads them:
    `The blue-chip index is down 19.9 percent`, `U.S. oil futures were down 4%` are changes of the index and
    the futures; `Exports rose 28.7 percent` is a change of exports, a measure (`subject_measures`)."""
    words = [w for w in _WORD.findall(attribute.lower()) if w not in _ARTICLES]
    if words and words[-1] in _INDEX_HEADS:
        return True  # `the Nasdaq composite (index) dropped 2.2%`: the composite is the Nasdaq, its change no measure's
    return bool(words) and words[-1] not in _MEASURES and set(words) <= set(_WORD.findall(entity.lower()))


_WORD = re.compile(r"[\w&.-]+")


def _measured_words(phrase: list, cut: int, tokens: Tokens) -> str | None:
    """The words of a phrase headed by a measure's word up to its first preposition, without its article or
    possessive (`The unemployment rate` -> `unemployment rate`), or None when no word is left."""
    words = [t for t in phrase[:cut] if t.lower_ not in _ARTICLES]
    return tokens.text[words[0].idx:end_of(words[-1])] if words else None


def _opening_phrase(quantity: Quantity, tokens: Tokens, possessive_ok: bool = False) -> tuple[list, int, object] | None:
    """(the noun phrase opening the figure's clause, where its first preposition is, its head word); with
    `possessive_ok`, one opening with `its`/`their` too (whose it is, the sentence before says). Worked out
    once per figure: its subject, what it measures and what stands in for it all ask."""
    key = ("opening", quantity.start, possessive_ok)
    if key not in tokens.memo:
        tokens.memo[key] = _find_opening_phrase(quantity, tokens, possessive_ok)
    return tokens.memo[key]


def _find_opening_phrase(quantity: Quantity, tokens: Tokens, possessive_ok: bool) -> tuple[list, int, object] | None:
    before = tokens_up_to(tokens, quantity.start)
    start = _clause_start(before)
    if start < len(before) and before[start].lower_ in _NOT_OPENERS:
        # `In 2014, the average solar farm ... had`: an opening adverbial up to its comma says when or where
        comma = next((i for i in range(start, min(len(before), start + _LONGEST)) if before[i].text == ","), None)
        start = comma + 1 if comma is not None else start
    clause = before[start:]
    return _phrase_before_verb(clause, possessive_ok) or _phrase_past_asides(clause, possessive_ok) \
        or _phrase_holding_figure(clause, quantity, tokens)


#: The prepositions after which a figure inside the opening noun phrase describes it (`A major earthquake
#: of magnitude 7.9 struck`, `a solar farm with a capacity of 100 MW ... generates`).
_DESCRIBING = frozenset({"of", "with"})
#: How many tokens after the figure the clause's verb may stand when the figure is inside its subject.
_VERB_AFTER_FIGURE = 8


def _phrase_holding_figure(clause: list, quantity: Quantity, tokens: Tokens) -> tuple[list, int, object] | None:
    """The noun phrase opening the clause when the figure stands inside it, after `of` or `with`, and
    the clause's verb comes after the figure (`A major earthquake of magnitude 7.9 struck central Turkey`,
    `a solar farm with a capacity of 100 MW of direct current (100 MWdc) generates`): an article and
    words, no verb, up to the preposition; `the` before `of` opens a measure instead."""
    cut = next((i for i, t in enumerate(clause[:_LONGEST]) if i and t.lower_ in _DESCRIBING), None)
    if cut is None or clause[0].lower_ not in _DETERMINERS:
        return None
    if clause[0].lower_ == "the" and clause[cut].lower_ == "of":
        return None  # `The median square footage of a million-dollar home`: what is measured, of what
    phrase = clause[:cut]
    if not all(_is_word(t, i and phrase[i - 1]) for i, t in enumerate(phrase)) \
            or any(t.lower_ in _VERBS for t in clause):
        return None
    after = tokens_after(tokens, quantity.end)[:_VERB_AFTER_FIGURE]
    ends = next((i for i, t in enumerate(after) if t.text in _CLAUSE_BREAKS or t.text in {",", "."}), len(after))
    if not any(t.lower_ in _VERBS for t in after[:ends]):
        return None
    return phrase, cut, phrase[-1]


def _phrase_past_asides(clause: list, possessive_ok: bool) -> tuple[list, int, object] | None:
    """The subject of a clause that opens with asides set off by commas: after the last one (`Thanks to
    instantaneous electric motors running the show, this seven-seater has 967Nm`, `For all of 2013,
    according to the Commerce Department, the economy expanded at ...`), or before the first when an aside
    runs up to the verb (`Gross domestic product, adjusted for inflation, increased at ...`)."""
    commas = [i for i, t in enumerate(clause) if t.text == ","]
    if not commas:
        return None
    last = commas[-1] + 1
    found = _phrase_before_verb(clause[last:], possessive_ok)
    if found is None and last < len(clause) and clause[last].lower_ in _VERBS:
        found = _phrase_before_verb(clause[:commas[0]] + clause[last:], possessive_ok)
    return found


def _phrase_before_verb(clause: list, possessive_ok: bool) -> tuple[list, int, object] | None:
    """(the words before the clause's first verb, where its first preposition is, its head word) when they
    make a noun phrase: no opening adverbial, pronoun or figure, at most seven words."""
    verb = _described_noun_end(clause)
    if verb is None:
        # a phrase with a preposition among its first words may run longer (`The construction cost for the main
        # body of the bridge was`): its head stands before the preposition, a measure's up to four words in
        # (`The median sale price for homes in December was`)
        early = any(t.lower_ in _PREPOSITIONS and (i < 4 or clause[i - 1].lower_ in _MEASURES)
                    for i, t in enumerate(clause[1:5], 1))
        span = _words_span(clause, (_LONGEST_WITH_PREPOSITION if early else _LONGEST) + 1)
        verb = next((i for i, t in enumerate(clause[:span])
                     if (t.lower_ in _VERBS or _is_reporting(clause, i) or _is_past_verb_before_object(clause, i))
                     and not _is_measure_noun(clause, i) and not _is_possessive_before_name(clause, i)), None)
    if not verb or clause[verb].lower_ in _REPORTING and not _reports_own_figure(clause, verb):
        return None
    phrase = _without_aside(clause[:verb])
    while len(phrase) > 1 and phrase[-1].lower_ in _ADVERBS_BEFORE_VERB:
        phrase = phrase[:-1]  # `Intel also increased ...`: the adverb is no part of the subject
    relative = next((i for i, t in enumerate(phrase) if i and t.lower_ in _RELATIVE_WORDS), None)
    if relative is not None:
        phrase = phrase[:relative]  # `The indices which have been rising ... hit`: the relative clause describes them
    opener_ok = possessive_ok and phrase[0].lower_ in _POSSESSIVES
    # `Just Eat soared 23%`: an adverb's word, capitalized before another capitalized word, opens a name
    opener_ok = opener_ok or (phrase[0].lower_ in _ADVERBS_BEFORE_VERB and len(phrase) > 1
                              and phrase[0].text[:1].isupper() and phrase[1].text[:1].isupper())
    # `this electric pony does zero-to-60`: a demonstrative before words that describe a noun determines it; before
    # a bare noun (`This capacity`, `This change`) it points back at something the sentence before named
    opener_ok = opener_ok or (phrase[0].lower_ in _DEMONSTRATIVES and len(phrase) > 2 and phrase[1].is_alpha
                              and phrase[1].lower_ not in _NOT_OPENERS)
    if (phrase[0].lower_ in _NOT_OPENERS and not opener_ok) or not all(_is_word(t, i and phrase[i - 1]) for i, t in enumerate(phrase)):
        return None
    if phrase[0].lower_ in _COUNTS or any(t.lower_ == "to" for t in phrase):
        return None  # `two synchronous motors will generate ...`, `aiming to reach`: a figure, a purpose
    if phrase[0].text.islower() and phrase[0].text.endswith("ed"):
        return None  # `..., compared with a gain of 3.1%`: a participle opens an adverbial, not a subject
    if all(t.lower_ in _DETERMINERS for t in phrase):
        return None
    if any(t.lower_ in _RELATIVES and clause[i - 1].text == "," for i, t in enumerate(clause[verb:], verb)):
        return None  # `..., which closed down 296 points`: the figure is the relative clause's
    cut = next((i for i, t in enumerate(phrase) if i and t.lower_ in _PREPOSITIONS and not _in_hyphenated(phrase, i)),
               len(phrase))  # not the `of` of `top-of-the-line`
    return phrase, cut, phrase[cut - 1]


def _is_reporting(tokens: list, i: int) -> bool:
    """Whether token `i` is a reporting verb (en/words.yaml `reporting_verbs`), not the last word of a name
    (`The inflation rate in the United States rose`: `States` closes a name, a word in lower case follows)."""
    token = tokens[i]
    if token.lower_ not in _REPORTING:
        return False
    in_name = token.text[:1].isupper() and i and tokens[i - 1].text[:1].isupper() \
        and i + 1 < len(tokens) and tokens[i + 1].text[:1].islower()
    return not in_name


def _reports_own_figure(clause: list, verb: int) -> bool:
    """Whether the reporting verb at `verb` has the figure's measure for its object, with no clause of its
    own between (`Toyota expects operating profit to rise to ¥2.5 trillion`, `Nvidia reported revenue of
    $3bn`): a company reporting its own figure is their subject (en/words.yaml `own_figure_verbs`); not
    `The ministry said exports rose 5%`, whose figure has a subject of its own, nor `Citi expects Brent to
    average $63 a barrel`, whose object is what the figure is about."""
    if clause[verb].lower_ not in _OWN_FIGURE_VERBS:
        return False
    if any(t.text in {",", ";"} or t.lower_ in _RELATIVES for t in clause[verb + 1:]):
        return False  # `reported quarterly sales of $787.098 million, which beat the estimate of $773.97 million`
    rest = [t for t in clause[verb + 1:] if t.is_alpha]
    if any(t.lower_ in _VERBS and not (i and rest[i - 1].lower_ == "to") or t.lower_ == "that"
           for i, t in enumerate(rest)):
        return False  # a clause of its own between (`to rise` is the object's infinitive, no clause)
    # the figure right after the verb, or a measure's word before it: not `Citi expects Brent to average $63`
    return not rest or any(t.lower_ in _MEASURES for t in rest)


def _described_noun_end(clause: list) -> int | None:
    """Where a noun phrase ends that a participle and its preposition go on to describe, when the clause's
    verb follows them (`the average solar farm built in the U.S. had a capacity of 10 megawatts`): the
    participle's index, else None. Not a verb of the clause itself (`Sales jumped by 5%`: no verb after)."""
    for i, token in enumerate(clause[1:_LONGEST + 1], 1):
        if token.lower_ in _VERBS and not _is_participle(token):
            return None
        if _is_participle(token) and i + 1 < len(clause) and clause[i + 1].lower_ in _PARTICIPLE_FOLLOWERS \
                and clause[i - 1].is_alpha and clause[i - 1].lower_ not in _NOT_OPENERS:
            rest = clause[i + 2:i + 2 + _LONGEST + 3]
            if any(t.lower_ in _VERBS and not _is_participle(t) for t in rest):
                return i
            return None
    return None


#: What follows a participle describing the noun before it: `homes built in 2023`, `constructed between 2000 and 2009`.
_PARTICIPLE_FOLLOWERS = _PREPOSITIONS | {"between", "during", "before", "after", "since", "under", "near", "across", "over"}


def _is_measure_noun(clause: list, i: int) -> bool:
    """Whether a word that may be a verb is the measured noun heading a phrase instead: a measure's word
    (`subject_measures`) after an article or a noun and before `of` or `for` (`The cost of its construction`,
    `The construction cost for the main body`)."""
    token = clause[i]
    return token.lower_ in _MEASURES and 0 < i < len(clause) - 1 and clause[i + 1].lower_ in ("of", "for") \
        and clause[i - 1].is_alpha and (clause[i - 1].lower_ in _DETERMINERS or clause[i - 1].lower_ not in _NOT_OPENERS)


def _is_possessive_before_name(clause: list, i: int) -> bool:
    """Whether `'s` at `i` is a possessive between two names, not `is` (`Warren Buffett's Berkshire Hathaway
    boosts`)."""
    return clause[i].lower_ in _POSSESSIVE_MARKS and 0 < i < len(clause) - 1 \
        and clause[i - 1].text[:1].isupper() and clause[i + 1].text[:1].isupper()


def _is_past_verb_before_object(clause: list, i: int) -> bool:
    """Whether a word in -ed no list knows is the clause's verb by what follows it: an article, a possessive
    or a figure opening its object (`The automaker hiked its sales forecast to 43 trillion yen`)."""
    token = clause[i]
    if not i or not token.text.isalpha() or not token.text.islower() \
            or token.lower_.endswith(("ing", "ly")) or token.lower_ in _NOT_OPENERS or token.lower_ in _PREPOSITIONS:
        return False
    if i + 1 == len(clause):  # the clause runs up to the figure: `The unemployment rate averaged 4.4 percent`
        return token.text not in _PARTICIPLES and _is_participle(token)
    following = clause[i + 1]
    if following.lower_ in _POSSESSIVES:
        return True  # `Toshiba also cut its annual operating ...`; not `while slightly increasing its ...`
    return token.text not in _PARTICIPLES and _is_participle(token) \
        and (following.lower_ in _DETERMINERS or following.text[:1].isdigit())


def _is_participle(token) -> bool:
    """A past participle by its form: in -ed (not `speed`, `need`, `hundred`), or an irregular one (`built`)."""
    text = token.text
    return text.islower() and (text in _PARTICIPLES or has_ed_form(text) and text not in _COUNTS)


def has_ed_form(word: str) -> bool:
    """Whether a word has the form of a past tense or participle: longer than four letters and in -ed, not
    -eed (`speed`, `need`; not `bed`, `red`)."""
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


def _clause_start(before: list) -> int:
    """Index of the first token of the clause that ends at the figure."""
    start, opened, verb_seen = 0, [], False
    for i, token in enumerate(before):
        if token.text == "(":
            opened.append(i)
        elif token.text == ")" and opened:
            opened.pop()
        following = before[i + 1] if i + 1 < len(before) else None
        if token.text in _CLAUSE_BREAKS or token.lower_ in _SUBORDINATORS or (
                token.text == "," and following is not None and following.lower_ in _CLAUSE_WORDS) or (
                token.lower_ == "that" and any(t.lower_ in _REPORTING for t in before[max(0, i - 3):i])) or (
                _is_reporting(before, i) and _reports_a_clause(before, i + 1)) or (
                # `U.S. unemployment remained at 3.7% and the nation added 164,000 jobs`: past its verb, a
                # clause joined by `and` / `but` opens with a subject of its own (a noun, not a verb or figure)
                verb_seen and (token.lower_ in _CLAUSE_WORDS or token.text == ",") and _opens_a_clause(before, i + 1)):
            start = i + 1  # `The company claims that the phone offers ...`: what is reported is a clause
            verb_seen = False
        elif token.lower_ in _VERBS:
            verb_seen = True
    if opened and opened[-1] >= start and any(t.lower_ in _VERBS for t in before[opened[-1] + 1:]):
        start = opened[-1] + 1  # `... (its estimated range is 234 miles)`: a bracket still open is a clause of its own
    while start < len(before) and before[start].lower_ in _CLAUSE_WORDS | {","}:
        start += 1
    return start


def _opens_a_clause(before: list, start: int) -> bool:
    """Whether the words from `start` (after `and` or a comma, past a clause's verb) open a clause of their
    own: a noun phrase, then a verb of its own within a few words (`..., Nifty lost 800 points`, `and the
    nation added 164,000 jobs`); not a verb going on with the same subject (`..., injured almost 70,000`),
    nor an adverb."""
    first = before[start] if start < len(before) else None
    if first is None or not first.is_alpha or first.lower_ in _NO_CLAUSE_OPENERS or first.lower_.endswith("ing"):
        return False
    depth = 0
    for j in range(start + 1, min(len(before), start + _LONGEST)):
        token = before[j]
        depth += (token.text == "(") - (token.text == ")")
        if depth or token.text == ")":
            continue  # `..., investment (I) fell by 11.9 percent`: an aside in brackets
        if token.lower_ in _VERBS or _is_past_verb_before_object(before, j):
            return True  # `, agriculture registered a growth rate of`: a verb in -ed no list knows, by its object
        if not _is_word(token, None):
            return False
    return False


def _reports_a_clause(before: list, start: int) -> bool:
    """Whether the words after a reporting verb are a clause of their own, with no `that` (`The ministry said
    the economy grew 2.1 percent`, `Experts predict the warmest temperatures will rise 5 degrees`): a noun
    phrase and its own verb. Not the verb's object before an infinitive (`Toyota expects operating profit to
    rise`: Toyota's figure), not a phrase headed by a company's measure (`Shopify said net income soared`:
    Shopify's), nor a day or a month (`said Wednesday its final costs`); not a verb's form that describes
    a noun (`its estimated range is`)."""
    if start < 2 or before[start - 2].lower_ in _ARTICLES or not _opens_a_clause(before, start) \
            or before[start].text in names.name_words().not_entities:
        return False
    verb = next((i for i in range(start + 1, len(before))
                 if before[i].lower_ in _VERBS or _is_past_verb_before_object(before, i)), None)
    return verb is not None and before[verb - 1].lower_ != "to" and before[verb - 1].lower_ not in _MEASURES


#: What a clause of its own never opens with: a verb (the same subject goes on) or an adverbial word.
_NO_CLAUSE_OPENERS = _VERBS | _NOT_OPENERS


def _is_code(token) -> bool:
    """A code of letters and digits (`T6`, `H100`): a word of a name, not a figure."""
    return token.text.isalnum() and not token.text.isdigit()


def _without_aside(phrase: list) -> list:
    """A phrase without a short aside in brackets after its words (`investment (I)`, `Exxon Mobil (XOM)`)."""
    if len(phrase) > 3 and phrase[-1].text == ")":
        opening = next((i for i in range(len(phrase) - 2, 0, -1) if phrase[i].text == "("), None)
        if opening is not None and len(phrase) - opening <= 5:
            return phrase[:opening]
    return phrase


def _words_span(clause: list, count: int) -> int:
    """How many tokens hold the clause's first `count` words, a hyphenated word one word however the
    tokenizer cut it (`top-of-the-line`: seven tokens)."""
    words = 0
    for i, token in enumerate(clause):
        words += not joins_previous(clause, i)
        if words > count:
            return i
    return len(clause)


def _in_hyphenated(tokens: list, i: int) -> bool:
    """Whether token `i` is inside a hyphenated word (`of` in `top-of-the-line`)."""
    return joins_previous(tokens, i) or i + 1 < len(tokens) and joins_previous(tokens, i + 1)


def _is_word(token, before) -> bool:
    """A word of a noun phrase: letters (`S&P`, `U.S.`, `blue-chip`, `Standard & Poor's`), the number
    of a name (`S&P 500`, `Galaxy S9`: after a capitalized word) or a model's code (`T8`), no other figure."""
    if any(c.isdigit() for c in token.text):
        return token.text.isalnum() and (bool(before) and before.text[:1].isupper() or token.text[:1].isupper())
    return token.is_alpha or token.text in {"&", "'s", "’s", ".", "-"} or token.text.replace("-", "").replace(".", "").replace("&", "").isalpha()
