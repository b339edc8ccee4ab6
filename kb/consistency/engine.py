"""Running a check: load claims, group the comparable ones, apply the rules, store the flags."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import delete, func, insert, select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kb.consistency.attributes import canonical_attribute, default_attributes
from kb.consistency.derived import derived_flags
from kb.consistency.family import family_flags
from kb.consistency.model import CheckedClaim, Flag
from kb.consistency.readings import read_for_comparison
from kb.consistency.rules import (
    SEVERITY_ORDER,
    digits,
    default_tolerances,
    flag_for,
    judge,
    overlaps,
    precision_mislabel,
    qualifier_difference,
    restatement_error,
    source_name,
    typo_verdict,
)
from kb.entities import entity_groups, group_display_names
from kb.errors import KbError
from kb.store.models import CheckRun, Claim, Entity, EntityAlias, FlagClaim, FlagRow


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


#: The columns of CheckedClaim, in its order, without the sentence (`sentences_of` reads the few the
#: restatement rule needs). Plain SQL through the driver's own cursor: SQLAlchemy's row objects cost
#: more than the query itself when a check reads a million claims.
_LOAD_SQL = (
    "SELECT c.id, c.document_id, d.source, d.url, d.title, d.date, c.text, c.value_num, c.unit, "
    "c.value_normalized, c.low_normalized, c.high_normalized, c.unit_normalized, c.dimension, c.entity, "
    "c.attribute, c.qualifiers, c.modifier, c.change, '', c.sentence_start, c.start_char, c.end_char, "
    "c.entity_id FROM claims c JOIN documents d ON d.id = c.document_id "
    # one text stored under several names (copies, mirrors) is one source, read from its first copy
    "WHERE d.id IN (SELECT min(id) FROM documents GROUP BY content_hash)"
)


def load_claims(session: Session) -> list[CheckedClaim]:
    """Every stored claim in document order, its sentence left empty; of documents with the same
    text, only the first one's (copies under other names do not corroborate each other)."""
    cursor = session.connection().connection.cursor()
    cursor.execute(_LOAD_SQL)
    qualifiers: dict[str, dict] = {}  # most claims share `{}` or a few formats: parse each text once
    shared: dict = {}  # one copy of each repeated value (sources, units, entities, attributes)
    one = shared.setdefault
    claims = []
    while rows := cursor.fetchmany(50_000):
        for (id_, doc, source, url, title, date, text, value, unit, normalized, low, high, unit_normalized,
             dimension, entity, attribute, quals, modifier, change, sentence, sentence_start, start, end,
             entity_id) in rows:
            parsed = qualifiers.get(quals)
            if parsed is None:
                parsed = qualifiers[quals] = json.loads(quals or "{}")
            claims.append(CheckedClaim(
                id_, doc, one(source, source), one(url, url), one(title, title), one(date, date), text, value,
                one(unit, unit), normalized, low, high, one(unit_normalized, unit_normalized),
                one(dimension, dimension), one(entity, entity), one(attribute, attribute), parsed,
                one(modifier, modifier), change, sentence, sentence_start, start, end, entity_id))
    cursor.close()
    claims.sort(key=lambda c: (c.source, c.start))
    return claims


def sentences_of(session: Session, ids: list[int]) -> dict[int, str]:
    found = {}
    for start in range(0, len(ids), 500):
        found.update(session.execute(select(Claim.id, Claim.sentence).where(Claim.id.in_(ids[start:start + 500]))).all())
    return found


