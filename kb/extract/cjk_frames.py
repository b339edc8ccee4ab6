"""Frame rules for languages written without spaces between words (Japanese, Chinese): what a
quantity measures and what it is about, from the words around it and their parts of speech.

Each language gives the same word lists in its words.yaml (the rules here know no word of either):
`noun_tags` (tag prefixes of nouns), `not_noun_tags` (numerals, counters), `joiners` (`の`, `的`:
`384個のAscend AIプロセッサ`, `42%的市场份额`), `copulas` (`は`, `が`, `为`, `达`: `費用は約820万ドル`,
`市场份额为11%`), `entity_joiners` (`トヨタの営業利益`, `三星的出货量`), `topic_markers` (`NTTドコモは`),
`proper_tags` (tags of names), `comparison_suffixes` and `comparison_words` (`前年同期比`, `同`: a
comparison base, not what is measured), `subject_markers` (`12人が死亡`: the noun after is what the
count did) and `measure_heads` (`销量`, `出货量`: a compound ending in one names what is measured before
it, `新能源汽车销量`, whatever the tokenizer made of the compound), `compared_with` (`前週より`: a base
stepped over to the noun measured before it) and `place_tags` (`韓国が`: whose, not what is measured).
"""

from __future__ import annotations

import re
from functools import cache, partial
from itertools import takewhile

from kb.extract.hedges import hedge_words
from kb.extract.model import Quantity
from kb.extract.tokens import Tokens, end_of, inside, tokens_after, tokens_before, tokens_up_to
from kb.extract.units import dimension_of, is_unit_word
from kb.extract.wordlists import alternation, word_set, words_of

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
        self.time_tags = tuple(table.get("time_tags", ()))
        self.place_tags = tuple(table.get("place_tags", ()))
        self.counter_tags = tuple(table.get("counter_tags", ()))
        self.not_owner_tags = tuple(table.get("not_owner_tags", ()))
        self.subject_followers = word_set(code, "subject_followers")
        self.joiners = word_set(code, "joiners")
        self.copulas = word_set(code, "copulas")
        self.copula_adverbs = word_set(code, "copula_adverbs")
        self.entity_joiners = word_set(code, "entity_joiners")
        self.topic_markers = word_set(code, "topic_markers")
        #: a figure right after a topic marker, a word such as 約 may open it (`白菜は約2倍`; ja/words.yaml `figure_openers`)
        self.figure_after_marker = re.compile(rf"\s*、?\s*(?:{alternation(code, 'figure_openers')})?[0-9０-９]")
        #: a closing quote right before a topic marker (`」は`), for a name in quotes as topic; None without markers
        self.quote_closing_topic = re.compile(
            rf"[{''.join(sorted(_CLOSING))}](?=(?:{'|'.join(map(re.escape, sorted(self.topic_markers)))}))") \
            if self.topic_markers else None
        self.measured_markers = word_set(code, "measured_markers")
        self.index_heads = tuple(table.get("index_heads", ()))
        self.measure_endings = tuple(table.get("measure_endings", ()))
        self.no_measure_tags = tuple(table.get("no_measure_tags", ()))
        self.nominalized_stem_tags = tuple(table.get("nominalized_stem_tags", ()))
        self.comparison_suffixes = tuple(table.get("comparison_suffixes", ()))
        self.comparison_words = word_set(code, "comparison_words")
        self.compared_with = tuple(table.get("compared_with", ()))
        self.joined_tags = tuple(table.get("joined_tags", ()))
        self.subject_markers = word_set(code, "subject_markers")
        self.measure_heads = sorted(word_set(code, "measure_heads"), key=len, reverse=True)
        self.owner_words = word_set(code, "owner_words")
        self.who_topics = word_set(code, "who_topics")
        self.who_endings = tuple(table.get("who_endings", ()))
        self.person_endings = tuple(table.get("person_endings", ()))
        self.referring_openers = tuple(table.get("referring_openers", ()))
        self.superlative_openers = tuple(table.get("superlative_openers", ()))
        self.base_verbs = tuple(table.get("base_verbs", ()))
        self.mark_words = word_set(code, "mark_words")
        self.statistic_words = word_set(code, "statistic_words")
        self.referring_nouns = word_set(code, "referring_nouns")
        self.clause_opening_tags = tuple(table.get("clause_opening_tags", ()))
        self.share_verbs = tuple(table.get("share_verbs", ()))
        self.age_units = word_set(code, "age_units")
        heads = alternation(code, "variant_heads")
        #: a variant named by its own figure, opening a clause: `62kWhモデルは`, `128GB版的`
        self.variant = re.compile(rf"\d[\d.,]*\s?[A-Za-z]{{1,4}}(?:{heads})") if heads else None
        self.changes = hedge_words((code,), False)
        self.reporting_verbs = tuple(table.get("reporting_verbs", ()))
        self.building_verbs = tuple(table.get("building_verbs", ()))
        self.generic_counters = word_set(code, "generic_counters")
        events, causes = alternation(code, "event_nouns"), alternation(code, "cause_markers")
        #: an event named as the cause of what a sentence counts: `今回の台風で、`, `台風19号による`
        self.event_cause = re.compile(rf"(?P<event>{events})[^、。]{{0,6}}?(?={causes})") if events and causes else None
        self.lead_followers = tuple(table.get("lead_followers", ()))
        self.reported_endings = tuple(table.get("reported_endings", ()))
        self.lead_markers = word_set(code, "lead_markers")
        self.title_words = tuple(sorted(table.get("title_words", ()), key=len, reverse=True))
        self.object_markers = word_set(code, "object_markers")
        self.relative_clause_tags = tuple(table.get("relative_clause_tags", ()))
        self.verb_tags = tuple(table.get("verb_tags", ()))
        self.bound_predicate_tags = tuple(table.get("bound_predicate_tags", ()))
        self.change_verbs = tuple(table.get("change_verbs", ()))
        self.prefix_tags = tuple(table.get("prefix_tags", ()))
        self.unit_noun_separators = frozenset(table.get("unit_noun_separators", ()))
        self.action_noun_tags = tuple(table.get("action_noun_tags", ()))

    def is_noun(self, token) -> bool:
        if _DIGIT.search(token.text) or not _WORDLIKE.fullmatch(token.text):
            return False
        tag = token.tag_
        if tag and tag.startswith(self.not_noun_tags):
            return False
        return bool(tag.startswith(self.noun_tags)) if tag else True

    def head_ending(self, text: str, end: int | None = None) -> str | None:
        """The longest measure head that `text` (up to `end`) ends with."""
        end = len(text) if end is None else end
        return next((h for h in self.measure_heads if text.endswith(h, 0, end)), None)

    def is_owner(self, token) -> bool:
        """A noun that may name whose a figure is (not `设计` of 设计时速), or a word that does though
        tagged otherwise (`我国`)."""
        if token.text in self.owner_words:
            return True
        return self.is_noun(token) and not (token.tag_ and token.tag_.startswith(self.not_owner_tags))

    def is_proper(self, token) -> bool:
        """A name by its tag, not a unit's letters the tagger took for one (`km` in `(10.54875 km)`)."""
        return bool(token.tag_) and token.tag_.startswith(self.proper_tags) and self.is_noun(token) \
            and not is_unit_word(token.text)


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


def _statistic_of(run: list, tokens: Tokens, words: _Words, skip) -> str | None:
    """A statistic of the measure named before its `の` (`statistic_words`: `賃上げ額の平均は`, `賃上げ率(…)の平均は`
    -> 賃上げ率の平均): what the figure measures, the measure no owner of it; None for any other run."""
    if not words.statistic_words or _text(tokens, run) not in words.statistic_words:
        return None
    before = tokens_up_to(tokens, run[0].idx)  # the whole sentence before, not the window: an aside may be long
    if not before or before[-1].text not in words.entity_joiners:
        return None
    owner = _owner_before(_unbracketed(before[:-1]), words, skip)
    text = _text(tokens, owner) if owner else ""
    return f"{text}{before[-1].text}{_text(tokens, run)}" if text and _ends_as_measure(text, words) else None


