"""The records the consistency rules work on and produce. They know nothing of the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class CheckedClaim(NamedTuple):
    """A stored claim with what the rules need: its interval in the canonical unit and its provenance.
    A named tuple: a check holds a million of them, built straight from database rows."""

    id: int
    document_id: int
    source: str
    url: str | None
    title: str | None
    date: str | None
    text: str
    value: float
    unit: str | None
    value_normalized: float | None
    low: float | None
    high: float | None
    unit_normalized: str | None
    dimension: str
    entity: str | None
    attribute: str | None
    qualifiers: dict
    modifier: str
    change: str | None
    sentence: str
    sentence_start: int
    start: int
    end: int
    entity_id: int | None = None
    note: str | None = None  # how the rules read it, when not as stored (see readings.py)
    #: the character before the figure: `(` or `（` when it restates the figure before it (`¥1.42
    #: trillion ($10.5 billion)`), a conversion rounded by whoever converted
    before: str = ""
    #: its entity came from the heading or a sentence before, not from its own sentence: a weaker frame
    from_context: bool = False

    @property
    def hedged(self) -> bool:
        return self.modifier != "="


@dataclass
class Flag:
    """Something a fact-checker should see: two or more claims, what kind of difference, and why."""

    kind: str  # conflict, error_in_source, minor_variance, unit_convention, needs_qualifier
    severity: str  # high, medium, low, info
    entity: str | None
    attribute: str | None
    qualifiers: dict
    explanation: str
    claims: list[CheckedClaim] = field(default_factory=list)
    derived: dict | None = None  # a value kb computed (total / count) rather than read

    @cached_property
    def key(self) -> str:
        """Stable across runs, so a reviewer's accept/dismiss survives the next check: it names what
        each claim says (source, value, unit, attribute, entity), not where it sits, so an edit
        earlier in the article (one character more) keeps the review."""
        return flag_key(self.kind, [(c.source, c.value_normalized, c.unit_normalized, c.attribute, c.entity)
                                    for c in self.claims])


def flag_key(kind: str, claims: list[tuple]) -> str:
    """`kind` and each claim's (source, value_normalized, unit_normalized, attribute, entity), sorted;
    fields joined by the unit separator (U+001F), which no article text holds."""
    parts = sorted("\x1f".join((source, "" if value is None else format(value, ".9g"), unit or "", attribute or "",
                                 entity or "")) for source, value, unit, attribute, entity in claims)
    return kind + "|" + "|".join(parts)
