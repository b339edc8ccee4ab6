"""What a quantity is about: its entity, its attribute and its qualifiers.

Rules over each language's tokens (tokens.py): the entity is the model or organisation name
nearest before the quantity in its sentence (else the sentence's first name, else the named subject
of the sentence just before); the attribute is the measured noun (`384個のAscend AIプロセッサ`,
`48 TB of HBM`, `費用は約820万ドル`; each language's rule is a hook of its entry in languages.py); qualifiers are the conditions stated in the same clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kb.extract import names
from kb.extract.languages import Language
from kb.extract.model import Quantity
from kb.extract.qualifiers import (QualifierMention, after_in_clause, ended_between, holds_figures, qualifier_applies,
                                  sentence_wide)
from kb.extract.tokens import Tokens
from kb.extract.units import dimension_of, is_unit_word
from kb.extract.wordlists import (WordBefore, bounded_alternation, fused_pairs, measure_synonyms, unit_measures,
                                  word_map, word_set)

#: What may stand between a quantity and a qualifier that belongs to it: `524 EFLOPS at FP8`,
#: `60 EFLOPS when operating at FP4`, `256 TFLOPS(FP16)`.
_ATTACHES = re.compile(r"\s*(?:\(|（)?\s*|\s*(?:,\s*)?(?:[a-z]+\s+){0,3}(?:of|at|in|using|with|for|on)\s+(?:the\s+)?")
#: The same for open kinds, whose gap may hold a headline's capitalized words (`$422 Million Loss in H1 2024`).
_ATTACHES_ANY_CASE = re.compile(_ATTACHES.pattern, re.IGNORECASE)


#: Where another clause with a subject of its own starts (en/words.yaml `clause_words` after a comma, or `;`): a
#: status or period named past it is that clause's (`The battery holds 1,000 MWh, and Brightfield expects ...`).
_CLAUSE_JOINED = re.compile(rf",\s+(?:{bounded_alternation('clause_words', ('en',))})\s|;")


def qualifiers_for(
    quantity: Quantity, sentence: str, mentions: list[QualifierMention], clause: tuple[int, int], dimension: str
) -> dict:
    """For each kind, the mention right after the quantity (`524 EFLOPS at FP8`), else the nearest
    one before it within its clause (`FP8で524エクサフロップス`), or within the sentence for kinds
    stated once for it; for some kinds (period) else the first one later in its clause."""
    lo, hi = clause
    chosen: dict[str, str] = {}
    for kind in sorted({m.kind for m in mentions if qualifier_applies(m.kind, dimension)}):
        start = 0 if sentence_wide(kind) else lo
        # a period may run over the next figure, or open with it (`in the first three months of the year`,
        # `for the three months ended September 30, 2017`: `three months`)
        end = len(sentence) if holds_figures(kind) else hi
        of_kind = [m for m in mentions if m.kind == kind and start <= m.start and m.start <= hi and m.end <= end]
        attaches = _ATTACHES_ANY_CASE if after_in_clause(kind) else _ATTACHES
        # `989 FP16 TFLOPS`: a mention inside the quantity's own words is its condition first
        right_after = [m for m in of_kind if quantity.start <= m.start and m.end <= quantity.end] + [
            m for m in of_kind if m.start >= quantity.end and attaches.fullmatch(sentence[quantity.end : m.start])]
        before = [m for m in of_kind if m.end <= quantity.start
                  and not (sentence_wide(kind) and ended_between(kind, sentence, m.end, quantity.start))]
        if right_after:
            chosen[kind] = right_after[0].value
        elif before:
            chosen[kind] = before[-1].value
        elif after_in_clause(kind):
            later = [m for m in of_kind if m.start >= quantity.end and lo <= m.start
                     and not _CLAUSE_JOINED.search(sentence, quantity.end, m.start)]
            if later:
                chosen[kind] = later[0].value
    return chosen


def clauses(quantities: list[Quantity], length: int) -> list[tuple[int, int]]:
    """Each quantity's clause: from the end of the quantity before it to the start of the one after."""
    bounds = []
    for i, q in enumerate(quantities):
        lo = quantities[i - 1].end if i else 0
        hi = quantities[i + 1].start if i + 1 < len(quantities) else length
        bounds.append((lo, hi))
    return bounds


def entity_names(sentence: str, mentions) -> tuple[list[names.Name], list[names.Name]]:
    """The sentence's product and proper names that may be a figure's subject: not those inside who states
    its figures (`according to the weather agency`, `ANNのまとめでは`, `the Commerce Department said`)."""
    sources = _source_spans(sentence, mentions)
    products, propers = names.product_names(sentence), names.proper_names(sentence)
    products, propers = _quoted_names(products, sentence), _quoted_names(propers, sentence)
    if not sources:
        return products, propers

    def outside(name) -> bool:
        return not any(s <= name.start < e for s, e in sources)

    return [n for n in products if outside(n)], [n for n in propers if outside(n)]


#: A name in quotes and the bracket opening right after it: `“杜蘇芮”(`, `「はやぶさ」（`.
_QUOTED_BEFORE_BRACKET = re.compile(r"[“「『\"](?P<name>[^”」』\"“「『]{1,20})[”」』\"]\s*[(（]\s*\Z")


def _quoted_names(found: list, sentence: str) -> list:
    """A name in brackets right after a name in quotes is that name's other spelling (`“杜蘇芮”(DOKSURI)`): the
    name the sentence writes first, in its own script, stands for both."""
    renamed = []
    for name in found:
        quoted = _QUOTED_BEFORE_BRACKET.search(sentence, max(0, name.start - 30), name.start)
        in_script = quoted is not None and _CJK.search(quoted.group("name"))
        renamed.append(replace(name, text=quoted.group("name")) if in_script else name)
    return renamed


#: An according_to mention that is the speaker of the sentence (`Apple said`), not a third party cited.
_SPEAKER = re.compile(r"\s(?:said|says|reported|estimates|estimated)\Z")
#: Words ending the name of a body that reports others' figures (en/words.yaml `agency_heads`): `the Commerce
#: Department said`, `the BEA estimates that` name who states a figure even as the sentence's speaker.
_AGENCY_END = re.compile(rf"\b(?:{bounded_alternation('agency_heads', ('en',))})(?:\s+\w+)?\Z", re.IGNORECASE)


