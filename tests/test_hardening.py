"""Attacks and careless use that once got through (issue: hardening); each test failed before its fix."""

import json
import os

import pytest
from click.testing import CliRunner

from conftest import PG_URL, ROOT
from kb.cli import cli

postgres_only = pytest.mark.skipif(not PG_URL, reason="needs the PostgreSQL pass (KB_TEST_DATABASE_URL)")


def _ingest(db, path=None):
    result = CliRunner().invoke(cli, ["--db", db, "ingest", str(path or ROOT / "data")])
    assert result.exit_code == 0, result.output
    return result


def _count(db):
    out = CliRunner().invoke(cli, ["--db", db, "sql", "SELECT count(*) AS n FROM claims", "--json"])
    return json.loads(out.stdout)[0]["n"]


# -- 1. the query door on PostgreSQL -------------------------------------------------------------

@postgres_only
@pytest.mark.parametrize("query", [
    "SELECT 1; COMMIT; DELETE FROM claims",
    "ROLLBACK; DELETE FROM claims",
    "END; BEGIN READ WRITE; DELETE FROM claims",
    "COMMIT",
    "COPY claims TO PROGRAM 'id'",
    "SELECT pg_read_file('/etc/passwd')",
    "WITH gone AS (DELETE FROM claims RETURNING 1) SELECT count(*) FROM gone",
])
def test_sql_on_postgresql_cannot_write_or_read_server_files(db_url, query):
    _ingest(db_url)
    before = _count(db_url)
    result = CliRunner().invoke(cli, ["--db", db_url, "sql", query])
    assert result.exit_code == 1 and result.stderr.startswith("Error: kb sql")
    assert "Traceback" not in result.output
    assert _count(db_url) == before > 0


@postgres_only
def test_sql_on_postgresql_still_reads_with_parameters_and_percent_signs(db_url):
    _ingest(db_url)
    out = CliRunner().invoke(cli, ["--db", db_url, "sql", "SELECT count(*) AS n FROM claims WHERE unit_normalized LIKE '%byte%' "
                                   "AND value > :v", "-p", "v", "1", "--json"])
    assert out.exit_code == 0 and json.loads(out.stdout)[0]["n"] >= 1


@postgres_only
def test_sql_role_prints_a_role_that_can_only_read(db_url):
    result = CliRunner().invoke(cli, ["--db", db_url, "sql-role", "kb_reader"])
    assert result.exit_code == 0
    assert "GRANT SELECT ON ALL TABLES" in result.stdout and "INSERT" not in result.stdout
    assert "default_transaction_read_only = on" in result.stdout


def test_sql_role_says_it_is_for_postgresql(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "kb.sqlite"), "sql-role"])
    assert result.exit_code == 1 and "PostgreSQL" in result.stderr


def test_sql_uses_the_reading_role_url_when_given(tmp_path, monkeypatch):
    db = str(tmp_path / "kb.sqlite")
    _ingest(db)
    other = tmp_path / "other.sqlite"
    monkeypatch.setenv("KB_SQL_DATABASE_URL", f"sqlite:///{other}")
    result = CliRunner().invoke(cli, ["--db", db, "sql", "SELECT count(*) FROM claims"])
    assert result.exit_code == 1 and str(other) in result.stderr  # it connected to the other database


# -- 2. kb report -o never writes onto the database, and writes atomically ----------------------

def _checked(tmp_path, docs: dict[str, str]) -> str:
    db = str(tmp_path / "kb.sqlite")
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    _ingest(db, folder)
    assert CliRunner().invoke(cli, ["--db", db, "check"]).exit_code in (0, 3)
    return db


_HOSTILE = {
    "a.md": "---\ntitle: \"<script>alert(1)</script> =HYPERLINK(\\\"http://evil\\\")\"\nurl: \"javascript:alert(1)\"\n---\n"
            "=cmd|' /C calc'!A0 The Zephyr X9 has 48 GB of memory.\n",
    "b.md": "---\ntitle: Fine\nurl: https://example.org/b\n---\nThe Zephyr X9 has 96 GB of memory.\n",
}


