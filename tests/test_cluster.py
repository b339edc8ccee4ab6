"""`kb ingest --executor ray` (issue 14): on a local Ray runtime of 2 CPUs, the claims of one process,
whatever happens to an actor; Ray missing or a cluster nobody runs is one line, not a traceback."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing

import psutil
import pytest
import ray
from click.testing import CliRunner
from sqlalchemy import text

from conftest import ROOT, cases
from kb.cli import cli
from kb.ingest import Executor, ingest
from kb.store.db import open_database


def _write_corpus(folder) -> int:
    """60 documents, English and Japanese, in the formats kb reads: the sample data (Markdown, HTML,
    text, JSONL) and documents of three sentences each from the suite's English and Japanese cases."""
    folder.mkdir()
    for sample in (ROOT / "data").iterdir():
        (folder / sample.name).write_bytes(sample.read_bytes())
    sample_documents = 7  # the JSONL holds two
    english = [case["text"] for case in cases("news_en.yaml")]
    japanese = [case["sentence"] for case in cases("quantities_ja.yaml")]
    for i in range(38):
        body = " ".join(english[3 * i:3 * i + 3])
        (folder / f"en_{i:02}.md").write_text(f"---\nlanguage: en\n---\n\n# Story {i}\n\n{body}\n", encoding="utf-8")
    for i in range(15):
        (folder / f"ja_{i:02}.txt").write_text("".join(japanese[3 * i:3 * i + 3]) + "\n", encoding="utf-8")
    return sample_documents + 38 + 15


def _stored(engine) -> list[tuple]:
    with engine.connect() as c:
        return c.execute(text(
            "SELECT d.source, c.start_char, c.end_char, c.sentence_start, c.text, c.value_normalized, "
            "c.low_normalized, c.high_normalized, c.unit_normalized, c.entity, c.attribute, c.qualifiers, e.name "
            "FROM claims c JOIN documents d ON d.id = c.document_id LEFT JOIN entities e ON e.id = c.entity_id "
            "ORDER BY d.source, c.start_char, c.end_char")).all()


