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

from kb.consistency.attributes import canonical_attribute
from kb.consistency.model import CheckedClaim
from kb.entities import alias_key
from kb.extract.names import product_names

PER_CHIP = "per chip"
COUNTED = "accelerators"


def chip_groups_of(count: CheckedClaim, groups: dict[int, int], keys: dict[str, int]) -> set[int]:
    """The groups a count names as what it counts (`384 Ascend 910C NPUs` -> Ascend 910C)."""
    found = set()
    for name in product_names(count.attribute or ""):
        eid = keys.get(alias_key(name.text))
        if eid is not None:
            found.add(groups.get(eid, eid))
    return found


def is_chip_count(c: CheckedClaim) -> bool:
    return c.dimension == "dimensionless" and canonical_attribute(c.attribute, c.dimension) == COUNTED


def chips_by_document(claims: list[CheckedClaim], groups: dict[int, int], keys: dict[str, int]) -> dict[int, int]:
    """document id -> the one chip its counts name (a page naming two chips names none for sure)."""
    named: dict[int, set[int]] = defaultdict(set)
    for c in claims:
        if is_chip_count(c):
            named[c.document_id] |= chip_groups_of(c, groups, keys)
    return {doc: next(iter(chips)) for doc, chips in named.items() if len(chips) == 1}


def read_for_comparison(claims: list[CheckedClaim], groups: dict[int, int], names: dict[int, str],
                        keys: dict[str, int]) -> list[CheckedClaim]:
    """Each claim as the rules should compare it (see the module docstring); ids are unchanged."""
    chip_of = chips_by_document(claims, groups, keys)
    chips = set(chip_of.values())
    return [_as_factor(_per_chip(c, groups, names, chip_of, chips)) for c in claims]


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
