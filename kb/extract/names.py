"""Names of things: model names whose digits are not quantities, and entity candidates.

`Ascend 910B`, `A100`, `NVL72`, `Atlas 950`, `CloudMatrix 384` are names. Their numbers are never
claims; the names themselves are what claims are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import yaml

from kb.extract.units import DATA, is_currency_sign, is_unit_word
from kb.extract.wordlists import alternation, word_set

#: A capitalized word of a name (`S&P 500`, `AT&T`), a brand that starts with a lower-case letter (`iPhone 15`),
#: or the letter of a designation (`H-3`, `F-35`, `B-52`).
_CAP_WORD = r"(?:[A-Z][A-Za-z]*[a-z][A-Za-z]*|[A-Z]{2,}[a-z]*|[A-Z]+&[A-Z]+|[a-z][A-Z][A-Za-z]*|[A-Z](?=-\d))"
#: The marks of a possessive (`Huawei's`, `Poor’s`); inside a name they are part of it (`Standard & Poor's 500`).
POSSESSIVE_MARKS = frozenset({"'s", "’s"})
#: A word of a model's name, which may be a possessive joined by `&` (`Standard & Poor's 500`).
_NAME_WORD = rf"(?:{_CAP_WORD}(?:['’]s)?)"
_MODEL_NUMBER = r"(?:[A-Z]{1,3})?\d+(?:\.\d+)?[A-Za-z]{0,3}\+?"
#: `CloudMatrix 384`, `Atlas 950 SuperPoD`, `Ascend 910B`, `Llama 3.1`: capitalized words then a number,
#: then maybe one or two more words (kept only when they are product suffixes, see names.yaml).
PRODUCT_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?P<head>{_CAP_WORD}(?:(?:[ -]|\s&\s){_NAME_WORD})*)[ -]?(?P<num>{_MODEL_NUMBER})"
    rf"(?P<tail>(?:[ -](?:{_CAP_WORD}|series|family|lineup))(?:[ -]{_CAP_WORD})?)?(?![A-Za-z0-9])(?!,\d{{3}})"
)
_WORD_AFTER_RE = re.compile(r" ([A-Za-z][A-Za-z/²³0-9]*|×)(?![A-Za-z])")
_SCALE_AFTER_RE = re.compile(r"\s+(?:thousand|million|billion|trillion|bn|mn|crore|lakh)\b", re.IGNORECASE)
#: `A100`, `GB200`, `NVL72`, `H20`, `910B`, `RTX4090`: letters and digits fused in one token.
CODE_RE = re.compile(r"(?<![A-Za-z0-9])(?<!\d:)(?:[A-Za-z]+\d+[A-Za-z0-9]*|\d+[A-Za-z]+\d*[A-Za-z]*)(?![A-Za-z0-9])")
#: `950 series`, `950 PR`, `950 DT`: a bare model number named by the word after it (a family word,
#: or a short upper-case variant code that is not a unit or a format).
NUMBERED_RE = re.compile(r"(?<![\w.,/$€£¥])(?P<num>\d{2,5}[A-Z]?)[ \u00a0](?P<tail>series|family|lineup|[A-Z]{2,3})(?![\w-])")
#: A year: before a name (`the 1983 NFL Draft`) it says when, it numbers no model.
_YEAR_RE = re.compile(r"(?:18|19|20)\d\d")
#: `960 delivers`: a bare model number and the lower-case word after it (a verb makes it a subject).
_NUMBER_THEN_WORD_RE = re.compile(r"(?<![\w.,/$€£¥])(\d{3,4}[A-Z]?)[ \u00a0]([a-z]+)\b")
#: Where a clause starts: the sentence start, a bracketed section heading, `;`, `:` or `and`.
_CLAUSE_START = re.compile(r"(?:\A|[\];:,]|\band)\s*\Z")
#: Capitalized words that may name an organisation or product (`CloudMatrix`, `Huawei`, `NVIDIA`).
#: An abbreviated title opening a place's name: `St. Louis`, `Mt. Fuji`, `Ft. Worth`.
_NAME_TITLE = r"(?:St|Mt|Ft)\.\s"
PROPER_RE = re.compile(rf"(?<![A-Za-z0-9])(?:{_NAME_TITLE})?(?:{_CAP_WORD})(?:[ -]{_CAP_WORD})*(?![A-Za-z0-9])")


#: Letters after digits that make a scale, not a model code: `10k`, `5bn`.
_SCALE_LETTERS = frozenset("k m b bn mn tn".split())
#: Katakana right after a figure's Latin letters: the rest of a unit written half in each (`16Gバイト`).
_KATAKANA_RUN = re.compile(r"[ァ-ヶー]+")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@dataclass(frozen=True)
class NameWords:
    reference_words: frozenset
    event_words: frozenset  # `the 400m hurdles`: a distance naming an event
    instrument_words: frozenset  # `the 10-year yield`: a maturity naming a bond
    subject_verbs: frozenset
    months: frozenset
    not_name_heads: frozenset
    not_entities: frozenset
    product_suffixes: tuple
    transliterations: dict  # script form -> Latin name
    not_a_code: re.Pattern  # `27th`, `FY26`, `Q3`, `V8`: an ordinal, a period, a part of a year, an engine


@cache
def name_words() -> NameWords:
    data = yaml.safe_load((DATA / "names.yaml").read_text(encoding="utf-8"))
    return NameWords(
        reference_words=frozenset(str(w).lower() for w in data["reference_words"]),
        event_words=frozenset(str(w).lower() for w in data["event_words"]),
        instrument_words=frozenset(str(w).lower() for w in data["instrument_words"]),
        subject_verbs=frozenset(data["subject_verbs"]),
        months=frozenset(data["months"]),
        not_name_heads=frozenset(str(w).lower() for w in data["not_name_heads"]),
        not_entities=frozenset(data["not_entities"]),
        product_suffixes=tuple(sorted(data["product_suffixes"], key=len, reverse=True)),
        transliterations={form: latin for latin, forms in data["transliterations"].items() for form in forms},
        not_a_code=re.compile(rf"\d+(?:{'|'.join(data['ordinal_endings'])})|(?:{'|'.join(data['period_prefixes'])})\d{{2,4}}"
                              rf"|{'|'.join(data['year_part_codes'] + data['engine_layouts'])}"),
    )


@cache
def _script_product_re() -> re.Pattern:
    forms = sorted(name_words().transliterations, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, forms))})\s?\d+[A-Za-z]{{0,3}}")


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    has_number: bool


@lru_cache(maxsize=4096)
def product_names(text: str) -> tuple[Name, ...]:
    """Model names with a number (`CloudMatrix 384`, `NVIDIA GB200`, `A100`): the strongest entities."""
    words = name_words()
    names = []
    for m in PRODUCT_RE.finditer(text):
        head = m.group("head").replace("-", " ").split()
        while head and (head[0].lower() in words.not_name_heads or head[0].lower() in words.months
                        or head[0] in words.not_entities or is_unit_word(head[0]) or is_currency_sign(head[0])
                or head[0].lower() in words.subject_verbs):
            head.pop(0)  # "In 2024", "The Huawei Ascend 384", "TFLOPS FP16", "Introduces HyperMem 2.0"
        glued = m.group("num") if m.start("num") > m.end("head") else head[-1] + m.group("num") if head else ""
        if not head or glued in words.not_entities:
            continue  # `Native FP8`: a number format, not a model
        sign = re.match(r"[A-Za-z]+", m.group("num"))
        if (sign and is_currency_sign(sign.group())) or (m.start("num") > m.end("head") - 1 and is_currency_sign(head[-1])):
            continue  # `Malaysia RM5 million`: an amount after a currency sign, not a model
        if _SCALE_AFTER_RE.match(text, m.end("num")):
            continue  # `Nigeria 50 billion naira`: an amount, not a model
        unit_after = _WORD_AFTER_RE.match(text, m.end("num"))
        if unit_after and not m.group("tail") and len(head) == 1 and (
                is_unit_word(unit_after.group(1)) or unit_after.group(1) in ("×", "x")):
            continue  # `Height 181 m (594 ft)`: an infobox's label and its value, not a model
        start = m.start("head") + m.group("head").index(head[0])
        end = m.end("num")
        tail = (m.group("tail") or "").strip(" -")
        suffix = next((s for s in words.product_suffixes if tail == s or tail.startswith(s + " ")), None)
        if suffix:
            end = m.start("tail") + m.group("tail").index(suffix) + len(suffix)
        else:
            end = _with_suffix(text, end)  # `NVIDIA H100 SXM5`: a form factor with its generation
        name = text[start:end].strip(" -")
        if name in words.not_entities or " ".join(head) in words.not_entities:
            continue
        names.append(Name(start, end, name, True))
    for m in _script_product_re().finditer(text):
        names.append(Name(m.start(), m.end(), m.group(), True))  # `昇腾910C`
    taken = [(n.start, n.end) for n in names]
    names += [n for n in bare_model_numbers(text) if not any(s <= n.start < e for s, e in taken)]
    taken = [(n.start, n.end) for n in names]
    for start, end in code_spans(text):
        code = text[start:end]
        if code in words.not_entities or any(s <= start < e for s, e in taken) or not _is_model_code(code, text[end:end + 2]) \
                or words.not_a_code.fullmatch(code):
            continue  # `January 27th`, `for FY26`: a day, a period
        end = _with_suffix(text, end)  # `H100 SXM` and `H100 NVL` are two cards
        names.append(Name(start, end, text[start:end], True))  # `A100 : 312 TFLOPS`: a code names the product
    return tuple(sorted(names, key=lambda n: n.start))


def _is_model_code(code: str, following: str = "") -> bool:
    """Whether a fused letter-digit token names a model: two digits in it (`A100`, `910B`), or a capital and one
    digit (`H3`, `M3`, `X5`) that is no decimal's start (`M8.7`: a magnitude). Codes that are no model whatever
    their digits (`Q3`, `FY26`, `V8`) are the data's `not_a_code`."""
    if re.search(r"\d\d", code):
        return True
    return re.fullmatch(r"[A-Z]+\d", code) is not None and not re.match(r"[.,]\d", following)