def test_report_refuses_to_overwrite_the_database(tmp_path):
    db = _checked(tmp_path, _HOSTILE)
    size = os.path.getsize(db)
    for target in (db, db + "-wal"):
        result = CliRunner().invoke(cli, ["--db", db, "report", "--format", "html", "-o", target])
        assert result.exit_code == 1 and "onto the database" in result.stderr
    assert os.path.getsize(db) >= size and _count(db) > 0


def test_report_replaces_another_file_whole_and_says_so(tmp_path):
    db = _checked(tmp_path, _HOSTILE)
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", db, "report", "--format", "json", "-o", str(target)])
    assert result.exit_code == 0 and "replacing" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["flags"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- 3. only http(s) links; Markdown escapes HTML ------------------------------------------------

def test_reports_link_only_http_urls_and_escape_markup(tmp_path):
    db = _checked(tmp_path, _HOSTILE)
    run = lambda fmt: CliRunner().invoke(cli, ["--db", db, "report", "--format", fmt]).stdout  # noqa: E731
    page, markdown, review = run("html"), run("md"), run("claimreview")
    assert 'href="javascript:' not in page and 'href="https://example.org/b"' in page
    assert "<script>alert" not in page
    assert "](javascript:" not in markdown and "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "javascript:" not in review


# -- 4. CSV cells a spreadsheet would run ---------------------------------------------------------

def test_csv_outputs_neutralise_formulas_and_keep_numbers(tmp_path):
    import csv
    import io

    db = _checked(tmp_path, _HOSTILE)
    report = list(csv.reader(io.StringIO(CliRunner().invoke(cli, ["--db", db, "report", "--format", "csv"]).stdout)))
    claims = list(csv.reader(io.StringIO(CliRunner().invoke(cli, ["--db", db, "claims", "--csv"]).stdout)))
    sql = list(csv.reader(io.StringIO(CliRunner().invoke(
        cli, ["--db", db, "sql", "SELECT '=1+1' AS f, '-5' AS n, -5 AS m, sentence FROM claims", "--csv"]).stdout)))
    for table in (report, claims, sql):
        assert table and all(not cell.startswith(("=", "+", "@")) for row in table for cell in row)
    assert sql[1][:3] == ["'=1+1", "-5", "-5"]
    assert any(cell.startswith("'=cmd") for row in report + claims for cell in row)


def test_terminal_output_shows_control_characters_instead_of_obeying_them(tmp_path):
    db = _checked(tmp_path, {"c.md": "The Zephyr X9 has \x1b[2J\x1b]0;pwned\x07 48 GB of memory.\n"})
    out = CliRunner().invoke(cli, ["--db", db, "claims"]).stdout
    assert "\x1b" not in out and "\\x1b" in out


# -- 12. a database from a newer kb ----------------------------------------------------------------

@pytest.mark.parametrize("rows", [["zz99newer"], ["0001", "0002"]])
def test_unknown_or_duplicated_migration_is_one_line(tmp_path, rows):
    import sqlite3

    db = str(tmp_path / "kb.sqlite")
    _ingest(db)
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM alembic_version")
        connection.executemany("INSERT INTO alembic_version VALUES (?)", [(r,) for r in rows])
    result = CliRunner().invoke(cli, ["--db", db, "claims"])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output and ("newer kb" in result.stderr or "migration record" in result.stderr)


# -- 13. bad settings are usage errors -------------------------------------------------------------

@pytest.mark.parametrize("env, args", [
    ({"KB_SQL_TIME_LIMIT": "abc"}, ["sql", "SELECT 1"]),
    ({"KB_SQL_MAX_ROWS": "-3"}, ["sql", "SELECT 1"]),
    ({"KB_MAX_FILE_BYTES": "nan"}, ["extract", "-"]),
    ({}, ["claims", "--limit", "1e20"]),
    ({}, ["claims", "--limit", "100000000000000000000"]),
    ({}, ["check", "--tolerance", "minor_variance=nan"]),
    ({}, ["check", "--tolerance", "minor_variance=-1"]),
    ({}, ["check", "--tolerance", "no_such_tolerance=1"]),
])
def test_bad_settings_are_usage_errors(tmp_path, monkeypatch, env, args):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "kb.sqlite"), *args], input="It has 48 TB.\n")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Error" in result.stderr


