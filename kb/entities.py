"""Entities: the things claims are about, with the spellings that name them, and which spellings
name the same thing (rapidfuzz on the letters, the model number compared exactly).

Spellings are folded to a key (case, spaces, hyphens) so `CloudMatrix 384` and `cloudmatrix-384`
name one entity, while digits and suffix letters stay exact: `910B` and `910C` never merge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml
from rapidfuzz import fuzz
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from kb.errors import KbError
from kb.extract.names import name_words, product_names
from kb.store.models import Claim, Document, Entity, EntityAlias, EntitySplit


def alias_key(name: str) -> str:
    """`CloudMatrix 384` -> `cloudmatrix384`; full-width forms folded too."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\s\-_・.]+", "", folded)[:255]


_ENTITY_OF_KEY = select(EntityAlias.entity_id).where(EntityAlias.key == bindparam("key"))


def resolve(session: Session, name: str, cache: dict[str, int] | None = None) -> int:
    """The id of the entity `name` spells, creating it (with this spelling as alias) if new."""
    key = alias_key(name)
    if cache is not None and key in cache:
        return cache[key]
    entity_id = session.scalar(_ENTITY_OF_KEY, {"key": key})
    if entity_id is None:
        connection = session.connection()
        entity_id = connection.execute(insert(Entity.__table__), {"name": name}).inserted_primary_key[0]
        connection.execute(insert(EntityAlias.__table__), {"entity_id": entity_id, "alias": name, "key": key})
    if cache is not None:
        cache[key] = entity_id
    return entity_id


def register_counted_names(session: Session, attributes, cache: dict[str, int] | None = None) -> None:
    """Names a claim counts (`64 Zephyr 910X NPUs`) are entities too, though no claim is about them
    yet: the consistency rules read a system's per-chip figures as its chip's (readings.py)."""
    for attribute in attributes:
        for name in product_names(attribute or ""):
            resolve(session, name.text, cache)


def list_entities(session: Session) -> tuple[list[str], list[tuple]]:
    """(columns, rows): each entity with its aliases, the entity the naming rules match it to
    (`same_as`), and how many claims and documents cite it."""
    query = (
        select(
            Entity.id,
            Entity.name,
            func.count(Claim.id).label("claims"),
            func.count(func.distinct(Claim.document_id)).label("documents"),
        )
        .outerjoin(Claim, Claim.entity_id == Entity.id)
        .group_by(Entity.id, Entity.name)
        .order_by(func.count(Claim.id).desc(), Entity.name)
    )
    spellings: dict[int, list[str]] = {}
    for entity_id, alias in session.execute(select(EntityAlias.entity_id, EntityAlias.alias).order_by(EntityAlias.id)):
        spellings.setdefault(entity_id, []).append(alias)
    results = session.execute(query).all()
    groups = entity_groups(session)
    shown = group_display_names(groups, {id_: name for id_, name, _, _ in results},
                                {id_: claims for id_, _, claims, _ in results})
    rows = [(id_, name, " | ".join(spellings.get(id_, [])), shown[groups[id_]] if shown[groups[id_]] != name else "",
             claims, docs) for id_, name, claims, docs in results]
    return ["id", "name", "aliases", "same_as", "claims", "documents"], rows


# -- telling which spellings name the same thing -----------------------------------------------

@dataclass(frozen=True)
class ModelName:
    """A name taken apart: letters (`cloudmatrix`), model number (`384`, `910c`), suffix class (`pod`)."""

    letters: str
    initials: str
    number: str
    suffix: str


@cache
def _entity_rules() -> dict:
    return yaml.safe_load((resources.files("kb") / "entities.yaml").read_text(encoding="utf-8"))


def suffix_forms(kind: str) -> list[str]:
    """The words after a model number that say `kind` (`family`: series, lineup, シリーズ ...)."""
    return list(_entity_rules()["suffix_synonyms"][kind])


@lru_cache(maxsize=262144)
def parse_model_name(name: str) -> ModelName:
    rules = _entity_rules()
    text = unicodedata.normalize("NFKC", name)
    for script, latin in name_words().transliterations.items():
        text = text.replace(script, f" {latin} ")
    m = re.search(r"(\d+(?:\.\d+)?)([A-Za-z]{0,2})(?![A-Za-z])", text)
    head, number, tail = (text[: m.start()], (m.group(1) + m.group(2)).casefold(), text[m.end():]) if m else (text, "", "")
    words = [w for w in re.split(r"[\s\-_・.]+", head) if w and w.casefold() not in rules["maker_words"]]
    initials = "".join(c for w in words for c in w if c.isupper()).casefold()
    suffix = re.sub(r"\s+", " ", tail.casefold()).strip()
    for cls, forms in rules["suffix_synonyms"].items():
        if suffix in forms:
            suffix = cls
    return ModelName("".join(words).casefold(), initials, number, suffix)


