"""The rules: given two comparable claims, agree, or which kind of flag, how severe, and why."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from kb.consistency.model import CheckedClaim, Flag

DATA = resources.files("kb.consistency") / "data"
SEVERITY_ORDER = {"info": 0, "low": 1, "medium": 2, "high": 3}


@cache
def default_tolerances() -> dict[str, float]:
    return {k: float(v) for k, v in yaml.safe_load((DATA / "rules.yaml").read_text(encoding="utf-8")).items()}


@dataclass(frozen=True)
class Verdict:
    kind: str
    severity: str
    reason: str


def overlaps(a: CheckedClaim, b: CheckedClaim) -> bool:
    """Intervals in the canonical unit overlap (an open side reaches to infinity)."""
    a_low, a_high = _bounds(a)
    b_low, b_high = _bounds(b)
    return a_low <= b_high and b_low <= a_high


def _bounds(c: CheckedClaim) -> tuple[float, float]:
    low = -math.inf if c.low is None else c.low
    high = math.inf if c.high is None else c.high
    return low, high


def relative_gap(a: CheckedClaim, b: CheckedClaim) -> float:
    va, vb = a.value_normalized or 0.0, b.value_normalized or 0.0
    scale = max(abs(va), abs(vb))
    return abs(va - vb) / scale if scale else 0.0


def binary_prefix_ratio(a: CheckedClaim, b: CheckedClaim, tolerance: float) -> int | None:
    """k when one value is the other times 1.024^k: `48 TB` vs `49.2 TB` (TiB read as TB)."""
    if "[information]" not in a.dimension or not a.value_normalized or not b.value_normalized:
        return None
    ratio = max(a.value_normalized, b.value_normalized) / min(a.value_normalized, b.value_normalized)
    for k in range(1, 5):
        if abs(ratio / 1.024**k - 1) <= tolerance:
            return k
    return None


@lru_cache(maxsize=65536)
def digits(value: float) -> str:
    """The significant digits as written (`12209`, `1.229` -> `1229`): what a typo changes."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", "")


#: How many significant digits make a figure a measurement stated exactly (`2,309 m`, `185米`, `1,045 km2`),
#: not a round figure (`$8.2M`, `45 minutes`) whose small differences are rounding or basis.
EXACT_DIGITS = 3


def significant_digits(value: float) -> int:
    """`2309` 4, `22.5` 3, `2300` 2 (an integer's trailing zeros say nothing), `0.05` 1."""
    text = digits(value).lstrip("0")
    if float(value) == int(value):
        text = text.rstrip("0")
    return max(1, len(text))


def stated_exactly(c: CheckedClaim) -> bool:
    """An unhedged figure of at least EXACT_DIGITS significant digits that restates nothing: its
    interval is its last digit's, so another figure outside it disagrees, however close. A figure in
    brackets after another (`($10.5 billion)`) is a conversion, rounded by whoever converted it."""
    return c.modifier == "=" and c.change is None and significant_digits(c.value) >= EXACT_DIGITS \
        and c.before not in ("(", "（")


def looks_like_typo(a: CheckedClaim, b: CheckedClaim) -> bool:
    """One figure is the other with one digit added or dropped (`12209` vs `1229`)."""
    x, y = sorted((digits(a.value), digits(b.value)), key=len)
    if len(y) != len(x) + 1 or len(x) < 3 or a.unit_normalized != b.unit_normalized:
        return False
    if a.value_normalized and b.value_normalized:
        ratio = max(a.value_normalized, b.value_normalized) / min(a.value_normalized, b.value_normalized)
        if ratio < 5:
            return False  # `1,500` vs `150`... is ten times; `3.25` vs `3.5` is not a slip of one digit
    return any(y[:i] + y[i + 1:] == x for i in range(len(y)))


def typo_verdict(a: CheckedClaim, b: CheckedClaim) -> Verdict | None:
    """`12209` vs `1229`: an error in one of the sources, whatever the intervals say."""
    if not looks_like_typo(a, b):
        return None
    return Verdict("error_in_source", "high", f"{_pct(relative_gap(a, b))} apart and the digits differ by one: "
                   "likely a typo")


#: Qualifiers that say who states a figure, not under which conditions it holds: two sources that
#: disagree are a conflict to show (naming both), never two figures that cannot be compared.
NOT_CONDITIONS = frozenset({"according_to"})


