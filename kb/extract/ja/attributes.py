"""The Japanese attribute rule (Chinese uses it too): the noun joined by の after a quantity
(`384個のAscend AIプロセッサ`), else the topic noun marked by a particle before it (`費用は約820万ドル`).
Reads Sudachi's parts of speech where the tokenizer gives them; the particles are in ja/words.yaml."""

from __future__ import annotations

import re

from kb.extract.model import Quantity
from kb.extract.tokens import Tokens, end_of, inside, tokens_after, tokens_before
from kb.extract.wordlists import word_set

_TOPIC_PARTICLES = word_set("ja", "topic_particles")
_JOINERS = word_set("ja", "noun_joiners")


def _is_noun_part(token) -> bool:
    tag = token.tag_
    return (
        tag.startswith(("名詞", "接頭辞", "接尾辞-名詞的"))
        and not tag.startswith("名詞-数詞")
        or token.pos_ in ("NOUN", "PROPN")
        or bool(re.fullmatch(r"[A-Za-z][\w.-]*", token.text))
    )


def attribute(quantity: Quantity, tokens: Tokens, skip) -> str | None:
    after = tokens_after(tokens, quantity.end)
    i, saw_no = 0, quantity.text.endswith("もの")  # `300ペタフロップスものコンピューティング能力`
    while i < len(after) and after[i].text in _JOINERS:
        saw_no = saw_no or after[i].text.endswith("の")
        i += 1
    words = []
    if saw_no:
        for token in after[i:]:
            if inside(skip, token):
                break
            if _is_noun_part(token) or (words and token.text in "（）()" ):
                words.append(token)
            else:
                break
    if words and words[-1].text in "（(":
        words.pop()
    if words:
        end = end_of(words[-1])
        text = tokens.text[words[0].idx : end]
        if text.count("（") > text.count("）") and tokens.text[end : end + 1] in "）)":
            text += tokens.text[end]
        return text
    before = tokens_before(tokens, quantity.start)
    if before and before[-1].text in _TOPIC_PARTICLES:
        nouns = []
        for token in reversed(before[:-1]):
            if _is_noun_part(token) and not inside(skip, token):
                nouns.insert(0, token)
            else:
                break
        if nouns:
            return tokens.text[nouns[0].idx : end_of(nouns[-1])]
    return None