def _letters_match(a: ModelName, b: ModelName) -> bool:
    if a.letters == b.letters:
        return True
    if not a.letters or not b.letters:
        return False
    if a.letters in (b.initials,) or b.letters in (a.initials,):
        return True  # CM384 = CloudMatrix 384
    shorter = min(len(a.letters), len(b.letters))
    return shorter >= 4 and fuzz.partial_ratio(a.letters, b.letters) >= 90


def same_model(a: ModelName, b: ModelName) -> bool:
    """Digits and suffix letters must match exactly (910 != 910B); names may differ in spelling."""
    return a.number == b.number and a.suffix == b.suffix and _letters_match(a, b)


def entity_groups(session: Session) -> dict[int, int]:
    """entity id -> id of the entity that represents its group, by the naming rules and user splits.

    A name without a suffix (`Atlas 950`) joins a suffixed one (`Atlas 950 SuperPoD`) only when that
    is the only suffix its model number has: never both `SuperPoD` and `SuperCluster`.
    """
    entities = session.execute(select(Entity.id, Entity.name).order_by(Entity.id)).all()
    split = {frozenset((a, b)) for a, b in session.execute(select(EntitySplit.key_a, EntitySplit.key_b))}
    parsed = {eid: parse_model_name(name) for eid, name in entities}
    keys = {eid: alias_key(name) for eid, name in entities}
    parent = {eid: eid for eid, _ in entities}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a, b):
        if frozenset((keys[a], keys[b])) not in split:
            parent[find(b)] = find(a)

    by_number: dict[str, list[int]] = {}
    for eid, model in parsed.items():
        by_number.setdefault(model.number, []).append(eid)
    for number, ids in by_number.items():
        if not number:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if same_model(parsed[a], parsed[b]):
                    join(a, b)
        for a in ids:
            if parsed[a].suffix:
                continue
            partners = [b for b in ids if parsed[b].suffix and _letters_match(parsed[a], parsed[b])]
            if len({parsed[b].suffix for b in partners}) == 1:
                for b in partners:
                    join(b, a)
    for number, ids in by_number.items():
        if number:
            _join_bare_numbers(ids, parsed, join)
    numbered: dict[str, set[str]] = {}
    for eid, model in parsed.items():
        if model.number:
            numbered.setdefault(model.letters, set()).add(model.number)
    for eid, model in parsed.items():
        numbers = numbered.get(model.letters, set())
        if not model.number and model.letters and len(numbers) == 1:
            # `CloudMatrix` alone joins `CloudMatrix 384` when that is the only CloudMatrix there is
            partner = next(b for b in by_number[next(iter(numbers))] if parsed[b].letters == model.letters)
            join(partner, eid)
    by_site: dict[str, list[int]] = {}
    for eid, name in entities:
        site = None if parsed[eid].number else site_of(keys[eid])
        if site:
            by_site.setdefault(site, []).append(eid)
    for ids in by_site.values():
        for b in ids[1:]:
            join(ids[0], b)  # `三峡大坝` and `三峡水电站`: one site's dam and power station
    return {eid: find(eid) for eid, _ in entities}


@cache
def _site_words() -> tuple[str, ...]:
    return tuple(sorted({alias_key(w) for w in _entity_rules()["site_words"]}, key=len, reverse=True))


def site_of(key: str) -> str | None:
    """The site a name's alias key names when it ends with a site word (`三峡大坝` -> 三峡, `threegorgesdam`
    -> threegorges): at least two characters of name before it, not the word alone (`大坝`: which dam?)."""
    for word in _site_words():
        if key.endswith(word) and len(key) - len(word) >= 2:
            return key[: -len(word)]
    return None


def _join_bare_numbers(ids: list[int], parsed: dict[int, ModelName], join) -> None:
    """`910C` alone (`[910C baseline] ...`) joins `Ascend 910C` when that is the only product line
    with this model number and suffix; with both `Ascend 960` and `Atlas 960` it joins neither."""
    for a in ids:
        if parsed[a].letters:
            continue
        partners = [b for b in ids if parsed[b].letters and parsed[b].suffix == parsed[a].suffix]
        if partners and all(_letters_match(parsed[partners[0]], parsed[b]) for b in partners):
            for b in partners:
                join(b, a)


