"""English syntax for the frame rules: kb's small tagger and dependency parser (trained on UD
English EWT by en/parser/train.py, shipped in en/parser/model), run only on sentences that hold a
quantity, and the rule that reads it: the subject of the clause a figure stands in.

`The blue-chip index lost 331 points`: the figure's head is `lost`, whose nominal subject is `The
blue-chip index`. Word windows alone take the nearest capitalized name, often from another clause.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kb import settings
from kb.extract.model import Quantity
from kb.extract.tokens import Tokens

MODEL = Path(__file__).resolve().parent / "parser" / "model"
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj"})
_VERB_TAGS = ("VB", "MD")
#: What ends a subject phrase after its head: a relative clause, an apposition, a list, a bracket.
_STOP_DEPS = frozenset({"relcl", "acl", "acl:relcl", "appos", "punct", "cc", "conj", "parataxis", "advcl"})
_PRONOUNS = frozenset("it its they them this that these those which who he she we i you there one".split())


def enabled() -> bool:
    return bool(int(settings.get("english_parser"))) and MODEL.exists()


@cache
def _pipeline():
    import spacy

    return spacy.load(MODEL)


class Tokenizer:
    """English tokens: parsed (spaCy tokens with tags and dependencies) when the parser is on, else
    `fallback`'s (spaCy's rule-based tokens: the same tokens, without a parse)."""

    def __init__(self, fallback):
        self.fallback = fallback

    def __call__(self, text: str) -> list:
        return list(_pipeline()(text)) if enabled() else self.fallback(text)

    def batch(self, texts: list[str]) -> list[list]:
        if not enabled():
            return [self.fallback(t) for t in texts]
        return [list(doc) for doc in _pipeline().pipe(texts, batch_size=64)]


def subject(quantity: Quantity, tokens: Tokens) -> tuple[int, int, int] | None:
    """(start, end, head offset) of the subject of the clause `quantity` stands in, or None (no parse,
    a pronoun, no subject, or the figure is part of the subject itself)."""
    inside = [t for t in tokens.items if quantity.start <= t.idx < quantity.end and getattr(t, "dep_", "")]
    if not inside:
        return None
    token = inside[-1]
    for _ in range(8):  # climb to the clause's head
        if token.tag_.startswith(_VERB_TAGS) or token.dep_ == "ROOT":
            break
        token = token.head
    found = [c for c in token.children if c.dep_ in _SUBJECTS]
    if not found:
        return None
    head = found[0]
    if head.lower_ in _PRONOUNS:
        return None
    owner = [c for c in head.children if c.dep_ in ("nmod:poss", "poss")]
    if owner and head.tag_ in ("NN", "NNS"):  # `Meta's operating margin was 40 percent`: the margin is measured, Meta is what it is about
        words = [t for t in owner[0].subtree if t.dep_ != "case"]
        return (words[0].idx, words[-1].idx + len(words[-1].text), owner[0].idx) if words else None
    right = []
    for child in head.rights:  # what modifies the head to its right, up to a clause, a list or a comma
        if child.dep_ in _STOP_DEPS:
            break
        right.extend(child.subtree)
    first, last = head.left_edge, max(right, key=lambda t: t.i) if right else head
    start, end = first.idx, last.idx + len(last.text)
    if start < quantity.end and quantity.start < end:
        return None  # `The 2 GB variant costs $109`: the figure is inside the subject
    return start, end, head.idx
