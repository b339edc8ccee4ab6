"""What a quantity is about: its entity, its attribute and its qualifiers.

Rules over spaCy tokens (Sudachi's for Japanese): the entity is the model or organisation name
nearest before the quantity in its sentence (else the sentence's first name, else the named subject
of the sentence just before); the attribute is the measured noun (`384個のAscend AIプロセッサ`,
`48 TB of HBM`, `費用は約820万ドル`); qualifiers are the conditions stated in the same clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from kb.extract import names
from kb.extract.model import Quantity
from kb.extract.qualifiers import QualifierMention, qualifier_applies, sentence_wide

_EN_SKIP_AFTER = frozenset("of worth in".split())
_EN_STOP = frozenset(
    "of to and or in on at for the a an is was are were be been by with from as than per that which who "
    "this these those it its their his her our will would could can may might has have had do does did "
    "not no but if so up down into over under about around each every while when where whose more less "
    "higher lower now".split()
)
_EN_SKIP_BEFORE = frozenset(
    "is was are were be been being estimated reached reaching totaled totalled totaling hit of at to by "
    "stood stands came comes costs priced valued worth for has have had with its their the a an 's "
    "around about nearly roughly some approximately just only now currently expected put pegged "
    "set rose fell increased decreased grew dropped up down now delivers delivered holds held stores stored "
    "reaches offers offered provides provided packs packed uses used adds added employs employed expects "
    "expected supplies supply carries carry runs run spans spanned covers covered".split()
)
_JA_TOPIC_PARTICLES = frozenset("は が も を".split())


#: What may stand between a quantity and a qualifier that belongs to it: `524 EFLOPS at FP8`,
#: `60 EFLOPS when operating at FP4`, `256 TFLOPS(FP16)`.
_ATTACHES = re.compile(r"\s*(?:\(|（)?\s*|\s*(?:,\s*)?(?:[a-z]+\s+){0,3}(?:of|at|in|using|with|for|on)\s+(?:the\s+)?")


def qualifiers_for(
    quantity: Quantity, sentence: str, mentions: list[QualifierMention], clause: tuple[int, int], dimension: str
) -> dict:
    """For each kind, the mention right after the quantity (`524 EFLOPS at FP8`), else the nearest
    one before it within its clause (`FP8で524エクサフロップス`)."""
    lo, hi = clause
    chosen: dict[str, str] = {}
    for kind in sorted({m.kind for m in mentions if qualifier_applies(m.kind, dimension)}):
        start = 0 if sentence_wide(kind) else lo
        of_kind = [m for m in mentions if m.kind == kind and start <= m.start and m.end <= hi]
        right_after = [m for m in of_kind if m.start >= quantity.end and _ATTACHES.fullmatch(sentence[quantity.end : m.start])]
        before = [m for m in of_kind if m.end <= quantity.start]
        if right_after:
            chosen[kind] = right_after[0].value
        elif before:
            chosen[kind] = before[-1].value
    return chosen


def clauses(quantities: list[Quantity], length: int) -> list[tuple[int, int]]:
    """Each quantity's clause: from the end of the quantity before it to the start of the one after."""
    bounds = []
    for i, q in enumerate(quantities):
        lo = quantities[i - 1].end if i else 0
        hi = quantities[i + 1].start if i + 1 < len(quantities) else length
        bounds.append((lo, hi))
    return bounds


def entity_names(sentence: str) -> tuple[list[names.Name], list[names.Name]]:
    return names.product_names(sentence), names.proper_names(sentence)


_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
#: Words that introduce what a figure is compared with: the name after them is not the subject.
_COMPARISON = re.compile(
    r"(?:\bthan|\bthat of|\bcompared (?:to|with)|\bversus|\bvs\.?|\brelative to|\bagainst|より|に比べ|と比べ|と比較|相比|比)"
    r"[\s\"“”']*(?:\w+\s+){0,2}\Z",
    re.IGNORECASE,
)

#: Verbs after which a model name is a part of the subject, not the subject (`[950 series] Introduces
#: HiBL 1.0 (288 GB capacity)`, `Atlas 950 uses HiZQ 2.0 ...`): its figures describe the subject.
_COMPONENT = re.compile(
    r"\b(?:introduc(?:es|ed|ing)|uses|using|adopts|adopted|adopting|features|featuring|integrates|integrating|"
    r"equipped with|built (?:on|around))[\s\"“”']*(?:\w+\s+){0,2}\Z",
    re.IGNORECASE,
)