def group_display_names(groups: dict[int, int], names: dict[int, str], cited: dict[int, int]) -> dict[int, str]:
    """Each group is shown under its most cited spelling (ties: the shorter), keyed by group id; a bare
    model number (`910C`) only when the group has no spelling with its product line (`Ascend 910C`)."""
    def rank(eid: int) -> tuple:
        return bool(parse_model_name(names[eid]).letters), cited.get(eid, 0), -len(names[eid])

    best: dict[int, int] = {}
    for eid, group in groups.items():
        other = best.get(group)
        if other is None or rank(eid) > rank(other):
            best[group] = eid
    return {group: names[eid] for group, eid in best.items()}


def add_alias(session: Session, alias: str, target: str) -> str:
    """`kb entities alias A B`: spelling A names B's entity from now on (claims follow)."""
    target_id = session.scalar(select(EntityAlias.entity_id).where(EntityAlias.key == alias_key(target)))
    if target_id is None:
        raise KbError(f"no entity is called {target!r} (see `kb entities`)")
    key = alias_key(alias)
    row = session.scalar(select(EntityAlias).where(EntityAlias.key == key))
    old = row.entity_id if row else None
    if row is None:
        session.add(EntityAlias(entity_id=target_id, alias=alias, key=key))
    else:
        row.entity_id = target_id
    session.execute(delete(EntitySplit).where(
        ((EntitySplit.key_a == key) & (EntitySplit.key_b == alias_key(target)))
        | ((EntitySplit.key_b == key) & (EntitySplit.key_a == alias_key(target)))))
    if old is not None and old != target_id:
        session.execute(update(Claim).where(Claim.entity_id == old).values(entity_id=target_id))
        if not session.scalar(select(func.count()).select_from(EntityAlias).where(EntityAlias.entity_id == old)):
            session.execute(delete(Entity).where(Entity.id == old))
    return session.scalar(select(Entity.name).where(Entity.id == target_id))


def split_alias(session: Session, alias: str, other: str) -> None:
    """`kb entities split A B`: A and B are different things; they are never joined again."""
    a, b = alias_key(alias), alias_key(other)
    for key, name in ((a, alias), (b, other)):
        if session.scalar(select(EntityAlias.entity_id).where(EntityAlias.key == key)) is None:
            raise KbError(f"no entity is called {name!r} (see `kb entities`)")
    row = session.scalar(select(EntityAlias).where(EntityAlias.key == a))
    shared = session.scalar(select(EntityAlias.entity_id).where(EntityAlias.key == b)) == row.entity_id
    if shared:  # they were merged by `alias`: give A its own entity again, with its claims
        entity = Entity(name=row.alias)
        session.add(entity)
        session.flush()
        old = row.entity_id
        row.entity_id = entity.id
        spellings = {r.alias for r in session.scalars(select(EntityAlias).where(EntityAlias.entity_id == entity.id))}
        session.execute(update(Claim).where(Claim.entity_id == old, Claim.entity.in_(spellings))
                        .values(entity_id=entity.id))
    if not session.get(EntitySplit, (a, b)) and not session.get(EntitySplit, (b, a)):
        session.add(EntitySplit(key_a=a, key_b=b))


def show_entity(session: Session, name: str) -> tuple[list[str], list[tuple]]:
    """`kb entities show NAME`: the group it belongs to, each spelling, and its claims."""
    eid = session.scalar(select(EntityAlias.entity_id).where(EntityAlias.key == alias_key(name)))
    if eid is None:
        raise KbError(f"no entity is called {name!r} (see `kb entities`)")
    groups = entity_groups(session)
    members = [e for e, g in groups.items() if g == groups[eid]]
    query = (
        select(Entity.name, Claim.attribute, Claim.text, Claim.value_normalized, Claim.unit_normalized,
               Document.source)
        .join(Claim, Claim.entity_id == Entity.id)
        .join(Document, Document.id == Claim.document_id)
        .where(Entity.id.in_(members))
        .order_by(Entity.name, Claim.attribute, Document.source)
    )
    return ["entity", "attribute", "text", "value_normalized", "unit_normalized", "source"], \
        [tuple(r) for r in session.execute(query)]