def _source_spans(sentence: str, mentions: list[QualifierMention]) -> list[tuple[int, int]]:
    """Where the sentence says who states its figures (`according to the weather agency`, `ANNのまとめでは`,
    `the BEA estimates that`): a name there is no subject of them. A speaker is kept as the subject when it is
    no agency (`Apple said revenue rose 5%`: a company reporting its own figure)."""
    spans = []
    dateline = _DATELINE.match(sentence)
    if dateline:
        spans.append(dateline.span())  # `Tokyo, May 8 (Jiji Press)—`: where and who wrote it
    for m in mentions:
        if m.kind != "according_to":
            continue
        speaker = _SPEAKER.search(sentence, m.start, m.end)
        if speaker is None or _AGENCY_END.search(sentence, m.start, speaker.start()):
            spans.append((m.start, m.end))
    return spans


#: A news story's dateline: a place or a date, the agency in brackets, then a dash (`Tokyo, May 8 (Jiji
#: Press)—`, `BEIJING (Reuters) -`, `April 30 (Reuters) -`), or a place in capitals and a dash or a date (`TOKYO -- `,
#: `SEOUL, July 28 `).
_DATELINE = re.compile(
    r"\s*[A-Z][A-Za-z.' -]{1,40}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}|\s+\d{1,2})?\s*\([^()]{2,40}\)\s*[-—–]+\s*"
    r"|\s*[A-Z]{2,}(?:[ .'-][A-Z]{2,})*,?\s+[-—–]{1,2}\s+"  # or a place in capitals alone: `TOKYO -- `,
    r"|\s*[A-Z]{2,}(?:[ .'-][A-Z]{2,})*,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}\s+(?=[A-Z])")  # `SEOUL, July 28 `


_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
#: Words that introduce what a figure is compared with: the name after them is not the subject.
_COMPARISON = re.compile(
    rf"(?:{bounded_alternation('compared_with', ('en', 'ja', 'zh'))})[\s\"“”']*(?:\w+\s+){{0,2}}\Z", re.IGNORECASE)

#: Verbs after which a model name is a part of the subject, not the subject (`[950 series] Introduces
#: HiBL 1.0 (288 GB capacity)`, `Atlas 950 uses HiZQ 2.0 ...`): its figures describe the subject.
_COMPONENT = re.compile(
    rf"(?:{bounded_alternation('component_verbs', ('en',))})[\s\"“”']*(?:\w+\s+){{0,2}}\Z", re.IGNORECASE)


#: How far before a name the words that introduce it can start (`compared with the`, `introduces`):
#: the patterns end at the name, so a window keeps each search short on a 200 KB spec-sheet line.
_LOOKBACK = 80


def _ends_with(pattern: re.Pattern, sentence: str, end: int) -> bool:
    return pattern.search(sentence, max(0, end - _LOOKBACK), end) is not None


def components(products, sentence: str) -> set[tuple[int, int]]:
    """Spans of model names introduced as parts of a model named before them in the sentence."""
    if _CJK.search(sentence):
        return set()
    return {(name.start, name.end) for i, name in enumerate(products) if i and _ends_with(_COMPONENT, sentence, name.start)}


#: What ends a clause for certain inside a sentence: a name past it is another clause's subject.
_CLAUSE_BREAK = re.compile(r"[;；]")


def entity_for(quantity: Quantity, products, propers, sentence: str = "", counted=(),
               clause: tuple[int, int] | None = None) -> str | None:
    """The subject a quantity is about, from the names in its sentence.

    Model names come first: the nearest one before the quantity, else the first one after it within
    its clause (up to the next quantity) that no comparison word (`than`, `that of`, `より`)
    introduces; then other names before it. Names that a quantity counts (`384 Ascend 910C NPUs`)
    are never the subject.
    """
    clause_end = clause[1] if clause else len(sentence)
    counted = set(counted)  # with the sentence's components (`components`), found once per sentence
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
        after = [n for n in group if quantity.end <= n.start and n.end <= clause_end
                 and not _CLAUSE_BREAK.search(sentence, quantity.end, n.start)]  # not past `;`: another clause
        for name in after:
            if not _ends_with(_COMPARISON, sentence, name.start):
                return name.text
    return None


#: A figure opening a bracket right after a name: `Derrick Henry (1,048)`, `ハーフマラソン(21.0975 km)`.
_BRACKET_AFTER_NAME = re.compile(r"\s*[(（]\s*\Z")


def bracketed_after_name(quantity: Quantity, names_in_sentence, sentence: str, counted=()) -> str | None:
    """The name a figure stands in brackets right after (`overtaking Derrick Henry (1,048)`, `in St. Louis
    (406)`): the bracket gives that name's figure, whatever the clause's subject; not a part's name
    (`Introduces HyperMem 2.0 (3 TB/s bandwidth)`: `components`, the figures are the subject's)."""
    for name in names_in_sentence:
        if name.end <= quantity.start and (name.start, name.end) not in counted \
                and _BRACKET_AFTER_NAME.fullmatch(sentence, name.end, quantity.start):
            return name.text
    return None


#: What may stand between a figure with its unit and the name it describes: `the 577 MW Fox Squirrel project`.
_BEFORE_DESCRIBED_NAME = re.compile(r"[ \t]+\Z")


def _measures(quantity: Quantity) -> bool:
    """Whether a figure has a unit of measure (`707hp`, `13MP`), not only a count of what follows it."""
    return quantity.spec is not None and (not quantity.spec.count or quantity.unit is not None)


def described_name(quantity: Quantity, names_in_sentence, sentence: str) -> str | None:
    """The name a figure with its unit describes, standing right after it (`its new 707hp Grand Cherokee
    Trackhawk`, `a 13MP Sony Exmor camera`, `the 577 MW Fox Squirrel project`): that name's figure, whatever the
    clause's subject; to the sentence's other figures, a part named by one (`counted_names`). Not a bare
    count's (`384 Ascend 910C NPUs`: what it counts)."""
    if not _measures(quantity) or dimension_of(quantity.spec) == "[time]":
        return None  # `in four months CAPSTONE will`: a span of time describes no name
    for name in names_in_sentence:
        if name.start >= quantity.end and _BEFORE_DESCRIBED_NAME.fullmatch(sentence, quantity.end, name.start):
            return None if names.is_descriptive(name) else name.text
    return None


def measure_of_named(quantity: Quantity, attribute: str | None, named: str, code: str) -> str | None:
    """What a figure that describes a name measures, once the name is out of the words found: the part's
    measure when the unit gives one (`13MP Sony Exmor camera` -> camera resolution), else the unit's own
    (`577 MW Fox Squirrel project` -> capacity)."""
    if attribute is None or named not in attribute:
        return attribute
    measure = unit_measure(quantity, None, code)
    rest = " ".join(attribute.replace(named, " ").split())
    return rest if measure and rest and measure in rest and rest != measure else measure


#: What ends a clause between two figures of a sentence: `行方不明者が3人、重軽傷が28人`.
_BETWEEN_CLAUSES = re.compile(r"[、,，;；]")


