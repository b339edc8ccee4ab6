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
    started_at: Mapped[datetime] = mapped_column(default=utcnow, doc="when the run began (UTC)")
    finished_at: Mapped[datetime | None] = mapped_column(doc="when it ended; empty while running or after a crash")
    extractor_version: Mapped[str] = mapped_column(String(64), doc="the kb version that extracted")
    settings: Mapped[str] = mapped_column(Text, default="{}", doc="the extraction settings in force (JSON)")
    command: Mapped[str | None] = mapped_column(Text, doc="the command line")
    documents: Mapped[int] = mapped_column(Integer, default=0, doc="documents stored by the run")
    claims: Mapped[int] = mapped_column(Integer, default=0, doc="claims stored by the run")
    failed: Mapped[int] = mapped_column(Integer, default=0, doc="files the run could not read")


class Document(Base):
    """One article as kb read it: where it came from, what its front matter said, and its text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text, unique=True, doc="where the text came from: a path, path#id for JSONL, or <stdin>")
    doc_id: Mapped[str] = mapped_column(Text, doc="the document's id as the contract's doc_id")
    title: Mapped[str | None] = mapped_column(Text, doc="title from front matter, HTML or the first heading")
    url: Mapped[str | None] = mapped_column(Text, index=True, doc="the article's address as stored (links only when http/https)")
    date: Mapped[str | None] = mapped_column(String(64), doc="publication date as the source gives it")
    author: Mapped[str | None] = mapped_column(Text, doc="author from front matter or HTML")
    lang: Mapped[str | None] = mapped_column(String(8), doc="language code (en, ja, zh, or what the document declares)")
    format: Mapped[str] = mapped_column(String(16), doc="md, txt, html or jsonl")
    encoding: Mapped[str] = mapped_column(String(32), doc="the text encoding kb read the file with")
    content_hash: Mapped[str] = mapped_column(String(64), index=True, doc="SHA-256 of the text: the same text under two names is one source")
    replacement_chars: Mapped[int] = mapped_column(Integer, default=0, doc="U+FFFD characters in the text (characters lost before kb saw it)")
    undecodable_bytes: Mapped[int] = mapped_column(Integer, default=0, doc="bytes kb could not decode")
    paragraphs: Mapped[int] = mapped_column(Integer, default=0, doc="paragraphs read")
    paragraphs_dropped: Mapped[int] = mapped_column(Integer, default=0, doc="repeated paragraphs read once")
    sentences_dropped: Mapped[int] = mapped_column(Integer, default=0, doc="repeated sentences read once")
    markers_dropped: Mapped[int] = mapped_column(Integer, default=0, doc="boilerplate markers removed (---END--- and the like)")
    warnings: Mapped[str] = mapped_column(Text, default="[]", doc="what kb noticed while reading (JSON list)")
    body: Mapped[str] = mapped_column(Text, doc="the text claims' character offsets point into")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"), doc="the ingest run that stored it")
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow, doc="when it was stored (UTC)")

    claims: Mapped[list["Claim"]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                 passive_deletes=True)


class Entity(Base):
    """A thing figures are about (a product, a company, a storm); its spellings are entity_aliases."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, doc="the name flags and groups show")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, doc="when kb first met it")

    aliases: Mapped[list["EntityAlias"]] = relationship(back_populates="entity", cascade="all, delete-orphan")