def components(products, sentence: str) -> set[tuple[int, int]]:
    """Spans of model names introduced as parts of a model named before them in the sentence."""
    spans = set()
    for i, name in enumerate(products):
        if i and _COMPONENT.search(sentence[: name.start]) and not _CJK.search(sentence):
            spans.add((name.start, name.end))
    return spans


def entity_for(quantity: Quantity, products, propers, sentence: str = "", counted=(),
               clause: tuple[int, int] | None = None) -> str | None:
    """The subject a quantity is about, from the names in its sentence.

    Model names come first: the nearest one before the quantity, else the first one after it within
    its clause (up to the next quantity) that no comparison word (`than`, `that of`, `より`)
    introduces; then other names before it. Names that a quantity counts (`384 Ascend 910C NPUs`)
    are never the subject.
    """
    clause_end = clause[1] if clause else len(sentence)
    counted = set(counted) | components(products, sentence)
    products_left = [n for n in products if (n.start, n.end) not in counted]
    propers_left = [n for n in propers if not any(n.start < e and s < n.end for s, e in counted)]
    for group in (products_left, propers_left):
        before = [n for n in group if n.end <= quantity.start]
        if before:
            # English: the nearest model name (`Atlas 950 has X, Atlas 960 has Y`), but the first other
            # name (the subject). Japanese and Chinese put the topic first (`Atlas 950超节点支持...`).
            nearest = group is products_left and not _CJK.search(sentence)
            return (before[-1] if nearest else before[0]).text
        if group is propers_left:
            break  # an organisation named after the figure (`..., via Huawei's bus`) is seldom its subject
        after = [n for n in group if quantity.end <= n.start and n.end <= clause_end]
        for name in after:
            if not _COMPARISON.search(sentence[: name.start]):
                return name.text
    return None


#: A spec-sheet line: `Total NPU Memory: ~48 TB HBM`, `UB Interconnect BW: 196 GB/s / NPU`.
_LABEL_RE = re.compile(r"\s*(?:\[[^\]]*\]\s*)?(?P<label>[^:：\n]{2,60}?)\s*(?:[(（][^)）]*[)）])?\s*[:：]\s*")


def spec_label(sentence: str, quantity: Quantity) -> tuple[int, int, str] | None:
    """(start, end, label) when the quantity is the value of a `Label: value` line."""
    m = _label_of(sentence)
    if m and m.end() == quantity.start and any(c.isalpha() for c in m.group("label")):
        return m.start("label"), m.end("label"), m.group("label")
    return None


@lru_cache(maxsize=1024)
def _label_of(sentence: str) -> re.Match | None:
    return _LABEL_RE.match(sentence)  # once per sentence, however many quantities it holds


def counted_names(quantities: list[Quantity], names_in_sentence, sentence: str) -> set[tuple[int, int]]:
    """Spans of names that directly follow a quantity: what it counts (`8,192 Ascend 950 NPUs`)."""
    spans = set()
    for q in quantities:
        for name in names_in_sentence:
            if 0 <= name.start - q.end <= 2 and not sentence[q.end:name.start].strip(" "):
                spans.add((name.start, name.end))
    return spans


def sentence_topic(products, propers, sentence: str = "") -> str | None:
    """The sentence's main named thing, carried to the next sentence if that one names none.
    A name introduced by a comparison (`1.7 times that of NVIDIA NVL72`) is not the topic."""
    for group in (products, propers):
        for name in group:
            if not _COMPARISON.search(sentence[: name.start]):
                return name.text
    return None


_WINDOW = 12  # tokens looked at on each side of a quantity: attributes are short noun phrases


@dataclass
class Tokens:
    """A sentence's tokens (spaCy's for English and Chinese, Sudachi's for Japanese: see
    pipeline.tokenize) with their start offsets, for the attribute rules."""

    text: str
    items: list
    starts: list[int]

    @classmethod
    def of(cls, text: str, items: list) -> "Tokens":
        return cls(text, items, [t.idx for t in items])


def _end(token) -> int:
    return token.idx + len(token.text)


def _tokens_after(tokens: Tokens, pos: int) -> list:
    i = bisect_left(tokens.starts, pos)
    return tokens.items[i : i + _WINDOW]


