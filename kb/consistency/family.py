"""A family's figure against its members', inside one source.

A page that says the `950 series` has `288 GB capacity` and then that its `950 PR` has `128 GB
memory` contradicts itself, unless a hedge (`up to 288 GB`) makes room for both. Across sources
the family and the member are different things and are not compared; inside one source the
family figure must hold for every member it names.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import product

from kb.consistency.attributes import canonical_attribute
from kb.consistency.model import CheckedClaim, Flag
from kb.consistency.rules import Verdict, flag_for, overlaps, qualifier_difference, relative_gap
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
        for fam, mem in product([c for c in members if c.entity in family_names], members):
            if not _member_of(parse_model_name(mem.entity), parse_model_name(fam.entity)) or not _same_measure(fam, mem):
                continue
            if overlaps(fam, mem) or not qualifier_difference(fam, mem)[0]:
                continue
            verdict = Verdict("error_in_source", "medium",
                              f"the source gives {fam.text} for the {fam.entity} but {mem.text} for its "
                              f"{mem.entity}, {relative_gap(fam, mem) * 100:.0f}% apart")
            group = groups.get(mem.entity_id, mem.entity_id) if mem.entity_id is not None else None
            flags.append(flag_for(verdict, fam, mem, names.get(group, mem.entity),
                                  canonical_attribute(mem.attribute, mem.dimension)))
    return flags


def _same_measure(a: CheckedClaim, b: CheckedClaim) -> bool:
    return (a.dimension == b.dimension and a.unit_normalized == b.unit_normalized and a.change == b.change
            and canonical_attribute(a.attribute, a.dimension) == canonical_attribute(b.attribute, b.dimension))
