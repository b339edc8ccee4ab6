"""Compound durations: `4小时48分钟`, `2 hours 15 minutes`, `1分30秒` are one span of time, not two.

The scanner reads each part with its unit; this joins neighbours whose units step down (hours, then
minutes, then seconds) with nothing but a space or `and` between them, into one quantity in seconds
(as ../shared/data/ANNOTATION.md's gold states them: `4小时48分钟` = 17,280), with the smaller part's
precision; a change word after the last part is the whole's (`1分18秒縮めた`). Digits written straight
after `秒` are its decimals, as Japanese timing writes them (`9秒95` = 9.95 s, `27分9秒80`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from kb.extract.model import Quantity
from kb.extract.units import lexicon

#: Seconds in each unit that may start or continue a compound duration.
_SECONDS = {"hour": Decimal(3600), "minute": Decimal(60), "second": Decimal(1)}
_BETWEEN = re.compile(r"\s*(?:,\s*|and\s+|又)?")
#: The decimals of a second written after it: `9秒95`, `10秒00`.
_DECIMALS = re.compile(r"[0-9０-９]{1,3}")


def _second():
    return lexicon().by_surface["秒"]


def _seconds(q: Quantity) -> Decimal | None:
    return _SECONDS.get(q.spec.pint) if q.spec is not None and not q.spec.count else None


def join_durations(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """The quantities with each compound duration as one."""
    joined: list[Quantity] = []
    # per joined quantity: the seconds of its last (smallest) part's unit, and whether its value is in
    # seconds already (a duration joined before)
    steps: list[tuple[Decimal | None, bool]] = []
    for q in quantities:
        if joined and _are_decimals_of_second(text, joined[-1], q):
            joined[-1] = _with_decimals(text, joined[-1], q)
            continue
        big, in_seconds = steps[-1] if joined else (None, False)
        before, small = (joined[-1], _seconds(q)) if joined else (None, None)
        if big and small and big > small and before.change is None \
                and before.value == before.value.to_integral_value() and q.modifier in ("=", "~") \
                and _BETWEEN.fullmatch(text, before.end, q.start):
            carried = before.value if in_seconds else before.value * big
            joined[-1] = replace(
                q, start=before.start, text=text[before.start:q.end], value=carried + q.value * small,
                low=None if q.low is None else carried + q.low * small,
                high=None if q.high is None else carried + q.high * small,
                modifier=before.modifier if before.modifier != "=" else q.modifier,
                unit="s" if (q.unit or "s").isascii() else "秒", spec=_second())  # in the script of the parts
            steps[-1] = (small, True)
            continue
        joined.append(q)
        steps.append((_seconds(q), False))
    return joined


def _are_decimals_of_second(text: str, before: Quantity, q: Quantity) -> bool:
    """Whether a bare number follows `秒` with nothing between: the second's decimals (`9秒95`)."""
    return before.end == q.start and text[before.start:before.end].endswith("秒") and q.unit is None \
        and q.spec is None and _DECIMALS.fullmatch(text, q.start, q.end) is not None


def _with_decimals(text: str, before: Quantity, q: Quantity) -> Quantity:
    """The second with its decimals, their precision its own (`9秒95`: 9.945 to 9.955)."""
    scale = Decimal(10) ** (q.end - q.start)
    return replace(before, end=q.end, text=text[before.start:q.end], value=before.value + q.value / scale,
                   low=None if q.low is None else before.value + q.low / scale,
                   high=None if q.high is None else before.value + q.high / scale)
