"""The table of languages extraction knows, and the language-neutral entry for the others.

Each entry says, for one language code, how its text is read: which numeral grammar the scanner
applies (`english`: number words, fractions, scale words, glued units; `east_asian`: 万/億 scales,
kanji numerals, counters, 以上/約 hedges; none: digits, symbols and SI units only), whether its words
are separated by spaces, which language folders' data files it reads (its own first), its
tokenizer, the cheap test that a sentence may hold a number, and its frame hooks (the attribute
rule, and the entity from the sentence's structure when no name is found). Adding a language is a folder `kb/extract/<code>/` and one entry here (README).

A code with no entry (`fr`) is read with NEUTRAL, never as another language's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Callable

from kb.extract.en import attributes as en_attributes
from kb.extract.en import deals as en_deals
from kb.extract.en import events as en_events
from kb.extract.en import subject as en_subject
from kb.extract.en import syntax as en_syntax
from kb.extract.ja import attributes as ja_attributes
from kb.extract.ja import tokens as ja_tokens
from kb.extract.zh import attributes as zh_attributes
from kb.extract.zh import tokens as zh_tokens
from kb.extract.numbers import HIRAGANA_RUN_RE
from kb.extract.wordlists import alternation

#: Digits in any script, CJK numerals and the kanji of vague counts: a sentence without one holds no figure.
_DIGIT_OR_NUMERAL = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千万億亿兆数何半壱弐参两壹贰貳叁肆伍柒捌玖]")


@dataclass(frozen=True)
class Language:
    """How extraction reads one language (see the module docstring)."""

    code: str
    name: str
    grammar: str | None  # "english", "east_asian" or None (language-neutral core)
    spaced: bool  # words are separated by spaces: hedges are whole words, matched at word boundaries
    data: tuple[str, ...]  # language folders whose hedges.yaml (and words) it reads, own first
    tokenize: Callable[[str], list]
    number_words: re.Pattern | None  # besides digits, what may make a sentence hold a number
    attribute: Callable | None  # the attribute rule (quantity, tokens, skip spans) -> str | None
    topic: Callable | None = None  # the entity from the sentence's structure when no name is found
    subject: Callable | None = None  # (quantity, tokens) -> span of its clause's subject, from a parse
    window_subject: Callable | None = None  # the same from word windows, when the sentence is not parsed
    #: (quantity, tokens, skip spans) -> the sentence's subject: the entity of a figure whose clause names
    #: none, weaker than the figure before it (an entity from context)
    sentence_subject: Callable | None = None
    #: (quantity, tokens, skip spans) -> what the sentence's topic measures, for a figure that no word of
    #: its own nor a figure beside it gave an attribute (weaker than both)
    measured_topic: Callable | None = None
    #: whether a figure that names nothing it measures takes what the sentence right before measured in
    #: the same unit (`LEAFのバッテリー容量は…`: measured; on English dev text it named more wrong than right)
    carries_measure: bool = False
    #: (attribute, entity) -> whether a change's measured words are only its own subject, which it then does
    #: not measure (`Brent crude fell 3.49 percent`: Brent crude's change); English only: in Chinese an
    #: indicator is its own measure (`CPI同比上涨2.4%`)
    subject_is_no_measure: Callable | None = None
    #: (quantity, tokens) -> the thing a figure's own noun phrase names: what a modifier figure describes
    #: (`30-year Treasurys`) or the whole a counted part is of (`the three core boosters of the Delta IV
    #: Heavy`); the entity of a figure for which nothing in its sentence or before names one
    modified: Callable | None = None
    #: (attribute, sentence, entity) -> the event a sentence names, for a figure of its toll or size (`killing
    #: an estimated 852 people` in a sentence about an earthquake), over a place or a subject that says where
    event: Callable | None = None
    #: name -> whether it says who reports (`農林水産省`); when set, a figure whose sentence names no subject
    #: at all takes the subject of the last figure of the sentence right before, unless that one only
    #: reports (`…コメ5キロあたりの平均価格は…4235円…。また、9週連続の4000円台`). Japanese only: on the
    #: Chinese and English dev text it named more subjects wrongly than rightly.
    carries_subject: Callable | None = None
    #: sentence -> whether its subject points back at the sentence before (`It is also set to get 64GB`,
    #: `That was down from 2.8 percent`): its figures naming no subject take that sentence's, not the headline's
    points_back: Callable | None = None
    #: (quantity, tokens) -> a phrase standing for a subject named before (`The automaker`), the entity of
    #: a figure only when nothing in its sentence or before it names one
    stand_in: Callable | None = None
    #: (tokens of a sentence or heading, heading?) -> what it is about, for the figures after it that
    #: name nothing, when no product or proper name in it says (names in scripts without capitals)
    lead_subject: Callable | None = None
    #: the text of a clause-opening phrase headed by a measure, naming no name -> what the measure is of
    #: (`The construction cost for the main body of the bridge` -> the main body of the bridge)
    measured_thing: Callable | None = None
    #: (quantity, tokens, skip spans, a model named before it?) -> the thing a measure describes, named right
    #: after it (`出力10万キロワットの洋上風力`): the figure's entity before names elsewhere in the sentence
    described: Callable | None = None
    #: (quantity, tokens, skip spans) -> the noun a figure stands in brackets right after (`ハーフマラソン(21.0975
    #: km)`), in a script with no capitals to mark names (English reads its names: claims.bracketed_after_name)
    bracketed: Callable | None = None
    #: (quantity, sentence, names) -> the name a buyer's verb has for what it buys, for the money it is bought
    #: for (`to buy ... Refinitiv Holdings for $27 billion`): the figure's entity over its clause's subject
    bought: Callable | None = None

    @property
    def english(self) -> bool:
        return self.grammar == "english"

    @property
    def east_asian(self) -> bool:
        return self.grammar == "east_asian"

    def tokenize_all(self, texts: list[str]) -> list[list]:
        """The tokens of several sentences: in one batch when the tokenizer can take one (a parser
        runs much faster over a batch), else one by one."""
        batch = getattr(self.tokenize, "batch", None)
        return batch(texts) if batch is not None else [self.tokenize(t) for t in texts]

    def may_hold_number(self, text: str) -> bool:
        """A cheap test first: most sentences hold no number and are never scanned."""
        if _DIGIT_OR_NUMERAL.search(text):
            return True
        return self.number_words is not None and self.number_words.search(text.lower()) is not None


@cache
def _spacy_tokenizer(code: str):
    import spacy

    return spacy.blank(code).tokenizer


def spacy_tokens(code: str) -> Callable[[str], list]:
    """spaCy's rule-based tokens for a language it knows (`xx`: its multi-language rules)."""
    return lambda text: list(_spacy_tokenizer(code)(text))