def _with_suffix(text: str, end: int) -> int:
    """Where a name ending at `end` ends with the product suffix after it (`H100 SXM`, `A100 PCIe`)."""
    for suffix in name_words().product_suffixes:
        if text.startswith(" " + suffix, end) and not text[end + 1 + len(suffix): end + 2 + len(suffix)].isalnum():
            return end + 1 + len(suffix)
    return end


def bare_model_numbers(text: str) -> list[Name]:
    """Model numbers written without their product line: `950 series`, `950 PR (128 GB)`, and a number
    that is the subject of a verb at the start of a clause (`960 delivers 8 PFLOPS`)."""
    words = name_words()
    found = []
    for m in NUMBERED_RE.finditer(text):
        tail = m.group("tail")
        if tail.isupper() and (tail in words.not_entities or is_unit_word(tail) or tail.lower() in words.months
                               or re.match(r"[ \u00a0]+[a-z]", text[m.end():])):
            continue  # `48 TB`, `8 GPU`, `3 AM`, `12 NFL teams`: a unit or what is counted, not a variant code
        if tail.isupper() and _YEAR_RE.fullmatch(m.group("num")):
            continue  # `the 1983 NFL Draft`, `the 2015 IAAF World Championships`: a year before a name
        found.append(Name(m.start(), m.end(), m.group(), True))
    for m in _NUMBER_THEN_WORD_RE.finditer(text):
        if m.group(2) in words.subject_verbs and _CLAUSE_START.search(text[: m.start()]):
            found.append(Name(m.start(), m.end(1), m.group(1), True))
    return found


