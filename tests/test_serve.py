"""`kb serve`: the knowledge base on Datasette, read-only, driven in a real browser.

The browser test starts `kb serve` as a user would (a process on a free port) on the bundled sample
data and clicks through it in Debian's chromium (Playwright, as the report test does).
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, browser_page, needs_chromium, sqlite_only
from kb.cli import cli

pytest.importorskip("datasette")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def sample_kb(tmp_path_factory) -> Path:
    """The sample corpus of the quick start, ingested and checked into a SQLite file."""
    path = tmp_path_factory.mktemp("serve") / "kb.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(path), "ingest", str(ROOT / "data")]).exit_code == 0
    assert runner.invoke(cli, ["--db", str(path), "check"]).exit_code == 0
    return path


@pytest.fixture(scope="module")
def served(sample_kb):
    """`kb serve` running on the sample knowledge base; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "kb.cli", "--db", str(sample_kb), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail("kb serve exited: " + process.stderr.read())
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _rows(path: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return connection.execute(sql, params).fetchall()


@sqlite_only
@needs_chromium
def test_a_fact_checker_browses_flags_facets_and_a_document(served, sample_kb, tmp_path):
    flags = _rows(sample_kb, "SELECT count(*) FROM flags")[0][0]
    claims_before = _rows(sample_kb, "SELECT count(*) FROM claims")[0][0]
    source, in_document = _rows(sample_kb, "SELECT d.source, count(*) FROM claims c JOIN documents d ON d.id = c.document_id"
                                           " GROUP BY d.id ORDER BY count(*) DESC LIMIT 1")[0]
    assert flags > 0

    with browser_page(served, width=1200) as (page, errors):
        # the flags page: every flag of the latest check, each with its chart and marked quotes
        page.goto(served + "/-/flags")
        page.screenshot(path=str(tmp_path / "flags.png"), full_page=True)
        assert page.locator("article.flag").count() == flags
        assert page.locator("article.flag svg.chart").count() == flags
        assert page.locator("article.flag mark").count() >= 2 * flags

        # a document link on a flag opens that document's claims, each quote marked in its sentence
        page.locator("article.flag a.document").first.click()
        page.wait_for_load_state()
        assert "/document_claims" in page.url
        assert page.locator("td mark").count() >= 1

        # the claims table, narrowed to one entity by its facet
        page.goto(served + "/kb/claims")
        facet = page.locator("[data-column=entity] li a").first
        entity = facet.get_attribute("data-facet-value") or facet.inner_text()
        facet.click()
        page.wait_for_load_state()
        page.screenshot(path=str(tmp_path / "claims.png"), full_page=True)
        shown = page.locator("td.col-entity").all_inner_texts()
        expected = _rows(sample_kb, "SELECT count(*) FROM claims WHERE entity = ?", entity)[0][0]
        assert shown and set(shown) == {entity} and len(shown) == expected

        # one document's claims through the canned query, every quote marked
        page.goto(served + "/kb/document_claims?" + urllib.parse.urlencode({"document": source}))
        marks = page.locator("td.col-quote mark").all_inner_texts()
        texts = [r[0] for r in _rows(sample_kb, "SELECT c.text FROM claims c JOIN documents d ON d.id = c.document_id"
                                                " WHERE d.source = ? ORDER BY c.start_char", source)]
        assert len(marks) == in_document and marks == texts

        # writes are refused: a POST, a DELETE through the SQL box, a POST to a canned query
        posted = page.request.post(served + "/kb/claims", data={"sql": "DELETE FROM claims"})
        deleted = page.request.get(served + "/kb.json?" + urllib.parse.urlencode({"sql": "DELETE FROM claims"}))
        canned = page.request.post(served + "/kb/open_flags", data={})
    assert errors == []
    assert (tmp_path / "flags.png").stat().st_size > 10_000
    assert posted.status >= 400 and deleted.status >= 400 and canned.status >= 400
    assert _rows(sample_kb, "SELECT count(*) FROM claims")[0][0] == claims_before


def test_serve_refuses_a_postgresql_url_in_one_line():
    result = CliRunner().invoke(cli, ["--db", "postgresql+psycopg://kb:secret@db.example/kb", "serve"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "SQLite only" in result.output and "secret" not in result.output


def test_serve_on_a_missing_file_says_to_ingest_first(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.sqlite"), "serve"])
    assert result.exit_code == 1 and "run kb ingest first" in result.output
    assert not (tmp_path / "none.sqlite").exists()


def test_serve_without_datasette_says_how_to_install(sample_kb, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette.app", None)  # import datasette.app now raises ImportError
    result = CliRunner().invoke(cli, ["--db", str(sample_kb), "serve"])
    assert result.exit_code == 1 and "pip install 'kb[serve]'" in result.output


def test_serve_on_a_taken_port_is_one_line(sample_kb):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["--db", str(sample_kb), "serve", "--port", str(port)])
    assert result.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in result.output


def test_every_table_and_column_is_described_for_the_browser():
    from kb.serve.metadata import table_metadata
    from kb.store.models import Base

    tables = table_metadata()
    for table in Base.metadata.sorted_tables:
        assert tables[table.name]["description"], table.name
        undocumented = [c.name for c in table.columns if c.name != "id" and c.name not in tables[table.name]["columns"]]
        assert undocumented == [], table.name


def test_canned_queries_run_read_only_on_the_schema(sample_kb):
    from kb.serve.metadata import canned_queries

    entity = _rows(sample_kb, "SELECT entity FROM claims WHERE entity IS NOT NULL LIMIT 1")[0][0]
    params = {"entity": entity, "document": "1"}
    for name, query in canned_queries().items():
        assert query["write"] is False
        with sqlite3.connect(f"file:{sample_kb}?mode=ro", uri=True) as connection:
            rows = connection.execute(query["sql"], params).fetchall()
        assert rows, name
