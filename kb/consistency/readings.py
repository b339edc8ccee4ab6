"""How a claim is read before it is compared: the same figure, said another way.

- A figure a source gives per chip of a system (`UB Interconnect BW: 196 GB/s / NPU` on a CloudMatrix
  384 page whose NPUs are `384 Ascend 910C NPUs`) is a figure about that chip, and is compared with
  what other sources say about the Ascend 910C. The claim keeps its entity in the database; the flag
  says how it was read.
- For a chip itself, `per chip` goes without saying: `Ascend 910C: 784 GB/s` and `196 GB/s per NPU`
  of an Ascend 910C system are stated on the same basis.
- A percentage increase is a factor: `+113%` is `x2.13`, so it meets `2.1 times` rather than
  passing it by as a different unit.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from kb.consistency.attributes import canonical_attribute
from kb.consistency.model import CheckedClaim
from kb.entities import alias_key
from kb.extract.names import product_names

PER_CHIP = "per chip"
COUNTED = "accelerators"


def chip_groups_named(attribute: str | None, groups: dict[int, int], keys) -> set[int]:
    """The groups a count's words name as what it counts (`Ascend 910C NPUs` -> Ascend 910C).
    `keys` maps an alias key to its entity id (a dict, or anything with `get`)."""
    found = set()
    for name in product_names(attribute or ""):
        eid = keys.get(alias_key(name.text))
        if eid is not None:
            found.add(groups.get(eid, eid))
    return found


def chip_groups_of(count: CheckedClaim, groups: dict[int, int], keys) -> set[int]:
    return chip_groups_named(count.attribute, groups, keys)


@lru_cache(maxsize=65_536)
def counts_accelerators(attribute: str | None) -> bool:
    """Does a count's attribute say it counts chips? (Attributes repeat: asked once per spelling.)"""
    return canonical_attribute(attribute, "dimensionless") == COUNTED


def is_chip_count(c: CheckedClaim) -> bool:
    return c.dimension == "dimensionless" and counts_accelerators(c.attribute)


def one_chip_per_document(named: dict[int, set[int]]) -> dict[int, int]:
    """document id -> the one chip its counts name (a page naming two chips names none for sure)."""
    return {doc: next(iter(chips)) for doc, chips in named.items() if len(chips) == 1}


class Reading:
    """Reads claims for comparison (see the module docstring), knowing which chip each document's
    counts name (`chip_of`: document id -> group)."""

    def __init__(self, groups: dict[int, int], names: dict[int, str], chip_of: dict[int, int]):
        self.groups, self.names, self.chip_of = groups, names, chip_of
        self.chips = set(chip_of.values())

    def read(self, c: CheckedClaim) -> CheckedClaim:
        """The claim as the rules should compare it; its id is unchanged."""
        return _as_factor(_per_chip(c, self.groups, self.names, self.chip_of, self.chips))

    def group_of(self, c: CheckedClaim) -> int | None:
        return None if c.entity_id is None else self.groups.get(c.entity_id, c.entity_id)

    def moved(self, claims: list[CheckedClaim]) -> dict[int, list[CheckedClaim]]:
        """group -> the claims, read, that the reading gives to a group not their own (a per-chip
        figure of a system read as its chip's)."""
        found: dict[int, list[CheckedClaim]] = defaultdict(list)
        for c in claims:
            read = self.read(c)
            if self.group_of(read) != self.group_of(c):
                found[self.group_of(read)].append(read)
        return found


def _per_chip(c: CheckedClaim, groups, names, chip_of, chips) -> CheckedClaim:
    if c.qualifiers.get("scope") != PER_CHIP or c.entity_id is None:
        return c
    group = groups.get(c.entity_id, c.entity_id)
    qualifiers = {k: v for k, v in c.qualifiers.items() if k != "scope"}
    if group in chips:
        return c._replace(qualifiers=qualifiers)
    chip = chip_of.get(c.document_id)
    if chip is None:
        return c
    note = f"stated per chip of {names.get(group, c.entity)}, whose chips are {names.get(chip)} in the same source"
    return c._replace(entity_id=chip, qualifiers=qualifiers, note=note)


def _as_factor(c: CheckedClaim) -> CheckedClaim:
    if c.change not in ("up", "down") or c.unit_normalized != "percent" or c.value_normalized is None:
        return c
    sign = 1 if c.change == "up" else -1

    def factor(percent: float | None) -> float | None:
        return None if percent is None else 1 + sign * percent / 100

    low, high = factor(c.low), factor(c.high)
    if sign < 0:
        low, high = high, low
    value = factor(c.value_normalized)
    note = f"{c.text} read as a factor of {value:.4g}"
    return c._replace(value_normalized=value, low=low, high=high, unit_normalized="fold", change=None, note=note)