def measured_in_clause_before(name: str, claims: list, sentence: str, quantity: Quantity) -> bool:
    """Whether a figure ending an earlier clause of the sentence measures `name`, an item of a list (`行方不明者が
    3人、重軽傷が28人`: 行方不明者 is what 3人 measures, no subject of 28人); not a figure its clause goes on from
    (`円相場が1ドル154円台前半まで上昇し、およそ2か月ぶりの`: the yen's rate, the sentence's subject)."""
    return any(c.attribute == name and _BETWEEN_CLAUSES.match(sentence, c.end - c.sentence_start) for c in claims)


#: A list bullet before a spec-sheet line (`- GPU Memory: 80GB HBM3`).
_BULLET = r"\s*(?:[-•*・]\s+)?"
#: A spec-sheet line: `Total NPU Memory: ~48 TB HBM`, `UB Interconnect BW: 196 GB/s / NPU`.
_LABEL_RE = re.compile(_BULLET + r"(?:\[[^\]]*\]\s*)?(?P<label>[^:：\n]{2,60}?)\s*(?:[(（][^)）]*[)）])?\s*[:：]\s*")
#: A table row as text: its label in brackets, then the value (`[TDP] 700 W`), the label maybe under
#: its section (`[Memory & VRAM – Bandwidth] 3.0TB/s`, `[H100 SXM – TDP] Up to 700W`).
_ROW_RE = re.compile(_BULLET + r"\[(?:(?P<section>[^\]\n]{1,60}?)\s+[–—-]\s+)?(?P<label>[^\]\n]{2,60})\]\s*")


#: A table row as Markdown writes it: the first cell labels the next (`大坝高度 | 185米 |`).
_CELL_RE = re.compile(r"\s*\|?\s*(?P<label>[^|\n]{1,40}?)\s*\|\s*")
#: An infobox line: a few words, then the value, nothing else (`Height 181 m (594 ft)`, `Installed
#: capacity 22.5 GW`); only in a short line with no sentence's end.
_INFOBOX_RE = re.compile(r"\s*(?P<label>[A-Z][a-z]+(?:[ -][a-z]+){0,3})\s+(?=[\d¥$€£~≈])")
#: What ends a sentence, so no infobox row holds it: `!`, `?`, a line break, a full stop that is no decimal point.
_SENTENCE_END = re.compile(r"[!?\n]|(?<!\d)\.|\.(?!\d)")


@dataclass(frozen=True)
class SpecLabel:
    """The label a quantity is the value of; `start`..`end` covers the whole label (with its section),
    `row_start` where the row's own words start (a model name there is the subject, not a label)."""

    start: int
    end: int
    text: str
    row_start: int
    section: str = ""


#: What may separate the values of one row: `133 TFLOPS (Dense), 197 TFLOPS (Sparse)`, `80 GB / 94 GB`.
_BETWEEN_VALUES = re.compile(r"(?:\s*(?:[(（][^)）]{0,30}[)）]|[,;/、，|()（）×]|or|and))*\s*")


@lru_cache(maxsize=1024)
def _values_after(sentence: str, label_end: int, spans: tuple[tuple[int, int], ...]) -> tuple[frozenset, bool]:
    """(starts of the quantities that are a label's values, whether nothing but values follows the
    last of them): the run of quantities after the label with only separators between them. Once
    per sentence and label, however many quantities the line holds."""
    at, starts = label_end, set()
    for start, end in spans:
        if start < at:
            continue  # a figure inside the label itself
        if not _BETWEEN_VALUES.fullmatch(sentence, at, start):
            return frozenset(starts), False
        starts.add(start)
        at = end
    return frozenset(starts), _BETWEEN_VALUES.fullmatch(sentence, at) is not None


def spec_label(sentence: str, quantity: Quantity, quantities=()) -> SpecLabel | None:
    """The label when the quantity is a value of a spec-sheet line or table row, in the first form that
    fits: `Label: v`, `[Section – Label] v`, `| Label | v |`, or an infobox line, which must hold nothing
    but values (`Height 181 m (594 ft)`, unlike a headline that starts alike: `Yahoo to lay off 15% of ...`)."""
    spans = tuple((q.start, q.end) for q in (quantities or (quantity,)))
    for match_of in (_label_of, _row_of, _cell_of, _infobox_of):
        m = match_of(sentence)
        if m is None or not any(c.isalpha() for c in m.group("label")):
            continue
        values, only_values = _values_after(sentence, m.end(), spans)
        if quantity.start in values and (only_values or match_of is not _infobox_of):
            section = m.groupdict().get("section") or ""
            start = m.start("section") if section else m.start("label")
            return SpecLabel(start, m.end("label"), m.group("label"), m.start("label"), section)
    return None


def is_spec_line(sentence: str) -> bool:
    """Whether a sentence is one line of a spec sheet or table (a label, then a value)."""
    m = _label_of(sentence) or _row_of(sentence) or _cell_of(sentence) or _infobox_of(sentence)
    return m is not None and any(c.isdigit() for c in sentence[m.end(): m.end() + 12])


@lru_cache(maxsize=1024)
def _label_of(sentence: str) -> re.Match | None:
    return _LABEL_RE.match(sentence)  # once per sentence, however many quantities it holds


@lru_cache(maxsize=1024)
def _row_of(sentence: str) -> re.Match | None:
    return _ROW_RE.match(sentence)


@lru_cache(maxsize=1024)
def _cell_of(sentence: str) -> re.Match | None:
    return _CELL_RE.match(sentence)


#: Words that make a line's first words a clause, not a label (`Sensex at 70-day low`, `Yahoo to lay off`).
_CLAUSE_WORDS = frozenset("a an the at to of in on for by with from as is are was were has have will".split())
_SCALE_WORDS = frozenset("thousand million billion trillion bn mn".split())


@lru_cache(maxsize=1024)
def _infobox_of(sentence: str) -> re.Match | None:
    """A label and nothing but values after it: numbers, units, scale words, brackets."""
    line = sentence.strip()
    m = _INFOBOX_RE.match(sentence) if 3 <= len(line) <= 80 and not _SENTENCE_END.search(line) else None
    if m is None or _CLAUSE_WORDS & set(m.group("label").lower().split()):
        return None
    words = re.findall(r"[A-Za-z]{4,}", sentence[m.end():])
    return m if all(w.lower() in _SCALE_WORDS or is_unit_word(w) for w in words) else None