def qualifier_difference(a: CheckedClaim, b: CheckedClaim) -> tuple[bool, list[str]]:
    """(comparable, kinds stated on one side only). Different stated values are never comparable;
    who states a figure (`according_to`) is no condition of it."""
    if a.qualifiers == b.qualifiers:
        return True, []
    missing = []
    for kind in sorted((set(a.qualifiers) | set(b.qualifiers)) - NOT_CONDITIONS):
        if kind in a.qualifiers and kind in b.qualifiers:
            if a.qualifiers[kind] != b.qualifiers[kind]:
                return False, []
        else:
            missing.append(kind)
    return True, missing


def judge(a: CheckedClaim, b: CheckedClaim, tolerances: dict) -> Verdict | None:
    """None when the two claims agree (their intervals overlap); else the kind of difference."""
    if overlaps(a, b):
        return None
    gap = relative_gap(a, b)
    _, missing = qualifier_difference(a, b)
    k = binary_prefix_ratio(a, b, tolerances["unit_convention_tolerance"])
    if k:
        return Verdict("unit_convention", "info", f"the values differ by 1.024^{k}: a decimal vs binary prefix (TB vs TiB)")
    typo = typo_verdict(a, b)
    if typo:
        return typo
    if gap <= tolerances["minor_variance"]:
        if stated_exactly(a) and stated_exactly(b) and not missing:
            digits_a, digits_b = significant_digits(a.value), significant_digits(b.value)
            return Verdict("conflict", "medium", f"{_pct(gap)} apart, both stated exactly to {digits_a} and "
                           f"{digits_b} digits: neither rounds to the other")
        return Verdict("minor_variance", "low", f"{_pct(gap)} apart: a small difference of rounding or basis")
    if missing:
        return Verdict("needs_qualifier", "low",
                       f"{_pct(gap)} apart, but only one side states its {', '.join(missing)}")
    hedged = a.hedged or b.hedged
    severity = "high" if gap >= tolerances["high_severity_gap"] and not hedged else "medium"
    return Verdict("conflict", severity, f"{_pct(gap)} apart")


def precision_mislabel(a: CheckedClaim, b: CheckedClaim) -> Verdict | None:
    """The same figure for the same thing under two precision formats (`16 EFLOPS for FP16` vs
    `FP4: 16E FLOPS`): one of the labels is probably wrong."""
    pa, pb = a.qualifiers.get("precision"), b.qualifiers.get("precision")
    if not pa or not pb or pa == pb or not overlaps(a, b):
        return None
    return Verdict("error_in_source", "medium",
                   f"the same figure is given for {pa} and for {pb}: one precision label is likely wrong")


def restatement_error(a: CheckedClaim, b: CheckedClaim, tolerances: dict) -> Verdict | None:
    """A figure restated in another unit in the same sentence (`12209 TB/s (1.2 PB/s)`) that disagrees."""
    between = a.sentence[a.end - a.sentence_start : b.start - b.sentence_start]
    if not re.fullmatch(r"\s*(?:[(（]|,?\s*(?:or|i\.e\.|that is|which is)\s*)\s*", between):
        return None
    if a.dimension != b.dimension or a.unit == b.unit:
        return None
    gap = relative_gap(a, b)
    if gap <= tolerances["restatement_tolerance"]:
        return None
    return Verdict("error_in_source", "high", f"the sentence restates the figure in another unit, {_pct(gap)} apart")


def source_name(c: CheckedClaim) -> str:
    """The file name of a claim's source, as explanations cite it."""
    return c.source.rsplit("/", 1)[-1]


def _says(c: CheckedClaim) -> str:
    hedge = "" if c.modifier == "=" else f" ({'hedged' if c.modifier == '~' else 'a bound'}: {c.modifier})"
    note = f" ({c.note})" if c.note else ""
    who = c.qualifiers.get("according_to")
    cited = f" citing {who}" if who else ""
    return f"{source_name(c)}{cited} says {c.text}{hedge}{note}"


def explain(flag_kind: str, a: CheckedClaim, b: CheckedClaim, reason: str) -> str:
    return explain_camps([a], [b], reason)


def newer_source(claims: list[CheckedClaim]) -> str:
    """`; x02.md is the newer source (2025-03-01; the oldest is 2024-11-20)` when the sources are dated
    differently: an older figure may have been superseded (a fact-checker weighs that, kb does not)."""
    dated = sorted({(c.date[:10], source_name(c)) for c in claims if c.date})
    if len({date for date, _ in dated}) < 2:
        return ""
    (date, name), oldest = dated[-1], dated[0][0]
    return f"; {name} is the newer source ({date}; the oldest is {oldest})"