def _stored_so_far(db) -> int:
    """Documents the running ingest has committed, read without taking a lock or running migrations (an
    `open_database` while the run writes may wait for it to finish, and the signal would come too late)."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created yet, or busy this instant


def _document_count(engine) -> int:
    with engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM documents")).scalar_one()


# The tests before the `ray_runtime` fixture run while no Ray runtime is up in this process.

def test_kb_ingest_starts_its_own_ray_runtime(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.md").write_text("The Zephyr X1 has 96 GB of memory and costs about $1M.\n", encoding="utf-8")
    (folder / "b.md").write_text("The Zephyr X2 has 128 GB of memory.\n", encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    done = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(db), "ingest", str(folder),
                           "--executor", "ray", "--jobs", "2"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    engine = open_database(str(db))
    assert [(source.rsplit("/", 1)[1], value) for source, _, _, _, _, value, *_ in _stored(engine)] == [
        ("a.md", 96e9), ("a.md", 1e6), ("b.md", 128e9)]


def test_without_ray_the_executor_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    (tmp_path / "a.md").write_text("It has 384 processors.\n", encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(tmp_path / "a.md"), "--executor", "ray"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: --executor ray needs Ray: pip install 'kb[ray]' (in a checkout: pip install -e '.[ray]')")
    with open_database(str(db)).connect() as c:
        assert c.execute(text("SELECT count(*) FROM extraction_runs")).scalar_one() == 0  # no run recorded


@pytest.mark.parametrize("arguments, message", [
    (["--address", "auto"], "--address joins a Ray cluster: use it with --executor ray"),
    (["--executor", "ray", "--address", "127.0.0.1:9"], "nothing answers at 127.0.0.1:9"),
])
def test_a_cluster_nobody_runs_is_one_line(tmp_path, arguments, message):
    (tmp_path / "a.md").write_text("It has 384 processors.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "kb.sqlite"), "ingest", str(tmp_path / "a.md"), *arguments])
    assert result.exit_code in (1, 2)
    assert message in result.output and "Traceback" not in result.output


def test_ctrl_c_stops_the_run_and_a_rerun_stores_the_rest_once(tmp_path):
    total = 1200
    folder = tmp_path / "corpus"
    folder.mkdir()
    english = [case["text"] for case in cases("news_en.yaml")]
    for i in range(total):  # enough that the run is still going when the signal comes, on a busy machine too
        (folder / f"n{i:04}.md").write_text(f"# Story {i}\n\n{english[i % len(english)]}\n", encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    command = [sys.executable, "-m", "kb.cli", "--db", str(db), "ingest", str(folder), "--executor", "ray", "-j", "2"]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and run.poll() is None:
        if _stored_so_far(db) > 0:
            break
        time.sleep(0.1)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)  # stops within a minute, actors and runtime with it
    assert run.returncode != 0 and "Traceback" not in stderr
    engine = open_database(str(db))
    stored = _document_count(engine)
    assert 0 < stored < total
    rerun = ingest(engine, [str(folder)])
    assert (rerun.unchanged, rerun.documents, rerun.failed) == (stored, total - stored, [])
    reference = open_database(str(tmp_path / "one.sqlite"))
    ingest(reference, [str(folder)])
    assert _stored(engine) == _stored(reference)  # every document whole, none twice


@pytest.fixture(scope="module")
def ray_runtime():
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_actors_store_exactly_what_one_process_stores(tmp_path, db_url, ray_runtime):
    folder = tmp_path / "corpus"
    documents = _write_corpus(folder)
    single = open_database(str(tmp_path / "one.sqlite"))
    one = ingest(single, [str(folder)], jobs=1)
    engine = open_database(db_url)
    on_ray = ingest(engine, [str(folder)], executor=Executor("ray", 2))
    assert one.documents == documents == 60 and not one.failed
    assert (on_ray.documents, on_ray.claims, on_ray.failed) == (one.documents, one.claims, [])
    assert _stored(engine) == _stored(single)  # values, offsets, entities, attributes, qualifiers
    again = ingest(engine, [str(folder)], executor=Executor("ray", 2))
    assert (again.documents, again.unchanged, again.claims) == (0, 60, 0)


def _actor_processes() -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any("ray::BatchExtractor" in part for part in process.info["cmdline"] or ()):
            found.append(process)
    return found


def test_an_actor_killed_mid_run_leaves_every_document_stored_once(tmp_path, db_url, ray_runtime):
    folder = tmp_path / "corpus"
    _write_corpus(folder)
    killed = []

    def kill_one_actor(file: str) -> None:
        if len(killed) == 0 and "en_05" in file:  # a third of the way: batches are in flight
            victims = _actor_processes()
            assert victims, "no actor process found to kill"
            os.kill(victims[0].pid, signal.SIGKILL)
            killed.append(victims[0].pid)

    engine = open_database(db_url)
    report = ingest(engine, [str(folder)], on_file=kill_one_actor, executor=Executor("ray", 2))
    assert killed
    assert (report.documents, report.failed) == (60, [])  # Ray restarted the actor and retried its batches
    assert _document_count(engine) == 60
    reference = open_database(str(tmp_path / "one.sqlite"))
    ingest(reference, [str(folder)])
    assert _stored(engine) == _stored(reference)


def test_actors_that_keep_dying_fail_their_files_and_a_rerun_stores_them_once(tmp_path, db_url, ray_runtime):
    """A node that kills every actor (out of memory, again and again): Ray's restarts are bounded,
    so the run ends, the files it could not extract fail with a reason, and the rerun stores them."""
    folder = tmp_path / "corpus"
    _write_corpus(folder)
    stop = threading.Event()

    def keep_killing() -> None:
        while not stop.is_set():
            for process in _actor_processes():
                try:
                    process.send_signal(signal.SIGKILL)
                except psutil.NoSuchProcess:
                    pass
            time.sleep(0.05)

    killer = threading.Thread(target=keep_killing, daemon=True)
    engine = open_database(db_url)
    killer.start()
    try:
        report = ingest(engine, [str(folder)], executor=Executor("ray", 2))
    finally:
        stop.set()
        killer.join()
    assert report.failed, "every actor was killed, yet nothing failed"
    assert all("Ray actor" in reason and "rerun to retry" in reason for _, reason in report.failed)
    assert _document_count(engine) == report.documents  # what was stored is whole; nothing else
    rerun = ingest(engine, [str(folder)], executor=Executor("ray", 2))
    assert not rerun.failed
    assert rerun.unchanged == report.documents and report.documents + rerun.documents == 60
    assert _document_count(engine) == 60