def after_heading(text: str) -> int:
    """Where a sentence's own words start, after a bracketed section heading (`[910C baseline] ...`)."""
    m = re.match(r"\s*\[[^\]]{1,80}\]\s*", text)
    return m.end() if m else 0


@lru_cache(maxsize=4096)
def proper_names(text: str, sentence_start_rule: bool = True) -> tuple[Name, ...]:
    """Capitalized words that are not units, formats or function words: weaker entity candidates."""
    words = name_words()
    heading_end = after_heading(text)
    names = []
    for run_start, run_end in _runs_without_verbs(text):
        run = text[run_start:run_end]
        if text.startswith(("$", " $"), run_end) and is_currency_sign(run + "$"):
            continue  # `HK$221 million`, `US $7.56 billion`: a currency's letters, not a name
        parts = [p for p in re.split(r"[ -]", run) if p not in words.not_entities and not is_unit_word(p)]
        if not parts:
            continue
        own_start = heading_end if run_start >= heading_end else 0  # a heading starts its own words
        at_start = sentence_start_rule and not text[own_start: run_start].strip(" \t[(\"'“…-")
        if at_start and len(parts) == 1 and parts[0].istitle() and not _CJK.search(text):
            continue  # a sentence's first word is capitalized anyway ("Memory", "Two", "Total Compute")
        start = run_start + run.index(parts[0])  # `577 MW Fox Squirrel`: the name starts past the unit
        kept = run[start - run_start:]
        # as written when it lost no word (`Smith-Marsette`, `Mercedes-Benz`), else the words left
        name = kept if re.split(r"[ -]", kept) == parts else " ".join(parts)
        names.append(Name(start, run_end, name, False))
    return tuple(names)


_CAP_RUN_WORD = re.compile(r"[A-Za-z][\w.&']*")
#: After a headline's verb: the figure it states (`Reports HK$199 Million`, `Posts $3bn`, `Says 5%`).
_FIGURE_AFTER = re.compile(r"\s+(?:[A-Z]{1,3}\s?)?[$€£¥₹]?\d")