#: (Case-sensitive, searched in the lower-cased sentence: much faster than IGNORECASE.)
_EN_NUMBER_WORDS = re.compile(rf"\b(?:{alternation('en', 'number_gate')})\b")

LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "english", True, ("en",), en_syntax.Tokenizer(spacy_tokens("en")),
                   _EN_NUMBER_WORDS, en_attributes.attribute, subject=en_syntax.subject,
                   window_subject=en_subject.subject, stand_in=en_subject.stand_in_subject,
                   points_back=en_subject.points_back,
                   measured_thing=en_subject.measured_thing,
                   subject_is_no_measure=en_subject.subject_is_no_measure, modified=en_subject.modified_by_figure,
                   event=en_events.event_of, bought=en_deals.bought_thing),
    # Japanese and Chinese text share numerals and many hedges (約, 以上, 万): each reads the other's forms too
    "ja": Language("ja", "Japanese", "east_asian", False, ("ja", "zh"), ja_tokens.tokenize, HIRAGANA_RUN_RE,
                   ja_attributes.attribute, ja_attributes.topic, sentence_subject=ja_attributes.sentence_subject,
                   measured_topic=ja_attributes.measured_topic, carries_measure=True,
                   carries_subject=ja_attributes.is_reporter,
                   lead_subject=ja_attributes.lead_subject, described=ja_attributes.described,
                   bracketed=ja_attributes.bracketed),
    "zh": Language("zh", "Chinese", "east_asian", False, ("zh", "ja"), zh_tokens.tokenize, HIRAGANA_RUN_RE,
                   zh_attributes.attribute, zh_attributes.topic, sentence_subject=zh_attributes.sentence_subject,
                   carries_measure=True, lead_subject=zh_attributes.lead_subject, described=zh_attributes.described,
                   bracketed=zh_attributes.bracketed),
}

#: Any other language: digits, symbols and SI units, no word lists, no attribute rule.
NEUTRAL = Language("xx", "language-neutral core", None, True, (), spacy_tokens("xx"), None, None)


def language_for(code: str | None) -> Language:
    """The entry for a language code (`en` when none is known); NEUTRAL for a code with no entry."""
    return LANGUAGES.get(code or "en", NEUTRAL)


def unknown_language_warning(code: str) -> str:
    return (f"language {code!r} has no entry in kb's language table; read with the language-neutral core "
            f"(digits, symbols, SI units)")