def find_flags(claims: list[CheckedClaim], groups: dict[int, int], names: dict[int, str], tolerances: dict,
               keys: dict[str, int] | None = None, fetch_sentences=None) -> list[Flag]:
    """Every flag the rules raise. Claims are compared only within a bucket (entity group, attribute,
    dimension, unit, change): the work grows with the claims, never with their pairs across buckets.
    `fetch_sentences(ids)` supplies sentences the claims were loaded without."""
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
        held: dict[tuple[int, int], str] = {}  # (claim id, claim id) -> key of the flag that holds the pair
        mislabels = []
        unique = _one_per_value(members)
        for a, b in _cross_source_pairs(unique):
            comparable, _ = qualifier_difference(a, b)
            verdict = judge(a, b, tolerances) if comparable else precision_mislabel(a, b)
            if verdict is not None:
                flag = flag_for(verdict, a, b, names.get(group), attribute)
                flags.setdefault(flag.key, flag)
                held[(a.id, b.id)] = held[(b.id, a.id)] = flag.key
                if not comparable:
                    mislabels.append((a, b))
        for a, c in mislabels:
            _mislabel_with_its_evidence(a, c, unique, held, flags, names.get(group), attribute)
    _typos_across_attributes(buckets, names, flags)
    for flag in derived_flags(claims, groups, names, keys, tolerances) + family_flags(claims, groups, names):
        flags.setdefault(flag.key, flag)
    for a, b in _restatement_candidates(claims, fetch_sentences):
        verdict = restatement_error(a, b, tolerances)
        if verdict is not None:
            eid = a.entity_id
            flag = flag_for(verdict, a, b, names.get(groups.get(eid, eid)) if eid else a.entity,
                            canonical_attribute(a.attribute, a.dimension))
            flags.setdefault(flag.key, flag)
    return sorted(flags.values(), key=lambda f: (-SEVERITY_ORDER[f.severity], f.entity or "", f.attribute or ""))


def _mislabel_with_its_evidence(a, c, unique, held: dict, flags: dict, entity: str | None,
                                attribute: str | None) -> None:
    """One source's figure for one precision is the other's for another (`2,615 TFLOPS` FP16 here, `~2.6
    PFLOPS` FP8 there) while the other gives a different figure for the first (`~1.3 PFLOPS` FP16): the
    first label is wrong, and the three claims are one flag, which replaces the two that held them."""
    for labelled, other in ((a, c), (c, a)):
        precision = labelled.qualifiers["precision"]
        stated = next((b for b in unique if b.document_id == other.document_id and b.id != other.id
                       and b.qualifiers.get("precision") == precision and not overlaps(b, labelled)), None)
        if stated is None:
            continue
        for pair in ((a.id, c.id), (labelled.id, stated.id)):
            flags.pop(held.get(pair), None)
        reason = (f"{source_name(labelled)} gives {labelled.text} for {precision}, which is what "
                  f"{source_name(other)} gives for {other.qualifiers['precision']} ({other.text}); for {precision} "
                  f"{source_name(other)} says {stated.text}: the {precision} label is likely wrong")
        flag = Flag("error_in_source", "medium", entity, attribute, dict(labelled.qualifiers), reason + ".",
                    [labelled, stated, other])
        flags.setdefault(flag.key, flag)
        return


def _restatement_candidates(claims: list[CheckedClaim], fetch_sentences=None):
    """Neighbouring claims of one sentence in the same dimension but different units (`12209 TB/s
    (1.2 PB/s)`), with their sentence; only these few sentences are read when they were not loaded.
    Claims come in document order, so the claims of a sentence are next to each other."""
    pairs = [(a, b) for a, b in zip(claims, claims[1:])
             if a.sentence_start == b.sentence_start and a.document_id == b.document_id
             and a.dimension == b.dimension and a.unit != b.unit]
    if fetch_sentences is not None:
        sentences = fetch_sentences(sorted({c.id for pair in pairs for c in pair}))
        pairs = [(a._replace(sentence=sentences[a.id]), b._replace(sentence=sentences[b.id])) for a, b in pairs]
    return pairs


def _typos_across_attributes(buckets, names, flags) -> None:
    """A digit too many (`12209` vs `1229 TB/s`) is worth showing even when one side names its
    attribute only vaguely (`bandwidth` vs `memory bandwidth`), or is a bound that would hold the other.
    Candidates are found by deleting each digit of a figure and looking the rest up: no pairwise scan."""
    by_entity: dict[tuple, list[tuple[str | None, CheckedClaim]]] = defaultdict(list)
    for (group, attribute, dimension, unit, change), members in buckets.items():
        for c in members:
            by_entity[(group, dimension, unit, change)].append((attribute, c))
    generic = set(default_attributes())
    for (group, *_), members in by_entity.items():
        if len(members) < 2:
            continue
        by_digits: dict[str, list[int]] = defaultdict(list)
        for i, (_, c) in enumerate(members):
            by_digits[digits(c.value)].append(i)
        for longer, long_ids in by_digits.items():
            if len(longer) < 4:
                continue
            for shorter in {longer[:k] + longer[k + 1:] for k in range(len(longer))}:
                for i, j in ((i, j) for i in by_digits.get(shorter, ()) for j in long_ids):
                    (attr_a, a), (attr_b, b) = members[min(i, j)], members[max(i, j)]
                    if a.document_id == b.document_id:
                        continue
                    if not (attr_a == attr_b or attr_a in generic or attr_b in generic or attr_a is None
                            or attr_b is None):
                        continue
                    verdict = typo_verdict(a, b)  # even `up to 12209` "holds" 1229: the digits tell
                    if verdict is not None:
                        flag = flag_for(verdict, a, b, names.get(group), attr_b if attr_a in generic else attr_a)
                        flags.setdefault(flag.key, flag)


