"""The command line through CliRunner: exit codes, output formats, the contract's fields."""

import json

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED, sqlite_only
from kb.cli import cli
from kb.documents import load

CONTRACT_FIELDS = {"doc_id", "start", "end", "text", "value", "low", "high", "modifier", "change", "unit",
                   "unit_normalized", "value_normalized", "dimension", "entity", "attribute", "qualifiers",
                   "sentence", "lang"}


@pytest.fixture
def run(db_url):
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, ["--db", db_url, *args], input=input, catch_exceptions=False)

    return invoke


def test_extract_emits_every_contract_field():
    result = CliRunner().invoke(cli, ["extract", str(SEED)])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(CONTRACT_FIELDS <= set(r) for r in records)
    (document,) = list(load(SEED))
    body = document.body
    for r in records:
        assert body[r["start"]:r["end"]] == r["text"]
        assert r["doc_id"] == str(SEED)


def test_extract_reads_stdin():
    result = CliRunner().invoke(cli, ["extract", "-"], input="The system costs about $8.2M.\n")
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["value"] == 8200000 and record["modifier"] == "~" and record["unit_normalized"] == "USD"


def test_extract_jsonl_carries_record_ids(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "n1", "text": "It has 48 TB of HBM."}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["n1"]


def test_ingest_data_folder_then_query(run):
    result = run("ingest", str(ROOT / "data"))
    assert result.exit_code == 0, result.output
    assert "documents" in result.output
    result = run("sql", "SELECT count(DISTINCT source) AS n FROM documents", "--json")
    assert json.loads(result.output) == [{"n": 7}]  # five files, the JSONL holding two articles


def test_sample_corpus_flags_the_battery_conflict_the_readme_shows(run):
    """README's tour: the two Sunridge articles disagree on the battery (up to 800 MWh against 1,000 MWh); the
    article that says `Brightfield says the park will power ...` and then `Its battery system ...` is about
    the park, and `, and Brightfield expects ...` qualifies no figure before it."""
    assert run("ingest", str(ROOT / "data")).exit_code == 0
    assert run("check").exit_code == 0
    report = json.loads(run("report", "--format", "json").output)
    battery = [f for f in report["flags"] if f["attribute"] == "battery capacity"]
    assert len(battery) == 1 and battery[0]["kind"] == "conflict" and battery[0]["entity"] == "Sunridge Solar Park"
    assert "800 MWh" in battery[0]["explanation"] and "1,000 MWh" in battery[0]["explanation"]


def test_seed_values_via_sql(run):
    run("ingest", str(SEED))
    result = run("sql", "SELECT text, value_normalized, unit_normalized, modifier FROM claims "
                        "WHERE text IN (:a, :b)", "-p", "a", "約820万ドル", "-p", "b", "48テラバイト", "--json")
    rows = {r["text"]: r for r in json.loads(result.output)}
    assert rows["約820万ドル"]["value_normalized"] == 8.2e6 and rows["約820万ドル"]["modifier"] == "~"
    assert rows["48テラバイト"]["value_normalized"] == 4.8e13 and rows["48テラバイト"]["unit_normalized"] == "byte"


@pytest.mark.parametrize("query", [
    "DELETE FROM claims", "UPDATE claims SET value = '0'",
    "INSERT INTO entities (name, created_at) VALUES ('x', '2020-01-01')", "DROP TABLE claims", "CREATE TABLE t (x int)",
    pytest.param("ATTACH DATABASE ':memory:' AS other", marks=sqlite_only),
    pytest.param("PRAGMA journal_mode = DELETE", marks=sqlite_only),
    pytest.param("SELECT load_extension('x')", marks=sqlite_only),
    pytest.param("VACUUM INTO 'copy.sqlite'", marks=sqlite_only),
])
def test_sql_refuses_writes_and_data_stays(run, query):
    run("ingest", str(SEED))
    before = run("sql", "SELECT count(*) AS n FROM claims", "--json").output
    result = run("sql", query)
    assert result.exit_code == 1
    assert "read-only" in result.output and "Traceback" not in result.output
    assert run("sql", "SELECT count(*) AS n FROM claims", "--json").output == before


def test_sql_time_limit(run, monkeypatch):
    monkeypatch.setenv("KB_SQL_TIME_LIMIT", "0.5")
    result = run("sql", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
    assert result.exit_code == 1 and "time limit" in result.output


def test_sql_row_cap(run, monkeypatch):
    monkeypatch.setenv("KB_SQL_MAX_ROWS", "3")
    run("ingest", str(SEED))
    result = run("sql", "SELECT id FROM claims ORDER BY id", "--csv")
    assert result.exit_code == 0
    assert result.output.splitlines()[:4] == ["id", "1", "2", "3"]
    assert "only the first 3 rows" in result.output


@pytest.mark.parametrize("fmt", ["--table", "--csv", "--json", "--jsonl"])
def test_claims_filters_and_formats(run, fmt):
    run("ingest", str(ROOT / "data"))
    result = run("claims", "--entity", "CloudMatrix 384", fmt)
    assert result.exit_code == 0
    assert "300ペタフロップス" in result.output and "Sunridge" not in result.output


def test_claims_filter_by_lang_and_attribute(run):
    run("ingest", str(ROOT / "data"))
    rows = json.loads(run("claims", "--lang", "en", "--attribute", "workers", "--json").output)
    assert {r["text"] for r in rows} == {"3,200", "2,800"}


def test_entities_lists_claim_counts(run):
    run("ingest", str(SEED))
    rows = json.loads(run("entities", "--json").output)
    top = rows[0]
    assert top["name"] == "CloudMatrix 384" and top["claims"] == 3 and top["documents"] == 1


def test_ingest_reports_failures_with_exit_1(run, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run("ingest", str(bad), str(SEED))
    assert result.exit_code == 1
    assert "empty file" in result.output
    assert json.loads(run("sql", "SELECT count(*) AS n FROM documents", "--json").output) == [{"n": 1}]


def test_missing_path_is_reported(run):
    result = run("ingest", "no/such/file.md")
    assert result.exit_code == 1 and "no such file" in result.output


def test_usage_error_exits_2(run):
    assert run("claims", "--lang", "fr").exit_code == 2


def test_ingest_stdin(run):
    result = run("ingest", "-", input="The Harbor Line cost $2.7 billion.\n")
    assert result.exit_code == 0
    assert json.loads(run("sql", "SELECT source FROM documents", "--json").output) == [{"source": "<stdin>"}]


@pytest.mark.parametrize("source", ["jsonl", "front matter"])
def test_extract_reads_a_language_with_no_entry_with_the_neutral_core(tmp_path, source):
    """`lang: fr` is named in a warning and read for digits, symbols and SI units: never as Japanese."""
    text = "Le groupe a levé 4,5 milliards d'euros, soit 12 % de plus, pour 300 MW."
    if source == "jsonl":
        path = tmp_path / "in.jsonl"
        path.write_text(json.dumps({"id": "fr1", "lang": "fr", "text": text}) + "\n", encoding="utf-8")
    else:
        path = tmp_path / "article.md"
        path.write_text(f"---\nlang: fr\n---\n{text}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0
    assert "language 'fr' has no entry" in result.stderr and "language-neutral" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["lang"] for r in records} == {"fr"}
    found = {r["text"]: r for r in records}
    assert found["12 %"]["unit_normalized"] == "percent" and found["300 MW"]["value_normalized"] == 3e8
    start = text.index("4,5 milliards")
    assert any(start <= r["start"] < start + len("4,5 milliards") for r in records)  # the figure is found