def counted_names(quantities: list[Quantity], names_in_sentence, sentence: str) -> set[tuple[int, int]]:
    """Spans of names that directly follow a quantity: what it counts (`8,192 Ascend 950 NPUs`)."""
    spans = set()
    for q in quantities:
        if q.spec is not None and q.spec.pint == "fold" and q.unit is None:
            continue  # `had doubled Nortek's margins`: a multiple stated by its verb counts nothing, it has an object
        for name in names_in_sentence:
            if 0 <= name.start - q.end <= 2 and not sentence[q.end:name.start].strip(" "):
                spans.add((name.start, name.end))
    return spans


def sentence_topic(products, propers, sentence: str = "") -> str | None:
    """The sentence's main named thing, carried to the next sentence if that one names none.
    A name introduced by a comparison (`1.7 times that of NVIDIA NVL72`) is not the topic."""
    for group in (products, propers):
        for name in group:
            if not _ends_with(_COMPARISON, sentence, name.start):
                return name.text
    return None


def attribute_for(quantity: Quantity, tokens: Tokens, qualifier_spans: list[tuple[int, int]],
                  language: Language) -> str | None:
    """The measured noun, by the language's own rule (en/attributes.py, ja/attributes.py); None for a
    language without one."""
    if language.attribute is None:
        return None
    age_after = _age_after(language.code)
    if age_after is not None and quantity.spec is not None and quantity.spec.pint in ("year", "month") \
            and age_after.match(tokens.text, quantity.end):
        return "age"  # `the 24-year-old`, `who is 31 years old`: how old, not how long
    found = language.attribute(quantity, tokens, qualifier_spans)
    return unit_measure(quantity, found, language.code)


@lru_cache(maxsize=None)
def _age_after(code: str) -> re.Pattern | None:
    """What makes a span of years an age right after it, in a language's words (`age_after`: English
    `-old`, ` old`); None for a language whose lists name none."""
    forms = bounded_alternation("age_after", (code,))
    return re.compile(rf"(?:{forms})", re.IGNORECASE) if forms else None


def unit_measure(quantity: Quantity, found: str | None, code: str) -> str | None:
    """The attribute a unit states by itself (`unit_measures` in <code>/words.yaml): `320 hp` measures
    power, so `the engine produces 320 hp` has power measured, not `produces`. A deciding unit's measure
    replaces the words found unless they already hold one of its words (`peak power`); a part's measure
    follows them, which say whose part (`13MP main camera` -> main camera resolution: not one phone's
    figure for all its cameras); a fallback one only fills an attribute nothing else gave."""
    spec = quantity.spec
    if spec is None:
        return found
    table = unit_measures(code)
    keys = ((quantity.unit or "").strip(), spec.pint, spec.base or "")
    for how in ("decides", "of_parts"):
        measure = next((table[how][k] for k in keys if k in table[how]), None)
        if measure and not (found and _shares_a_word(found, measure, measure_synonyms(code).get(measure, ()))):
            return _joined(found, measure) if found and how == "of_parts" else measure
    if found is None:
        return next((table["fallback"][k] for k in keys if k in table["fallback"]), None)
    return found


def _shares_a_word(found: str, measure: str, synonyms=()) -> bool:
    """Whether the words found already name a unit's measure, in its own words or a synonym's
    (<code>/words.yaml `measure_synonyms`: `clock-rate`, `refresh rate` are frequencies)."""
    if not measure.isascii():  # Japanese and Chinese words are not spaced
        return measure in found or found in measure or any(word in found for word in synonyms)
    return bool(set(found.lower().split()) & (set(measure.split()) | set(synonyms)))


def _joined(found: str, measure: str) -> str:
    """A part's words and its measure as one attribute, spaced only in a language that spaces words."""
    return f"{found} {measure}" if measure.isascii() else found + measure


#: Between a change and the level it reached: `2.2%減の18兆円`, `rose 5% to $3bn`, `0.24%, to 24,753.09`, `增长 1% 至 1060 万台`.
_LEVEL_AFTER_CHANGE = re.compile(rf"[,，]?\s*(?:{bounded_alternation('level_after_change', ('en', 'ja', 'zh'))})?\s*")


def carry_frames(claims: list) -> list:
    """A change that names no measured noun of its own is a change of the nearest level before it in
    the sentence (`売上高は5,871億円（前年同期比1.5%減）`, `出货量1810万台,市场份额18.3%,同比下降18.9%`):
    not of a percentage level, whose change would be stated in points. A level right after its change
    (`売上高が2.2%減の18兆円`) is a level of what that change measured. Each takes the other's
    attribute, and its entity when it has none."""
    carried = list(claims)
    subjects = _sentence_subjects(carried)
    for i, claim in enumerate(carried):
        if claim.attribute is not None:
            continue
        source = None
        if claim.change is not None:
            # a change in per cent is a change of any level before it (`5,871億円（前年同期比1.5%減）`); one in
            # a unit, of a level in that unit's dimension (`6営業日続けて…439円54銭安い`: not of the 6 days)
            levels = [c for c in carried[:i] if c.change is None and _names_a_measure(c, subjects)
                      and (claim.unit_normalized == "percent" or c.dimension == claim.dimension)
                      and not _in_aside_before(c, claim) and not _is_modifier(c)]
            plain = [c for c in levels if c.unit_normalized != "percent"]
            source = (plain or levels or [None])[-1]
        elif i and carried[i - 1].change is not None and carried[i - 1].attribute is not None \
                and _level_follows(carried[i - 1], claim, past_counted_noun=False):
            source = carried[i - 1]
        if source is not None:
            carried[i] = _with_frame_of(claim, source)
    carried = _levels_of_their_changes(_levels_changed_to(carried))
    carried = _asides_of_others(_restatements(_gapped(carried)))
    return _respectively(_carry_topic(_coordinated_changes(_role_attributes(_compared_bases(carried)))))


@lru_cache(maxsize=None)
def _from_level_to_level(code: str) -> re.Pattern | None:
    """What stands between the level a change started at and the one it ended at (<code>/words.yaml
    `level_to_level`: `時速300キロから320キロに`); None for a language with none (English and Chinese today)."""
    forms = bounded_alternation("level_to_level", (code,))
    return re.compile(rf"\s*(?:{forms})\s*") if forms else None


def _levels_changed_to(claims: list) -> list:
    """The level a change ended at that names no measure of its own measures what the level it started at
    measures, in the same unit's dimension (`最高速度を時速300キロから320キロに上げ`: both are 最高速度)."""
    carried = list(claims)
    for i in range(1, len(carried)):
        start, end = carried[i - 1], carried[i]
        joiner = _from_level_to_level(end.lang)
        if end.attribute is not None or start.attribute is None or joiner is None \
                or start.sentence_start != end.sentence_start or start.dimension != end.dimension \
                or not joiner.fullmatch(end.sentence, start.end - end.sentence_start, end.start - end.sentence_start):
            continue
        carried[i] = _with_frame_of(end, start)
    return carried


