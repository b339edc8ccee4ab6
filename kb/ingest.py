"""Ingest: documents -> extract -> store (+ entities), one transaction per document.

A bad file never stops a batch: it is reported with its reason and the others are stored.
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import sys
import time
from collections import ChainMap
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from kb import EXTRACTOR_VERSION, settings
from kb.documents import Document
from kb.documents.readers import documents_from_bytes, load, shown_name, walk
from kb.entities import register_counted_names, resolve
from kb.errors import InputError
from kb.extract import Claim, extract_document
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
    entity_ids: dict[str, int] = field(default_factory=dict, repr=False)  # alias key -> entity id, this run
    stopped: str | None = None  # why the batch stopped early (the database is full or read-only)


def _hopeless(exc: Exception) -> bool:
    """A storage error no retry and no other document can get past: the disk or database is full,
    or the database cannot be written at all."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlite_errorcode", None) in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY):
        return True
    message = str(orig).lower()
    return any(s in message for s in ("disk is full", "no space left on device", "could not extend file",
                                      "read-only transaction", "readonly database"))


def count_files(paths: list[str]) -> int:
    """How many files a batch will read (for the progress bar's total)."""
    return sum(1 for _ in walk(paths))


def _start_run(engine: Engine) -> int:
    with Session(engine) as session, session.begin():
        run = models.ExtractionRun(
            extractor_version=EXTRACTOR_VERSION,
            settings=json.dumps(settings.snapshot(), sort_keys=True),
            command=shown_name(" ".join(sys.argv[1:]))[:2000] or None,  # argv may hold undecodable bytes
        )
        session.add(run)
        session.flush()
        return run.id


def _finish_run(engine: Engine, run_id: int, report: IngestReport) -> None:
    with Session(engine) as session, session.begin():
        run = session.get(models.ExtractionRun, run_id)
        run.finished_at = models.utcnow()
        run.documents, run.claims, run.failed = report.documents, report.claims, len(report.failed)


def store_document(engine: Engine, doc: Document, run_id: int | None, report: IngestReport,
                   claims: list[Claim] | None = None) -> None:
    """Store one document and its claims in its own transaction; a document stored unchanged is
    skipped. `claims` None means the document was stored unchanged when the run began; should another
    writer have changed it since, it is extracted here."""
    with Session(engine) as session, session.begin():
        if stored_hash(session, doc.source) == doc.content_hash:
            report.unchanged += 1
            return
        if claims is None:
            claims = extract_document(doc)
        # spellings this run already resolved, read through; new ones are kept only once committed
        entity_ids = ChainMap({}, report.entity_ids)
        stored = replace_document(session, doc, claims, run_id, lambda name: resolve(session, name, entity_ids))
        register_counted_names(session, dict.fromkeys(c.attribute for c in claims if c.unit_normalized == "count"),
                               entity_ids)
    report.entity_ids.update(entity_ids.maps[0])
    report.documents += 1
    report.claims += stored
    report.warnings.extend((doc.source, warning) for warning in doc.warnings)


def _store_with_retries(engine: Engine, doc: Document, report: IngestReport, claims=None, attempts: int = 8) -> None:
    """Another writer may hold the database or store the same document first: wait and try again
    (the retry then finds the document stored and unchanged)."""
    for attempt in range(attempts):
        try:
            store_document(engine, doc, report.run_id, report, claims)
            return
        except (OperationalError, IntegrityError) as exc:
            if attempt == attempts - 1 or _hopeless(exc):
                raise
            time.sleep(0.2 * (attempt + 1))


def stored_hashes(engine: Engine) -> dict[str, str]:
    """source -> content hash of every stored document: workers skip what is already stored."""
    with Session(engine) as session:
        return dict(session.execute(select(models.Document.source, models.Document.content_hash)).all())


# -- extraction, in this process or in workers ------------------------------------------------------

def iter_extracted(file: str, lang: str | None, stored: Mapping[str, str] = MappingProxyType({})):
    """(file, document or error, claims) for each document of one file; claims are None for a
    document `stored` (source -> content hash) already holds unchanged. A pure function of the file
    and that map: what this process or a worker process runs."""
    yield from _extracted_documents(file, load(file, lang), stored)


def extracted_from_bytes(file: str, data: bytes, fmt: str, lang: str | None, stored: Mapping[str, str]):
    """iter_extracted of a file whose bytes were read elsewhere: what a Ray actor runs."""
    yield from _extracted_documents(file, documents_from_bytes(file, data, fmt, lang), stored)


