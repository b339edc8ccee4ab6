"""Store round trip, idempotent re-ingest, replacement on change, and migrations matching the models."""

import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from conftest import SEED
from kb.ingest import ingest
from kb.store.models import Base, Claim, Document, ExtractionRun


def test_migrations_create_exactly_the_models(engine):
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_round_trip_keeps_values_exact_and_provenance(engine):
    report = ingest(engine, [str(SEED)])
    assert report.documents == 1 and report.claims > 0 and not report.failed
    with Session(engine) as session:
        doc = session.scalar(select(Document))
        claim = session.scalar(select(Claim).where(Claim.text == "約820万ドル"))
        assert claim.value == "8200000" and claim.value_num == 8.2e6
        assert claim.modifier == "~" and claim.unit_normalized == "USD"
        assert doc.body[claim.start_char:claim.end_char] == claim.text
        assert claim.sentence in doc.body
        assert doc.replacement_chars == 1 and doc.paragraphs_dropped > 0
        run = session.scalar(select(ExtractionRun))
        assert run.finished_at is not None and json.loads(run.settings)["approximate_tolerance"] == 0.05


def test_reingest_unchanged_is_a_no_op(engine):
    ingest(engine, [str(SEED)])
    with engine.connect() as c:
        before = c.execute(text("SELECT id, text FROM claims ORDER BY id")).all()
    report = ingest(engine, [str(SEED)])
    assert report.unchanged == 1 and report.documents == 0
    with engine.connect() as c:
        assert c.execute(text("SELECT id, text FROM claims ORDER BY id")).all() == before


def test_changed_document_replaces_its_claims(engine, tmp_path):
    path = tmp_path / "a.md"
    path.write_text("The Sunridge Solar Park cost $1.4bn.\n", encoding="utf-8")
    ingest(engine, [str(path)])
    path.write_text("The Sunridge Solar Park cost $1.5bn and employs 300 workers.\n", encoding="utf-8")
    ingest(engine, [str(path)])
    with Session(engine) as session:
        assert session.scalar(select(func.count(Document.id))) == 1
        texts = session.scalars(select(Claim.text).order_by(Claim.start_char)).all()
    assert texts == ["$1.5bn", "300"]


def test_bad_file_does_not_stop_the_batch(engine, tmp_path):
    good = tmp_path / "good.md"
    good.write_text("It has 384 processors.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"%PDF-1.4\x00\x00")
    report = ingest(engine, [str(bad), str(good)])
    assert report.documents == 1
    assert report.failed == [(str(bad), "binary file (not text)")]


def _stored(engine) -> list[tuple]:
    with engine.connect() as c:
        return c.execute(text("SELECT d.source, c.start_char, c.text, c.value_normalized, c.entity, c.attribute "
                              "FROM claims c JOIN documents d ON d.id = c.document_id "
                              "ORDER BY d.source, c.start_char")).all()


def test_parallel_ingest_stores_what_one_process_stores(tmp_path, db_url):
    from kb.store.db import open_database

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes(SEED.read_bytes())
    for i in range(6):
        (corpus / f"n{i}.md").write_text(f"The Zephyr X{i} has {96 + i} GB of memory and costs about ${i + 1}M.\n",
                                         encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n\x00\x01binary")
    single = open_database(str(tmp_path / "one.sqlite"))
    one = ingest(single, [str(corpus), str(broken)])
    parallel = open_database(db_url)
    two = ingest(parallel, [str(corpus), str(broken)], jobs=2)
    assert (two.documents, two.claims, [f for f, _ in two.failed]) == (one.documents, one.claims, [f for f, _ in one.failed])
    assert two.documents == 7 and len(two.failed) == 1
    assert _stored(parallel) == _stored(single)
    again = ingest(parallel, [str(corpus)], jobs=2)  # workers skip what is stored unchanged
    assert (again.documents, again.unchanged) == (0, 7)


def _corpus_of(tmp_path, n: int):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(n):
        (folder / f"n{i}.md").write_text(f"The Zephyr X{i} has {96 + i} GB of memory.\n", encoding="utf-8")
    return folder


def test_an_extraction_bug_costs_one_document_not_the_batch(tmp_path, db_url, monkeypatch):
    import kb.ingest
    from kb.extract import extract_document
    from kb.store.db import open_database

    def fragile(doc):
        if doc.source.endswith("n2.md"):
            raise ValueError("boom")
        return extract_document(doc)

    monkeypatch.setattr(kb.ingest, "extract_document", fragile)
    folder = _corpus_of(tmp_path, 5)
    for jobs, db in ((1, db_url), (2, str(tmp_path / "two.sqlite"))):
        report = ingest(open_database(db), [str(folder)], jobs=jobs)
        assert report.documents == 4 and len(report.failed) == 1
        source, reason = report.failed[0]
        assert source.endswith("n2.md") and reason.startswith("extraction failed (ValueError: boom)")


def test_a_dead_worker_fails_its_files_instead_of_hanging(tmp_path, monkeypatch):
    import os

    import kb.ingest
    from kb.store.db import open_database

    def killed(doc):
        os._exit(1)  # as if the kernel killed the worker (out of memory)

    monkeypatch.setattr(kb.ingest, "extract_document", killed)
    folder = _corpus_of(tmp_path, 6)
    report = ingest(open_database(str(tmp_path / "kb.sqlite")), [str(folder)], jobs=2)
    assert report.documents == 0 and len(report.failed) == 6
    assert all("worker process died" in reason for _, reason in report.failed)
