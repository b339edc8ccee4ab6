"""Compound durations: `4小时48分钟`, `2 hours 15 minutes`, `1分30秒` are one span of time, not two.

The scanner reads each part with its unit; this joins neighbours whose units step down (hours, then
minutes, then seconds) with nothing but a space or `and` between them, into one quantity in seconds
(as ../shared/data/ANNOTATION.md's gold states them: `4小时48分钟` = 17,280), with the smaller part's
precision; a change word after the last part is the whole's (`1分18秒縮めた`).
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
