"""Bad input, interrupted runs, concurrent writers and schema upgrades: nothing lost, nothing crashes."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, text

from conftest import SEED, sqlite_only
from kb.cli import cli
from kb.documents import load
from kb.extract import extract_document
from kb.ingest import ingest
from kb.store.db import make_engine, upgrade

KB = [sys.executable, "-m", "kb.cli"]
JA = "---\ntitle: テスト\n---\n\nCloudMatrix 384は384個のプロセッサで構成され、費用は約820万ドルだ。\n"


def _cli(db, *args, env=None):
    return CliRunner().invoke(cli, ["--db", db, *args], env=env, catch_exceptions=False)


def _zip_bytes(tmp_path) -> bytes:
    path = tmp_path / "z.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "48 TB")
    return path.read_bytes()


BAD_FILES = [
    ("doc.pdf", lambda t: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n\x00\x00", "binary file (not text)"),
    ("img.png", lambda t: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (not text)"),
    ("arch.txt", _zip_bytes, "binary file (not text)"),
    ("empty.md", lambda t: b"", "empty file"),
    ("blank.md", lambda t: b"\n\n   \n", "empty file"),
]


@pytest.mark.parametrize("name,make,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_one_line_and_the_batch_goes_on(tmp_path, name, make, message, db_url):
    bad = tmp_path / name
    bad.write_bytes(make(tmp_path))
    result = _cli(db_url, "ingest", str(bad), str(SEED))
    assert result.exit_code == 1
    assert f"failed: {bad}: {message}" in result.output
    assert "Traceback" not in result.output
    rows = json.loads(_cli(db_url, "sql", "SELECT count(*) AS n FROM documents", "--json").output)
    assert rows == [{"n": 1}]


def test_file_over_the_size_limit_is_refused(tmp_path, monkeypatch, db_url):
    big = tmp_path / "big.txt"
    big.write_bytes(b"It has 384 processors.\n" * 2000)
    monkeypatch.setenv("KB_MAX_FILE_BYTES", "10000")
    result = _cli(db_url, "ingest", str(big))
    assert result.exit_code == 1
    assert "over the 10,000-byte limit (KB_MAX_FILE_BYTES)" in result.output


def test_a_5mb_single_line(tmp_path, db_url):
    path = tmp_path / "line.txt"
    path.write_text("word " * 1_000_000 + "and the cluster has 48 TB of memory", encoding="utf-8")
    result = _cli(db_url, "ingest", str(path))
    assert result.exit_code == 0
    rows = json.loads(_cli(db_url, "sql", "SELECT text FROM claims", "--json").output)
    assert rows == [{"text": "48 TB"}]


@pytest.mark.parametrize("encoding", ["shift_jis", "euc_jp", "utf-16", "utf-16-le", "utf-8-sig"])
def test_japanese_encodings_give_the_same_claims_as_utf8(tmp_path, encoding):
    reference = tmp_path / "utf8.md"
    reference.write_bytes(JA.encode("utf-8"))
    other = tmp_path / "other.md"
    other.write_bytes(JA.encode(encoding))

    def claims(path):
        (doc,) = list(load(path))
        return [(c.text, c.value, c.unit, c.entity) for c in extract_document(doc)]

    assert claims(other) == claims(reference) and claims(reference)


def test_invalid_utf8_is_counted_as_a_warning(tmp_path, db_url):
    path = tmp_path / "bad.txt"
    path.write_bytes("The chip has 384 cores. ".encode() + b"\xc3\x28\xa0\xa1 " + "It draws 700 W.".encode())
    result = _cli(db_url, "ingest", str(path))
    assert result.exit_code == 0
    assert "undecodable bytes replaced" in result.output
    rows = json.loads(_cli(db_url, "sql", "SELECT undecodable_bytes AS n FROM documents",
                           "--json").output)
    assert rows[0]["n"] > 0


def test_malformed_front_matter_is_a_warning(tmp_path, db_url):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: [oops\n---\nIt has 384 processors.\n", encoding="utf-8")
    result = _cli(db_url, "ingest", str(path))
    assert result.exit_code == 0 and "malformed YAML front matter" in result.output


def test_hostile_html(tmp_path, db_url):
    page = ("<html><head><script>document.write('999 TB')</script><style>p{width:300px}</style></head><body>"
            + "<div>" * 10_000 + "<p>The chip has 48 TB of memory.</p>" + "</div>" * 10_000 + "</body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    result = _cli(db_url, "ingest", str(path))
    assert result.exit_code == 0
    rows = json.loads(_cli(db_url, "sql", "SELECT text FROM claims", "--json").output)
    assert rows == [{"text": "48 TB"}]


def test_jsonl_with_a_broken_line(tmp_path, db_url):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join([json.dumps({"id": "a", "text": "It has 384 processors."}), "{broken",
                               json.dumps({"id": "b", "text": "It has 48 TB of HBM."})]), encoding="utf-8")
    result = _cli(db_url, "ingest", str(path))
    assert result.exit_code == 1
    assert f"{path}:2: bad JSONL line" in result.output
    rows = json.loads(_cli(db_url, "sql", "SELECT count(*) AS n FROM documents", "--json").output)
    assert rows == [{"n": 2}]


@pytest.mark.parametrize("body", ["The value was 1e999 flops.", "予算は９９９９９９９９９９９９９９９９９９９兆円。",
                                  "It holds 10^400 bytes."])
def test_overflowing_numbers(tmp_path, body):
    path = tmp_path / "n.txt"
    path.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0
    for line in result.output.splitlines():
        record = json.loads(line)  # strict JSON: no Infinity
        assert record["value_normalized"] is None or abs(record["value_normalized"]) < float("inf")


def test_unreadable_files_and_symlink_loops(tmp_path, monkeypatch, db_url):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.md").write_text("It has 384 processors.\n", encoding="utf-8")
    (folder / "secret.md").write_text("It has 48 TB.\n", encoding="utf-8")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied")  # as a non-root user would see it
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = _cli(db_url, "ingest", str(folder))
    assert result.exit_code == 1
    assert f"failed: {folder / 'secret.md'}: permission denied" in result.output
    assert f"failed: {folder / 'dangling.md'}: no such file" in result.output
    rows = json.loads(_cli(db_url, "sql", "SELECT count(*) AS n FROM documents", "--json").output)
    assert rows == [{"n": 1}]


def _corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"doc{i:03}.md"
        body = " ".join(f"Plant {i} unit {j} produced {j + 1},{i:03} MWh and employed {j + 10} workers." for j in range(40))
        path.write_text(f"---\ntitle: Doc {i}\n---\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def _expected_claims(paths) -> int:
    return sum(len(extract_document(doc)) for p in paths for doc in load(p))


@sqlite_only
def test_kill_9_leaves_a_consistent_database_and_a_rerun_finishes(tmp_path):
    paths = _corpus(tmp_path / "corpus", 60)
    db = tmp_path / "kb.sqlite"
    process = subprocess.Popen([*KB, "--db", str(db), "ingest", str(tmp_path / "corpus")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and process.poll() is None:
        try:
            with sqlite3.connect(db, timeout=1) as c:
                stored = c.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored >= 3:
            break
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be interrupted"
    process.send_signal(signal.SIGKILL)
    process.wait()
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("SELECT count(*) FROM documents").fetchone()[0] < len(paths)
        per_doc = dict(c.execute("SELECT d.source, count(c.id) FROM documents d "
                                 "LEFT JOIN claims c ON c.document_id = d.id GROUP BY d.id").fetchall())
    for source, count in per_doc.items():  # no half-written document
        assert count == _expected_claims([Path(source)])
    result = subprocess.run([*KB, "--db", str(db), "ingest", str(tmp_path / "corpus")], capture_output=True)
    assert result.returncode == 0
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM documents").fetchone()[0] == len(paths)
        assert c.execute("SELECT count(*) FROM claims").fetchone()[0] == _expected_claims(paths)


def test_two_ingests_at_once_both_succeed(tmp_path, db_url):
    paths = _corpus(tmp_path / "corpus", 30)
    runs = [subprocess.Popen([*KB, "--db", db_url, "ingest", *map(str, chunk)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for chunk in (paths[:20], paths[10:])]  # they overlap on ten documents
    outputs = [r.communicate(timeout=300)[0].decode() for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    engine = make_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM documents")).scalar() == 30
        assert c.execute(text("SELECT count(*) FROM claims")).scalar() == _expected_claims(paths)
    engine.dispose()


@sqlite_only
def test_upgrading_a_first_release_database_keeps_every_row(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    upgrade(engine, "0001")
    ingest(engine, [str(SEED)])

    def dump():
        with engine.connect() as c:
            return {t: c.execute(text(f"SELECT * FROM {t} ORDER BY id")).all()
                    for t in ("documents", "claims", "entities", "entity_aliases", "extraction_runs")}

    before = dump()
    assert before["claims"]
    upgrade(engine)
    assert dump() == before
    assert "ix_claims_lang" in {i["name"] for i in inspect(engine).get_indexes("claims")}
