"""Hedges and change words (each language folder's hedges.yaml) compiled into the patterns the quantity
scanner asks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from kb.extract.wordlists import HERE, word_set, words_of


@dataclass(frozen=True)
class HedgeWords:
    """Patterns for one language. Each match's `lastgroup` names what it found."""

    after: re.Pattern  # matched at the position where the number and unit end
    change_before: re.Pattern
    change_after: re.Pattern
    modifier_of: dict
    change_of: dict
    change_by: re.Pattern  # a verb, its object, then `by`: `raised its key rate by`
    change_by_of: dict
    latin: bool
    before_by_key: dict  # last word (English) or character (Japanese) of a hedge written before -> its pattern
    change_keys: frozenset
    level_after_change: re.Pattern  # `gained 12 points ... to`, `closed at`, `a target of`: a level follows
    change_object: re.Pattern  # `raised defence spending`: a change verb and its object, no `by`
    change_then_from: re.Pattern  # `have grown from`: a change told by its start and end levels
    reached: frozenset  # bound words that before a change word say the level it reached (`まで`)
    count_change_after: re.Pattern  # `3,934 points lower`: a comparative after a count
    multiple_to: re.Pattern  # `2.2倍に上昇`: a multiple, a particle, the change it sizes
    multiple_then_level: re.Pattern  # `2.1倍の464万6700人`: a multiple, then the level

    def change_by_multiple(self, text: str, pos: int, times) -> str | None:
        """The direction of the change a multiple ending at `pos` is the size of: the change word after it
        (`およそ2.2倍に上昇しました`: rose to 2.2 times; `700億円に縮小` is a level reached, and only a
        multiple is asked), or the level it reached right after it (`トップが中国で2.1倍の464万6700人`, like
        `44.4%増の358万6400人`), up when more than once, down when less."""
        m = self.multiple_to.match(text, pos)
        if m:
            return self.change_of[_key(m.group("w"))]
        if self.multiple_then_level.match(text, pos) and times != 1:
            return "up" if times > 1 else "down"
        return None

    def reached_by_change(self, text: str, pos: int) -> bool:
        """`約1億2,544万人まで減少`: the figure ending at `pos` is the level a change reached (fell to), neither
        an upper bound nor the change's size."""
        m = self.after.match(text, pos)
        return m is not None and _key(m.group("w")) in self.reached and self.change_after.match(text, m.end()) is not None

    def levels_follow(self, text: str, start: int) -> bool:
        """`have grown from 18 weeks to 41 weeks`: the two figures are the levels before and after a
        change, not a range (`ranged from 5 to 10` is one)."""
        return self.latin and self.change_then_from.search(text, max(0, start - 160), start) is not None

    def level_follows_change(self, text: str, start: int) -> bool:
        """`rose 1.8% to 5,104`, `closed at 38,270`, `short of its target of 800`: the bare number at
        `start` is a level (a figure worth a claim even with no noun after it)."""
        return self.latin and self.level_after_change.search(text, max(0, start - 80), start) is not None

    def modifier_before(self, text: str, end: int) -> tuple[int, str] | None:
        """(start of the hedge, modifier) for a hedge ending right before `end`."""
        pattern = self.before_by_key.get(_last_key(text, end, self.latin))
        if pattern is None:
            return None  # the word before the number ends no hedge
        m = pattern.search(text, max(0, end - 40), end)  # only the hedges that end with that word
        if not m:
            return None
        return m.start(), self.modifier_of[_key(m.group("w"))]

    def modifier_after(self, text: str, pos: int) -> tuple[int, str] | None:
        """(end of the hedge, modifier) for a hedge starting at `pos`."""
        m = self.after.match(text, pos)
        if not m:
            return None
        return m.end(), self.modifier_of[_key(m.group("w"))]

    def change_preceding(self, text: str, end: int) -> str | None:
        last = _last_key(text, end, self.latin)
        if last in self.change_keys:
            m = self.change_before.search(text, max(0, end - 60), end)
            if m:
                return self.change_of[_key(m.group("w"))]
        if last == "by":
            m = self.change_by.search(text, max(0, end - 60), end)  # `raised its key rate by 50 bp`
            return self.change_by_of[_key(m.group("w"))] if m else None
        if self.latin and last in _CHANGE_GAP_WORDS:  # `rose at a 3.4 percent annual rate`, `grew at 2.0%`
            m = self.change_before.search(text, max(0, end - 60), end)
            if m is None or _key(m.group("w")) in _LEVEL_AT:
                return None  # `closed 3,934 points lower at 25,981`, `settling down at`: the level reached
            return self.change_of[_key(m.group("w"))]
        return None

    def change_word_start(self, text: str, end: int) -> int | None:
        """Where the change word written right before `end` starts (`出貨量下降13%` -> 下降), if one does."""
        if _last_key(text, end, self.latin) not in self.change_keys:
            return None
        m = self.change_before.search(text, max(0, end - 60), end)
        return m.start() if m else None

    def change_of_object(self, text: str, end: int) -> str | None:
        """`raised defence spending 7.2%`, `cut its workforce 10%`: a change verb, its object, then the
        size of the change without `by` (asked only for percentages, where an amount raised cannot be meant)."""
        if not self.latin or _last_key(text, end, True) in _NOT_AN_OBJECT_END:
            return None
        m = self.change_object.search(text, max(0, end - 60), end)
        return self.change_by_of[_key(m.group("w"))] if m else None

    def change_following(self, text: str, pos: int) -> tuple[int, str] | None:
        return self._change_at(self.change_after, text, pos)

    def change_following_a_count(self, text: str, pos: int) -> tuple[int, str] | None:
        """`Sensex closed 3,934 points lower`: after a figure with no unit only a comparative makes it a
        change (`30 more` is a count, `500 index lost` a name); after any figure, a comparative set off
        by a comma (`settled 238.69 points, or 0.62 per cent, higher at 38,939.22`)."""
        return self._change_at(self.count_change_after, text, pos)

    def _change_at(self, pattern: re.Pattern, text: str, pos: int) -> tuple[int, str] | None:
        """(where the change word `pattern` matches at `pos` ends, its direction), or None."""
        m = pattern.match(text, pos)
        return (m.end(), self.change_of[_key(m.group("w"))]) if m else None


