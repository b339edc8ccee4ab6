"""A family's figure against its members', inside one source.

A page that says the `950 series` has `288 GB capacity` and then that its `950 PR` has `128 GB
memory` contradicts itself, unless a hedge (`up to 288 GB`) makes room for both. Across sources
the family and the member are different things and are not compared; inside one source the
family figure must hold for every member it names.
"""

from __future__ import annotations

from collections import defaultdict

from kb.consistency.attributes import canonical_attribute
from kb.consistency.model import CheckedClaim, Flag
from kb.consistency.rules import Verdict, conditions_of, explain_camps, overlaps, qualifier_difference, relative_gap
from kb.entities import ModelName, parse_model_name

FAMILY = "family"


def _member_of(member: ModelName, family: ModelName) -> bool:
    return (member.number == family.number and member.letters == family.letters
            and member.suffix not in ("", FAMILY))


def family_flags(claims: list[CheckedClaim], groups: dict[int, int], names: dict[int, str]) -> list[Flag]:
    family_names = {n for n in {c.entity for c in claims} if n and parse_model_name(n).suffix == FAMILY}
    if not family_names:
        return []
    with_family = {c.document_id for c in claims if c.entity in family_names}
    by_document: dict[int, list[CheckedClaim]] = defaultdict(list)
    for c in claims:
        if c.document_id in with_family and c.entity and c.value_normalized is not None and c.dimension != "dimensionless":
            by_document[c.document_id].append(c)
    flags = []
    for members in by_document.values():
        for fam in (c for c in members if c.entity in family_names):
            contradicting = [mem for mem in members if _contradicts(fam, mem)]
            if contradicting:
                flags.append(_family_flag(fam, contradicting, groups, names))
    return flags


def _contradicts(fam: CheckedClaim, mem: CheckedClaim) -> bool:
    """A member's figure the family's figure (same measure, same conditions) does not hold."""
    return _member_of(parse_model_name(mem.entity), parse_model_name(fam.entity)) and _same_measure(fam, mem) \
        and not overlaps(fam, mem) and qualifier_difference(fam, mem)[0]


def _family_flag(fam: CheckedClaim, members: list[CheckedClaim], groups: dict[int, int],
                 names: dict[int, str]) -> Flag:
    """One flag per family figure, holding every member figure it contradicts (`288 GB for the 950 series
    but 128 GB for its 950 PR and 144 GB for its 950 DT`): one finding, not one per member. Its entity is
    the member when one contradicts it, else the family."""
    said = " and ".join(f"{m.text} for its {m.entity}" for m in members)
    gaps = ", ".join(f"{relative_gap(fam, m) * 100:.0f}%" for m in members)
    verdict = Verdict("error_in_source", "medium", f"the source gives {fam.text} for the {fam.entity} but {said}, "
                      f"{gaps} apart")
    first = members[0]
    if len(members) == 1:
        group = groups.get(first.entity_id, first.entity_id) if first.entity_id is not None else None
        entity = names.get(group, first.entity)
    else:
        entity = fam.entity
    return Flag(verdict.kind, verdict.severity, entity, canonical_attribute(first.attribute, first.dimension),
                conditions_of([fam, first]), explain_camps([fam], members, verdict.reason), [fam, *members])


def _same_measure(a: CheckedClaim, b: CheckedClaim) -> bool:
    return (a.dimension == b.dimension and a.unit_normalized == b.unit_normalized and a.change == b.change
            and canonical_attribute(a.attribute, a.dimension) == canonical_attribute(b.attribute, b.dimension))