def _levels_of_their_changes(claims: list) -> list:
    """A level stated right after its change, measuring the same, is about what the change is about
    (`コメ５キロあたりの平均価格が、前週より２６４円高い４１５５円だった`: the change stands next to its noun;
    the level, past it, would otherwise fall back to the sentence's topic, a reporter)."""
    carried = list(claims)
    for i in range(1, len(carried)):
        change, level = carried[i - 1], carried[i]
        if change.change is None or level.change is not None or change.entity is None \
                or level.entity == change.entity or level.attribute != change.attribute \
                or change.sentence_start != level.sentence_start \
                or not _level_follows(change, level, past_counted_noun=False):
            continue
        carried[i] = replace(level, entity=change.entity, entity_from_context=change.entity_from_context)
    return carried


@lru_cache(maxsize=None)
def _aside_opener(code: str) -> re.Pattern | None:
    """An aside that describes the noun before it, opened after a comma, up to where the pattern is asked
    to end (`, which measures the share prices of 30 large industrial companies`; <code>/words.yaml
    `relative_openers`); None for a language with none."""
    forms = bounded_alternation("relative_openers", (code,))
    return re.compile(rf",\s*(?:{forms})\b[^,]*\Z", re.IGNORECASE) if forms else None


def _in_aside_before(level, claim) -> bool:
    """Whether a level stands in a relative clause set off by commas that closes before `claim`: it is
    the aside's figure, not the level the main clause's change moved (`The Dow, which measures the share
    prices of 30 large industrial companies, dropped 259.26 points, or 1.45 percent`)."""
    sentence, offset, opener = level.sentence, level.sentence_start, _aside_opener(level.lang)
    if opener is None or level.sentence_start != claim.sentence_start \
            or "," not in sentence[level.end - offset:claim.start - offset]:
        return False
    return opener.search(sentence, 0, level.start - offset) is not None


#: A figure written as a hyphenated modifier of a noun: `the 30-stock Dow`, `a four-cylinder engine`.
_MODIFIER_AFTER = re.compile(r"-[A-Za-z]")


def _is_modifier(claim) -> bool:
    """Whether a figure is a hyphenated modifier (`the 30-stock Dow, which closed down 296 points, or 1.8%`):
    it describes a noun, and no change is a change of it."""
    return _MODIFIER_AFTER.match(claim.sentence, claim.end - claim.sentence_start) is not None


#: How far before a figure the words that make it a comparison's base may start (`compared with`).
_BASE_WORDS_REACH = 20


@lru_cache(maxsize=None)
def _comparison_base(code: str) -> re.Pattern | None:
    """The words before a figure that make it the base another figure is compared with, in a language's
    words (`comparison_bases`: `compared to`, `versus`, `up from`); None for a language with none."""
    forms = bounded_alternation("comparison_bases", (code,))
    return re.compile(rf"(?:{forms})\s*\Z", re.IGNORECASE) if forms else None


def _compared_bases(claims: list) -> list:
    """A figure a sentence gives as the base of a comparison, naming nothing it measures, measures what the
    figure before it measures, in the same dimension (`revenue of HK$37.5 million, compared to HK$36.2
    million`, `hiked its sales forecast to 43 trillion yen from 38 trillion yen`), and is about the same
    thing unless it names its own."""
    carried = list(claims)
    for i in range(1, len(carried)):
        claim, before = carried[i], carried[i - 1]
        base = _comparison_base(claim.lang)
        if base is None or claim.attribute is not None or before.sentence_start != claim.sentence_start \
                or before.dimension != claim.dimension or (before.change is None) != (claim.change is None) \
                or before.attribute is None:
            continue  # not one that names its own (`a Turnaround from HK$422 Million Loss`)
        start = claim.start - claim.sentence_start
        if base.search(claim.sentence, max(0, start - _BASE_WORDS_REACH), start):
            carried[i] = _with_frame_of(claim, before)
    return carried


def _with_frame_of(claim, source):
    """`claim` measuring what `source` measures, and about what `source` is about unless its own sentence
    names its subject (a subject from context gives way)."""
    own = claim.entity is not None and not claim.entity_from_context
    return replace(claim, attribute=source.attribute, entity=claim.entity if own else source.entity,
                   entity_from_context=claim.entity_from_context if own else source.entity_from_context)


#: Between an amount and the same amount converted: `15.7 billion yuan (US$2.3 billion)`, `1.4238 trillion yen,
#: or about 10.5 billion dollars`.
_RESTATED_HEDGE = r"(?:about|around|roughly|approximately|some|約|约)?"
_RESTATED = re.compile(rf"\s*(?:[(（]|,?\s*or)\s*{_RESTATED_HEDGE}\s*")


#: An opening bracket, maybe a hedge: `4,000 feet (1,500 meters)`, `882 pounds (about 400 kilograms)`.
_BRACKETED = re.compile(rf"\s*[(（]\s*{_RESTATED_HEDGE}\s*")


def _restatements(claims: list) -> list:
    """An amount restated in another currency in brackets right after it is the same figure: it takes
    that figure's attribute and entity (`the construction cost was 15.7 billion yuan (US$2.3 billion)`); so does
    a figure restated in brackets in another unit of its dimension (`nearly 1,600 pounds (619 kilograms)`)."""
    carried = list(claims)
    for i in range(1, len(carried)):
        claim, before = carried[i], carried[i - 1]
        if before.sentence_start != claim.sentence_start or claim.change != before.change:
            continue
        between = claim.sentence[before.end - claim.sentence_start:claim.start - claim.sentence_start]
        if claim.dimension.startswith("[currency") and before.dimension.startswith("[currency") \
                and claim.dimension != before.dimension and _RESTATED.fullmatch(between):
            carried[i] = replace(claim, attribute=before.attribute, entity=before.entity,
                                 entity_from_context=before.entity_from_context)
        elif claim.unit != before.unit and claim.dimension == before.dimension and claim.unit_normalized != "count" \
                and _BRACKETED.fullmatch(between):
            # `a launch weight of nearly 1,600 pounds (619 kilograms)`: the same figure in another unit, the same frame
            own = before if before.entity else claim
            carried[i] = replace(claim, attribute=before.attribute or claim.attribute, entity=own.entity,
                                 entity_from_context=own.entity_from_context)
    return carried


#: Right before a figure: `and` or `, and` (en/words.yaml `list_joiners`), maybe `by`, joining it to a change
#: stated before it.
_AND_BY = re.compile(rf"(?:,\s*)?(?:{bounded_alternation('list_joiners', ('en',))})\s+(?:by\s+)?\Z", re.IGNORECASE)
#: How far back in its sentence the change a coordinated figure shares may stand.
_COORDINATED_REACH = 120