#: A year in a period as stated (`FY2024`, `2023年度`, `in 2023`).
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def period_update(a: CheckedClaim, b: CheckedClaim) -> Verdict | None:
    """Two figures that differ only in the period they state (`FY2023`, `FY2024`) are no contradiction
    but one figure's update: `updated` (info), saying which period is the later when their years tell."""
    pa, pb = a.qualifiers.get("period"), b.qualifiers.get("period")
    if not pa or not pb or pa == pb or overlaps(a, b):
        return None
    others = {k for k in set(a.qualifiers) & set(b.qualifiers) - {"period"} - NOT_CONDITIONS
              if a.qualifiers[k] != b.qualifiers[k]}
    if others:
        return None
    years_a, years_b = _YEAR.findall(pa), _YEAR.findall(pb)
    later = ""
    if years_a and years_b and max(years_a) != max(years_b):
        later = f": {pa if max(years_a) > max(years_b) else pb} is the later"
    return Verdict("updated", "info", f"{_pct(relative_gap(a, b))} apart, but for different periods "
                   f"({pa} vs {pb}){later}; an update, not a contradiction, unless the periods are the same")


def _conditions(c: CheckedClaim) -> dict:
    return {k: v for k, v in c.qualifiers.items() if k not in NOT_CONDITIONS}


def conditions_of(claims: list[CheckedClaim]) -> dict:
    """The conditions a flag on these claims states: each claim's, the first claim's winning where they
    differ; who states a figure is no condition (the explanation names it)."""
    return {k: v for c in reversed(claims) for k, v in _conditions(c).items()}


def explain_camps(left: list[CheckedClaim], right: list[CheckedClaim], reason: str) -> str:
    """What each side says, why they differ and how their conditions compare: `t06 says 185米, t07 says
    185米; t08 says 181米, ...` for two camps of sources, `a.md says 96 GB; b.md says 128 GB` for a pair."""
    conditions = [_conditions(c) for c in left + right]
    if len({frozenset(c.items()) for c in conditions}) == 1:
        differ = "no qualifier differs"
    elif len(conditions) == 2:
        differ = f"qualifiers {conditions[0] or '{}'} vs {conditions[1] or '{}'}"
    else:
        differ = "qualifiers differ between sources"
    return f"{', '.join(map(_says, left))}; {', '.join(map(_says, right))}; {reason}; {differ}{newer_source(left + right)}."


def flag_for(verdict: Verdict, a: CheckedClaim, b: CheckedClaim, entity: str | None, attribute: str | None) -> Flag:
    return capped_by_frames(Flag(verdict.kind, verdict.severity, entity, attribute, conditions_of([a, b]),
                                 explain(verdict.kind, a, b, verdict.reason), [a, b]))


def capped_by_frames(flag: Flag) -> Flag:
    """A flag is as certain as its weakest frame: when a side's entity comes from the heading or a sentence
    before (not its own sentence), or no side names what is measured, the flag is at most `medium`, and
    says so; when sources differ and an entity names no particular thing (`homes`, `the average solar farm`:
    no capital, no digit), they may well mean different ones, and the flag is `low`."""
    if flag.severity not in ("high", "medium"):
        return flag
    generic = [c.entity for c in flag.claims if _names_nothing_particular(c.entity)]
    if generic and len({c.document_id for c in flag.claims}) > 1:
        flag.severity = "low"
        flag.explanation += f" `{generic[0]}` names no particular thing: the sources may mean different ones."
        return flag
    if flag.severity != "high":
        return flag
    guessed = [c for c in flag.claims if c.from_context]
    if guessed:
        flag.severity = "medium"
        names = ", ".join(dict.fromkeys(source_name(c) for c in guessed))
        flag.explanation += f" The subject of {names}'s figure comes from its context (a heading or a sentence before)."
    elif flag.attribute is None:
        flag.severity = "medium"
        flag.explanation += " No source names what its figure measures."
    return flag


#: Letters of a script with capitals: a name in it shows one, or a digit (`CloudMatrix 384`, `the Model 3`).
_CASED = re.compile(r"[A-Za-z]")
#: Kana and Han: a script with no capitals to tell a name by.
_UNCASED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _names_nothing_particular(entity: str | None) -> bool:
    """Whether an entity in a cased script is a common noun phrase with no name in it: no capital, no digit
    (`homes`, `the warmest temperatures`); not a name (`Tesla`), a code (`H100`), nor CJK text, which shows
    no capitals to tell."""
    return bool(entity) and bool(_CASED.search(entity)) and not _UNCASED.search(entity) \
        and not any(ch.isupper() or ch.isdigit() for ch in entity)


def _pct(gap: float) -> str:
    return f"{gap * 100:.1f}%" if gap < 0.1 else f"{gap * 100:.0f}%"
