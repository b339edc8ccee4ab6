"""Entities: the things claims are about, with the spellings that name them.

Spellings are folded to a key (case, spaces, hyphens) so `CloudMatrix 384` and `cloudmatrix-384`
name one entity, while digits and suffix letters stay exact: `910B` and `910C` never merge.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kb.store.models import Claim, Entity, EntityAlias


def alias_key(name: str) -> str:
    """`CloudMatrix 384` -> `cloudmatrix384`; full-width forms folded too."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\s\-_・.]+", "", folded)[:255]


def resolve(session: Session, name: str, cache: dict[str, int] | None = None) -> int:
    """The id of the entity `name` spells, creating it (with this spelling as alias) if new."""
    key = alias_key(name)
    if cache is not None and key in cache:
        return cache[key]
    entity_id = session.scalar(select(EntityAlias.entity_id).where(EntityAlias.key == key))
    if entity_id is None:
        entity = Entity(name=name)
        entity.aliases.append(EntityAlias(alias=name, key=key))
        session.add(entity)
        session.flush()
        entity_id = entity.id
    if cache is not None:
        cache[key] = entity_id
    return entity_id


def list_entities(session: Session) -> tuple[list[str], list[tuple]]:
    """(columns, rows): each entity with its aliases and how many claims and documents cite it."""
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
    rows = [(id_, name, " | ".join(spellings.get(id_, [])), claims, docs)
            for id_, name, claims, docs in session.execute(query)]
    return ["id", "name", "aliases", "claims", "documents"], rows
