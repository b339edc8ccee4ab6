"""Chinese tokens from jieba, with its part-of-speech flags (`n`, `nr`, `v`, `m`...).

spaCy's blank Chinese pipeline segments by character, which leaves the frame rules no nouns to find
(`出货量` is three tokens without a tag). jieba's dictionary ships inside its PyPI package, so nothing
is downloaded. Words come from jieba's segmenter with its HMM for unknown words (`算力` stays one
word); tags from its dictionary, an unknown word of Han characters taken as a noun (what the
segmenter discovers is mostly names and new terms), digits as numerals. jieba's own tagger would
guess unknown words' tags by a second HMM, at 200 times the cost.
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


def tokenize(text: str) -> list[Morpheme]:
    """jieba's words with their offsets in `text`; whitespace is not a token."""
    tokenizer, tagger = _jieba()
    tokenizer.check_initialized()
    tags = tagger.word_tag_tab
    found, pos = [], 0
    for word in tokenizer.cut(text, HMM=True):
        if word.strip():
            found.append(Morpheme(word, pos, _tag(word, tags)))
        pos += len(word)
    return found
