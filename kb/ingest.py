"""Ingest: documents -> extract -> store (+ entities), one transaction per document.

A bad file never stops a batch: it is reported with its reason and the others are stored.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from kb import EXTRACTOR_VERSION, settings
from kb.documents import Document
from kb.documents.readers import iter_documents, walk
from kb.entities import register_counted_names, resolve
from kb.errors import InputError
from kb.extract import extract_document
from kb.store import models
from kb.store.writer import replace_document, stored_hash


@dataclass
class IngestReport:
    """What one ingest did, for the summary table and the exit code."""

    run_id: int | None = None
    documents: int = 0
    unchanged: int = 0
    claims: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def count_files(paths: list[str]) -> int:
    """How many files a batch will read (for the progress bar's total)."""
    return sum(1 for _ in walk(paths))


def _start_run(engine: Engine) -> int:
    with Session(engine) as session, session.begin():
        run = models.ExtractionRun(
            extractor_version=EXTRACTOR_VERSION,
            settings=json.dumps(settings.snapshot(), sort_keys=True),
            command=" ".join(sys.argv[1:])[:2000] or None,
        )
        session.add(run)
        session.flush()
        return run.id


def _finish_run(engine: Engine, run_id: int, report: IngestReport) -> None:
    with Session(engine) as session, session.begin():
        run = session.get(models.ExtractionRun, run_id)
        run.finished_at = models.utcnow()
        run.documents, run.claims, run.failed = report.documents, report.claims, len(report.failed)


def store_document(engine: Engine, doc: Document, run_id: int | None, report: IngestReport) -> None:
    """Extract and store one document in its own transaction; unchanged documents are skipped."""
    with Session(engine) as session, session.begin():
        if stored_hash(session, doc.source) == doc.content_hash:
            report.unchanged += 1
            return
        claims = extract_document(doc)
        entity_ids: dict[str, int] = {}
        stored = replace_document(session, doc, claims, run_id, lambda name: resolve(session, name, entity_ids))
        register_counted_names(session, dict.fromkeys(c.attribute for c in claims if c.unit_normalized == "count"), entity_ids)
    report.documents += 1
    report.claims += stored
    report.warnings.extend((doc.source, warning) for warning in doc.warnings)


def _store_with_retries(engine: Engine, doc: Document, report: IngestReport, attempts: int = 8) -> None:
    """Another writer may hold the database or store the same document first: wait and try again
    (the retry then finds the document stored and unchanged)."""
    for attempt in range(attempts):
        try:
            store_document(engine, doc, report.run_id, report)
            return
        except (OperationalError, IntegrityError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def ingest(
    engine: Engine,
    paths: list[str],
    lang: str | None = None,
    on_file: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read every document under `paths` and store its claims. `on_file` is told of each file read."""
    report = IngestReport(run_id=_start_run(engine))
    current = None
    for file, item in iter_documents(paths, lang):
        if on_file and file != current:
            on_file(file)
            current = file
        if isinstance(item, InputError):
            report.failed.append((file, str(item)))
            continue
        try:
            _store_with_retries(engine, item, report)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            report.failed.append((item.source, f"database error: {reason}"))
    _finish_run(engine, report.run_id, report)
    return report
