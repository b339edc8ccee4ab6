"""The canned queries behind `kb claims`: one place for the columns people see."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kb.entities import alias_key
from kb.store.models import Claim, Document, Entity, EntityAlias

CLAIM_COLUMNS = [
    ("id", Claim.id), ("entity", Entity.name), ("attribute", Claim.attribute), ("text", Claim.text),
    ("value", Claim.value), ("unit", Claim.unit), ("modifier", Claim.modifier), ("low", Claim.low),
    ("high", Claim.high), ("change", Claim.change), ("value_normalized", Claim.value_normalized),
    ("unit_normalized", Claim.unit_normalized), ("dimension", Claim.dimension),
    ("qualifiers", Claim.qualifiers), ("lang", Claim.lang), ("source", Document.source),
    ("start_char", Claim.start_char), ("end_char", Claim.end_char), ("sentence", Claim.sentence),
]


def _entities_named(text: str):
    """Ids of entities with a spelling that contains `text`, compared folded (`cloudmatrix 384` finds
    `CloudMatrix384`): a scan of the alias table, then the claims by index, never a scan of all claims."""
    return select(EntityAlias.entity_id).where(EntityAlias.key.like(f"%{_escape_like(alias_key(text))}%", escape="\\"))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_claims(
    engine: Engine,
    *,
    entity: str | None = None,
    attribute: str | None = None,
    source: str | None = None,
    lang: str | None = None,
    limit: int | None = None,
) -> tuple[list[str], list[tuple]]:
    """Claims matching every given filter (substring, case-insensitive), in document order."""
    query = (
        select(*[c for _, c in CLAIM_COLUMNS])
        .join(Document, Document.id == Claim.document_id)
        .outerjoin(Entity, Entity.id == Claim.entity_id)
        .order_by(Document.source, Claim.start_char)
    )
    if entity:
        query = query.where(Claim.entity_id.in_(_entities_named(entity)))
    if attribute:
        query = query.where(Claim.attribute.ilike(f"%{attribute}%"))
    if source:
        query = query.where(Document.source.ilike(f"%{source}%") | Document.url.ilike(f"%{source}%"))
    if lang:
        query = query.where(Claim.lang == lang)
    if limit:
        query = query.limit(limit)
    with Session(engine) as session:
        rows = [tuple(r) for r in session.execute(query)]
    return [name for name, _ in CLAIM_COLUMNS], rows