# -- 9. standard input has the same size limit as a file -------------------------------------------

@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_stdin_over_the_size_limit_is_refused(tmp_path, monkeypatch, command):
    monkeypatch.setenv("KB_MAX_FILE_BYTES", "1000")
    args = ["--db", str(tmp_path / "kb.sqlite"), command, "-"]
    result = CliRunner().invoke(cli, args, input="The system has 48 TB of HBM. " * 100)
    assert result.exit_code == 1 and "over the 1,000-byte limit (KB_MAX_FILE_BYTES)" in result.output
    assert "Traceback" not in result.output


def test_stdin_reading_stops_at_the_limit_without_reading_everything(monkeypatch):
    import io

    from kb.documents.readers import read_stdin
    from kb.errors import InputError

    class Endless(io.RawIOBase):
        read_calls = 0

        def read(self, size=-1):
            Endless.read_calls += 1
            return b"x" * size

    monkeypatch.setenv("KB_MAX_FILE_BYTES", str(5 << 20))
    with pytest.raises(InputError):
        read_stdin(Endless())
    assert Endless.read_calls <= 7  # 1 MiB blocks up to the limit, then one more byte


# -- 8. hostile front matter -------------------------------------------------------------------------

def _laughs() -> str:
    lines, previous = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'], "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join(["*" + previous] * 9) + "]")
        previous = name
    return "\n".join(lines + ["title: *i"])


@pytest.mark.parametrize("front, warning", [
    ("date: 2025-13-45\ntitle: A bad date", "is not a date"),
    ("title: " + "9" * 100_000, "metadata ignored"),
    ("title: " + "[" * 5000, "metadata ignored"),
    (_laughs(), "aliases are not allowed"),
])
def test_hostile_front_matter_is_stored_without_metadata_and_the_batch_goes_on(tmp_path, front, warning):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a_hostile.md").write_text(f"---\n{front}\n---\nThe Zephyr X9 has 48 GB of memory.\n", encoding="utf-8")
    (folder / "b_fine.md").write_text("The Zephyr X9 has 96 GB of memory.\n", encoding="utf-8")
    db = str(tmp_path / "kb.sqlite")
    result = CliRunner().invoke(cli, ["--db", db, "ingest", str(folder)])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert [line for line in result.output.splitlines() if line.startswith("warning: ")] == \
        [line for line in result.output.splitlines() if warning in line]
    assert _count(db) == 2


# -- 14. a file name that is not UTF-8 -----------------------------------------------------------------

@pytest.mark.parametrize("given", ["by name", "in a folder"])
def test_non_utf8_file_name_fails_alone(tmp_path, given):
    folder = tmp_path / "docs"
    folder.mkdir()
    bad = os.fsdecode(bytes(folder) + b"/bad\xff.md")
    with open(os.fsencode(bad), "w", encoding="utf-8") as handle:
        handle.write("The Zephyr X9 has 48 GB of memory.\n")
    (folder / "good.md").write_text("The Zephyr X9 has 96 GB of memory.\n", encoding="utf-8")
    db = str(tmp_path / "kb.sqlite")
    paths = [bad, str(folder / "good.md")] if given == "by name" else [str(folder)]
    result = CliRunner().invoke(cli, ["--db", db, "ingest", *paths])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "bad\ufffd.md: file name is not valid UTF-8" in result.output
    assert _count(db) == 1


# -- 7. kb sql output is bounded in bytes ------------------------------------------------------------

def test_sql_refuses_to_build_a_giant_value(tmp_path):
    db = str(tmp_path / "kb.sqlite")
    _ingest(db)
    result = CliRunner().invoke(cli, ["--db", db, "sql", "SELECT zeroblob(1000000000)"])
    assert result.exit_code == 1 and "KB_SQL_MAX_CELL_BYTES" in result.stderr


def test_sql_result_is_cut_by_bytes_and_says_so(tmp_path, monkeypatch):
    db = str(tmp_path / "kb.sqlite")
    _ingest(db)
    monkeypatch.setenv("KB_SQL_MAX_BYTES", "2000")
    result = CliRunner().invoke(cli, ["--db", db, "sql", "SELECT sentence FROM claims", "--json"])
    assert result.exit_code == 0 and "KB_SQL_MAX_BYTES" in result.stderr
    rows = json.loads(result.stdout)
    assert 0 < len(rows) < _count(db) and sum(len(r["sentence"]) for r in rows) <= 2000