def _one_per_value(members: list[CheckedClaim]) -> list[CheckedClaim]:
    """One claim per distinct value per document: a figure repeated inside one source never
    corroborates (or contradicts) itself twice. Of the repeats, the one that states the most
    conditions stands for them (`989 TFLOPS` in a lead, `[FP16 dense] 989 TFLOPS` below)."""
    seen: dict[tuple, CheckedClaim] = {}
    for c in members:
        key = (c.document_id, c.value_normalized)
        if key not in seen or len(c.qualifiers) > len(seen[key].qualifiers):
            seen[key] = c
    return list(seen.values())


def _cross_source_pairs(unique: list[CheckedClaim]):
    """Pairs of claims from different documents."""
    for a, b in combinations(unique, 2):
        if a.document_id != b.document_id:
            yield a, b


def group_names(groups: dict[int, int], names: dict[int, str], claims: list[CheckedClaim]) -> dict[int, str]:
    cited: dict[int, int] = defaultdict(int)
    for c in claims:
        if c.entity_id is not None:
            cited[c.entity_id] += 1
    return group_display_names(groups, names, cited)


def store_flags(session: Session, run_id: int, flags: list[Flag]) -> None:
    """Insert the flags and their claims in a few bulk statements. Ids are given here, not by the
    database: SQLite cannot return the ids of a multi-row insert in order. The caller holds the
    check lock, so no other run takes the same ids."""
    connection = session.connection()
    next_id = (session.scalar(select(func.max(FlagRow.id))) or 0) + 1
    for batch in _batches(flags, 10_000):
        rows = [{
            "id": next_id + i, "run_id": run_id, "key": flag.key, "kind": flag.kind, "severity": flag.severity,
            "entity": flag.entity, "attribute": flag.attribute,
            "qualifiers": json.dumps(flag.qualifiers, ensure_ascii=False, sort_keys=True),
            "explanation": flag.explanation, "derived": json.dumps(flag.derived) if flag.derived else None,
        } for i, flag in enumerate(batch)]
        connection.execute(insert(FlagRow.__table__), rows)
        links = [{"flag_id": row["id"], "claim_id": c.id, "position": i}
                 for row, flag in zip(rows, batch) for i, c in enumerate(flag.claims)]
        connection.execute(insert(FlagClaim.__table__), links)
        next_id += len(batch)


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def run_check(engine: Engine, overrides: dict[str, str] | None = None) -> CheckSummary:
    """Check every stored claim and replace the stored flags with this run's, in one transaction."""
    tolerances = resolve_tolerances(overrides)
    with Session(engine) as session, session.begin():
        if engine.dialect.name == "postgresql":  # SQLite's BEGIN IMMEDIATE already serializes checks
            session.execute(sql_text("SELECT pg_advisory_xact_lock(7400385)"))
        groups = entity_groups(session)
        claims = load_claims(session)
        names = group_names(groups, dict(session.execute(select(Entity.id, Entity.name)).all()), claims)
        keys = dict(session.execute(select(EntityAlias.key, EntityAlias.entity_id)).all())
        flags = find_flags(claims, groups, names, tolerances, keys, lambda ids: sentences_of(session, ids))
        run = CheckRun(tolerances=json.dumps(tolerances, sort_keys=True), claims=len(claims), flags=len(flags))
        session.add(run)
        session.flush()
        session.execute(delete(FlagRow).where(FlagRow.run_id != run.id))
        store_flags(session, run.id, flags)
        return CheckSummary(run.id, len(claims), flags, tolerances)