#: The last words of what may stand between a change verb and its size (en/words.yaml `change_gap_words`):
#: `rose at a 3.4 percent annual rate`, `expanded at an annual rate of 1.9 percent`.
_CHANGE_GAP_WORDS = word_set("en", "change_gap_words") | word_set("en", "change_size_adjectives") \
    | word_set("en", "change_size_adverbs")

#: Direction words after which `at` gives the level reached, not a rate (en/words.yaml `level_at_after`).
_LEVEL_AT = word_set("en", "level_at_after")


def _last_key(text: str, end: int, latin: bool) -> str:
    """The last word before `end` (lower case; a lone symbol such as `~`), or the last character
    for Japanese and Chinese: what a hedge or change word written before a number must end with."""
    i = end
    while i > 0 and text[i - 1] in " \t\n\r\u00a0":
        i -= 1
    if not latin or i == 0:
        return text[i - 1:i] if i else ""
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] in ".-"):
        j -= 1
    return text[j:i].lower() if j < i else text[i - 1]


#: Words between a number and a change noun that say the number is not the change's size (`5% of the rise`).
_NOT_A_CHANGED_THING = "|".join(words_of("en").get("not_a_changed_thing", []))
#: Words after which a number is no changed object's size: `raised funds of 5%`, `cut to 5%`.
_NOT_AN_OBJECT_END = word_set("en", "not_an_object_end")


