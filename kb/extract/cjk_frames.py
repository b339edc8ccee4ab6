"""Frame rules for languages written without spaces between words (Japanese, Chinese): what a
quantity measures and what it is about, from the words around it and their parts of speech.

Each language gives the same word lists in its words.yaml (the rules here know no word of either):
`noun_tags` (tag prefixes of nouns), `not_noun_tags` (numerals, counters), `joiners` (`の`, `的`:
`384個のAscend AIプロセッサ`, `42%的市场份额`), `copulas` (`は`, `が`, `为`, `达`: `費用は約820万ドル`,
`市场份额为11%`), `entity_joiners` (`トヨタの営業利益`, `三星的出货量`), `topic_markers` (`NTTドコモは`),
`proper_tags` (tags of names), `comparison_suffixes` and `comparison_words` (`前年同期比`, `同`: a
comparison base, not what is measured) and `subject_markers` (`12人が死亡`: the noun after is what the
count did).
"""

from __future__ import annotations

import re
from functools import cache

from kb.extract.model import Quantity
from kb.extract.tokens import Tokens, end_of, inside, tokens_after, tokens_before
from kb.extract.wordlists import word_set, words_of

_DIGIT = re.compile(r"[0-9０-９]")
_CLOSING = frozenset("」』》”")
_OPENING = frozenset("「『《“")
#: What ends a clause or a list item: the name opening the quantity's own clause is its subject.
_CLAUSE_ENDS = frozenset("、,，;；。▽■●<>＜＞")
_WORDLIKE = re.compile(r"[A-Za-z][\w.-]*|[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々ー・]+")


class _Words:
    """One language's lists, read once."""

    def __init__(self, code: str):
        table = words_of(code)
        self.noun_tags = tuple(table.get("noun_tags", ()))
        self.not_noun_tags = tuple(table.get("not_noun_tags", ()))
        self.proper_tags = tuple(table.get("proper_tags", ()))
        self.joiners = word_set(code, "joiners")
        self.copulas = word_set(code, "copulas")
        self.entity_joiners = word_set(code, "entity_joiners")
        self.topic_markers = word_set(code, "topic_markers")
        self.comparison_suffixes = tuple(table.get("comparison_suffixes", ()))
        self.comparison_words = word_set(code, "comparison_words")
        self.joined_tags = tuple(table.get("joined_tags", ()))
        self.subject_markers = word_set(code, "subject_markers")

    def is_noun(self, token) -> bool:
        if _DIGIT.search(token.text) or not _WORDLIKE.fullmatch(token.text):
            return False
        tag = token.tag_
        if tag and tag.startswith(self.not_noun_tags):
            return False
        return bool(tag.startswith(self.noun_tags)) if tag else True

    def is_proper(self, token) -> bool:
        return bool(token.tag_) and token.tag_.startswith(self.proper_tags) and self.is_noun(token)


@cache
def _words(code: str) -> _Words:
    return _Words(code)


def _noun_run_before(tokens: list, words: _Words, skip, limit: int = 6, names: bool = True) -> list:
    """The nouns ending the token list; with `names` false a name ends the run (`三星手机出货量`:
    手机出货量 is measured, 三星 is whose)."""
    run = []
    for token in reversed(tokens):
        if not names and run and words.is_proper(token):
            break
        if words.is_noun(token) and not inside(skip, token) and len(run) < limit:
            run.insert(0, token)
        else:
            break
    return run


def _text(tokens: Tokens, run: list) -> str:
    return tokens.text[run[0].idx : end_of(run[-1])]


