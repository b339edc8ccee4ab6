"""Japanese tokens straight from SudachiPy, for the few sentences that hold a quantity.

spaCy's Japanese tokenizer wraps the same SudachiPy call but also builds readings, lemmas,
inflections and part-of-speech guesses into a Doc for every token, which costs several times the
segmentation itself. The attribute rules need only each token's surface, offset and Sudachi part of
speech (`名詞-普通名詞-一般`), so that is all this makes.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple


class Morpheme(NamedTuple):
    """One token, with the attributes the rules read from spaCy tokens (`text`, `idx`, `tag_`, `pos_`)."""

    text: str
    idx: int
    tag_: str
    pos_: str = ""


@cache
def _sudachi():
    from sudachipy import Dictionary, SplitMode

    # spaCy's default split mode (the shortest units), with the core dictionary installed from PyPI
    return Dictionary().tokenizer(mode=SplitMode.A)


#: Sudachi's part-of-speech id -> our tag (`名詞-普通名詞-一般`): its dictionary has a few thousand, and
#: joining the parts anew for every token cost a fifth of the tokenizing.
_TAGS: dict[int, str] = {}


def tokenize(text: str) -> list[Morpheme]:
    """Sudachi's tokens with their offsets in `text`; a single space between words is not a token
    (so `Ascend AIプロセッサ` stays one noun run), longer whitespace is."""
    found = []
    for m in _sudachi().tokenize(text):
        surface = m.surface()
        if not surface or surface == " ":
            continue  # Sudachi yields empty tokens for some characters (`…`)
        found.append(Morpheme(surface, m.begin(), _tag(m)))
    return found


def _tag(morpheme) -> str:
    """The first four parts of the morpheme's part of speech that are set, joined by `-`."""
    pos_id = morpheme.part_of_speech_id()
    tag = _TAGS.get(pos_id)
    if tag is None:
        tag = _TAGS[pos_id] = "-".join(p for p in morpheme.part_of_speech()[:4] if p != "*")
    return tag
