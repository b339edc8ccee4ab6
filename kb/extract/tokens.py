"""A sentence's tokens with their offsets: what every language's frame rules read.

Each language brings its own tokenizer (languages.py); the rules see only a token's `text`, `idx`
and, where the tokenizer gives them, `tag_` / `pos_` and spaCy's lexical flags.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

#: Tokens looked at on each side of a quantity: attributes are short noun phrases.
WINDOW = 12


@dataclass
class Tokens:
    """A sentence's tokens (spaCy's, or Sudachi's for Japanese) with their start offsets."""

    text: str
    items: list
    starts: list[int]
    #: what a frame rule worked out about this sentence, kept for the others that ask the same (English:
    #: a clause's opening phrase, asked for its subject, what it measures and what stands in for it)
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, text: str, items: list) -> "Tokens":
        return cls(text, items, [t.idx for t in items])


def end_of(token) -> int:
    return token.idx + len(token.text)


def joins_previous(tokens: list, i: int) -> bool:
    """Whether token `i` continues a hyphenated word: a hyphen, or a word right after one, no space between
    (`top-of-the-line`, `quad-core`: one word however the tokenizer cut it)."""
    return bool(i) and (tokens[i].text == "-" or tokens[i - 1].text == "-") and tokens[i].idx == end_of(tokens[i - 1])


def tokens_after(tokens: Tokens, pos: int) -> list:
    i = bisect_left(tokens.starts, pos)
    return tokens.items[i : i + WINDOW]


def tokens_up_to(tokens: Tokens, pos: int) -> list:
    """Every token of the sentence starting before `pos`, not just the window: a topic or a clause's
    opening may stand far before a figure."""
    return tokens.items[: bisect_left(tokens.starts, pos)]


def tokens_before(tokens: Tokens, pos: int) -> list:
    """Tokens that end at or before `pos` (the nearest ones)."""
    i = bisect_left(tokens.starts, pos)
    found = tokens.items[max(0, i - WINDOW) : i]
    while found and end_of(found[-1]) > pos:
        found.pop()
    return found


def inside(spans, token) -> bool:
    return any(s <= token.idx < e for s, e in spans)