class EntityAlias(Base):
    """A spelling of an entity; `key` is the spelling folded for matching (case, spaces, hyphens)."""

    __tablename__ = "entity_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True, doc="the entity this spelling names")
    alias: Mapped[str] = mapped_column(Text, doc="the spelling as written")
    key: Mapped[str] = mapped_column(String(255), unique=True, doc="the spelling folded for matching (case, spaces, hyphens)")

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Claim(Base):
    """One quantity an article states: its value as an interval, its unit as written and canonical,
    its frame (entity, attribute, qualifiers) and where it stands (sentence, character offsets)."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_entity_attribute", "entity_id", "attribute"),
        Index("ix_claims_dimension", "dimension"),
        Index("ix_claims_unit_normalized", "unit_normalized"),
        Index("ix_claims_lang", "lang"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True, doc="the document stating it")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"), doc="the ingest run that stored it")
    start_char: Mapped[int] = mapped_column(Integer, doc="where the quantity starts in the document body (characters)")
    end_char: Mapped[int] = mapped_column(Integer, doc="where it ends (exclusive)")
    text: Mapped[str] = mapped_column(Text, doc="the quantity as written")
    value: Mapped[str] = mapped_column(String(64), doc="the stated value, an exact decimal as text")
    value_num: Mapped[float] = mapped_column(Float, doc="the stated value as a number, for sorting and comparing")
    low: Mapped[str | None] = mapped_column(String(64), doc="the interval's lower end as stated (exact decimal)")
    low_num: Mapped[float | None] = mapped_column(Float, doc="the lower end as a number")
    high: Mapped[str | None] = mapped_column(String(64), doc="the interval's upper end as stated (exact decimal)")
    high_num: Mapped[float | None] = mapped_column(Float, doc="the upper end as a number")
    modifier: Mapped[str] = mapped_column(String(8), doc="= exact, ~ approximate, >, >=, <, <=, or range")
    change: Mapped[str | None] = mapped_column(String(8), doc="up or down when the figure is a change, else empty")
    unit: Mapped[str | None] = mapped_column(String(64), doc="the unit as written")
    unit_normalized: Mapped[str | None] = mapped_column(String(64), doc="the canonical unit (Pint) values are compared in")
    value_normalized: Mapped[float | None] = mapped_column(Float, doc="the value in the canonical unit")
    low_normalized: Mapped[float | None] = mapped_column(Float, doc="the lower end in the canonical unit")
    high_normalized: Mapped[float | None] = mapped_column(Float, doc="the upper end in the canonical unit")
    dimension: Mapped[str] = mapped_column(String(128), doc="what the unit measures (Pint dimensionality: [length], currency, count ...)")
    entity: Mapped[str | None] = mapped_column(Text, doc="what the figure is about, as written")
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), doc="the entity the name was matched to (spellings of one thing share it)")
    entity_from_context: Mapped[bool] = mapped_column(default=False, doc="1 when the entity came from the heading or an earlier sentence")
    attribute: Mapped[str | None] = mapped_column(Text, doc="what is measured (memory, revenue, 売上高 ...)")
    qualifiers: Mapped[str] = mapped_column(Text, default="{}", doc="conditions: precision, scope, period, status, according_to (JSON)")
    sentence: Mapped[str] = mapped_column(Text, doc="the sentence holding the quantity")
    sentence_start: Mapped[int] = mapped_column(Integer, doc="where the sentence starts in the document body")
    lang: Mapped[str] = mapped_column(String(8), doc="the sentence's language code")

    document: Mapped[Document] = relationship(back_populates="claims")


class CheckRun(Base):
    """One `kb check`: when, with which tolerances, and how many flags it raised."""

    __tablename__ = "check_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow, doc="when the check ran (UTC)")
    tolerances: Mapped[str] = mapped_column(Text, default="{}", doc="the tolerances it compared with (JSON)")
    claims: Mapped[int] = mapped_column(Integer, default=0, doc="claims it read")
    flags: Mapped[int] = mapped_column(Integer, default=0, doc="flags it raised")


class FlagRow(Base):
    """A flag of the latest check. `key` identifies it across runs (see flag_reviews)."""

    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_kind_severity", "kind", "severity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("check_runs.id", ondelete="CASCADE"), index=True, doc="the check that raised it (only the latest check's flags are kept)")
    key: Mapped[str] = mapped_column(Text, index=True, doc="the flag's identity across checks, from its claims' content (reviews keep it)")
    kind: Mapped[str] = mapped_column(String(32), doc="conflict, error_in_source, minor_variance, unit_convention, needs_qualifier ...")
    severity: Mapped[str] = mapped_column(String(8), doc="high, medium, low or info")
    entity: Mapped[str | None] = mapped_column(Text, index=True, doc="the entity the claims are about")
    attribute: Mapped[str | None] = mapped_column(Text, doc="the attribute they measure")
    qualifiers: Mapped[str] = mapped_column(Text, default="{}", doc="the conditions they share (JSON)")
    explanation: Mapped[str] = mapped_column(Text, doc="why kb flags them, in the claims' own units")
    derived: Mapped[str | None] = mapped_column(Text, doc="a value kb computed (total / count) and how (JSON)")


class FlagClaim(Base):
    """The claims a flag holds against each other, in the order the flag lists them."""

    __tablename__ = "flag_claims"

    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"), primary_key=True, doc="the flag")
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, doc="one of its claims")
    position: Mapped[int] = mapped_column(Integer, default=0, doc="the claim's place in the flag")


class FlagReview(Base):
    """A reviewer's decision on a flag, kept by key so it survives the next `kb check`."""

    __tablename__ = "flag_reviews"

    key: Mapped[str] = mapped_column(Text, primary_key=True, doc="the reviewed flag's key")
    status: Mapped[str] = mapped_column(String(16), doc="accepted or dismissed")
    note: Mapped[str | None] = mapped_column(Text, doc="the reviewer's note")
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow, doc="when (UTC)")


class EntitySplit(Base):
    """Two spellings a user said name different things: automatic matching never joins them."""

    __tablename__ = "entity_splits"

    key_a: Mapped[str] = mapped_column(String(255), primary_key=True, doc="one spelling's key")
    key_b: Mapped[str] = mapped_column(String(255), primary_key=True, doc="the other's, never joined with it")
