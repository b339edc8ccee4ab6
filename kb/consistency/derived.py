"""Arithmetic cross-checks: a total over a count is a per-chip figure to hold against stated ones.

`300 PFLOPS` for a system of `384` chips derives `781 TFLOPS per chip`; a source stating 800 TFLOPS per
chip agrees within rounding, one stating 400 contradicts it. Derived values are marked as derived.
"""

from __future__ import annotations

from collections import defaultdict

from kb.consistency.attributes import canonical_attribute
from kb.consistency.model import CheckedClaim, Flag
from kb.consistency.readings import PER_CHIP, chip_groups_of, is_chip_count
from kb.consistency.rules import judge, qualifier_difference, relative_gap, source_name

_NOT_TOTALS = {"per chip", "per die", "per node", "per rack"}


def _divide(total: CheckedClaim, count: CheckedClaim) -> CheckedClaim:
    def bound(numerator, denominator):
        return None if numerator is None or not denominator else numerator / denominator

    qualifiers = {**total.qualifiers, "scope": PER_CHIP}
    return total._replace(
        id=-total.id, text=f"{total.text} / {count.text}", value=total.value_normalized / count.value_normalized,
        value_normalized=total.value_normalized / count.value_normalized, unit=total.unit_normalized,
        low=bound(total.low, count.high), high=bound(total.high, count.low), qualifiers=qualifiers, modifier="~",
    )


#: A figure derived by dividing a total by a count is a guess about what the total covers (`269 TB/s`
#: of all links is not 384 chips' `196 GB/s` each): its disagreement is for a reader to review, never high.
DERIVED_SEVERITY = "low"


def derived_flags(claims: list[CheckedClaim], groups: dict[int, int], names: dict[int, str],
                  keys: dict[str, int], tolerances: dict) -> list[Flag]:
    stated: dict[tuple, list[CheckedClaim]] = defaultdict(list)
    per_doc: dict[tuple, list[CheckedClaim]] = defaultdict(list)
    for c in claims:
        if c.entity_id is None or c.value_normalized is None:
            continue
        group = groups.get(c.entity_id, c.entity_id)
        attribute = canonical_attribute(c.attribute, c.dimension)
        if c.qualifiers.get("scope") == PER_CHIP:
            stated[(group, attribute, c.dimension, c.unit_normalized)].append(c)
        per_doc[(c.document_id, group)].append(c)
    flags = []
    for (_, group), members in per_doc.items():
        counts = {c.value_normalized: c for c in members
                  if is_chip_count(c) and not c.qualifiers and (c.value_normalized or 0) > 1}
        if len(counts) != 1:
            continue  # no count of chips, or several: nothing to divide by with confidence
        count = next(iter(counts.values()))
        targets = {group} | chip_groups_of(count, groups, keys)
        for total in members:
            if total.dimension == "dimensionless" or total.qualifiers.get("scope") in _NOT_TOTALS or total.change:
                continue
            derived = _divide(total, count)
            attribute = canonical_attribute(total.attribute, total.dimension)
            for target in targets:
                for claim in stated.get((target, attribute, total.dimension, total.unit_normalized), []):
                    comparable, _ = qualifier_difference(derived, claim)
                    verdict = judge(derived, claim, tolerances) if comparable else None
                    if verdict is None:
                        continue  # agreement is support; no flag
                    explanation = (f"{total.text} over {count.text} is {_in_unit_of(claim, derived.value_normalized)} "
                                   f"per chip (derived); {source_name(claim)} "
                                   f"says {claim.text}; {relative_gap(derived, claim) * 100:.0f}% apart; a guess: it "
                                   f"assumes {total.text} is {count.text} chips' worth of that one measure.")
                    flags.append(Flag(verdict.kind, DERIVED_SEVERITY, names.get(target), attribute, claim.qualifiers,
                                      explanation, [total, count, claim],
                                      derived={"value": derived.value_normalized, "low": derived.low,
                                               "high": derived.high, "unit": total.unit_normalized,
                                               "formula": f"{total.text} / {count.text}",
                                               "from_claims": [total.id, count.id]}))
    return flags


def _in_unit_of(claim: CheckedClaim, value: float) -> str:
    """A derived value in the unit the stated claim uses (`700 GB/s`, not `5.6e+12 bit / second`)."""
    if claim.unit and claim.value_normalized and claim.value:
        return f"{value * claim.value / claim.value_normalized:.4g} {claim.unit}"
    return f"{value:.4g} {claim.unit_normalized}"
