"""The database schema as SQLAlchemy models. Alembic migrations in `migrations/` create it.

Column names are meant to be typed by people in `kb sql`: `start_char`/`end_char` rather than the
reserved word `end`, and every decimal kept exactly as text (`value`) beside a float (`value_num`)
that SQL can compare and sort.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class ExtractionRun(Base):
    """One `kb ingest` invocation: what ran, with which settings, and what it stored."""

    __tablename__ = "extraction_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    extractor_version: Mapped[str] = mapped_column(String(64))
    settings: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    command: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    claims: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text, unique=True)  # path, path#id for JSONL, or <stdin>
    doc_id: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    date: Mapped[str | None] = mapped_column(String(64))
    author: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8))
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    replacement_chars: Mapped[int] = mapped_column(Integer, default=0)
    undecodable_bytes: Mapped[int] = mapped_column(Integer, default=0)
    paragraphs: Mapped[int] = mapped_column(Integer, default=0)
    paragraphs_dropped: Mapped[int] = mapped_column(Integer, default=0)
    sentences_dropped: Mapped[int] = mapped_column(Integer, default=0)
    markers_dropped: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    body: Mapped[str] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)

    claims: Mapped[list["Claim"]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                 passive_deletes=True)


class Entity(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    aliases: Mapped[list["EntityAlias"]] = relationship(back_populates="entity", cascade="all, delete-orphan")


class EntityAlias(Base):
    """A spelling of an entity; `key` is the spelling folded for matching (case, spaces, hyphens)."""

    __tablename__ = "entity_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(255), unique=True)

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_entity_attribute", "entity_id", "attribute"),
        Index("ix_claims_dimension", "dimension"),
        Index("ix_claims_unit_normalized", "unit_normalized"),
        Index("ix_claims_lang", "lang"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(String(64))  # exact decimal as text
    value_num: Mapped[float] = mapped_column(Float)
    low: Mapped[str | None] = mapped_column(String(64))
    low_num: Mapped[float | None] = mapped_column(Float)
    high: Mapped[str | None] = mapped_column(String(64))
    high_num: Mapped[float | None] = mapped_column(Float)
    modifier: Mapped[str] = mapped_column(String(8))
    change: Mapped[str | None] = mapped_column(String(8))
    unit: Mapped[str | None] = mapped_column(String(64))
    unit_normalized: Mapped[str | None] = mapped_column(String(64))
    value_normalized: Mapped[float | None] = mapped_column(Float)
    low_normalized: Mapped[float | None] = mapped_column(Float)
    high_normalized: Mapped[float | None] = mapped_column(Float)
    dimension: Mapped[str] = mapped_column(String(128))
    entity: Mapped[str | None] = mapped_column(Text)  # the name as written
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"))
    entity_from_context: Mapped[bool] = mapped_column(default=False)
    attribute: Mapped[str | None] = mapped_column(Text)
    qualifiers: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str] = mapped_column(String(8))

    document: Mapped[Document] = relationship(back_populates="claims")


class CheckRun(Base):
    """One `kb check`: when, with which tolerances, and how many flags it raised."""

    __tablename__ = "check_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    tolerances: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    claims: Mapped[int] = mapped_column(Integer, default=0)
    flags: Mapped[int] = mapped_column(Integer, default=0)


class FlagRow(Base):
    """A flag of the latest check. `key` identifies it across runs (see flag_reviews)."""

    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_kind_severity", "kind", "severity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("check_runs.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(8))
    entity: Mapped[str | None] = mapped_column(Text, index=True)
    attribute: Mapped[str | None] = mapped_column(Text)
    qualifiers: Mapped[str] = mapped_column(Text, default="{}")
    explanation: Mapped[str] = mapped_column(Text)
    derived: Mapped[str | None] = mapped_column(Text)  # JSON: a value kb computed (total / count), and how


class FlagClaim(Base):
    __tablename__ = "flag_claims"

    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class FlagReview(Base):
    """A reviewer's decision on a flag, kept by key so it survives the next `kb check`."""

    __tablename__ = "flag_reviews"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # accepted, dismissed
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)


class EntitySplit(Base):
    """Two spellings a user said name different things: automatic matching never joins them."""

    __tablename__ = "entity_splits"

    key_a: Mapped[str] = mapped_column(String(255), primary_key=True)
    key_b: Mapped[str] = mapped_column(String(255), primary_key=True)
