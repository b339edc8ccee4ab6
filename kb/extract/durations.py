"""Compound durations: `4小时48分钟`, `2 hours 15 minutes`, `1分30秒` are one span of time, not two.

The scanner reads each part with its unit; this joins neighbours whose units step down (hours, then
minutes, then seconds) with nothing but a space or `and` between them, into one quantity in the
smaller unit, with the smaller part's precision.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from kb.extract.model import Quantity

#: Seconds in each unit that may start or continue a compound duration.
_SECONDS = {"hour": Decimal(3600), "minute": Decimal(60), "second": Decimal(1)}
_BETWEEN = re.compile(r"\s*(?:,\s*|and\s+|又)?")


def _seconds(q: Quantity) -> Decimal | None:
    return _SECONDS.get(q.spec.pint) if q.spec is not None and not q.spec.count else None


def join_durations(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """The quantities with each compound duration as one."""
    joined: list[Quantity] = []
    for q in quantities:
        before = joined[-1] if joined else None
        big, small = (_seconds(before), _seconds(q)) if before else (None, None)
        if big and small and big > small and before.change is None and q.change is None \
                and before.value == before.value.to_integral_value() and q.modifier in ("=", "~") \
                and _BETWEEN.fullmatch(text, before.end, q.start):
            carried = before.value * big / small
            joined[-1] = replace(
                q, start=before.start, text=text[before.start:q.end], value=carried + q.value,
                low=None if q.low is None else carried + q.low, high=None if q.high is None else carried + q.high,
                modifier=before.modifier if before.modifier != "=" else q.modifier)
            continue
        joined.append(q)
    return joined