def _coordinated_changes(claims: list) -> list:
    """A figure joined by `and` to a change before it in its sentence, in the same dimension, with no change
    word of its own, is a change of the same kind (`rose 5% in the first quarter and 3% in the second`,
    `expanded by 2.0 percent …, and by 2.1 percent in the second quarter`): the verb governs both."""
    carried = list(claims)
    for i in range(1, len(carried)):
        claim = carried[i]
        offset = claim.start - claim.sentence_start
        if claim.change is not None or not claim.lang.startswith("en") \
                or not _AND_BY.search(claim.sentence, max(0, offset - 12), offset):
            continue
        earlier = [c for c in carried[:i] if c.sentence_start == claim.sentence_start
                   and claim.start - c.end <= _COORDINATED_REACH]
        changes = [c for c in earlier if c.change is not None and c.dimension == claim.dimension]
        if changes and all(c.change is None or c is changes[-1] for c in earlier[earlier.index(changes[-1]):]):
            source = changes[-1]
            own = claim.attribute if claim.attribute not in (None, *ROLE_ATTRIBUTES) else None
            carried[i] = replace(claim, change=source.change, attribute=own or source.attribute)
    return carried


@lru_cache(maxsize=None)
def _aside_topic(code: str) -> re.Pattern | None:
    """A bracket opened right after a figure, up to another thing's topic and its marker (<code>/words.yaml
    `topic_markers`: `60Wh(旧モデルは`); None for a language with no marker."""
    markers = bounded_alternation("topic_markers", (code,))
    return re.compile(rf"\s*[(（]\s*(?P<topic>[^()（）、，,。\s]{{1,20}}?)\s*(?:{markers})\s*") if markers else None


def _asides_of_others(claims: list) -> list:
    """A figure in brackets right after another of the same kind, with a topic of its own that is no measure, is
    that topic's figure for what the one before measures (`バッテリー容量は60Wh(旧モデルは61Wh)`: the old
    model's battery capacity; `風力で1000万キロワット(洋上風力は82万キロワット)`): another thing compared in an
    aside, not what the figure measures."""
    carried = list(claims)
    for i in range(1, len(carried)):
        claim, before = carried[i], carried[i - 1]
        pattern = _aside_topic(claim.lang)
        if pattern is None or before.sentence_start != claim.sentence_start or before.dimension != claim.dimension:
            continue
        aside = pattern.fullmatch(claim.sentence, before.end - claim.sentence_start, claim.start - claim.sentence_start)
        topic = aside.group("topic") if aside is not None else None
        if topic is None or claim.attribute != topic or _names_a_measure_word(topic, claim.lang):
            continue
        carried[i] = replace(claim, entity=topic, entity_from_context=False, attribute=before.attribute)
    return carried


def _names_a_measure_word(text: str, code: str) -> bool:
    """Whether a noun ends as a measure's word does (<code>/words.yaml `measure_endings`: `販売台数`, `売上高`)."""
    return text.endswith(tuple(word_set(code, "measure_endings")))


def topic_attributes(claims: list, topics: dict, changes_only: bool = False) -> list:
    """Figures that name nothing they measure take what the sentence's topic measures (`topics`: claim
    start -> (that measure, where the topic's marker stands); Language.measured_topic). A change takes it
    before a level's attribute is carried to it, unless a level named after the topic is nearer
    (`平均価格は…8.3％上昇し`: not the `23区` before the topic; `業績は、売上高1,384,544千円(…0.2%増)`: 売上高's);
    a level takes it only when nothing was carried (nor more than its role: `change`)."""
    filled = list(claims)
    for i, claim in enumerate(filled):
        # a role, or the price a move in money per unit defaults to, gives way to what the topic names (`終値は`)
        if claim.start not in topics or not (claim.attribute is None or claim.attribute in (*ROLE_ATTRIBUTES, PRICE)):
            continue
        measure, marker = topics[claim.start]
        if changes_only and (claim.change is None or any(
                c.change is None and c.attribute is not None and c.start > marker for c in filled[:i])):
            continue
        filled[i] = replace(claim, attribute=measure)
    return filled


def measure_from_sentence_before(claims: list, before: list) -> list:
    """A figure that names nothing it measures takes what the last figure of the sentence right before
    measured, when both are levels or both changes in the same unit (`LEAFのバッテリー容量は2種類あります。
    それは40kWhと62kWhで` does not carry: 2種類 is a count; `…平均価格は、4321円となりました。…14円` does)."""
    carried = []
    for claim in claims:
        measured = [b for b in before if b.attribute and b.attribute not in ROLE_ATTRIBUTES
                    and b.unit_normalized == claim.unit_normalized and (b.change is None) == (claim.change is None)]
        unnamed = claim.attribute is None or claim.attribute in ROLE_ATTRIBUTES
        if not (unnamed and measured):
            carried.append(claim)
            continue
        source = measured[-1]  # the same measure in the same unit: of the same thing, unless the figure names its own
        if (claim.entity is None or claim.entity_from_context) and source.entity and not source.entity_from_context:
            claim = replace(claim, entity=source.entity, entity_from_context=False)
        carried.append(replace(claim, attribute=source.attribute))
    return carried


def own_subjects(claims: list) -> list[str]:
    """The subjects figures had of their own, in order: from their sentence, not from context, and not
    one a bracket or a unit tied to that figure alone."""
    return [c.entity for c in claims if c.entity and not c.entity_from_context and not c.entity_local]


def subject_from_sentence_before(claims: list, before: list, is_reporter) -> list:
    """A figure whose sentence names no subject at all (nor does the sentence before, or the headline,
    as a topic) is about what the last figure of the sentence right before was about, when that was its
    own and no reporter's (`…コメ5キロあたりの平均価格は…4235円…。値上がりは2週ぶりです`: the rice's)."""
    own = own_subjects(before)
    if not own or is_reporter(own[-1]):
        return claims
    return [replace(c, entity=own[-1], entity_from_context=False) if c.entity is None
            or c.entity_from_context and is_reporter(c.entity) else c for c in claims]


#: What a figure with no measured noun of its own is, by its role: a change, or the level a change reached.
ROLE_ATTRIBUTES = ("change", "level", "multiple")
#: The unit a multiple is normalized to (`six times`, `doubled`, `約3倍`).
_FOLD = "fold"
PRICE = "price"


#: What joins the figures of one price move: `fell $1.49, or 1.2 percent, to $124.95`.
_MOVE_JOINER = re.compile(rf"\s*,?\s*or\s*|{_LEVEL_AFTER_CHANGE.pattern}")
#: A price is an amount per unit: below this many units of its currency (`$1,589.47`, `1750p`; not `$3bn`).
_PRICE_BELOW = 100_000