def _runs_without_verbs(text: str):
    """(start, end) of the runs of capitalized words, each cut at a headline's verb that states the figure after it
    (`HongKong Chinese Limited Reports HK$199 Million Profit`: the name is HongKong Chinese Limited), never at a
    run's first word; `Consumer Reports` before no figure stays a name."""
    for m in PROPER_RE.finditer(text):
        start = m.start()
        for word in _CAP_RUN_WORD.finditer(text, m.start(), m.end()):
            if word.start() > start and _is_headline_verb(word.group()) and _FIGURE_AFTER.match(text, word.end()):
                if text[start:word.start()].strip(" -"):
                    yield start, word.start() - 1
                start = word.end() + 1
        if start < m.end():
            yield start, m.end()


@cache
def _headline_verbs() -> frozenset[str]:
    """Verbs in the third person or the past: en/lexicon.yaml finite_verbs, en/words.yaml reporting_verbs, and the
    verbs a product name comes before (names.yaml subject_verbs)."""
    verbs = word_set("en", "finite_verbs") | word_set("en", "reporting_verbs") | name_words().subject_verbs
    return frozenset(w for w in verbs if w.endswith(("s", "ed")))


def _is_headline_verb(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word.lower() in _headline_verbs()


#: A sentence's capitalized first word, when a verb or a possessive noun follows it (`Jackson is ...`,
#: `Smiths shares led ...`).
_OPENING_WORD = re.compile(r"\s*([A-Z][a-z]+)\s+[a-z]")


@cache
def _common_words() -> frozenset[str]:
    return word_set("en", "common_words")


def is_descriptive(name: Name) -> bool:
    """Whether a name without a number is a word of description rather than a thing's name: a capitalized common
    word (`128GB Storage`) or one opening in a technology's capital letters (`6.5-inch IPS LCDs`)."""
    if name.has_number:
        return False
    first = name.text.split()[0]
    return (first.isupper() and first.isalpha()) or (" " not in name.text and name.text.lower() in _common_words())


def opening_name(sentence: str) -> str | None:
    """The capitalized word opening a sentence when it is a name, not an ordinary word written with a
    capital because it comes first: one the treebank never writes in lower case, nor the plural of one
    (en/lexicon.yaml `common_words`), with no ending of an ordinary word (`Aided`, `Reportedly`)."""
    m, common = _OPENING_WORD.match(sentence), _common_words()
    if m is None or not common:
        return None
    word = m.group(1)
    low = word.lower()
    plural_of_common = low.endswith("s") and (low[:-1] in common or low.endswith("es") and low[:-2] in common)
    if low in common or plural_of_common or low.endswith(("ed", "ing", "ly")) or word in name_words().not_entities:
        return None  # `Employers added ...`: a plural of an ordinary word
    return word


@cache
def _reports_a_clause() -> re.Pattern:
    """A reporting verb and the article opening the reported clause's own subject (en/words.yaml
    `reporting_verbs`): `says the park will power ...`."""
    return re.compile(rf"\s+(?:{alternation('en', 'reporting_verbs')})\s+(?:that\s+)?(?:the|this|its|their)\s")


def speaks_of_another(sentence: str, name: str) -> bool:
    """Whether the name opening a sentence only says what a clause with a subject of its own holds
    (`Brightfield says the park will power about 400,000 homes`): the clause's subject, not the speaker,
    is what the sentence is about."""
    at = sentence.find(name)
    return at >= 0 and _reports_a_clause().match(sentence, at + len(name)) is not None


def code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of fused letter-digit tokens (`A100`, `910B`); their digits are not quantities."""
    spans = []
    for m in CODE_RE.finditer(text):
        if re.fullmatch(r"\d+[eE]\d+", m.group()):
            continue  # `2e5`: scientific notation
        glued = re.fullmatch(r"\d[\d.,]*([A-Za-z]+)", m.group())
        kana = _KATAKANA_RUN.match(text, m.end())
        if glued and (is_unit_word(glued.group(1), text) or glued.group(1).lower() in _SCALE_LETTERS
                      or kana and is_unit_word(glued.group(1) + kana.group(), text)):
            continue  # `168cm`, `48TB`, `5bn`, `16Gバイト`: a number with its unit, not a code
        sign = re.fullmatch(r"([A-Za-z]+)\d[\d.,]*", m.group())
        if sign and is_currency_sign(sign.group(1)):
            continue  # `RM5`, `Rs500`, `Rp5,000`: a currency sign before the amount, not a code
        spans.append(m.span())
    return spans

