"""Running a check: claims group by group, the rules within each group and across documents, the
flags stored as they are found."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import delete, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kb.consistency.attributes import canonical_attribute, default_attributes
from kb.consistency.derived import derived_flags
from kb.consistency.family import family_flags
from kb.consistency.model import CheckedClaim, Flag
from kb.consistency.readings import Reading
from kb.consistency.shared_figures import apply_links, link_by_shared_figures, note_links
from kb.consistency.rules import (
    Verdict,
    capped_by_frames,
    conditions_of,
    digits,
    default_tolerances,
    explain_camps,
    flag_for,
    judge,
    overlaps,
    period_update,
    precision_mislabel,
    qualifier_difference,
    relative_gap,
    restatement_error,
    source_name,
    typo_verdict,
)
from kb.consistency.stream import (
    AliasKeys,
    claim_count,
    claims_by_group,
    cited_counts,
    document_rules_claims,
    drop_groups,
    in_document_order,
    restatement_pairs,
    write_groups,
)
from kb.entities import entity_groups, group_display_names
from kb.errors import KbError
from kb.store.bulk import bulk_insert
from kb.store.models import CheckRun, Entity, FlagClaim, FlagRow


@dataclass
class CheckSummary:
    run_id: int
    claims: int
    flag_counts: dict[tuple[str, str], int]  # (kind, severity) -> flags stored
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


def group_flags(group: int, members: list[CheckedClaim], names: dict[int, str], tolerances: dict) -> list[Flag]:
    """The flags among one group's claims (already read for comparison): each bucket of the same
    attribute, dimension, unit and change compared pair by pair across sources, then typos across
    the group's attributes."""
    flags: dict[str, Flag] = {}
    buckets: dict[tuple, list[CheckedClaim]] = defaultdict(list)
    for c in members:
        attribute = canonical_attribute(c.attribute, c.dimension)
        if attribute is None and c.dimension == "dimensionless":
            continue  # a bare count or ratio: without knowing what it counts there is nothing to compare
        buckets[(attribute, c.dimension, c.unit_normalized, c.change)].append(c)
    name = names.get(group)
    for (attribute, *_), bucket in buckets.items():
        held: dict[tuple[int, int], str] = {}  # (claim id, claim id) -> key of the flag that holds the pair
        mislabels = []
        unique = _one_per_value(bucket)
        judged: dict[str, Verdict] = {}
        for a, b in _cross_source_pairs(unique):
            comparable, _ = qualifier_difference(a, b)
            mislabel = None if comparable else precision_mislabel(a, b)
            verdict = judge(a, b, tolerances) if comparable else mislabel or period_update(a, b)
            if verdict is not None:
                flag = flag_for(verdict, a, b, name, attribute)
                flags.setdefault(flag.key, flag)
                judged[flag.key] = verdict
                held[(a.id, b.id)] = held[(b.id, a.id)] = flag.key
                if mislabel is not None:
                    mislabels.append((a, b))
        for a, c in mislabels:
            _mislabel_with_its_evidence(a, c, unique, held, flags, name, attribute)
        _one_flag_per_disagreement(flags, judged, name, attribute)
    _typos_across_attributes(buckets, name, flags)
    return list(flags.values())


def _one_flag_per_disagreement(flags: dict, judged: dict, entity: str | None, attribute: str | None) -> None:
    """Sources that split into two camps (`185米` in two, `181 m` in two others) disagree once, not four
    times: the pair flags of one verdict between the same two values become one flag holding every
    claim of both camps, its explanation naming each source."""
    camps: dict[tuple, list[str]] = defaultdict(list)
    for key, verdict in judged.items():
        flag = flags.get(key)
        if flag is None or len(flag.claims) != 2:
            continue  # replaced by a rule that reads more claims (a mislabelled precision)
        values = frozenset(c.value_normalized for c in flag.claims)
        camps[(verdict.kind, verdict.severity, verdict.reason, values)].append(key)
    for (kind, severity, reason, _), keys in camps.items():
        if len(keys) < 2:
            continue
        claims = {c.id: c for key in keys for c in flags.pop(key).claims}
        merged = sorted(claims.values(), key=lambda c: (c.value_normalized, c.source, c.start))
        first = merged[0]
        left = [c for c in merged if c.value_normalized == first.value_normalized]
        right = [c for c in merged if c.value_normalized != first.value_normalized]
        flag = capped_by_frames(Flag(kind, severity, entity, attribute, conditions_of(merged),
                                     explain_camps(left, right, reason), merged))
        flags.setdefault(flag.key, flag)


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


def _typos_across_attributes(buckets, name: str | None, flags) -> None:
    """A digit too many (`12209` vs `1229 TB/s`) is worth showing even when one side names its
    attribute only vaguely (`bandwidth` vs `memory bandwidth`), or is a bound that would hold the other.
    Candidates are found by deleting each digit of a figure and looking the rest up: no pairwise scan.
    `buckets` are one group's, keyed by (attribute, dimension, unit, change)."""
    by_measure: dict[tuple, list[tuple[str | None, CheckedClaim]]] = defaultdict(list)
    for (attribute, dimension, unit, change), members in buckets.items():
        for c in members:
            by_measure[(dimension, unit, change)].append((attribute, c))
    generic = set(default_attributes())
    for members in by_measure.values():
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
                        flag = flag_for(verdict, a, b, name, attr_b if attr_a in generic else attr_a)
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
    by_document: dict[int, list[CheckedClaim]] = defaultdict(list)
    for c in seen.values():
        by_document[c.document_id].append(c)
    return [c for c in seen.values() if not _restates(c, by_document[c.document_id])]