def _sentence_subjects(claims: list) -> dict[int, frozenset[str]]:
    """The entities each sentence's figures are about (case-folded), by the sentence's start."""
    subjects: dict[int, set[str]] = {}
    for claim in claims:
        if claim.entity is not None:
            subjects.setdefault(claim.sentence_start, set()).add(claim.entity.casefold())
    return {start: frozenset(names) for start, names in subjects.items()}


def _names_a_measure(claim, subjects: dict[int, frozenset[str]]) -> bool:
    """Whether a figure's attribute says what it measures: not when there is none, nor when it is only a
    subject of its sentence (`Toyota rose 1.54 per cent ..., but Nissan dropped 1.60 per cent`: whose)."""
    return claim.attribute is not None and claim.attribute.casefold() not in subjects.get(claim.sentence_start, ())


def _price_moves(claims: list) -> set[int]:
    """Indexes of the figures of a move that names nothing it measures and is stated in money per unit:
    a change, its restatement and the level it reached (`Shopify rose $159.02, or 11.1 per cent, to
    $1,589.47`, `Just Eat soared 23% to 793.27 pence`). Such a move is a price's."""
    subjects = _sentence_subjects(claims)
    named = [_names_a_measure(c, subjects) for c in claims]
    moves, i = set(), 0
    while i < len(claims):
        if named[i] or claims[i].change is None:
            i += 1
            continue
        chain = [i]
        while chain[-1] + 1 < len(claims):
            before, claim = claims[chain[-1]], claims[chain[-1] + 1]
            if named[chain[-1] + 1] or claim.sentence_start != before.sentence_start or not _MOVE_JOINER.fullmatch(
                    claim.sentence, before.end - claim.sentence_start, claim.start - claim.sentence_start):
                break
            chain.append(chain[-1] + 1)
        if any(claims[k].dimension.startswith("[currency") and abs(claims[k].value) < _PRICE_BELOW for k in chain):
            moves.update(chain)
        i = chain[-1] + 1
    return moves


def _role_attributes(claims: list) -> list:
    """A change whose sentence names nothing it measures is a `change` (`the Nasdaq was up 9.42 points,
    or 0.13%`), the bare level it reached a `level` (`to 7,433.85`), a multiple a `multiple` (`six times
    the size`, `profits more than doubled`): what the figure is, where no noun says more (consistency
    treats these as no attribute). A move in money per unit is a `price`."""
    named = list(claims)
    for i in _price_moves(named):
        named[i] = replace(named[i], attribute=PRICE)
    for i, claim in enumerate(named):
        if claim.attribute is not None:
            continue
        if claim.unit_normalized == _FOLD:
            named[i] = replace(claim, attribute=ROLE_ATTRIBUTES[2])
        elif claim.change is not None:
            named[i] = replace(claim, attribute=_change_named_by_verb(claim) or ROLE_ATTRIBUTES[0])
        elif claim.unit_normalized == "count" and not claim.unit and i and named[i - 1].change is not None \
                and _level_follows(named[i - 1], claim):
            named[i] = replace(claim, attribute=ROLE_ATTRIBUTES[1])
    return named


#: How many words may stand between a verb and the change it states (`grew just 1.1%`, `expanded at an annual rate of`).
_WORDS_AFTER_VERB = 5


@lru_cache(maxsize=None)
def _change_verbs(code: str) -> WordBefore:
    """A language's verbs that say what kind of change they state (<code>/words.yaml `change_named_by_verb`:
    `grew` -> growth), up to a few words before a figure."""
    return WordBefore.of(word_map(code, "change_named_by_verb"), between=rf"(?:\s+[A-Za-z-]+){{0,{_WORDS_AFTER_VERB}}}\s*",
                         reach=60)


def _change_named_by_verb(claim) -> str | None:
    """What a change that names nothing it measures is, by the verb that states it (`The economy grew 3.2
    percent`, `Real GDP expanded by 2.0 percent`: growth), with only words between the two."""
    return _change_verbs(claim.lang).meaning(claim.sentence, claim.start - claim.sentence_start)


def _level_follows(change, claim, past_counted_noun: bool = True) -> bool:
    """Whether `claim` is the level `change` reached, right after it in its sentence (`0.24%, to 24,753.09`),
    with `past_counted_noun` also past the noun a count of points names (`down 19.45 points at 7000.08`)."""
    start = change.end - claim.sentence_start
    if past_counted_noun and change.unit is None and change.attribute:
        counted = re.match(rf"\s*{re.escape(change.attribute)}\b", claim.sentence[start:])
        start += counted.end() if counted else 0
    return _LEVEL_AFTER_CHANGE.fullmatch(claim.sentence, start, claim.start - claim.sentence_start) is not None


#: Between two figures, what starts another item of a list (`組織委=6404億円▽東京都=5965億円▽国=1869億円`).
_LIST_ITEM = re.compile(r"[▽■●=＝]")


def _carry_topic(claims: list) -> list:
    """A figure whose own clause names nothing is about what the figure before it in the sentence is
    about (`华为以4150万台的出货量…,占据了42%的市场份额`: both Huawei's), before the previous
    sentence's subject or the headline is considered."""
    carried = list(claims)
    for i in range(1, len(carried)):
        claim, before = carried[i], carried[i - 1]
        if (claim.entity is None or claim.entity_from_context) and before.entity and not before.entity_from_context \
                and not before.entity_local \
                and before.sentence_start == claim.sentence_start \
                and not _LIST_ITEM.search(claim.sentence, before.end - claim.sentence_start, claim.start - claim.sentence_start):
            carried[i] = replace(claim, entity=before.entity, entity_from_context=False)
    return carried


_LANGUAGES = ("en", "ja", "zh")
#: What joins the figures of one list: `156.6万辆和151.2万辆`, `5% and 7%`, `10%、8%`.
_JOINER_WORD = rf"(?:{bounded_alternation('list_joiners', _LANGUAGES)})(?![A-Za-z])"
_LIST_JOINER = re.compile(rf"\s*[,，、]?\s*(?:{_JOINER_WORD})?\s*", re.IGNORECASE)

#: What opens the second half of a gapped pair: `..., and $82.2 billion in the third quarter`; how far before
#: the figure it may start.
_GAP_OPENER = re.compile(rf"(?:[,，]\s*)?(?:{_JOINER_WORD})\s+\Z", re.IGNORECASE)
_GAP_REACH = 12


