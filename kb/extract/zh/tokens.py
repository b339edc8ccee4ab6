"""Chinese tokens from jieba, with its part-of-speech flags (`n`, `nr`, `v`, `m`...).

spaCy's blank Chinese pipeline segments by character, which leaves the frame rules no nouns to find
(`出货量` is three tokens without a tag). jieba's dictionary ships inside its PyPI package, so nothing
is downloaded. Words come from jieba's segmenter with its HMM for unknown words (`算力` stays one
word); tags from its dictionary, an unknown word of Han characters taken as a noun (what the
segmenter discovers is mostly names and new terms), digits as numerals. jieba's own tagger would
guess unknown words' tags by a second HMM, at 200 times the cost.

jieba's dictionary is of simplified Chinese: traditional text (`華為首季出貨量`, `共獲得`) is cut into
odd pieces. So it reads a copy with each traditional character replaced by its simplified one
(OpenCC's character table, as opencc-purepy ships it; one character for one, so offsets hold), and
each token keeps the text as written.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from kb.extract.ja.tokens import Morpheme

_DIGITS = re.compile(r"[0-9０-９][0-9０-９.,%％]*")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z][\w.-]*")


@cache
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # its start-up notice is not ours to print
    tokenizer = jieba.Tokenizer()
    return tokenizer, jieba.posseg.POSTokenizer(tokenizer)


def _tag(word: str, tags: dict) -> str:
    if word in tags:
        return tags[word]
    if _DIGITS.fullmatch(word):
        return "m"
    if _LATIN.fullmatch(word):
        return "eng"
    return "n" if _HAN.fullmatch(word) else "x"


@cache
def _simplified() -> dict[int, str]:
    """Traditional -> simplified, character for character: OpenCC's TSCharacters table, first reading."""
    from importlib.resources import files

    table = {}
    text = files("opencc_purepy").joinpath("dicts/TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        traditional, _, readings = line.partition("\t")
        simplified = readings.split(" ")[0].strip()
        if len(traditional) == 1 and len(simplified) == 1:
            table[ord(traditional)] = simplified
    return table


@cache
def _hedges_before() -> tuple[str, ...]:
    """The hedges written before a figure (zh/hedges.yaml, with the Japanese forms Chinese reads), longest first."""
    from kb.extract.hedges import before_forms

    return tuple(sorted(before_forms(("zh", "ja")), key=len, reverse=True))


def _split_hedge(word: str, following: str) -> list[str]:
    """A word of jieba's (in its dictionary or made by its HMM) that joins a noun of two characters or
    more to the hedge of the figure after it (`全长约` + `2300米`) is the two: the figure's hedge is no part
    of what it measures (`大约`, `节约`: no noun before the hedge, one word)."""
    if not _DIGITS.match(following):
        return [word]
    hedge = next((h for h in _hedges_before() if word.endswith(h) and len(word) - len(h) >= 2), None)
    return [word[: -len(hedge)], hedge] if hedge else [word]


def tokenize(text: str) -> list[Morpheme]:
    """jieba's words (cut on the simplified reading of `text`) with their text as written and their
    offsets; whitespace is not a token."""
    tokenizer, tagger = _jieba()
    tokenizer.check_initialized()
    tags = tagger.word_tag_tab
    found, pos = [], 0
    for word in tokenizer.cut(text.translate(_simplified()), HMM=True):
        for part in _split_hedge(word, text[pos + len(word) : pos + len(word) + 1]):
            if part.strip():
                found.append(Morpheme(text[pos : pos + len(part)], pos, _tag(part, tags)))
            pos += len(part)
    return found