def _tokens_before(tokens: Tokens, pos: int) -> list:
    """Tokens that end at or before `pos` (the nearest ones)."""
    i = bisect_left(tokens.starts, pos)
    found = tokens.items[max(0, i - _WINDOW) : i]
    while found and _end(found[-1]) > pos:
        found.pop()
    return found


def attribute_for(quantity: Quantity, tokens: Tokens, qualifier_spans: list[QualifierMention], lang: str) -> str | None:
    """The measured noun after the quantity, else the topic noun before it."""
    skip = [(m.start, m.end) for m in qualifier_spans]
    if lang == "en":
        return _attribute_en(quantity, tokens, skip)
    return _attribute_cjk(quantity, tokens, skip)


def _in(spans, token) -> bool:
    return any(s <= token.idx < e for s, e in spans)


def _attribute_en(quantity: Quantity, tokens: Tokens, skip) -> str | None:
    after = _tokens_after(tokens, quantity.end)
    words = []
    is_ratio = quantity.spec is not None and quantity.spec.pint == "fold"
    for i, token in enumerate(after):
        low = token.lower_
        if not words and (low in _EN_SKIP_AFTER or _in(skip, token) or (is_ratio and low == "the")):
            continue  # `48 TB of HBM`, `2.1 times the bandwidth`
        model_number = token.like_num and words and words[-1].text[:1].isupper()  # `Ascend 950 NPUs`
        if token.is_punct or token.is_space or low in _EN_STOP or _in(skip, token) or (token.like_num and not model_number):
            break
        if not (token.is_alpha or model_number or re.fullmatch(r"[A-Za-z][\w-]*|\d+[A-Za-z][\w-]*", token.text)):
            break  # words and model codes (`Ascend 910C computing chips`) make the measured noun
        words.append(token)
        if len(words) == 4 or (low.endswith("s") and not low.endswith("ss") and len(low) > 3):
            break  # an English noun phrase ends at its plural head: `panels` in `panels spread over`
    if words:
        return tokens.text[words[0].idx : _end(words[-1])]
    before = _tokens_before(tokens, quantity.start)
    own_start = names.after_heading(tokens.text)  # `Interconnect bandwidth 784 GB/s` may start with a capital
    picked = []
    for token in reversed(before):
        low = token.lower_
        if not picked and (low in _EN_SKIP_BEFORE or token.is_punct and token.text != "," or _in(skip, token)):
            if token.text in ".;:":
                break
            continue
        if token.is_alpha and (token.is_lower or token.idx == own_start) and low not in _EN_STOP and low not in _EN_SKIP_BEFORE:
            picked.insert(0, token)
            if len(picked) == 2:
                break
        else:
            break
    if picked:
        return tokens.text[picked[0].idx : _end(picked[-1])]
    return None


def _is_noun_part(token) -> bool:
    tag = token.tag_
    return (
        tag.startswith(("名詞", "接頭辞", "接尾辞-名詞的"))
        and not tag.startswith("名詞-数詞")
        or token.pos_ in ("NOUN", "PROPN")
        or bool(re.fullmatch(r"[A-Za-z][\w.-]*", token.text))
    )


def _attribute_cjk(quantity: Quantity, tokens: Tokens, skip) -> str | None:
    after = _tokens_after(tokens, quantity.end)
    i, saw_no = 0, quantity.text.endswith("もの")  # `300ペタフロップスものコンピューティング能力`
    while i < len(after) and after[i].text in ("も", "の", "もの", "ものの"):
        saw_no = saw_no or after[i].text.endswith("の")
        i += 1
    words = []
    if saw_no:
        for token in after[i:]:
            if _in(skip, token):
                break
            if _is_noun_part(token) or (words and token.text in "（）()" ):
                words.append(token)
            else:
                break
    if words and words[-1].text in "（(":
        words.pop()
    if words:
        end = _end(words[-1])
        text = tokens.text[words[0].idx : end]
        if text.count("（") > text.count("）") and tokens.text[end : end + 1] in "）)":
            text += tokens.text[end]
        return text
    before = _tokens_before(tokens, quantity.start)
    if before and before[-1].text in _JA_TOPIC_PARTICLES:
        nouns = []
        for token in reversed(before[:-1]):
            if _is_noun_part(token) and not _in(skip, token):
                nouns.insert(0, token)
            else:
                break
        if nouns:
            return tokens.text[nouns[0].idx : _end(nouns[-1])]
    return None
