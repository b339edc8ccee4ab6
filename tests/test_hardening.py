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
