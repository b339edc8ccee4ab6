"""One thing named in two scripts, found by the figures both names are given.

`Three Gorges Dam` and `三峡水电站`, `Toyota` and `トヨタ`: no spelling rule can tell that two names in
different scripts name one thing, and kb ships no dictionary of translations. What a fact-checker would
look at instead is what is said of them: when sources in two scripts give the same thing the same
specific figures for the same attributes (`Length 2,335 m` and `坝体长度 2335米`, `Installed capacity
22.5 GW` and `总装机容量 2250万千瓦`), the two names are one entity, and their other figures can be
compared. The link is evidence, not certainty: a flag that rests on it says so and is never `high`.

A link needs agreeing figures on two attributes the synonym table knows (the only way attributes in two
languages meet), each figure unhedged, of at least three significant digits (`5 trillion yen`, `80 GB` or
`45 minutes` are common to many things) and held by at most five names; the two groups' names carry no
model number (those are matched by spelling: `昇腾910C` = `Ascend 910C`), and each is the other's only
partner with that much in common.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kb.consistency.attributes import canonical_attribute, known_attribute
from kb.consistency.rules import significant_digits
from kb.consistency.stream import named_figures
from kb.entities import parse_model_name

#: Han, kana and hangul: a name written in one of them cannot be compared letter by letter with a Latin one.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
#: On how many attributes two names' figures must agree for the names to be one thing.
SHARED_ATTRIBUTES = 2
_MIN_DIGITS = 3
_MAX_HOLDERS = 5


@dataclass(frozen=True)
class Link:
    """Two groups taken as one, and the figures that showed it (`length 2,335 m = 2335米`)."""

    kept: int
    joined: int
    names: tuple[str, str]
    evidence: tuple[str, ...]


def link_by_shared_figures(session: Session, groups: dict[int, int], names: dict[int, str]) -> list[Link]:
    """Links between groups named in different scripts (see the module docstring); `names` are the
    groups' display names."""
    script = {group: bool(_CJK.search(name)) for group, name in names.items()
              if not parse_model_name(name).number}
    if len(set(script.values())) < 2:
        return []  # one script only: nothing to link (and no claims read)
    holders: dict[tuple, set[int]] = defaultdict(set)
    stated: dict[tuple, dict[bool, str]] = defaultdict(dict)  # fact -> script -> the figure as one source wrote it
    for entity_id, attribute, dimension, value, written, text in named_figures(session):
        group = groups.get(entity_id, entity_id)
        if group not in script or not value or written is None or significant_digits(float(written)) < _MIN_DIGITS:
            continue
        canonical = canonical_attribute(attribute, dimension)
        if not known_attribute(canonical):
            continue
        fact = (canonical, dimension, float(f"{value:.4g}"))
        holders[fact].add(group)
        stated[fact].setdefault(script[group], text)
    shown = {fact: f"{fact[0]} {texts.get(False, '')} = {texts.get(True, '')}" for fact, texts in stated.items()}
    shared: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for fact, members in holders.items():
        if len(members) > _MAX_HOLDERS:
            continue  # a figure many things share (`10 GB` of memory) tells none of them apart
        latin = sorted(g for g in members if not script[g])
        cjk = sorted(g for g in members if script[g])
        for a in latin:
            for b in cjk:
                shared[(a, b)].append(fact)
    return _mutual_best(shared, names, shown)


def _mutual_best(shared: dict[tuple[int, int], list[tuple]], names: dict[int, str], shown: dict) -> list[Link]:
    """The pairs that agree on enough attributes (two figures of one attribute, `720.736` and `720.652
    TB/s`, are one agreement), each side having no other partner that agrees on as many."""
    strength = {pair: len({fact[0] for fact in facts}) for pair, facts in shared.items()}
    strength = {pair: n for pair, n in strength.items() if n >= SHARED_ATTRIBUTES}
    best: dict[int, int] = defaultdict(int)
    for (a, b), n in strength.items():
        best[a], best[b] = max(best[a], n), max(best[b], n)
    partners: dict[int, int] = defaultdict(int)  # how many partners reach a side's best
    for (a, b), n in strength.items():
        partners[a] += n == best[a]
        partners[b] += n == best[b]
    return [Link(a, b, (names[a], names[b]), tuple(sorted(shown[f] for f in shared[(a, b)])))
            for (a, b), n in sorted(strength.items())
            if n == best[a] == best[b] and partners[a] == partners[b] == 1]


def apply_links(groups: dict[int, int], links: list[Link]) -> dict[int, int]:
    """The groups with each link's joined group folded into the kept one."""
    into = {link.joined: link.kept for link in links}
    return {entity: into.get(group, group) for entity, group in groups.items()}


def note_links(flags, links: list[Link], groups_by_name: dict[int, int]) -> list:
    """Flags whose claims lie on both sides of a link say so, and are at most `medium`: the two names
    were joined on evidence, not read as one. `groups_by_name` are the groups before linking."""
    for flag in flags:
        sides = {groups_by_name.get(c.entity_id, c.entity_id) for c in flag.claims}
        for link in links:
            if link.kept in sides and link.joined in sides:
                flag.explanation = f"{flag.explanation} {_explain(link)}."
                if flag.severity == "high":
                    flag.severity = "medium"
    return flags


def _explain(link: Link) -> str:
    return (f"{link.names[0]} and {link.names[1]} are taken as one thing because sources give both the same "
            f"figures ({'; '.join(link.evidence)})")