@postgres_only
def test_sql_on_postgresql_cuts_a_giant_value(db_url, monkeypatch):
    _ingest(db_url)
    monkeypatch.setenv("KB_SQL_MAX_CELL_BYTES", "1000")
    result = CliRunner().invoke(cli, ["--db", db_url, "sql", "SELECT repeat('x', 100000) AS big", "--json"])
    assert result.exit_code == 0 and "KB_SQL_MAX_CELL_BYTES" in result.stderr
    assert len(json.loads(result.stdout)[0]["big"]) == 1000


# -- 5. and 6. near-duplicate paragraphs ---------------------------------------------------------------

def test_paragraphs_that_differ_in_their_figures_are_both_read():
    from kb.documents.cleaning import clean

    body = ("In 2024 the plant near the river employed 3,200 workers on three shifts, the company said.\n\n"
            "In 2025 the plant near the river employed 1,900 workers on three shifts, the company said.\n\n"
            "In 2025 the plant near the river employed 1,900 workers on three shifts, the company said!\n")
    sentences, stats = clean(body)
    assert [s.text[:7] for s in sentences] == ["In 2024", "In 2025"] and stats["paragraphs_dropped"] == 1


def test_near_duplicate_check_compares_each_paragraph_with_a_bounded_few(monkeypatch):
    from kb.documents import cleaning

    calls = []
    real = cleaning.fuzz.ratio
    monkeypatch.setattr(cleaning.fuzz, "ratio", lambda a, b: calls.append(1) or real(a, b))
    import random

    words = "north south river valley steel glass paper cotton copper timber harbour market".split()
    rng = random.Random(7)
    n = 3000
    body = "\n\n".join(" ".join(rng.choice(words) for _ in range(9)) + " employed 1,000 workers." for _ in range(n))
    sentences, _ = cleaning.clean(body)
    assert len(sentences) > n // 2  # mostly distinct paragraphs, all with the same numbers
    assert len(calls) <= n * cleaning._KeptParagraphs.RECENT  # each compared with a bounded few, not all


# -- 10. a review survives an edit before its claim ------------------------------------------------------

def _flags(db):
    return json.loads(CliRunner().invoke(cli, ["--db", db, "flags", "--json"]).stdout)


def test_review_survives_an_edit_earlier_in_the_article(tmp_path):
    db = _checked(tmp_path, {"a.md": "The Zephyr X9 has 48 GB of memory.\n", "b.md": "The Zephyr X9 has 96 GB of memory.\n"})
    (flag,) = [f for f in _flags(db) if f["kind"] == "conflict"]
    assert CliRunner().invoke(cli, ["--db", db, "flags", "dismiss", str(flag["id"])]).exit_code == 0
    (tmp_path / "docs" / "a.md").write_text("Today: the Zephyr X9 has 48 GB of memory.\n", encoding="utf-8")
    _ingest(db, tmp_path / "docs")
    CliRunner().invoke(cli, ["--db", db, "check"])
    (again,) = [f for f in _flags(db) if f["kind"] == "conflict"]
    assert again["status"] == "dismissed"


def test_reviews_stored_under_the_old_keys_are_kept_by_the_upgrade(tmp_path):
    import sqlite3

    from kb.store.db import make_engine, upgrade

    db = _checked(tmp_path, {"a.md": "The Zephyr X9 has 48 GB of memory.\n", "b.md": "The Zephyr X9 has 96 GB of memory.\n"})
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT d.source, c.start_char, c.text FROM claims c JOIN documents d ON d.id = c.document_id "
                                  "ORDER BY d.source").fetchall()
        old_key = "conflict|" + "|".join(sorted(f"{s}@{start}:{text}" for s, start, text in rows))
        connection.execute("DELETE FROM flag_reviews")
        connection.execute("INSERT INTO flag_reviews (key, status, note, reviewed_at) VALUES (?, 'accepted', 'kept', "
                           "CURRENT_TIMESTAMP)", (old_key,))
        connection.execute("UPDATE alembic_version SET version_num = '0005'")
    upgrade(make_engine(f"sqlite:///{db}"))
    CliRunner().invoke(cli, ["--db", db, "check"])
    (flag,) = [f for f in _flags(db) if f["kind"] == "conflict"]
    assert flag["status"] == "accepted"