def _owner_before(before: list, words: _Words, skip) -> list:
    """The noun run naming whose a measured noun is, in the tokens before its `の`: a condition standing
    there is stepped over (`コメ5キロあたりの平均価格`: コメ's, per 5 kg)."""
    end = len(before)
    while end and inside(skip, before[end - 1]):
        end -= 1
    return _noun_run_before(before[:end], words, skip)


def _text(tokens: Tokens, run: list) -> str:
    return tokens.text[run[0].idx : end_of(run[-1])]


def _measured_before(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> tuple[list, list]:
    """(the noun run measured before the quantity, the tokens before that run). A comparison base
    standing right before the figure is stepped over: `「売上高」は、前年同期比12.1%増` measures 売上高."""
    before = tokens_before(tokens, quantity.start)
    run, rest = _run_before(before, words, skip)
    if run and _is_comparison(_text(tokens, run), words):
        while rest and rest[-1].text in "、,，":
            rest = rest[:-1]
        return _run_before(rest, words, skip)
    # a base stands before the figure only where no noun does, or where an object marker does (`…を812円下回った`)
    maybe_base = not run or words.base_verbs and before and before[-1].text in words.object_markers
    before_base = _before_compared_base(tokens, quantity.start, words, skip, quantity.end) if maybe_base else None
    if before_base is not None:
        # `平均価格が前週より１９５円高い`: 平均価格, measured against 前週; `…は月5841円と、前年の初回集計を812円下回った`
        return _run_before(before_base, words, skip)
    return run, rest


def _before_compared_base(tokens: Tokens, start: int, words: _Words, skip, end: int | None = None) -> list | None:
    """The tokens before a comparison base that ends right before a figure (`前の週より`, `前週に比べ`, and
    the object of a verb that compares after the figure ending at `end`: `前年の初回集計を812円下回った`),
    or None when no base stands there: nouns joined by `の`, then the word that compares."""
    text = tokens.text[:start].rstrip()
    word = next((w for w in words.compared_with if text.endswith(w)), None)
    if word is None and end is not None and words.base_verbs and text.endswith(tuple(words.object_markers)) \
            and any(v in tokens.text[start:end + 3] for v in words.base_verbs):
        word = text[-1]
    if word is None:
        return None
    before = tokens_before(tokens, len(text) - len(word))
    end = len(before)
    while end and (words.is_noun(before[end - 1]) or before[end - 1].text in words.entity_joiners) \
            and not inside(skip, before[end - 1]):
        end -= 1
    if end == len(before):
        return None
    while end and before[end - 1].text in "、,，":
        end -= 1  # `平均価格が、前週より`
    return before[:end]


def _run_before(before: list, words: _Words, skip) -> tuple[list, list]:
    while before and (before[-1].text in words.copulas or before[-1].text in words.copula_adverbs):
        before = before[:-1]  # `売上高は`, `出货量共计`, `市场份额为`, `面积将达`
    quoted = bool(before) and before[-1].text in _CLOSING
    run = _noun_run_before(before[:-1] if quoted else before, words, skip, names=False)
    if not quoted and run and _is_place(run, before[: len(before) - len(run)], words):
        run = []  # `韓国が4・4%減`, `群馬県桐生市35.7度`: a place before the figure is whose it is, not what is measured
    rest = before[: len(before) - len(run) - quoted]
    if run and not quoted and rest and _DIGIT.search(rest[-1].text) and end_of(rest[-1]) == run[0].idx:
        rest, run = rest + run[:1], run[1:]  # `5安打10奪三振`: 安打 is the count before, not what 10 measures
    if quoted and rest and rest[-1].text in _OPENING:
        rest = rest[:-1]  # `「売上高」は`: the measured noun in brackets
    elif quoted:
        return [], before
    return run, rest


def _is_place(run: list, before: list, words: _Words) -> bool:
    """Whether a noun run is a place's name, or the one-character end of one (`桐生` + `市`, `鹿島` + `港`)."""
    if not words.place_tags:
        return False
    if all(t.tag_.startswith(words.place_tags) for t in run):
        return True
    return len(run) == 1 and len(run[0].text) == 1 and bool(before) and before[-1].tag_.startswith(words.place_tags) \
        and end_of(before[-1]) == run[0].idx


def _changed_before(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> list | None:
    """For a change whose verb stands before it, the noun run before that verb (a comparison base
    stepped over, within the clause): `出貨量下降13%` -> 出貨量, `同比大涨64.6%` -> [] (it names none);
    None when no change word stands there."""
    if quantity.change is None:
        return None
    start = words.changes.change_word_start(tokens.text, quantity.start)
    if start is None:
        return None
    base = next((w for w in words.comparison_words if tokens.text.endswith(w, 0, start)), None)
    start -= len(base or "")  # `按年增長3%`: 按年 is the base, in whatever tokens
    run, rest = _run_before(tokens_before(tokens, start), words, skip)
    while run and _is_comparison(run[-1].text, words):
        run = run[:-1]  # `出货量同比增长`: 同比 is the base
    if not run and rest and rest[-1].text not in _CLAUSE_ENDS:
        run, _ = _run_before(rest, words, skip)
    return run


def _clause_before(tokens: Tokens, end: int, words: _Words) -> list:
    """The tokens of a clause before `end` (where a quantity starts), without the copulas next to it."""
    before = tokens_before(tokens, end)
    start = max((i + 1 for i, token in enumerate(before) if token.text in _CLAUSE_ENDS), default=0)
    before = before[start:]
    while before and (before[-1].text in words.copulas or not before[-1].text.strip()):
        before = before[:-1]
    return before


def _measure_head(tokens: Tokens, quantity: Quantity, words: _Words, skip) -> tuple[str, str | None] | None:
    """(the measure head ending the noun compound before the quantity, what the compound's words before
    the head name, if anything): `新能源汽车销量为1134.5万辆` -> (销量, 新能源汽车), `蘋果出貨量為` -> (出貨量,
    蘋果). Read on the text, not the tokens: a tokenizer may cut `華為出貨量` as 華 / 為出 / 貨量."""
    found = _measure_head_at(tokens, quantity, words, skip)
    if found is None:
        return None
    head, head_start, before = found
    owner_start = head_start
    for token in reversed(before):
        if end_of(token) <= head_start:
            if not words.is_owner(token) or inside(skip, token) or head_start - token.idx > 12:
                break
            owner_start = token.idx
        elif token.idx < head_start and _WORDLIKE.fullmatch(token.text[: head_start - token.idx]):
            owner_start = token.idx  # the compound's first part shares a token with the head
    owner = tokens.text[owner_start:head_start]
    if len(owner) < 2 or owner in words.measure_heads:  # `销量增速`: a measure of a measure, no owner
        return head, None
    return head, owner


def _measure_head_at(tokens: Tokens, quantity: Quantity, words: _Words, skip) -> tuple[str, int, list] | None:
    """(the measure head ending the words before the quantity, where it starts, the clause's tokens
    before the quantity), or None when no head ends them."""
    end = quantity.start
    if quantity.change is not None:
        end = words.changes.change_word_start(tokens.text, end) or end  # `出貨量下降13%`
    before = _clause_before(tokens, end, words)
    if not before or inside(skip, before[-1]):
        return None
    end = end_of(before[-1])
    head = words.head_ending(tokens.text, end)
    return None if head is None else (head, end - len(head), before)


def _head_of(run: list, tokens: Tokens, words: _Words) -> list:
    """The tokens of a measured run from where its measure head starts (all of it when none ends it):
    in `智能手机出货量` only 出货量 is measured, 智能手机 says of what."""
    if not run:
        return run
    text = _text(tokens, run)
    head = words.head_ending(text)
    if head is None:
        return run
    head_start = end_of(run[-1]) - len(head)
    return [t for t in run if end_of(t) > head_start]


def _counted_after(after: list, words: _Words, skip) -> list:
    """The noun run right after a counter, up to four tokens, stopping at a name (whose it is); none when it is
    an action noun used as a verb (`コアが8つ内蔵された`: what is counted stands before)."""
    run = []
    for token in after[:4]:
        if not words.is_noun(token) or inside(skip, token) or (run and words.is_proper(token)):
            break
        run.append(token)
    verbal = len(run) == 1 and words.action_noun_tags and run[0].tag_.startswith(words.action_noun_tags) \
        and len(after) > 1 and after[1].tag_.startswith(words.verb_tags)
    return [] if verbal else run


def _before_head(name: str, words: _Words) -> str:
    """A name's compound cut where a measure head starts: `荣耀出货量` names 荣耀."""
    cut = min((i for i in (name.find(h) for h in words.measure_heads) if i >= 2), default=len(name))
    return name[:cut]


def attribute_rule(code: str):
    """The attribute rule of a language written without spaces, with its word lists."""
    words = _words(code)

    def attribute(quantity: Quantity, tokens: Tokens, skip) -> str | None:
        found = measured(quantity, tokens, skip)
        if found is not None and found in _compared_items(tokens, words, skip):
            return None  # `キャベツは356円で…、大根は285円で`: the items compared, whose the figures are
        if found is not None and found in words.changes.change_of and words.head_ending(found) is None:
            return None  # `値上がりは２週連続で、…４０００円台となった`: a change is no measure (`增速` is: a rate)
        same = [t for t in tokens.items if t.text == found] if found is not None and words.no_measure_tags else []
        lone = min(same, key=lambda t: abs(t.idx - quantity.start), default=None)  # the nearest such word is the one read
        if lone is None or not lone.tag_.startswith(words.no_measure_tags):
            return found
        stem = next((t for t in tokens.items if end_of(t) == lone.idx), None)
        if stem is not None and stem.tag_.startswith(words.nominalized_stem_tags):
            return stem.text + lone.text  # `重さは1.88キログラム`: an adjective's stem and `さ` make the measure
        return None  # `927地点のうち`, `年間で`, `以来`, `さん`: a word of when, which or whom, no measure

    def measured(quantity: Quantity, tokens: Tokens, skip) -> str | None:
        after = tokens_after(tokens, quantity.end)
        i, joined = 0, quantity.text.endswith("もの")  # `300ペタフロップスものコンピューティング能力`
        while i < len(after) and after[i].text in words.joiners:
            joined = True
            i += 1
        glued = _glued_measure_before(quantity, tokens, words, skip) if joined else None
        if glued is not None:
            return glued  # `出力10万キロワットの洋上風力`: 出力 is measured, the plant is what the figure describes
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
        if not run and quantity.spec is not None and quantity.spec.count and after and after[0].idx == quantity.end:
            run = _counted_after(after, words, skip)  # `38枚金牌`, `207个项目`: the counted noun
        elif not run and quantity.spec is not None and after and not dimension_of(quantity.spec).startswith(_NOT_DESCRIBING) \
                and tokens.text[quantity.end:after[0].idx] in words.unit_noun_separators:
            run = _counted_after(after, words, skip)  # `7nm工艺制程`, `80W 有线快充`: the unit's noun (not money's: `10亿元项目`)
        if run and run[-1].text in "（(":
            run.pop()
        if run and _text(tokens, run) in words.mark_words:
            run = []  # `1億円の大台`, `5%以上の高水準`: a mark the figure is, not what it measures
        while run and words.prefix_tags and run[-1].tag_.startswith(words.prefix_tags):
            run.pop()  # `約700億円増の約5兆2600億円`: the prefix of the next figure, no noun of this one
        counter = _counter_word(quantity)
        if run and counter is not None and counter not in words.generic_counters:
            return counter  # `10奪三振の完封勝利`: the counter says what is counted (not `3種類の機体構成`: kinds of what)
        if run:
            end = end_of(run[-1])
            text = tokens.text[run[0].idx : end]
            if text.count("（") > text.count("）") and tokens.text[end : end + 1] in "）)":
                text += tokens.text[end]
            return text
        changed = _changed_before(quantity, tokens, words, skip)
        if changed is not None:  # `出貨量下降13%`: what changed; `同比大涨64.6%`: nothing (the level before says)
            return _text(tokens, changed) if changed else None
        share = _share_of(quantity, tokens, words, skip)
        if share is not None:  # `占总人口18.7%`: a share of the population, not the population
            return share
        run, _ = _measured_before(quantity, tokens, words, skip)
        variant = _variant_named(quantity, tokens, words) if run else None
        if variant is not None and variant.endswith(_text(tokens, run)):
            run = []  # `40kWhモデルは332万…`: the variant's head names which one, not what is measured
        if run and not _is_comparison(_text(tokens, run), words):
            return _statistic_of(run, tokens, words, skip) or _text(tokens, run)  # `賃上げ額の平均`
        head = _measure_head(tokens, quantity, words, skip)
        if head is not None:  # `产销分别为`: a head the tokenizer tagged a verb
            return head[0]
        if after and after[0].text in words.subject_markers:  # `12人が死亡`: the counted did what the noun says
            run = []
            for token in after[1:]:
                if words.is_noun(token) and not inside(skip, token):
                    run.append(token)
                else:
                    break
            if run:
                return _text(tokens, run)
        return _clause_opening(quantity, tokens, words, skip) or _clause_closing(quantity, tokens, words, skip) \
            or _counter_word(quantity)

    return attribute


def _clause_opening(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> str | None:
    """The few words opening the figure's clause right before it, when nothing else named what is
    measured: a list of statistics names each by a verb or noun of its own (`受灾人口6.8万人,失踪1人,
    紧急转移安置1600余人`). Only a short run of words (no figure, no copula between it and the figure)."""
    if not words.clause_opening_tags:
        return None  # the language's word lists do not say which words may name a list item
    before = tokens_before(tokens, quantity.start)
    start = max((i + 1 for i, token in enumerate(before) if token.text in _CLAUSE_ENDS), default=None)
    if start is None or start >= len(before) or end_of(before[-1]) != quantity.start:
        return None  # a sentence's opening words are its subject's, not a list item's name
    clause = before[start:]
    if clause[-1].text in words.copulas:
        return None
    return _list_item_name(clause, tokens, words, skip)  # `澳門僅需45分鐘`: a name opening the clause is whose


def _list_item_name(run: list, tokens: Tokens, words: _Words, skip) -> str | None:
    """The text of a few content words that name one item of a list of statistics (`紧急转移安置`, `失踪`):
    words of the language's `clause_opening_tags`, no name, no figure, no qualifier, 2 to 8 characters."""
    if any(inside(skip, t) or not _WORDLIKE.fullmatch(t.text) or not t.tag_.startswith(words.clause_opening_tags)
           or words.is_proper(t) for t in run):
        return None
    text = _text(tokens, run)
    return text if 2 <= len(text) <= 8 and not _is_comparison(text, words) else None


#: How many tokens a share's whole may take between its verb and the figure (`占全國總人口的`).
_SHARE_REACH = 6


def _share_of(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> str | None:
    """A figure after `占 <whole> 的` is a share of that whole, and the attribute says of what: `占全國總人口的
    51.24%` -> 占全國總人口 (zh/words.yaml `share_verbs`). So is a percentage after a copula, `<whole>` and 的
    (`销量达到汽车新车总销量的40.3%` -> 占汽车新车总销量). Only a run of nouns between the verb and the figure."""
    if not words.share_verbs:
        return None  # the language's word lists name no verb of a share (Japanese: `全体の30%を占める`)
    before = tokens_before(tokens, quantity.start)
    joined = bool(before) and before[-1].text in words.entity_joiners
    if joined:
        before = before[:-1]
    percent = quantity.spec is not None and quantity.spec.pint == "percent"
    whole = []
    for token in reversed(before[-_SHARE_REACH:]):
        if whole and (token.text in words.share_verbs or (joined and percent and token.text in words.copulas)):
            verb = token.text if token.text in words.share_verbs else words.share_verbs[0]
            return verb + _text(tokens, whole)
        if not _WORDLIKE.fullmatch(token.text) or token.tag_.startswith(words.not_noun_tags) or inside(skip, token) \
                or words.is_proper(token) or token.text in words.copulas:
            return None  # `总` (an attributive) may stand in the whole's name, a figure or a name may not
        whole.insert(0, token)
    return None


#: A counter that is a word of its own: two or more ideographs or kana (`奪三振`, `打点`, `連休`, `都府県`).
_COUNTER_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々ー]{2,}")


def _counter_word(quantity: Quantity) -> str | None:
    """What a count measures when nothing else names it and its counter is a word, not a bare counter
    (`16奪三振`, `10打点`, `2連覇`, `22都府県`; not `12人`, `3社`): the counter says what is counted."""
    unit = (quantity.unit or "").strip()
    if quantity.spec is None or not quantity.spec.count or not _COUNTER_WORD.fullmatch(unit):
        return None
    return unit


def _clause_closing(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> str | None:
    """The few words closing the figure's clause right after it, when the figure opens the clause and
    nothing else named what is measured: a list of statistics may put each figure first (`3人失踪,8100余人
    紧急转移安置,`, `15.1万间不同程度损坏;`). Only a short run of content words up to the clause's end (no
    figure, no name, no copula); the mirror of `_clause_opening`."""
    if not words.clause_opening_tags:
        return None  # the language's word lists do not say which words may name a list item
    before = tokens_before(tokens, quantity.start)
    if before and before[-1].text not in _CLAUSE_ENDS:
        return None  # the figure does not open its clause: its subject or verb stands before it
    clause = []
    for token in tokens_after(tokens, quantity.end):
        if token.text in _CLAUSE_ENDS:
            break
        if token.text.strip():
            clause.append(token)
    if not clause or clause[0].text in words.copulas:
        return None
    return _list_item_name(clause, tokens, words, skip)


def measured_topic_rule(code: str):
    """What a figure measures when neither its own words nor the figures beside it say: the sentence's
    topic, if that is a measured noun (`平均価格は前の年の同じ月と比べて8.3％上昇し`, `総人口は、平成20年
    (12808万人)をピークに`). A topic holding a name, a place or a time (`トヨタは`, `今年は`) is whose or
    when, not what is measured."""
    words = _words(code)

    def measured_topic(quantity: Quantity, tokens: Tokens, skip) -> tuple[str, int] | None:
        """(the topic's measured noun, where its marker stands in the sentence), or None."""
        return _measured_topic(quantity, tokens, words, skip)

    return measured_topic


def _measured_topic(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> tuple[str, int] | None:
    before = tokens_up_to(tokens, quantity.start)
    found = _measured_subject(before, tokens, words, skip) or _measured_run_marked(before, words.topic_markers,
                                                                                  tokens, words, skip)
    if found is not None and found[0] in _compared_items(tokens, words, skip):
        return None  # `キャベツは356円で平年の1.9倍、大根は…`: the cabbage's, not a measure
    return found


_QUOTE_OPENING, _QUOTE_CLOSING = "「『", "」』"


def _measured_subject(before: list, tokens: Tokens, words: _Words, skip) -> tuple[str, int] | None:
    """A measured noun marked as the subject (が) of the clause that states the figure, no verb between
    them but a comparison's or a change's (`平均賃上げ率が、前年に比べて0・29ポイント増の2・07%`, `フレームレート
    (fps)が30%以上向上`, `「防衛費」も1兆1300億円ほど増えて7兆9172億円`); not the subject of a clause before it
    (`新米の流通が進み、…４２８５円`)."""
    found = _measured_run_marked(before, words.measured_markers, tokens, words, skip)
    if found is None:
        return None
    between = tokens.text[found[1]:end_of(before[-1])]  # a marker was found, so `before` holds it
    for phrase in words.compared_with:
        between = between.replace(phrase, "")
    verbs = [t for t in before if t.idx > found[1] and t.tag_.startswith(words.verb_tags)
             and not t.text.startswith(words.change_verbs)]  # `増えて`: the measure changed, its level follows
    return found if all(t.text not in between for t in verbs) else None


def _measured_run_marked(before: list, markers, tokens: Tokens, words: _Words, skip) -> tuple[str, int] | None:
    """(the measured noun run before the last of the markers, a bracketed aside after it stepped over
    (`消費者物価指数(CPI)は`), where the marker stands), or None."""
    marker = next((i for i in range(len(before) - 1, -1, -1) if before[i].text in markers), None)
    if marker is None or any(t.text in "。!?！？" for t in before[marker:]):
        return None
    end = marker
    if end and before[end - 1].text in ")）":
        end = next((i for i in range(end - 1, -1, -1) if before[i].text in "(（"), end)
    elif end and before[end - 1].text in _QUOTE_CLOSING and before[marker].text in words.measured_markers:
        end -= 1  # `「社会保障費」が`: the measured noun in quotes (a topic in quotes names a thing: `「はやぶさ」は`)
        if not any(t.text in _QUOTE_OPENING for t in before[max(0, end - 7):end]):
            return None
    run = _noun_run_before(before[:end], words, skip)
    if not run or not _is_measured_run(run, tokens, words):
        return None
    return _statistic_of(run, tokens, words, skip) or _text(tokens, run), before[marker].idx  # `賃上げ額の平均は`


_LIST_GAPS = ("、", " ", "　")


def _compared_item(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> str | None:
    """A thing a list compares, each marked as a topic right before its own figure (`キャベツは約3倍、白菜は約2倍、
    みかんは37.0%値上がり`, `生鮮食品は21.9%上昇し、特に生鮮野菜は36.0%上昇`): whose the figure is, not what it
    measures."""
    before = tokens_up_to(tokens, quantity.start)
    while before and before[-1].text in _LIST_GAPS:
        before = before[:-1]
    if not before or before[-1].text not in words.topic_markers:
        return None
    item = _item_marked_by(before, tokens, words, skip)
    return item if item is not None and item in _compared_items(tokens, words, skip) else None


def _compared_items(tokens: Tokens, words: _Words, skip) -> frozenset[str]:
    """The things a sentence compares: two or more, each marked as a topic right before a figure; never a
    measure's word (`売上高は…、営業利益は…`: `measure_endings`), a name, a time or a counter."""
    items = {_item_marked_by(tokens_up_to(tokens, end_of(t)), tokens, words, skip) for t in tokens.items
             if t.text in words.topic_markers and words.figure_after_marker.match(tokens.text, end_of(t))} - {None}
    return frozenset(items) if len(items) > 1 else frozenset()


def _item_marked_by(before: list, tokens: Tokens, words: _Words, skip) -> str | None:
    """The common noun run before the topic marker ending `before`, when it could be an item of a list."""
    run = _noun_run_before(before[:-1], words, skip)
    if not run or run[0].text.isascii() or any(
            t.tag_.startswith(words.proper_tags + words.time_tags + words.counter_tags) for t in run):
        return None
    text = _text(tokens, run)
    if _ends_as_measure(text, words) or _is_comparison(text, words) or text in words.who_topics:
        return None
    return text


def _is_measured_run(run: list, tokens: Tokens, words: _Words) -> bool:
    """Whether a topic's noun run names what is measured (`平均価格`, `終値`), not whose or when: no name,
    place or time in it (`トヨタ`, `今年`), no Latin word (`HDD`, `62kWhモデル`: a name or a unit's model),
    no word that says who (`who_topics`, `who_endings`: 政府, 同社, …省), no person (`person_endings`: …選手)."""
    if run[0].text.isascii() or any(t.tag_.startswith(words.proper_tags + words.time_tags + words.place_tags)
                                    for t in run):
        return False
    text = _text(tokens, run)
    return len(text) >= 2 and not _is_comparison(text, words) and text not in words.who_topics \
        and not text.endswith(words.who_endings + words.person_endings)


def _is_comparison(text: str, words: _Words) -> bool:
    """`前年同期比`, `同` (for 同期比): the base a change is measured against, not what is measured."""
    return text.endswith(words.comparison_suffixes) or text in words.comparison_words


def _variant_named(quantity: Quantity, tokens: Tokens, words: _Words) -> str | None:
    """A variant named by its own figure that opens the figure's clause, or holds the figure: `62kWhモデルは
    航続距離が450kmを超える`, `40kWhモデルは332万から429万まで、62kWhモデルは441万から499万まで` (`variant_heads`)."""
    if words.variant is None:
        return None
    before = tokens.text[: quantity.start]
    start = max((before.rfind(c) for c in _CLAUSE_ENDS), default=-1) + 1
    while start < len(before) and before[start].isspace():
        start += 1
    m = words.variant.match(tokens.text, start)
    if m is None or (m.end() > quantity.start and not m.start() <= quantity.start < m.end()):
        return None
    return m.group()


def _of_the_age(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> str | None:
    """Who an age is of: the noun right after it, joined by の/的 or not (`62歳の男性`, `30歳代男性`,
    `43岁的男子`); the age units are data (`age_units` in words.yaml)."""
    if (quantity.unit or "").strip() not in words.age_units:
        return None
    after = tokens_after(tokens, quantity.end)
    if after and after[0].text in words.entity_joiners | words.joiners:
        after = after[1:]
    run = []
    for token in after[:3]:
        if not words.is_noun(token) or inside(skip, token) or token.tag_.startswith(words.counter_tags + words.time_tags):
            break
        run.append(token)
    return _text(tokens, run) if run else None


def described_rule(code: str):
    """The thing a physical measure describes, named right after it (`出力10万キロワットの洋上風力`,
    `装机容量2250万千瓦的三峡电站`, `4600mAhを搭載した「ZenFone 3 Ultra」`, `500グラムを切るノートPC`): the
    figure's entity, before any name elsewhere in the sentence. Not after a count, whose next noun is what
    is counted (`384個のプロセッサ`), nor after money or a time (`7500億円規模の補助金`: what the money is).
    When the sentence names a model before the figure, only a name in brackets is (`CloudMatrix 384は…48
    テラバイトの高帯域幅メモリ`: a part of the model; `…4600mAhを搭載した「ZenFone 3 Ultra」`: another model)."""
    words = _words(code)

    def described(quantity: Quantity, tokens: Tokens, skip, model_named_before: bool = False) -> str | None:
        return _described_after(quantity, tokens, words, skip, model_named_before) \
            or _owner_joined_before(quantity, tokens, words, skip)

    return described


def _glued_measure_before(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> str | None:
    """A measure's word (one that ends as a measure does) written right against a physical figure, with no
    particle between (`出力10万キロワット`, `最高速度285km/h`): what the figure measures, even when a noun joined
    after it (`…の洋上風力`) says what thing. Not a place, a name, a time or a counter."""
    if quantity.spec is None or dimension_of(quantity.spec).startswith(_NOT_DESCRIBING):
        return None
    before = tokens_before(tokens, quantity.start)
    if not before or end_of(before[-1]) != quantity.start:
        return None
    run = _noun_run_before(before, words, skip, names=False)
    if not run or any(t.tag_.startswith(words.counter_tags + words.time_tags) or words.is_proper(t) for t in run) \
            or _is_place(run, before[: len(before) - len(run)], words) or not _ends_as_measure(_text(tokens, run), words):
        return None  # not `长江上游660公里的航运条件`: a place says where
    return _text(tokens, run)


def _owner_joined_before(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> str | None:
    """The noun joined to the figure by `の` right before it, when it names a thing, not a measure, a time or
    a count (`ハイブリッド車の124万8000台`, `海外の240V`): whose the figure is."""
    before = tokens_before(tokens, quantity.start)
    if not before or before[-1].text not in words.entity_joiners \
            or quantity.spec is not None and quantity.spec.pint in ("fold", "percent"):
        return None  # `传统服务器的数十倍`, `財源の3割`: a multiple or a share of what stands before
    after = tokens_after(tokens, quantity.end)
    if after and (after[0].text in words.entity_joiners or after[0].idx == quantity.end and words.is_noun(after[0])):
        return None  # `愛知県一宮市の62歳の男性`, `上越市の50代男性`: the figure describes the noun after it
    run = _noun_run_before(before[:-1], words, skip, names=True)
    if not run or any(t.tag_.startswith(words.counter_tags + words.time_tags) for t in run) \
            or _glued_to_figure(before, len(before) - 1 - len(run), words) \
            or _is_place(run, before[: len(before) - 1 - len(run)], words):
        return None
    text = _text(tokens, run)
    if _ends_as_measure(text, words) or _is_comparison(text, words) \
            or text.startswith(words.superlative_openers) and not words.is_proper(run[0]):
        return None  # `最多の60地点`: how many, not whose
    return text


#: Dimensions whose figure describes no thing named after it: money says what it pays for, a time when.
_NOT_DESCRIBING = ("[currency", "dimensionless", "[time]")


def _described_after(quantity: Quantity, tokens: Tokens, words: _Words, skip, model_named_before: bool) -> str | None:
    if quantity.spec is None or dimension_of(quantity.spec).startswith(_NOT_DESCRIBING):
        return None
    after = _past_brackets(tokens_after(tokens, quantity.end))  # `294.5米(966英尺)的小湾大坝`
    if after and after[0].text in words.entity_joiners:
        rest = after[1:]  # `35度以上の猛暑日`
    elif after and after[0].idx == quantity.end and _bound_as_predicate(quantity, tokens, words):
        rest = after  # `5mを越える大津波`, `40kmより浅い地震`: a bound stated as a clause on the noun after it
    elif after and after[0].text in words.object_markers:
        clause = 1  # `4600mAhを搭載した…`, `500グラムを切る…`: a clause that ends right before the noun it modifies
        while clause < len(after) and clause <= 4 and after[clause].tag_.startswith(words.relative_clause_tags):
            clause += 1
        if not any(t.tag_.startswith(words.verb_tags) for t in after[1:clause]):
            return None
        rest = after[clause:]
    else:
        return None
    if rest and rest[0].text == "「":
        # the whole name in quotes, however many tokens past the window it runs (`「ZenFone 3 Ultra(型番:ZU680KL)」`)
        close = tokens.text.find("」", rest[0].idx, rest[0].idx + 1 + _QUOTED_NAME_REACH)
        name = _TRAILING_ASIDE.sub("", tokens.text[rest[0].idx + 1:close]).strip() if close > 0 else ""
        return name or None  # its model number's aside dropped
    if model_named_before:
        return None
    run = []
    for token in rest[:6]:
        if not words.is_noun(token) or inside(skip, token) or token.tag_.startswith(words.counter_tags + words.time_tags):
            break
        run.append(token)
    if not run:
        return None
    text = _text(tokens, run)
    if len(text) < 2 or words.head_ending(text) or text in words.who_topics:
        return None  # `…的装机容量`: a measured noun is what is measured, not what
    if words.action_noun_tags and len(run) == 1 and run[0].tag_.startswith(words.action_noun_tags):
        return None  # `500キロの走行`: an action, no thing
    return text


_ROUND_OPENING, _ROUND_CLOSING = "(（", ")）"


def _bound_as_predicate(quantity: Quantity, tokens: Tokens, words: _Words) -> bool:
    """Whether a bound figure ends in the verb or adjective that states it (`5mを越える`, `40kmより浅い`): a
    clause on the noun right after it (ja/words.yaml `bound_predicate_tags`)."""
    if not words.bound_predicate_tags or quantity.modifier not in (">", ">=", "<", "<="):
        return False
    last = next((t for t in reversed(tokens.items) if t.idx < quantity.end), None)
    return last is not None and end_of(last) == quantity.end and last.tag_.startswith(words.bound_predicate_tags)


def _after_a_figure(tokens: list, index: int, words: _Words) -> bool:
    """Whether the token before `index` is a figure or its counter (`２０２５年` + `平均`)."""
    return index > 0 and bool(_DIGIT.search(tokens[index - 1].text) or tokens[index - 1].tag_.startswith(words.counter_tags))


def _topic_over_marked_measure(quantity: Quantity, tokens: Tokens, words: _Words, skip, topic: list, marker) -> bool:
    """Whether the figure's own measured noun stands after the topic's marker, marked as subject (`住宅は一部損壊が
    34棟`, `全国消費者物価指数は、…総合が3.0%上昇`): the topic is what the figure is about, the marked noun what it
    measures; not when the topic is itself a measure (`measure_endings`: `完全失業率は、男性が2.8%`, a rate's
    subgroups), an index excepted (`index_heads`: its series)."""
    text = _text(tokens, topic)
    if not words.measure_endings or text.endswith(words.measure_endings) and not text.endswith(words.index_heads):
        return False
    own, _ = _measured_before(quantity, tokens, words, skip)
    if not own or own[0].idx <= marker.idx:
        return False
    marked = next((t for t in tokens.items if t.idx >= end_of(own[-1])), None)
    return marked is not None and marked.text in words.measured_markers


def _first_topic(whole: list, words: _Words, skip) -> tuple[int, list, list] | None:
    """(the sentence's first topic marker that follows a noun run, the tokens before it past their bracketed
    asides, that run): `全国消費者物価指数（２０２０年＝１００）は`; not `では` of `まとめでは`, which marks no topic."""
    for i, token in enumerate(whole):
        if token.text in words.topic_markers:
            opening = _unbracketed(whole[:i])
            run = _noun_run_before(opening, words, skip)
            if run:
                return i, opening, run
    return None


def _past_brackets(after: list) -> list:
    """The tokens after a figure past a bracketed restatement of it (`294.5米(966英尺)的`), or past the
    bracket a restatement closes (`(966英尺)的`)."""
    if after and after[0].text in _ROUND_CLOSING:
        return after[1:]
    if after and after[0].text in _ROUND_OPENING:
        close = next((i for i, t in enumerate(after) if t.text in _ROUND_CLOSING), None)
        return after[close + 1:] if close is not None else after
    return after


def bracketed_rule(code: str):
    """The noun a figure stands in brackets right after, in a script with no capitals to mark names
    (`ハーフマラソン(21.0975 km)やクォーターマラソン(10.54875 km)`): that noun's figure; not a measure's word
    (`要求総額(１１７兆６０５９億円)`: what it measures, `measure_endings`), nor a time or a figure's counter
    (`平成20年(12808万人)`, `60地点(22都府県)`)."""
    words = _words(code)

    def bracketed(quantity: Quantity, tokens: Tokens, skip) -> str | None:
        before = tokens_before(tokens, quantity.start)
        if not before or before[-1].text not in _ROUND_OPENING:
            return None
        run = _noun_run_before(before[:-1], words, skip)
        if not run or _after_a_figure(before, len(before) - 1 - len(run), words) \
                or any(t.tag_.startswith(words.time_tags + words.counter_tags) for t in run):
            return None
        text = _text(tokens, run)
        return None if _ends_as_measure(text, words) else text  # `中等规模(约500台)`: a measure's word (`measure_heads` in Chinese)

    return bracketed


def topic_rule(code: str):
    """The entity of a language written without spaces when no name is found: the owner joined to the
    measured noun (`トヨタの営業利益は`, `三星的智能手機出貨量為`), else the name that opens the clause
    (`华为以4150万台`), else the sentence's topic (`NTTドコモは…13機種`)."""
    words = _words(code)

    def topic(quantity: Quantity, tokens: Tokens, skip) -> str | None:
        variant = _variant_named(quantity, tokens, words)
        if variant is not None:
            return variant  # `62kWhモデルは航続距離が450kmを超える`: the 62 kWh model's
        aged = _of_the_age(quantity, tokens, words, skip)
        if aged is not None:
            return aged  # `愛知県一宮市の62歳の男性`: the man is 62, not the city
        quoted = _quoted_topic(tokens, quantity, words)
        if quoted is not None:
            return quoted  # `東北新幹線の「はやぶさ」は、…最高速度を時速300キロから320キロに上げ`
        item = _compared_item(quantity, tokens, words, skip)
        if item is not None:
            return item  # `キャベツは約3倍、白菜は約2倍`
        run, rest = _measured_before(quantity, tokens, words, skip)
        if run and rest and rest[-1].text in words.entity_joiners and _statistic_of(run, tokens, words, skip) is None:
            owner = _owner_before(rest[:-1], words, skip)
            if owner and not all(t.tag_.startswith(words.counter_tags + words.time_tags) for t in owner) \
                    and not _glued_to_figure(rest, len(rest) - 1 - len(owner), words):
                # not `70代の男性1人`: a counter's unit, or a time, is whose nothing; nor `2週連続の上昇率1位`: a
                # word glued to a figure is part of it
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
            # a place's figures are of the things there (`中国智能手机出货量`: 中国智能手机), a company's its own (`三星手机出货量`: 三星)
            place = clause[first].tag_.startswith(words.place_tags)
            measured = {t.idx for t in (_head_of(run, tokens, words) if place else run)}
            # nor does it run into the measure head, however the tokenizer cut it (`三峡大坝` + `坝` + `高`: 坝高)
            head = _measure_head_at(tokens, quantity, words, skip)
            head_start = head[1] if head is not None else len(tokens.text)
            while lo and words.is_noun(clause[lo - 1]) and not inside(skip, clause[lo - 1]):
                lo -= 1
            while hi < len(clause) and words.is_noun(clause[hi]) and not inside(skip, clause[hi]) \
                    and clause[hi].idx not in measured and end_of(clause[hi]) <= head_start \
                    and not _is_comparison(clause[hi].text, words):
                hi += 1
            name = _before_head(_text(tokens, clause[lo:hi]), words)
            if name.startswith(words.referring_openers) or name in words.referring_nouns:
                return None  # `这座大坝`, `大壩高285.5米`: the dam named before
            return _owned_subject(clause[hi:], tokens, words, skip) or name
        head = _measure_head(tokens, quantity, words, skip)
        if head is not None and head[1] is not None:  # `蘋果出貨量為5200萬部`: whose 出貨量
            return None if head[1] in words.referring_nouns else head[1]  # `水库面积`: the reservoir named before
        whole = tokens_up_to(tokens, quantity.start)  # not the window: its first token starts nothing
        marked = _first_topic(whole, words, skip)
        if marked is not None:  # when a noun run opening the sentence or a clause stands before it
            marker, opening, run = marked
            start = len(opening) - len(run)
            if _is_measured_run(run, tokens, words):
                # `新築マンションの平均価格は`: the topic is what is measured; whose it is stands before の
                if start and opening[start - 1].text in words.entity_joiners and _statistic_of(run, tokens, words, skip) is None:
                    owner = _owner_before(opening[: start - 1], words, skip)
                    when = any(t.tag_.startswith(words.time_tags + words.counter_tags) for t in owner) \
                        or bool(owner) and _after_a_figure(opening, opening.index(owner[0]), words)  # `２０２５年平均の`: a period's average
                    if owner and not when:
                        return _text(tokens, owner)  # not `4月1日現在の`
                if _topic_over_marked_measure(quantity, tokens, words, skip, run, whole[marker]) \
                        and not any(words.is_proper(t) and not _is_reporter(t.text, words) for t in opening[:start]):
                    return _text(tokens, run)  # not `トヨタの2011年度連結決算は、売上高が`: Toyota's
                return None
            if _starts_sentence(opening, start) or _after_noun_modifiers(opening, start, words):
                return _text(tokens, run)
        return None

    def topic_or_cause(quantity: Quantity, tokens: Tokens, skip) -> str | None:
        return topic(quantity, tokens, skip) or _event_cause(quantity, tokens, words, skip)

    return topic_or_cause


#: A bracketed aside closing a name (`ZenFone 3 Ultra(型番:ZU680KL)`): no part of the name.
_TRAILING_ASIDE = re.compile(r"\s*[(（][^()（）]*[)）]\Z")
#: The longest name in quotes taken as a sentence's topic.
_QUOTED_NAME_CHARS = 20
#: How far a name in quotes after a figure's clause may run to its closing quote, its model number's aside
#: included (`「ZenFone 3 Ultra(型番:ZU680KL)」`).
_QUOTED_NAME_REACH = 40


def _quoted_topic(tokens: Tokens, quantity: Quantity, words: _Words) -> str | None:
    """The name in quotes that is the sentence's topic, marked `は` (`「グレイス」は…サイズは4,440mm`,
    `東北新幹線の「はやぶさ」は`): opening the sentence, or after nouns joined to it by `の`; not a measure's
    word in quotes (`「社会保障費」が`: what is measured)."""
    if words.quote_closing_topic is None:
        return None
    text = tokens.text[:quantity.start]
    found = words.quote_closing_topic.search(text)
    if found is None:
        return None
    close = found.start()
    open_ = text.rfind("「", 0, close)
    name = text[open_ + 1:close] if open_ >= 0 else ""
    if not name or len(name) > _QUOTED_NAME_CHARS or any(c in _CLAUSE_ENDS for c in name) \
            or _ends_as_measure(name, words):
        return None
    opening = [t for t in tokens.items if end_of(t) <= open_]
    if opening and not (opening[-1].text in words.entity_joiners
                        and all(words.is_noun(t) or t.text in words.entity_joiners for t in opening)):
        return None
    return name


def _event_cause(quantity: Quantity, tokens: Tokens, words: _Words, skip) -> str | None:
    """The event a sentence names as the cause of what it counts, before the figure (`今回の台風で、…12人が死亡`,
    `台風19号による死者は…55人`; <code>/words.yaml `event_nouns`, `cause_markers`): the noun run ending the
    event's name through its number (`台風19号`), for a figure whose sentence names no subject."""
    if words.event_cause is None:
        return None
    found = None
    for m in words.event_cause.finditer(tokens.text, 0, quantity.start):
        found = m  # the last one before the figure
    if found is None:
        return None
    # the name runs from the noun run ending with the event's word to the marker (`台風19号`: its number too)
    upto_event = [t for t in tokens_up_to(tokens, quantity.start) if end_of(t) <= found.end("event")]
    run = _noun_run_before(upto_event, words, skip)
    start = run[0].idx if run and end_of(run[-1]) == found.end("event") else found.start()
    return tokens.text[start:found.end()]


def _owned_subject(after: list, tokens: Tokens, words: _Words, skip) -> str | None:
    """The subject a name before `の` only says where or whose: the name after it, marked as the subject
    (`ケニアのエリウド・キプチョゲ選手が`, `東京株式市場の日経平均株価(225種)は`), a bracketed aside stepped
    over. Not a measured noun (`トヨタの営業利益は`: Toyota's)."""
    if not after or after[0].text not in words.entity_joiners:
        return None
    rest = _unbracketed(after[1:])
    run = []
    for i, token in enumerate(rest):
        # `・` joins the parts of a foreign name (`エリウド・キプチョゲ`)
        joins = token.text == "・" and run and i + 1 < len(rest) and words.is_noun(rest[i + 1])
        if not (words.is_noun(token) or joins) or inside(skip, token):
            break
        run.append(token)
    if not run or len(run) == len(rest) or rest[len(run)].text not in words.lead_markers \
            or _is_measured_run(run, tokens, words):
        return None
    return _text(tokens, run)


def subject_rule(code: str):
    """The sentence's subject, for a figure whose own clause names nothing: the noun run opening the
    first clause that has one and goes on with a verb or a preposition (`京沪高速铁路于2008年…开工,…,总长度
    1318公里`, `在…东京奥运会上,中国体育健儿再创佳绩,共获得38枚金牌`). Clauses that say who reports
    (`监测数据显示`) are stepped over, and so are leading dates (`5月猪肉价格…`); a run ending in a measure
    head gives what it measures (`猪肉价格` -> 猪肉). Weaker than the figure before it in the sentence."""
    words = _words(code)

    def subject(quantity: Quantity, tokens: Tokens, skip) -> str | None:
        measured, _ = _measured_before(quantity, tokens, words, skip)
        skip = [*skip, *((t.idx, end_of(t)) for t in measured)]  # what the figure measures is not its subject
        clause = []
        for token in tokens.items:
            if token.idx >= quantity.start or token.text in _CLAUSE_ENDS:
                found = _clause_subject(clause, tokens, words, skip)
                if found or token.idx >= quantity.start:
                    return found
                clause = []
            elif token.text.strip():
                clause.append(token)
        return _clause_subject(clause, tokens, words, skip)

    def own_subject(quantity: Quantity, tokens: Tokens, skip) -> str | None:
        found = subject(quantity, tokens, skip)
        # `総務省が発表した…消費者物価指数は…3.0%上昇`: the ministry reports the figure, it is not its subject
        return None if found is not None and _is_reporter(found, words) else found

    return own_subject


def reporter_rule(code: str):
    """Whether a name says who reports figures rather than what they are about (`農林水産省`, `同社`): such
    a subject is not carried to the figures of the next sentence."""
    words = _words(code)

    return partial(_is_reporter, words=words)


def _is_reporter(name: str, words: _Words) -> bool:
    return name in words.who_topics or bool(words.who_endings) and name.endswith(words.who_endings)


def lead_subject_rule(code: str):
    """What a sentence with no figure of its own is about, for the figures after it that name nothing
    (`三峡水电站位于湖北省…。这座大坝全长约2300米`, `トヨタ自動車は8日、…。営業利益は…`): the subject of its first
    clause that has one, when a verb or preposition (Chinese) or は/が (Japanese, not の) follows it,
    not an adjective (`中国最大的水电站是…`: China is no subject). A headline or heading is read the same
    way, its words that say what kind of text it is dropped (`【三峡水电站简介】`, `…主要信息一览表`)."""
    words = _words(code)

    def lead_subject(tokens: Tokens, heading: bool = False) -> str | None:
        built = None if heading else _built_thing(tokens, words)
        if built is not None:
            return built  # `前田建設工業が…洋上風力発電施設を建設する。出力は6万キロワット`: the plant's output
        clauses, clause = [], []
        for token in [*tokens.items, None]:
            if token is None or token.text in _CLAUSE_ENDS:
                clauses.append(clause)
                clause = []
            elif token.text.strip():
                clause.append(token)
        # a clause opening with its subject first (`1日の東京株式市場は、日経平均株価が…`: the index, not the
        # market), then the noun marked as the subject deeper in a clause (`…の日経平均株価(225種)は…`)
        for marked in (False, True):
            for clause in clauses:
                found = _lead_of(clause, tokens, words, heading, marked)
                if found:
                    return found
        return None

    return lead_subject


def _built_thing(tokens: Tokens, words: _Words) -> str | None:
    """The thing a sentence says is being built or set up (<code>/words.yaml `building_verbs` after the
    object marker: `洋上風力発電所を建設する`), which the figures after it that name nothing describe."""
    if not words.building_verbs:
        return None
    items = tokens.items
    for i, token in enumerate(items[1:-1], 1):
        if token.text in words.object_markers and items[i + 1].text.startswith(words.building_verbs):
            run = _noun_run_before(items[:i], words, ())
            if run:
                return _text(tokens, run)
    return None


#: Brackets around a headline or a name (`【三峡水电站简介】`), no part of either.
_BRACKETS = frozenset("【】「」『』《》“”〔〕[]()（）")


def _lead_of(clause: list, tokens: Tokens, words: _Words, heading: bool, marked: bool = False) -> str | None:
    plain = [t for t in clause if t.text not in _BRACKETS]
    if heading:
        return _heading_name(plain, tokens, words) if plain and not marked else None
    found = _marked_subject(clause, tokens, words) if marked else _clause_subject(plain, tokens, words, ())
    if found is None:
        return None
    after = tokens.text.find(found, clause[0].idx) + len(found)
    follower = next((t for t in _unbracketed(clause) if t.idx >= after), None)
    if follower is None or not (follower.tag_.startswith(words.lead_followers) or follower.text in words.lead_markers):
        return None
    announces = tokens.text[end_of(follower):].startswith(words.reported_endings)  # `総務省が発表した…`
    reports = follower.text.startswith(words.reporting_verbs) or announces or _reports(tokens.text, words)
    if reports and (found in words.who_topics or found.endswith(words.who_endings) or not words.who_endings):
        return None  # `観光庁は21日、…と発表した`: an agency reports others' figures; a company its own (`トヨタ自動車が8日発表した`)
    return found


def _reports(sentence: str, words: _Words) -> bool:
    """Whether a sentence ends saying its subject announced or said what it holds."""
    return bool(words.reported_endings) and sentence.rstrip("。．. 」』\n").endswith(words.reported_endings)


def _marked_subject(clause: list, tokens: Tokens, words: _Words) -> str | None:
    """The noun run right before the clause's first subject marker (は/が), a bracketed aside stepped over:
    `週明け23日の東京株式市場の日経平均株価(225種)は` -> 日経平均株価 (what the clause opening says of it,
    a day and a market, stand before it). Not a measured noun (`終値は`) nor a time."""
    if not words.lead_markers:
        return None
    plain = _unbracketed(clause)
    marker = next((i for i, t in enumerate(plain) if t.text in words.lead_markers), None)
    if not marker:
        return None
    run = _noun_run_before(plain[:marker], words, ())
    if not run or _is_measured_run(run, tokens, words) \
            or all(t.tag_.startswith(words.time_tags + words.counter_tags) for t in run):
        return None
    text = _text(tokens, run)
    return text if len(text) >= 2 and not text.startswith(words.referring_openers) else None


def _unbracketed(clause: list) -> list:
    """The clause's tokens outside its bracketed asides, brackets dropped (`日経平均株価(225種)は` ->
    日経平均株価 は)."""
    kept, depth = [], 0
    for t in clause:
        if t.text in "(（":
            depth += 1
        elif t.text in ")）" and depth:
            depth -= 1
        elif not depth and t.text not in _BRACKETS:
            kept.append(t)
    return kept


def _heading_name(clause: list, tokens: Tokens, words: _Words) -> str | None:
    """A heading's name: its opening nouns, a proper noun among them, followed by nothing but the words
    that say what kind of text it is (`【三峡水电站简介】`, `三峡水电站主要信息一览表`). A headline that is a
    sentence (`ファーウェイが目指す…`) names no topic for every figure below it."""
    run = []
    for token in clause:
        if not words.is_owner(token) or token.text in words.title_words:
            break
        run.append(token)
    if not run or not any(words.is_proper(t) for t in run):
        return None
    end = end_of(run[-1])
    rest = tokens.text[end:end_of(clause[-1])]
    if rest and not rest.startswith(words.title_words):
        return None
    name = _text(tokens, run)
    return name if len(name) >= 2 else None


def _clause_subject(clause: list, tokens: Tokens, words: _Words, skip) -> str | None:
    if not clause or tokens.text[clause[0].idx : end_of(clause[-1])].endswith(words.reporting_verbs):
        return None  # who reports (`监测数据显示,`, `研究所によりますと、`) is not what is reported
    start = 0
    while start < len(clause) and clause[start].tag_.startswith(words.not_noun_tags + words.time_tags + words.counter_tags):
        start += 1  # `5月`, `今年`, `2カ月連続`: when, not who
    if start < len(clause) and _glued_to_figure(clause, start, words) and not words.is_proper(clause[start]):
        # `9週連続の4000円台`, `3四半期連続のプラス`: a common word glued to a figure is part of it, no subject
        # (a name after a date is one: `2023年中国GDP`)
        return None
    run = []
    for token in clause[start:]:
        if not words.is_owner(token) or inside(skip, token) or _is_comparison(token.text, words):
            break
        run.append(token)
    rest = clause[start + len(run):]
    if not run or not rest or _DIGIT.search(rest[0].text) or rest[0].tag_.startswith(words.not_noun_tags):
        return None  # nouns alone, or nouns then a figure: a measured noun (`增加值40666亿元`), no subject
    if words.subject_followers and rest[0].text not in words.subject_followers:
        return None  # `直径約5.2メートル`: a measured noun, not a subject marked as one (`トヨタは`, `トヨタの…は`)
    if rest[0].text in words.topic_markers and _is_measured_run(run, tokens, words):
        return None  # `終値は前日より…`: the topic is what is measured; whose it is, the sentence before says
    if rest[0].text in words.entity_joiners and _ends_as_measure(_text(tokens, run), words):
        return None  # `過去最高値の4285円`, `賃上げ額の平均は`: a measure, or what a statistic is of, is no subject
    text = _text(tokens, run)
    head = words.head_ending(text)
    if head is not None:
        text = text[: -len(head)]
    if text.startswith(words.referring_openers) or text in words.referring_nouns:
        return None  # `这座大坝全长…`: the dam the sentence before named is the subject
    if text in words.changes.modifier_of:
        return None  # `数キロ程度の`: a hedge of a figure (ja/hedges.yaml), no subject
    return text if len(text) >= 2 else None


def _glued_to_figure(tokens: list, index: int, words: _Words) -> bool:
    """Whether the token at `index` is written right after a figure's digits or its counter (`9週` + `連続`)."""
    if not _after_a_figure(tokens, index, words) or end_of(tokens[index - 1]) != tokens[index].idx:
        return False
    return bool(_DIGIT.search(tokens[index - 1].text)) or index >= 2 and bool(_DIGIT.search(tokens[index - 2].text))


def _ends_as_measure(text: str, words: _Words) -> bool:
    """Whether a noun run ends as a measure's word does (`measure_endings`, `measure_heads`: `過去最高値`, `売上高`)."""
    return words.head_ending(text) is not None or bool(words.measure_endings) and text.endswith(words.measure_endings)


def _after_noun_modifiers(before: list, index: int, words: _Words) -> bool:
    """Whether the tokens before `index` are only nouns and figures joined to it by `の` or `・`, from the
    sentence's start (`週明け26日の東京証券取引所・日経平均株価は`, `同国の災害対策当局は`): words saying when or
    where, no clause; not a name before `の`, whose the run is (`日経平均株価の午前終値は`)."""
    if not index or before[index - 1].text not in words.entity_joiners | {"・"}:
        return False
    if before[index - 1].text in words.entity_joiners:
        owner = list(takewhile(words.is_noun, reversed(before[:index - 1])))
        if any(words.is_proper(t) for t in owner):
            return False
    return all(words.is_noun(t) or _DIGIT.search(t.text) or t.text in words.entity_joiners or t.text == "・"
               or t.tag_.startswith(words.counter_tags + words.time_tags) for t in before[:index])


def _starts_sentence(before: list, index: int) -> bool:
    """Whether the token at `index` opens the sentence or follows a comma (a topic, not a mid-clause noun)."""
    return index == 0 or before[index - 1].text in "、,，"