def _extracted_documents(file: str, items, stored: Mapping[str, str]):
    for item in items:
        if isinstance(item, InputError) or stored.get(item.source) == item.content_hash:
            yield file, item, None
            continue
        try:
            claims = extract_document(item)
        except Exception as exc:  # a bug must cost one document, not the batch
            yield file, extraction_error(exc), None
        else:
            yield file, item, claims


def extraction_error(exc: Exception) -> InputError:
    return InputError(f"extraction failed ({type(exc).__name__}: {exc}); please report this document")


_WORKER_STORED: Mapping[str, str] = {}


def _start_worker(stored: Mapping[str, str]) -> None:
    global _WORKER_STORED
    _WORKER_STORED = stored


def _extract_task(task: tuple[str, str | None]) -> list:
    file, lang = task
    return list(iter_extracted(file, lang, _WORKER_STORED))


@dataclass(frozen=True)
class Executor:
    """Where extraction runs: `local` (this process, or `jobs` worker processes) or `ray` (`jobs`
    actors, None for one per CPU of the cluster; `address` the cluster to join, None to start one)."""

    kind: str = "local"
    jobs: int | None = 1
    address: str | None = None

    @property
    def in_this_process(self) -> bool:
        return self.kind == "local" and (self.jobs or 1) <= 1

    @contextmanager
    def started(self, lang: str | None):
        """A function (files, stored) -> extracted documents that runs elsewhere, ready before any
        run is recorded: a cluster that cannot be reached leaves nothing behind."""
        if self.kind == "ray":
            from kb.cluster import ray_actors

            with ray_actors(lang, self.jobs, self.address) as extracted:
                yield extracted
        else:
            yield lambda files, stored: _extracted_in_workers(files, lang, self.jobs, stored)


def _extracted(paths: list[str], lang: str | None, executor: Executor, elsewhere, stored: Mapping[str, str]):
    """(file, document or error, claims or None) for every document, extracted here or `elsewhere`
    (worker processes, Ray actors); results come back in file order, so the one writer stores them
    as a single process would."""
    files = []
    for file, error in walk(paths):
        if error is not None:
            yield file, error, None
        elif file == "-" or executor.in_this_process:
            yield from iter_extracted(file, lang, stored)  # one document at a time: a big JSONL streams
        else:
            files.append(file)
    if files:
        yield from elsewhere(files, stored)


def _extracted_in_workers(files: list[str], lang: str | None, jobs: int, stored: Mapping[str, str]):
    """Results in file order. A worker that dies (killed, out of memory) fails the files not yet
    returned, with a reason, instead of leaving the batch waiting forever."""
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    done = 0
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(stored,)) as pool:
        try:
            for results in pool.map(_extract_task, [(f, lang) for f in files], chunksize=4):
                yield from results
                done += 1
        except BrokenProcessPool:
            for file in files[done:]:
                yield file, InputError("a worker process died while extracting this batch; rerun to retry"), None


def ingest(
    engine: Engine,
    paths: list[str],
    lang: str | None = None,
    on_file: Callable[[str], None] | None = None,
    jobs: int = 1,
    executor: Executor | None = None,
) -> IngestReport:
    """Read every document under `paths` and store its claims. `on_file` is told of each file read.
    With `jobs` > 1, worker processes read and extract while this process writes; `executor` says
    where extraction runs instead (Ray actors)."""
    executor = executor or Executor("local", jobs)
    with executor.started(lang) as elsewhere:
        return _ingest(engine, paths, lang, on_file, executor, elsewhere)


def _ingest(engine: Engine, paths: list[str], lang: str | None, on_file, executor: Executor, elsewhere) -> IngestReport:
    report = IngestReport(run_id=_start_run(engine))
    current = None
    for file, item, claims in _extracted(paths, lang, executor, elsewhere, stored_hashes(engine)):
        if on_file and file != current:
            on_file(file)
            current = file
        if isinstance(item, InputError):
            report.failed.append((file, str(item)))
            continue
        try:
            _store_with_retries(engine, item, report, claims)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            report.failed.append((item.source, f"database error: {reason}"))
            if _hopeless(exc):
                report.stopped = (f"{reason}: stopped at the first document that could not be stored; the "
                                  f"{report.documents} stored before it are whole; free space (or make the database "
                                  "writable) and run again: stored documents are skipped")
                break
        except Exception as exc:  # a bug while storing costs this document, not the batch
            report.failed.append((item.source, f"could not store ({type(exc).__name__}: {exc}); please report this document"))
    try:
        _finish_run(engine, report.run_id, report)
    except SQLAlchemyError:
        if report.stopped is None:
            raise  # with a full disk even the run's record may not fit: the documents are what matter
    return report