# -- 11. one file, one document; one text, one source ----------------------------------------------------

def test_one_file_under_two_names_is_one_document(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("The Zephyr X9 has 48 GB of memory.\n", encoding="utf-8")
    db = str(tmp_path / "kb.sqlite")
    result = CliRunner().invoke(cli, ["--db", db, "ingest", "a.md", str(tmp_path / "a.md"), "./a.md"])
    assert result.exit_code == 0
    rows = json.loads(CliRunner().invoke(cli, ["--db", db, "sql", "SELECT source FROM documents", "--json"]).stdout)
    assert rows == [{"source": "a.md"}]
    again = CliRunner().invoke(cli, ["--db", db, "ingest", str(tmp_path / "a.md")])
    assert "│         0 │         1 │" in again.output  # unchanged, not a second document


def test_copies_of_one_text_do_not_corroborate_each_other(tmp_path):
    text = "The Zephyr X9 has 48 GB of memory.\n"
    db = _checked(tmp_path, {"a.md": text, "copy.md": text, "mirror.md": text,
                             "b.md": "The Zephyr X9 has 96 GB of memory.\n"})
    report = json.loads(CliRunner().invoke(cli, ["--db", db, "report", "--format", "json"]).stdout)
    (flag,) = [f for f in report["flags"] if f["kind"] == "conflict"]
    assert sorted(c["source"]["path"].rsplit("/", 1)[-1] for c in flag["claims"]) == ["a.md", "b.md"]
    (group,) = report["duplicate_sources"]
    assert group["read"].endswith("a.md") and sorted(p.rsplit("/", 1)[-1] for p in group["same_text_as"]) == \
        ["copy.md", "mirror.md"]
    markdown = CliRunner().invoke(cli, ["--db", db, "report", "--format", "md"]).stdout
    assert "Read once, as one source" in markdown


# -- 15. a full disk, a read-only database, a database that is not kb's ----------------------------------

def test_a_full_database_stops_the_batch_at_the_first_document(tmp_path, monkeypatch):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from kb import ingest

    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(20):
        (folder / f"d{i:02}.md").write_text(f"The Zephyr X{i} has {i + 1} GB of memory.\n", encoding="utf-8")
    db = str(tmp_path / "kb.sqlite")
    _ingest(db, folder / "d00.md")
    calls = []

    def full(*args, **kwargs):
        calls.append(1)
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise OperationalError("INSERT ...", {}, error)

    monkeypatch.setattr(ingest, "replace_document", full)
    result = CliRunner().invoke(cli, ["--db", db, "ingest", str(folder)])
    assert result.exit_code == 1 and "stopped at the first document" in result.stderr
    assert len(calls) == 1  # no retries, no second document
    assert _count(db) == 1  # what was stored before is whole


def test_a_read_only_database_still_answers_queries(tmp_path, monkeypatch):
    from kb.store import db as store_db

    db = str(tmp_path / "kb.sqlite")
    _ingest(db)
    before = os.path.getsize(db)
    real = os.access
    monkeypatch.setattr(store_db.os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    assert CliRunner().invoke(cli, ["--db", db, "claims", "--limit", "3"]).exit_code == 0
    assert _count(db) > 0
    refused = CliRunner().invoke(cli, ["--db", db, "ingest", str(ROOT / "tests")])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert os.path.getsize(db) == before


def test_a_sqlite_file_that_is_not_kbs_is_refused_unless_empty(tmp_path):
    import sqlite3

    other = tmp_path / "app.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE users (id INTEGER)")
    result = CliRunner().invoke(cli, ["--db", str(other), "claims"])
    assert result.exit_code == 1 and "not kb's" in result.stderr
    with sqlite3.connect(other) as connection:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == [("users",)]
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert CliRunner().invoke(cli, ["--db", str(empty), "claims"]).exit_code == 0