def _measured_before(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> tuple[list, list]:
    """(the noun run measured before the quantity, the tokens before that run). A comparison base
    standing right before the figure is stepped over: `「売上高」は、前年同期比12.1%増` measures 売上高."""
    run, rest = _run_before(tokens_before(tokens, quantity.start), words, skip)
    if run and _is_comparison(_text(tokens, run), words):
        while rest and rest[-1].text in "、,，":
            rest = rest[:-1]
        return _run_before(rest, words, skip)
    return run, rest


def _run_before(before: list, words: _Words, skip) -> tuple[list, list]:
    while before and before[-1].text in words.copulas:
        before = before[:-1]  # `売上高は`, `出货量共计`, `市场份额为`
    quoted = bool(before) and before[-1].text in _CLOSING
    run = _noun_run_before(before[:-1] if quoted else before, words, skip, names=False)
    rest = before[: len(before) - len(run) - quoted]
    if quoted and rest and rest[-1].text in _OPENING:
        rest = rest[:-1]  # `「売上高」は`: the measured noun in brackets
    elif quoted:
        return [], before
    return run, rest


def attribute_rule(code: str):
    """The attribute rule of a language written without spaces, with its word lists."""
    words = _words(code)

    def attribute(quantity: Quantity, tokens: Tokens, skip) -> str | None:
        after = tokens_after(tokens, quantity.end)
        i, joined = 0, quantity.text.endswith("もの")  # `300ペタフロップスものコンピューティング能力`
        while i < len(after) and after[i].text in words.joiners:
            joined = True
            i += 1
        run = []
        if joined:
            for token in after[i:]:
                if inside(skip, token):
                    break
                nominal = not run and token.tag_.startswith(words.joined_tags) and _WORDLIKE.fullmatch(token.text)
                if words.is_noun(token) or nominal or (run and token.text in "（）()"):
                    run.append(token)
                else:
                    break
        if run and run[-1].text in "（(":
            run.pop()
        if run:
            end = end_of(run[-1])
            text = tokens.text[run[0].idx : end]
            if text.count("（") > text.count("）") and tokens.text[end : end + 1] in "）)":
                text += tokens.text[end]
            return text
        run, _ = _measured_before(quantity, tokens, words, skip)
        if run and not _is_comparison(_text(tokens, run), words):
            return _text(tokens, run)
        if after and after[0].text in words.subject_markers:  # `12人が死亡`: the counted did what the noun says
            run = []
            for token in after[1:]:
                if words.is_noun(token) and not inside(skip, token):
                    run.append(token)
                else:
                    break
            if run:
                return _text(tokens, run)
        return None

    return attribute


def _is_comparison(text: str, words: _Words) -> bool:
    """`前年同期比`, `同` (for 同期比): the base a change is measured against, not what is measured."""
    return text.endswith(words.comparison_suffixes) or text in words.comparison_words


def topic_rule(code: str):
    """The entity of a language written without spaces when no name is found: the owner joined to the
    measured noun (`トヨタの営業利益は`, `三星的智能手機出貨量為`), else the name that opens the clause
    (`华为以4150万台`), else the sentence's topic (`NTTドコモは…13機種`)."""
    words = _words(code)

    def topic(quantity: Quantity, tokens: Tokens, skip) -> str | None:
        run, rest = _measured_before(quantity, tokens, words, skip)
        if run and rest and rest[-1].text in words.entity_joiners:
            owner = _noun_run_before(rest[:-1], words, skip)
            if owner:
                return _text(tokens, owner)
        before = tokens_before(tokens, quantity.start)
        start = 0
        for i, token in enumerate(before):
            if token.text in _CLAUSE_ENDS:
                start = i + 1
        clause = before[start:]
        first = next((i for i, t in enumerate(clause) if words.is_proper(t) and not inside(skip, t)), None)
        if first is not None:  # the whole compound holding the name: `東京都`, `東京五輪`, not `東京`
            lo, hi = first, first + 1
            measured = {t.idx for t in run}
            while lo and words.is_noun(clause[lo - 1]) and not inside(skip, clause[lo - 1]):
                lo -= 1
            while hi < len(clause) and words.is_noun(clause[hi]) and not inside(skip, clause[hi]) \
                    and clause[hi].idx not in measured:
                hi += 1
            return _text(tokens, clause[lo:hi])
        marker = next((i for i, token in enumerate(before) if token.text in words.topic_markers), None)
        if marker:  # the sentence's first topic marker, when a noun run opening the sentence or a clause stands before it
            owner = _noun_run_before(before[:marker], words, skip)
            if owner and _starts_sentence(before, marker - len(owner)):
                return _text(tokens, owner)
        return None

    return topic


def _starts_sentence(before: list, index: int) -> bool:
    """Whether the token at `index` opens the sentence or follows a comma (a topic, not a mid-clause noun)."""
    return index == 0 or before[index - 1].text in "、,，"
