"""Running a check: load claims, group the comparable ones, apply the rules, store the flags."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kb.consistency.attributes import canonical_attribute, default_attributes
from kb.consistency.derived import derived_flags
from kb.consistency.family import family_flags
from kb.consistency.model import CheckedClaim, Flag
from kb.consistency.readings import read_for_comparison
from kb.consistency.rules import (
    SEVERITY_ORDER,
    default_tolerances,
    flag_for,
    judge,
    precision_mislabel,
    qualifier_difference,
    restatement_error,
    typo_verdict,
)
from kb.entities import entity_groups, group_display_names
from kb.errors import KbError
from kb.store.models import CheckRun, Claim, Document, Entity, EntityAlias, FlagClaim, FlagRow


@dataclass
class CheckSummary:
    run_id: int
    claims: int
    flags: list[Flag]
    tolerances: dict


def resolve_tolerances(overrides: dict[str, str] | None) -> dict[str, float]:
    tolerances = dict(default_tolerances())
    for name, value in (overrides or {}).items():
        if name not in tolerances:
            raise KbError(f"unknown tolerance {name!r}; known: {', '.join(sorted(tolerances))}")
        try:
            tolerances[name] = float(value)
        except ValueError as exc:
            raise KbError(f"tolerance {name} must be a number, not {value!r}") from exc
    return tolerances


def load_claims(session: Session) -> list[CheckedClaim]:
    query = (
        select(Claim, Document.source, Document.url, Document.title, Document.date)
        .join(Document, Document.id == Claim.document_id)
        .order_by(Document.source, Claim.start_char)
    )
    claims = []
    for claim, source, url, title, date in session.execute(query):
        claims.append(CheckedClaim(
            id=claim.id, document_id=claim.document_id, source=source, url=url, title=title, date=date,
            text=claim.text, value=claim.value_num, unit=claim.unit, value_normalized=claim.value_normalized,
            low=claim.low_normalized, high=claim.high_normalized, unit_normalized=claim.unit_normalized,
            dimension=claim.dimension, entity=claim.entity, attribute=claim.attribute,
            qualifiers=json.loads(claim.qualifiers or "{}"), modifier=claim.modifier, change=claim.change,
            sentence=claim.sentence, sentence_start=claim.sentence_start, start=claim.start_char, end=claim.end_char,
            entity_id=claim.entity_id,
        ))
    return claims


def find_flags(claims: list[CheckedClaim], groups: dict[int, int], names: dict[int, str], tolerances: dict,
               keys: dict[str, int] | None = None) -> list[Flag]:
    keys = keys or {}
    flags: dict[str, Flag] = {}
    buckets: dict[tuple, list[CheckedClaim]] = defaultdict(list)
    for c in read_for_comparison(claims, groups, names, keys):
        eid = c.entity_id
        if eid is None or c.value_normalized is None:
            continue  # a claim about nothing named cannot be compared with anything
        attribute = canonical_attribute(c.attribute, c.dimension)
        if attribute is None and c.dimension == "dimensionless":
            continue  # a bare count or ratio: without knowing what it counts there is nothing to compare
        buckets[(groups.get(eid, eid), attribute, c.dimension, c.unit_normalized, c.change)].append(c)
    for (group, attribute, *_), members in buckets.items():
        for a, b in _cross_source_pairs(members):
            comparable, _ = qualifier_difference(a, b)
            verdict = judge(a, b, tolerances) if comparable else precision_mislabel(a, b)
            if verdict is not None:
                flag = flag_for(verdict, a, b, names.get(group), attribute)
                flags.setdefault(flag.key, flag)
    _typos_across_attributes(buckets, names, flags)
    for flag in derived_flags(claims, groups, names, keys, tolerances) + family_flags(claims, names, groups):
        flags.setdefault(flag.key, flag)
    by_sentence: dict[tuple, list[CheckedClaim]] = defaultdict(list)
    for c in claims:
        by_sentence[(c.document_id, c.sentence_start)].append(c)
    for members in by_sentence.values():
        for a, b in zip(members, members[1:]):
            verdict = restatement_error(a, b, tolerances)
            if verdict is not None:
                eid = a.entity_id
                flag = flag_for(verdict, a, b, names.get(groups.get(eid, eid)) if eid else a.entity,
                                canonical_attribute(a.attribute, a.dimension))
                flags.setdefault(flag.key, flag)
    return sorted(flags.values(), key=lambda f: (-SEVERITY_ORDER[f.severity], f.entity or "", f.attribute or ""))


def _typos_across_attributes(buckets, names, flags) -> None:
    """A digit too many (`12209` vs `1229 TB/s`) is worth showing even when one side names its
    attribute only vaguely (`bandwidth` vs `memory bandwidth`), or is a bound that would hold the other."""
    by_entity: dict[tuple, list[tuple[str | None, CheckedClaim]]] = defaultdict(list)
    for (group, attribute, dimension, unit, change), members in buckets.items():
        for c in members:
            by_entity[(group, dimension, unit, change)].append((attribute, c))
    generic = set(default_attributes())
    for (group, *_), members in by_entity.items():
        for (attr_a, a), (attr_b, b) in combinations(members, 2):
            if a.document_id == b.document_id:
                continue
            if not (attr_a == attr_b or attr_a in generic or attr_b in generic or attr_a is None or attr_b is None):
                continue
            verdict = typo_verdict(a, b)  # even `up to 12209` "holds" 1229: the digits tell
            if verdict is not None:
                flag = flag_for(verdict, a, b, names.get(group), attr_b if attr_a in generic else attr_a)
                flags.setdefault(flag.key, flag)


def _cross_source_pairs(members: list[CheckedClaim]):
    """Pairs from different documents, one claim per distinct value per document: a figure repeated
    inside one source never corroborates (or contradicts) itself twice."""
    seen: dict[tuple, CheckedClaim] = {}
    for c in members:
        seen.setdefault((c.document_id, round(c.value_normalized, 9)), c)
    unique = list(seen.values())
    for a, b in combinations(unique, 2):
        if a.document_id != b.document_id:
            yield a, b


def group_names(groups: dict[int, int], names: dict[int, str], claims: list[CheckedClaim]) -> dict[int, str]:
    cited: dict[int, int] = defaultdict(int)
    for c in claims:
        if c.entity_id is not None:
            cited[c.entity_id] += 1
    return group_display_names(groups, names, cited)


def run_check(engine: Engine, overrides: dict[str, str] | None = None) -> CheckSummary:
    """Check every stored claim and replace the stored flags with this run's, in one transaction."""
    tolerances = resolve_tolerances(overrides)
    with Session(engine) as session, session.begin():
        groups = entity_groups(session)
        claims = load_claims(session)
        names = group_names(groups, dict(session.execute(select(Entity.id, Entity.name)).all()), claims)
        keys = dict(session.execute(select(EntityAlias.key, EntityAlias.entity_id)).all())
        flags = find_flags(claims, groups, names, tolerances, keys)
        run = CheckRun(tolerances=json.dumps(tolerances, sort_keys=True), claims=len(claims), flags=len(flags))
        session.add(run)
        session.flush()
        session.execute(delete(FlagRow).where(FlagRow.run_id != run.id))
        for flag in flags:
            flag_id = session.execute(insert(FlagRow).values(
                run_id=run.id, key=flag.key, kind=flag.kind, severity=flag.severity, entity=flag.entity,
                attribute=flag.attribute, qualifiers=json.dumps(flag.qualifiers, ensure_ascii=False, sort_keys=True),
                explanation=flag.explanation,
                derived=json.dumps(flag.derived) if flag.derived else None)).inserted_primary_key[0]
            session.execute(insert(FlagClaim), [{"flag_id": flag_id, "claim_id": c.id, "position": i}
                                                for i, c in enumerate(flag.claims)])
        return CheckSummary(run.id, len(claims), flags, tolerances)
