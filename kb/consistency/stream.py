"""The claims a check reads from the database: every comparable claim group by group (so memory
holds one group, not the knowledge base), and the few that the rules looking across one document's
entities need (figures per chip, chip counts, families, restatements), found by SQL.

Plain SQL through the driver's own cursor: SQLAlchemy's row objects cost more than the query itself
when a check reads millions of claims. On PostgreSQL the cursor is a server-side one.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import Column, Integer, MetaData, Table, bindparam, delete, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from kb.consistency.family import FAMILY
from kb.consistency.model import CheckedClaim
from kb.consistency.readings import PER_CHIP, chip_groups_named, counts_accelerators, one_chip_per_document
from kb.entities import parse_model_name, suffix_forms
from kb.store.bulk import bulk_insert
from kb.store.models import Claim, EntityAlias

GROUPS_TABLE = "kb_check_groups"
_GROUPS = Table(GROUPS_TABLE, MetaData(), Column("entity_id", Integer, primary_key=True),
                Column("group_id", Integer, nullable=False), prefixes=["TEMPORARY"])


#: The columns of CheckedClaim, in its order, without the sentence (`sentences_of` reads the few the
#: restatement rule needs). Plain SQL through the driver's own cursor: SQLAlchemy's row objects cost
#: more than the query itself when a check reads millions of claims.
_COLUMNS = (
    "c.id, c.document_id, d.source, d.url, d.title, d.date, c.text, c.value_num, c.unit, "
    "c.value_normalized, c.low_normalized, c.high_normalized, c.unit_normalized, c.dimension, c.entity, "
    "c.attribute, c.qualifiers, c.modifier, c.change, '', c.sentence_start, c.start_char, c.end_char, c.entity_id, "
    # the character before the figure (SQLite and PostgreSQL count substr from 1)
    "substr(c.sentence, c.start_char - c.sentence_start, 1), c.entity_from_context"
)
#: one text stored under several names (copies, mirrors) is one source, read from its first copy
_FIRST_COPIES = "c.document_id IN (SELECT min(id) FROM documents GROUP BY content_hash)"
_FROM = "FROM claims c JOIN documents d ON d.id = c.document_id"
#: Every comparable claim (named, with a value) in group order: the groups of entities that differ
#: from the entity itself are in a temporary table, the rest are their own group.
_BY_GROUP_SQL = (
    f"SELECT COALESCE(g.group_id, c.entity_id) AS grp, {_COLUMNS} {_FROM} "
    f"LEFT JOIN {GROUPS_TABLE} g ON g.entity_id = c.entity_id "
    f"WHERE c.entity_id IS NOT NULL AND c.value_normalized IS NOT NULL AND {_FIRST_COPIES} ORDER BY grp"
)
#: Neighbouring claims of one sentence in the same dimension but different units: the window does
#: in the database what a scan of every claim in document order would do here.
_RESTATEMENT_SQL = (
    "SELECT id, next_id FROM (SELECT c.id, c.sentence_start, c.dimension, c.unit, "
    "LEAD(c.id) OVER w AS next_id, LEAD(c.sentence_start) OVER w AS next_sentence, "
    "LEAD(c.dimension) OVER w AS next_dimension, LEAD(c.unit) OVER w AS next_unit "
    f"FROM claims c WHERE {_FIRST_COPIES} WINDOW w AS (PARTITION BY c.document_id ORDER BY c.start_char, c.id)) t "
    "WHERE next_sentence = sentence_start AND COALESCE(next_dimension, '') = COALESCE(dimension, '') "
    "AND COALESCE(next_unit, '') <> COALESCE(unit, '')"
)


class _ClaimRows:
    """Database rows -> CheckedClaim, sharing one copy of each repeated value (sources, units,
    entities, attributes) and parsing each qualifiers text once: most claims share `{}`."""

    def __init__(self):
        self.qualifiers: dict[str, dict] = {}
        self.shared: dict = {}

    def claim(self, row) -> CheckedClaim:
        (id_, doc, source, url, title, date, text, value, unit, normalized, low, high, unit_normalized,
         dimension, entity, attribute, quals, modifier, change, sentence, sentence_start, start, end,
         entity_id, before, from_context) = row
        one = self.shared.setdefault
        parsed = self.qualifiers.get(quals)
        if parsed is None:
            parsed = self.qualifiers[quals] = json.loads(quals or "{}")
        return CheckedClaim(
            id_, doc, one(source, source), one(url, url), one(title, title), one(date, date), text, value,
            one(unit, unit), normalized, low, high, one(unit_normalized, unit_normalized), one(dimension, dimension),
            one(entity, entity), one(attribute, attribute), parsed, one(modifier, modifier), change, sentence,
            sentence_start, start, end, entity_id, None, one(before or "", before or ""), bool(from_context))


def in_document_order(claims) -> list[CheckedClaim]:
    return sorted(claims, key=lambda c: (c.source, c.start))


def _cursor(session: Session, name: str):
    """The driver's cursor; on PostgreSQL a server-side one, so rows come in batches however many
    the query returns (SQLite's cursor already steps through its result)."""
    connection = session.connection().connection
    return connection.cursor(name=name) if session.bind.dialect.name == "postgresql" else connection.cursor()


def claims_by_group(session: Session, batch: int = 20_000):
    """(group id, its comparable claims in document order) for every group, one group at a time:
    memory holds the largest group, never every claim."""
    rows = _ClaimRows()
    cursor = _cursor(session, "kb_check_claims")
    cursor.execute(_BY_GROUP_SQL)
    group, members = None, []
    while batch_rows := cursor.fetchmany(batch):
        for row in batch_rows:
            if row[0] != group and members:
                yield group, in_document_order(members)
                members = []
                rows.shared.clear()  # shared within a group: the stream keeps nothing of the last one
            group = row[0]
            members.append(rows.claim(row[1:]))
    if members:
        yield group, in_document_order(members)
    cursor.close()


def named_figures(session: Session, batch: int = 20_000):
    """(entity id, attribute, dimension, value_normalized, value as stated, text) of every unhedged level
    (no change, no `about`) with an entity and an attribute, streamed: what linking names by shared
    figures reads."""
    cursor = _cursor(session, "kb_check_figures")
    cursor.execute("SELECT c.entity_id, c.attribute, c.dimension, c.value_normalized, c.value_num, c.text "
                   "FROM claims c WHERE c.entity_id IS NOT NULL AND c.value_normalized IS NOT NULL "
                   f"AND c.change IS NULL AND c.modifier = '=' AND c.attribute IS NOT NULL AND {_FIRST_COPIES}")
    while rows := cursor.fetchmany(batch):
        yield from rows
    cursor.close()


def claims_where(session: Session, condition: str, params: dict | None = None) -> list[CheckedClaim]:
    """The claims (of first copies) that meet an SQL condition, in document order: the few the
    rules that look across a document's entities need."""
    rows = _ClaimRows()
    query = sql_text(f"SELECT {_COLUMNS} {_FROM} WHERE {_FIRST_COPIES} AND ({condition})")
    return in_document_order(rows.claim(tuple(r)) for r in session.execute(query, params or {}))


def _in_chunks(values, fetch, size: int = 500) -> list:
    """fetch(chunk) for chunks of `values`, joined: an IN list stays within what a driver binds."""
    values = sorted(values)
    return [found for start in range(0, len(values), size) for found in fetch(values[start:start + size])]


def claims_of_documents(session: Session, documents: set[int]) -> list[CheckedClaim]:
    return in_document_order(_in_chunks(documents, lambda ids: _claims_in(session, "c.document_id", ids)))


def _claims_in(session: Session, column: str, values: list) -> list[CheckedClaim]:
    query = sql_text(f"SELECT {_COLUMNS} {_FROM} WHERE {_FIRST_COPIES} AND {column} IN :values").bindparams(
        bindparam("values", expanding=True))
    rows = _ClaimRows()
    return [rows.claim(tuple(r)) for r in session.execute(query, {"values": values})]


def sentences_of(session: Session, ids: list[int]) -> dict[int, str]:
    return dict(_in_chunks(ids, lambda chunk: session.execute(
        select(Claim.id, Claim.sentence).where(Claim.id.in_(chunk))).all()))


def restatement_pairs(session: Session) -> list[tuple[CheckedClaim, CheckedClaim]]:
    """Neighbouring claims of one sentence in the same dimension but different units (`12209 TB/s
    (1.2 PB/s)`), with their sentence: the database finds the pairs, and only these few are read."""
    pairs = session.execute(sql_text(_RESTATEMENT_SQL)).all()
    ids = sorted({i for pair in pairs for i in pair})
    claims = {c.id: c for c in _in_chunks(ids, lambda chunk: _claims_in(session, "c.id", chunk))}
    sentences = sentences_of(session, ids)
    found = [(claims[a], claims[b]) for a, b in pairs if a in claims and b in claims]
    found = [(a._replace(sentence=sentences[a.id]), b._replace(sentence=sentences[b.id])) for a, b in found]
    return sorted(found, key=lambda pair: (pair[0].source, pair[0].start))


class AliasKeys:
    """alias key -> entity id, looked up when asked (a count's words name a chip now and then) rather
    than every alias of a large knowledge base held in memory."""

    def __init__(self, session: Session):
        self.session = session
        self.found: dict[str, int | None] = {}

    def get(self, key: str) -> int | None:
        if key not in self.found:
            self.found[key] = self.session.scalar(select(EntityAlias.entity_id).where(EntityAlias.key == key))
        return self.found[key]


def _counts_of_chips(session: Session, groups: dict[int, int], keys: AliasKeys, stated: set[int]):
    """(document -> the one chip its counts name, documents whose chip count could divide a total
    into a figure some source states per chip of a group in `stated`), from one pass over the counts."""
    named: dict[int, set[int]] = defaultdict(set)
    dividing: set[int] = set()
    chips_of_words: dict[str, set[int]] = {}
    cursor = _cursor(session, "kb_check_counts")
    cursor.execute("SELECT c.document_id, c.entity_id, c.attribute FROM claims c WHERE c.dimension = 'dimensionless' "
                   f"AND c.attribute IS NOT NULL AND {_FIRST_COPIES}")
    while rows := cursor.fetchmany(20_000):
        for document, entity_id, attribute in rows:
            if not counts_accelerators(attribute):
                continue
            chips = chips_of_words.get(attribute)
            if chips is None:
                chips = chips_of_words[attribute] = chip_groups_named(attribute, groups, keys)
            named[document] |= chips
            group = groups.get(entity_id, entity_id) if entity_id is not None else None
            if stated and (group in stated or chips & stated):
                dividing.add(document)
    cursor.close()
    return one_chip_per_document({doc: chips for doc, chips in named.items() if chips}), dividing


def _family_documents(session: Session) -> set[int]:
    """Documents with a claim about a family of models (`950 series`): the words that say so, found
    by the database (a superset), the name then parsed here."""
    words = sorted(set(suffix_forms(FAMILY)))
    condition = " OR ".join(f"lower(c.entity) LIKE :w{i}" for i in range(len(words)))
    query = sql_text(f"SELECT DISTINCT c.document_id, c.entity FROM claims c WHERE c.entity IS NOT NULL AND ({condition})")
    rows = session.execute(query, {f"w{i}": f"%{w}%" for i, w in enumerate(words)}).all()
    return {doc for doc, entity in rows if parse_model_name(entity).suffix == FAMILY}


def document_rules_claims(session: Session, groups: dict[int, int], keys: AliasKeys):
    """(claims, chip_of): what the rules across one document's entities read (`Reading`, derived
    totals, families): every figure stated per chip, and every claim of a document whose chip count
    could divide a total into one of them or that names a family. Few, whatever the claim count."""
    per_chip = [c for c in claims_where(session, "c.qualifiers LIKE :cue", {"cue": f"%{PER_CHIP}%"})
                if c.qualifiers.get("scope") == PER_CHIP]
    stated = {groups.get(c.entity_id, c.entity_id) for c in per_chip if c.entity_id is not None}
    chip_of, dividing = _counts_of_chips(session, groups, keys, stated)
    claims = {c.id: c for c in per_chip}
    claims.update((c.id, c) for c in claims_of_documents(session, dividing | _family_documents(session)))
    return in_document_order(claims.values()), chip_of


def write_groups(session: Session, groups: dict[int, int]) -> None:
    """The entities whose group is another entity, in a temporary table the claims query joins."""
    connection = session.connection()
    _GROUPS.create(connection, checkfirst=True)
    connection.execute(delete(_GROUPS))
    bulk_insert(connection, _GROUPS, [{"entity_id": e, "group_id": g} for e, g in groups.items() if e != g])


def cited_counts(session: Session) -> dict[int, int]:
    """entity id -> how many claims (of first copies) cite it: the most cited spelling names a group."""
    query = sql_text(f"SELECT c.entity_id, count(*) FROM claims c WHERE c.entity_id IS NOT NULL AND {_FIRST_COPIES} "
                     "GROUP BY c.entity_id")
    return dict(session.execute(query).all())


def claim_count(session: Session) -> int:
    return session.execute(sql_text(f"SELECT count(*) FROM claims c WHERE {_FIRST_COPIES}")).scalar_one()


def drop_groups(session: Session) -> None:
    session.execute(sql_text(f"DROP TABLE {GROUPS_TABLE}"))
