"""The document record every reader produces."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """A sentence kept after cleaning; `start`/`end` are offsets into the document body."""

    start: int
    end: int
    text: str


@dataclass
class Document:
    """One article: its body text (what claim offsets point into), metadata and reading notes."""

    source: str
    doc_id: str
    body: str
    format: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    lang: str | None = None
    encoding: str = "utf-8"
    content_hash: str = ""
    replacement_chars: int = 0
    undecodable_bytes: int = 0
    warnings: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    cleaning: dict = field(default_factory=dict)