def _gapped(claims: list) -> list:
    """A figure right after `and` that names no measure of its own measures what the last figure of its
    dimension before it in the sentence does, the verb and the noun left out (`generated $91.3 billion in
    revenue during its fourth quarter of 2005 and $82.2 billion in the third quarter`: revenue both)."""
    carried = list(claims)
    for i, claim in enumerate(carried):
        offset = claim.start - claim.sentence_start
        if claim.attribute is not None or not _GAP_OPENER.search(claim.sentence, max(0, offset - _GAP_REACH), offset):
            continue
        source = next((c for c in reversed(carried[:i]) if c.sentence_start == claim.sentence_start
                       and c.dimension == claim.dimension and c.change == claim.change), None)
        if source is not None and source.attribute is not None:
            carried[i] = _with_frame_of(claim, source)
    return carried


#: What joins the names of one list: `产量和销量`, `GM and Ford`.
_NAME_JOINER = re.compile(rf"\s*(?:[,，、]\s*(?:{_JOINER_WORD})?|{_JOINER_WORD})\s*", re.IGNORECASE)
#: A word before a list of figures, or after it, that gives them out one by one: `产销分别完成…`, `…, respectively`.
_RESPECTIVELY_BEFORE = re.compile(rf"(?:{bounded_alternation('respectively_before', _LANGUAGES)})", re.IGNORECASE)
_RESPECTIVELY_AFTER = re.compile(rf"\s*,?\s*(?:{bounded_alternation('respectively_after', _LANGUAGES)})", re.IGNORECASE)
_CJK_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
#: How far before a list its `分别` may stand: `同比分别增长45.8%`, `分别完成156.6万辆`.
_CUE_REACH = 8


def _gap(before, claim) -> str:
    return claim.sentence[before.end - claim.sentence_start : claim.start - claim.sentence_start]


def _figure_lists(claims: list) -> list[list[int]]:
    """The indices of claims that stand as one list of two or more in their sentence, in order; figures
    with nothing between them are no list (`１９５円高い３７３７円`: a change, then the level it reached)."""
    lists, current = [], [0] if claims else []
    for i in range(1, len(claims)):
        a, b = claims[i - 1], claims[i]
        if a.sentence_start == b.sentence_start and a.end < b.start and _LIST_JOINER.fullmatch(_gap(a, b)):
            current.append(i)
        else:
            lists.append(current)
            current = [i]
    lists.append(current)
    return [found for found in lists if len(found) >= 2]


def _given_out(claims: list, items: list[int]) -> bool:
    """Whether a list's figures go one by one to a list of names (`分别`, `respectively`)."""
    first, last = claims[items[0]], claims[items[-1]]
    offset = first.start - first.sentence_start
    if _RESPECTIVELY_BEFORE.search(first.sentence, max(0, offset - _CUE_REACH), offset):
        return True
    return _RESPECTIVELY_AFTER.match(last.sentence, last.end - last.sentence_start) is not None


def _parts(name: str | None, n: int, fused_only: bool = False) -> list[str] | None:
    """A name that is `n` names: a fused one (`产销`: 产量, 销量), or unless `fused_only` a list
    (`产量及销量`, `GM and Ford`)."""
    if not name:
        return None
    for code in _LANGUAGES:
        for fused, parts in fused_pairs(code).items():
            if name.endswith(fused) and len(parts) == n:
                return parts
    if fused_only:
        return None
    parts = [p for p in _NAME_JOINER.split(name) if p]
    return parts if len(parts) == n else None


def _named_before_cue(first, n: int) -> list[str] | None:
    """The list of names standing right before a list's `分别` (`汽車產量及銷量分別為…`): each cut to
    what it measures when the first names its owner too (`汽車產量` -> 產量 beside 銷量)."""
    offset = first.start - first.sentence_start
    cues = list(_RESPECTIVELY_BEFORE.finditer(first.sentence, max(0, offset - _CUE_REACH), offset))
    if not cues:
        return None
    cue = cues[-1]
    clause = re.split(r"[,，;；。、:：]", first.sentence[: cue.start()])[-1]
    parts = [p for p in _NAME_JOINER.split(clause.strip()) if p]
    if len(parts) != n or any(len(p) > 20 for p in parts):
        return None
    shortest = min(len(p) for p in parts[1:])
    return [parts[0][-shortest:] if len(parts[0]) > shortest else parts[0], *parts[1:]] if _CJK_TEXT.fullmatch(clause.strip()) else parts


def _share_change(claims: list, items: list[int]) -> None:
    """The figures of a list after a change word are changes too: `同比增长21.36%和21.46%`, `rose 5% and 7%`."""
    first = claims[items[0]]
    if first.change is None:
        return
    for index in items[1:]:
        claim = claims[index]
        if claim.change is None and claim.unit_normalized == first.unit_normalized:
            claims[index] = replace(claim, change=first.change)


def _respectively(claims: list) -> list:
    """A list of figures given out one by one (`产销分别完成156.6万辆和151.2万辆`, `产销212.45万辆和208.42万辆`,
    `GM and Ford rose 5% and 7%, respectively`): each figure takes its own part of the list of names,
    or, for a list that names none of its own, the attribute of the figure in the same place of the
    list given out before it in the sentence (`同比分别增长45.8%和47.4%`: the changes of 产量 and 销量)."""
    named = list(claims)
    given: list[list[int]] = []
    for items in _figure_lists(named):
        first, n = named[items[0]], len(items)
        cued = _given_out(named, items)
        attributes = _parts(first.attribute, n, fused_only=not cued) or (_named_before_cue(first, n) if cued else None)
        entities = _parts(first.entity, n) if cued and not first.entity_from_context else None
        if entities is None and attributes and first.entity and attributes[0] == first.entity:
            entities, attributes = attributes, None  # `华为和苹果分别以5420万台和4130万台`: whose, not what
        own = {named[i].attribute for i in items}
        before = [g for g in given if len(g) == n and named[g[0]].sentence_start == first.sentence_start]
        if attributes is None and (None in own or len(own) < n) and before:  # not one noun each
            prior = [named[i].attribute for i in before[-1]]
            attributes = prior if None not in prior else None
        if attributes is None and cued and len(own - {None}) == 1:  # `市场份额分别为15.8%和12.1%`: both shares
            attributes = [next(iter(own - {None}))] * n
        if entities is None and cued and before:  # `…分别以5420万台和4130万台…,市场份额分别为15.8%和12.1%`
            prior = [named[i].entity for i in before[-1]]
            entities = prior if None not in prior and len(set(prior)) == n else None
        _share_change(named, items)
        if attributes is None and entities is None:
            continue
        for i, index in enumerate(items):
            claim = named[index]
            named[index] = replace(claim, attribute=attributes[i] if attributes else claim.attribute,
                                   entity=entities[i] if entities else claim.entity)
        given.append(items)
    return named