def _by_ending(phrases: list[str], latin: bool) -> dict[str, list[str]]:
    """Phrases grouped by their last word (or character): a number's left side is tried against few."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(_ending(phrase, latin), []).append(phrase)
    return groups


def _ending(phrase: str, latin: bool) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip()
    return phrase.split(" ")[-1].lower() if latin else phrase[-1:]


def _key(word: str) -> str:
    return re.sub(r"\s+", " ", word).lower()


def _words(table: dict) -> tuple[list[str], dict]:
    lookup = {}
    for label, words in table.items():
        for word in words:
            lookup.setdefault(_key(str(word)), label)
    return sorted(lookup, key=len, reverse=True), lookup


def _alternation(words: list[str], latin_boundaries: bool) -> str:
    """The words as one alternation; with no words, one that never matches (an empty one matches anywhere)."""
    if not words:
        return "(?!)"
    parts = []
    for w in words:
        body = re.escape(w).replace(r"\ ", r"\s+")
        if latin_boundaries and re.match(r"[A-Za-z]", w):
            body = r"\b" + body
        if latin_boundaries and re.search(r"[A-Za-z]$", w):
            body += r"\b"
        parts.append(body)
    return "|".join(parts)


def _strs(table: dict, key: str) -> list[str]:
    """A list of a merged hedges table as strings (empty when no file has it)."""
    return [str(w) for w in table.get(key, [])]


def _merged(data: tuple[str, ...]) -> dict:
    """The hedges.yaml of each language folder in `data`, merged list by list (the first folder's first)."""
    merged: dict = {}
    for code in data:
        path = HERE / code / "hedges.yaml"
        if not path.exists():
            continue
        for section, table in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(table, list):
                merged.setdefault(section, []).extend(table)
                continue
            for label, words in table.items():
                merged.setdefault(section, {}).setdefault(label, []).extend(words)
    return merged


def before_forms(data: tuple[str, ...]) -> list[str]:
    """Every hedge written before a figure in the hedges.yaml of the folders `data`."""
    return [str(w) for words in _merged(data).get("before", {}).values() for w in words]


@cache
def hedge_words(data: tuple[str, ...], latin: bool) -> HedgeWords:
    """The patterns for a language that reads the hedges of the folders `data`; `latin` when its words
    are separated by spaces (hedges are then whole words, keyed by their last word, not character)."""
    table = _merged(data)
    table.setdefault("before", {})
    table.setdefault("after", {})
    before_words, before_lookup = _words(table["before"])
    after_words, after_lookup = _words(table["after"])
    change_words, change_lookup = _words(table.get("changes", {}))
    # `前週より２６４円高い`, `300円89銭安の`: words that make a change only written after the figure, and
    # only as a word of their own (not `6安打`, `3高校`: an ideograph after them makes another word)
    after_only, after_only_lookup = _words(table.get("changes_after", {}))
    change_lookup = {**after_only_lookup, **change_lookup}
    after_only_alt = f"(?:{_alternation(after_only, latin)})(?![\u3400-\u9fff])" if after_only else "(?!)"
    by_words, by_lookup = _words(table.get("changes_by", {}))
    figure_nouns = _strs(table, "figure_nouns") if latin else []
    figure_of = rf"|\b(?:{_alternation(figure_nouns, latin)})\s+of" if figure_nouns else ""  # `a target of 800`
    gap = r"\s*" if latin else r"\s?"
    # `rose 5%`, `rose by 5%`, `rise by an average of 4.9%`, `shrank at an annualised pace of 2%`
    particles = _strs(table, "change_particles")  # `提升了50%`: an aspect particle between
    level_changers = _strs(table, "level_changers")  # `raised … from X to Y`: two levels
    # `grew at a sluggish 1.5 percent annual rate`: the size words of the languages whose data it reads
    size_words = set().union(*(word_set(code, "change_size_adjectives") | word_set(code, "change_size_adverbs")
                               for code in data))
    sizes = _alternation(sorted(size_words), latin) if latin else ""
    change_gap = (r"(?:\s+(?:by|at))?(?:\s+an?)?" + (rf"(?:\s+(?:{sizes}))?" if sizes else "")
                  + r"(?:\s+(?:average|annuali[sz]ed|annual|yearly|estimated))?"
                  r"(?:\s+(?:rate|pace))?(?:\s+of)?\s*") if latin else (
        rf"(?:{_alternation(particles, False)})?\s?" if particles else r"\s?")
    changes_alt = _alternation(change_words, latin)
    return HedgeWords(
        after=re.compile(rf"{gap}(?P<w>{_alternation(after_words, latin)})", re.IGNORECASE),
        change_before=re.compile(
            rf"(?P<w>{changes_alt}){change_gap}\Z", re.IGNORECASE
        ),
        # `a 5% rise`, `a 5.5% pay rise`, `a 2% rate cut`: the change noun, maybe after one word naming what changed
        change_after=re.compile(rf"\s?(?:(?!(?:{_NOT_A_CHANGED_THING})\b)[a-z][a-z-]+\s)?(?P<w>{changes_alt})"
                                if latin else rf"\s?の?(?P<w>{changes_alt}|{after_only_alt})", re.IGNORECASE),
        modifier_of={**before_lookup, **after_lookup},
        change_of=change_lookup,
        change_by=re.compile(rf"(?P<w>{_alternation(by_words, latin)})(?:\s+[\w'’-]+){{1,6}}\s+by\s*\Z", re.IGNORECASE)
        if by_words else re.compile(r"(?!)"),
        change_by_of=by_lookup,
        change_then_from=re.compile(
            rf"\b(?:{changes_alt}|{_alternation(level_changers, latin)})\b"
            rf"(?:[^.,;:!?]|[.,](?=\d))*,?\s*\bfrom\s*\Z", re.IGNORECASE),
        change_object=re.compile(rf"\b(?P<w>{_alternation(by_words, latin)})(?:\s+[A-Za-z'’-]+){{1,3}}\s*\Z", re.IGNORECASE)
        if by_words else re.compile(r"(?!)"),
        latin=latin,
        reached=frozenset(_key(w) for w in _strs(table, "level_reached")),
        # with no words in a language's file these alternations never match (`_alternation`)
        count_change_after=re.compile(rf",?\s(?:[a-z][a-z-]+\s)?(?P<w>{_alternation(_strs(table, 'count_changes'), latin)})",
                                      re.IGNORECASE),
        multiple_to=re.compile(rf"(?:{_alternation(_strs(table, 'multiple_to'), False)})(?P<w>{changes_alt})"),
        multiple_then_level=re.compile(rf"(?:{_alternation(_strs(table, 'multiple_then_level'), False)})\s?[0-9０-９]"),
        before_by_key={key: re.compile(rf"(?P<w>{_alternation(words, latin)}){gap}\Z", re.IGNORECASE)
                       for key, words in _by_ending(before_words, latin).items()},
        change_keys=frozenset(_ending(w, latin) for w in change_words + particles) | ({"by", "of"} if latin else set()),
        level_after_change=re.compile(
            rf"(?:\b(?:{changes_alt})\b(?:[^.;:!?]|\.(?=\d))*\b(?:to|at)|"
            rf"\b(?:closed|ended|finished|stood|opened)\s+at|\b(?:up|down)\s+from|"
            rf"\b(?:against|versus|vs\.?|compared\s+(?:with|to)){figure_of})\s*\Z",
            re.IGNORECASE),
    )