#: How far a figure in brackets may be from the one it restates in another unit (`181 m (594 ft)`).
_RESTATED_WITHIN = 0.05


def _restates(c: CheckedClaim, same_source: list[CheckedClaim]) -> bool:
    """A figure in brackets restating another of its source in another unit (`181 m (594 ft)`, rounded by
    the writer): the first says it, so the restatement is not held against other sources a second time."""
    return c.before in ("(", "（") and any(
        d is not c and d.before not in ("(", "（") and relative_gap(c, d) <= _RESTATED_WITHIN for d in same_source)


def _cross_source_pairs(unique: list[CheckedClaim]):
    """Pairs of claims from different documents."""
    for a, b in combinations(unique, 2):
        if a.document_id != b.document_id:
            yield a, b


#: PostgreSQL's memory for each sort or hash of the check's queries (a few run at once).
CHECK_WORK_MEM = "64MB"


class _FlagWriter:
    """Stores flags as they are found, in bulk statements of a few thousand, each flag once (by key;
    the first rule to raise it keeps it). Ids are given here, not by the database: SQLite cannot
    return the ids of a multi-row insert in order. The caller holds the check lock, so no other
    run takes the same ids."""

    def __init__(self, session: Session, run_id: int, batch: int = 5_000):
        self.connection = session.connection()
        self.run_id, self.batch = run_id, batch
        self.next_id = (session.scalar(select(func.max(FlagRow.id))) or 0) + 1
        self.keys: set[str] = set()
        self.pending: list[Flag] = []
        self.counts: dict[tuple[str, str], int] = defaultdict(int)

    def add(self, flags) -> None:
        for flag in flags:
            if flag.key in self.keys:
                continue
            self.keys.add(flag.key)
            self.counts[(flag.kind, flag.severity)] += 1
            self.pending.append(flag)
            if len(self.pending) >= self.batch:
                self.flush()

    def flush(self) -> None:
        rows = [{
            "id": self.next_id + i, "run_id": self.run_id, "key": flag.key, "kind": flag.kind,
            "severity": flag.severity, "entity": flag.entity, "attribute": flag.attribute,
            "qualifiers": json.dumps(flag.qualifiers, ensure_ascii=False, sort_keys=True),
            "explanation": flag.explanation, "derived": json.dumps(flag.derived) if flag.derived else None,
        } for i, flag in enumerate(self.pending)]
        if rows:
            links = [{"flag_id": row["id"], "claim_id": c.id, "position": i}
                     for row, flag in zip(rows, self.pending) for i, c in enumerate(flag.claims)]
            bulk_insert(self.connection, FlagRow.__table__, rows)
            bulk_insert(self.connection, FlagClaim.__table__, links)
        self.next_id += len(rows)
        self.pending = []

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def run_check(engine: Engine, overrides: dict[str, str] | None = None) -> CheckSummary:
    """Check every stored claim and replace the stored flags with this run's, in one transaction.
    Claims are read group by group (see `claims_by_group`) and flags stored as they are found, so
    memory is bounded by the largest group, not by the number of claims; the rules that look across
    one document's entities (derived totals, families, restatements) read the few claims they need."""
    tolerances = resolve_tolerances(overrides)
    with Session(engine) as session, session.begin():
        if engine.dialect.name == "postgresql":  # SQLite's BEGIN IMMEDIATE already serializes checks
            session.execute(sql_text("SELECT pg_advisory_xact_lock(7400385)"))
            # the check sorts and counts every claim by group: with the default 4 MB a sort of millions
            # of rows merges from disk; this is the check's transaction only
            session.execute(sql_text(f"SET LOCAL work_mem = '{CHECK_WORK_MEM}'"))
        by_name = entity_groups(session)
        names = group_display_names(by_name, dict(session.execute(select(Entity.id, Entity.name)).all()),
                                    cited_counts(session))
        links = link_by_shared_figures(session, by_name, names)  # one thing named in two scripts
        groups = apply_links(by_name, links)
        keys = AliasKeys(session)
        run = CheckRun(tolerances=json.dumps(tolerances, sort_keys=True), claims=claim_count(session), flags=0)
        session.add(run)
        session.flush()
        session.execute(delete(FlagRow).where(FlagRow.run_id != run.id))
        writer = _FlagWriter(session, run.id)
        across, chip_of = document_rules_claims(session, groups, keys)
        reading = Reading(groups, names, chip_of)
        moved = reading.moved(across)  # per-chip figures read as their chip's, which is another group
        moved_ids = {c.id for members in moved.values() for c in members}
        write_groups(session, groups)
        seen = set()
        for group, members in claims_by_group(session):
            seen.add(group)
            members = [reading.read(c) for c in members if c.id not in moved_ids] + moved.pop(group, [])
            writer.add(note_links(group_flags(group, in_document_order(members), names, tolerances), links, by_name))
        for group, members in moved.items():
            writer.add(note_links(group_flags(group, in_document_order(members), names, tolerances), links, by_name))
        writer.add(derived_flags(across, groups, names, keys, tolerances))
        writer.add(family_flags(across, groups, names))
        for a, b in restatement_pairs(session):
            verdict = restatement_error(a, b, tolerances)
            if verdict is not None:
                eid = a.entity_id
                writer.add([flag_for(verdict, a, b, names.get(groups.get(eid, eid)) if eid else a.entity,
                                     canonical_attribute(a.attribute, a.dimension))])
        writer.flush()
        drop_groups(session)
        run.flags = writer.total
        return CheckSummary(run.id, run.claims, dict(writer.counts), tolerances)
