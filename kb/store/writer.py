"""Writing one document and its claims: one transaction, replace on change, no-op when unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from kb.documents import Document
from kb.extract.model import Claim as ExtractedClaim
from kb.extract.numbers import format_decimal
from kb.store import models


_HASH_OF_SOURCE = select(models.Document.content_hash).where(models.Document.source == bindparam("source"))
_ID_OF_SOURCE = select(models.Document.id).where(models.Document.source == bindparam("source"))


def stored_hash(session: Session, source: str) -> str | None:
    return session.scalar(_HASH_OF_SOURCE, {"source": source})


def _document_row(doc: Document, run_id: int | None) -> dict:
    return {
        "source": doc.source,
        "doc_id": doc.doc_id,
        "title": doc.title,
        "url": doc.url,
        "date": doc.date,
        "author": doc.author,
        "lang": doc.lang,
        "format": doc.format,
        "encoding": doc.encoding,
        "content_hash": doc.content_hash,
        "replacement_chars": doc.replacement_chars,
        "undecodable_bytes": doc.undecodable_bytes,
        "paragraphs": doc.cleaning.get("paragraphs", 0),
        "paragraphs_dropped": doc.cleaning.get("paragraphs_dropped", 0),
        "sentences_dropped": doc.cleaning.get("sentences_dropped", 0),
        "markers_dropped": doc.cleaning.get("markers_dropped", 0),
        "warnings": json.dumps(doc.warnings, ensure_ascii=False),
        "body": doc.body,
        "run_id": run_id,
        "ingested_at": models.utcnow(),
    }


def _claim_row(claim: ExtractedClaim, document_id: int, run_id: int | None, entity_id: int | None) -> dict:
    return {
        "document_id": document_id,
        "run_id": run_id,
        "start_char": claim.start,
        "end_char": claim.end,
        "text": claim.text,
        "value": format_decimal(claim.value),
        "value_num": float(claim.value),
        "low": format_decimal(claim.low),
        "low_num": None if claim.low is None else float(claim.low),
        "high": format_decimal(claim.high),
        "high_num": None if claim.high is None else float(claim.high),
        "modifier": claim.modifier,
        "change": claim.change,
        "unit": claim.unit,
        "unit_normalized": claim.unit_normalized,
        "value_normalized": claim.value_normalized,
        "low_normalized": claim.low_normalized,
        "high_normalized": claim.high_normalized,
        "dimension": claim.dimension,
        "entity": claim.entity,
        "entity_id": entity_id,
        "entity_from_context": claim.entity_from_context,
        "attribute": claim.attribute,
        "qualifiers": json.dumps(claim.qualifiers, ensure_ascii=False, sort_keys=True),
        "sentence": claim.sentence,
        "sentence_start": claim.sentence_start,
        "lang": claim.lang,
    }


def replace_document(
    session: Session,
    doc: Document,
    claims: Iterable[ExtractedClaim],
    run_id: int | None,
    entity_id_for: Callable[[str], int],
) -> int:
    """Store `doc` and its claims in the caller's transaction, replacing an earlier version."""
    existing = session.scalar(_ID_OF_SOURCE, {"source": doc.source})
    row = _document_row(doc, run_id)
    connection = session.connection()  # Core statements with parameters: compiled once, cached
    documents, claims_table = models.Document.__table__, models.Claim.__table__
    if existing is not None:
        connection.execute(delete(claims_table).where(claims_table.c.document_id == existing))
        connection.execute(documents.update().where(documents.c.id == existing), row)
        document_id = existing
    else:
        document_id = connection.execute(insert(documents), row).inserted_primary_key[0]
    rows = [
        _claim_row(c, document_id, run_id, entity_id_for(c.entity) if c.entity else None) for c in claims
    ]
    if rows:
        connection.execute(insert(claims_table), rows)  # one executemany, not a round trip per claim
    return len(rows)
