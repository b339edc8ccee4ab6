"""Ingest end to end vs extraction alone, and parallel ingest, as ratios measured in one run.

    python benchmarks/ingest_speed.py [--megabytes 5] [--runs 3] [--jobs 2] [--executor ray]

Writes the English news-like corpus (corpus.py, seeded) as one Markdown file per article, then times:
- `kb extract` alone: read + extract every file in this process, nothing stored;
- `kb ingest` into a fresh SQLite file (read, extract, write, commit per document);
- `kb ingest --jobs N` into a fresh SQLite file (N worker processes extract, this one writes);
- with `--executor ray`, `kb ingest --executor ray --jobs N` too: N Ray actors, each run starting its
  own local runtime and actors (start-up included), beside `--jobs N` in the same run.
Targets (issue 5): ingest >= 50% of extract alone; --jobs 2 >= 1.7x the single-process ingest;
(issue 14) --executor ray with 2 actors >= 1.6x the single-process ingest.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402
from timing import timed  # noqa: E402

from kb.documents import load  # noqa: E402
from kb.extract import extract_document  # noqa: E402
from kb.ingest import Executor, ingest  # noqa: E402
from kb.store.db import open_database  # noqa: E402


def write_corpus(folder: Path, megabytes: float) -> float:
    size = 0
    for line in generate(megabytes, seed=7):
        record = json.loads(line)
        text = f"---\nlanguage: en\n---\n\n{record['text']}\n"
        (folder / f"{record['id']}.md").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size / 1e6


def extract_only(folder: Path) -> int:
    return sum(len(extract_document(doc)) for path in sorted(folder.iterdir()) for doc in load(path))


def ingest_into(folder: Path, db: Path, jobs: int, executor: str = "local") -> int:
    if db.exists():
        db.unlink()
    engine = open_database(str(db))
    report = ingest(engine, [str(folder)], executor=Executor(executor, jobs))
    engine.dispose()
    return report.claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--executor", choices=["local", "ray"], default="local",
                        help="ray: also time --executor ray with --jobs actors")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, db = Path(tmp) / "corpus", Path(tmp) / "kb.sqlite"
        folder.mkdir()
        size = write_corpus(folder, args.megabytes)
        extract_only(folder)  # load the pipelines once, outside the timing (workers load their own)
        rows = [
            ("kb extract (alone)", *timed(lambda: extract_only(folder), args.runs)),
            ("kb ingest", *timed(lambda: ingest_into(folder, db, 1), args.runs)),
            (f"kb ingest --jobs {args.jobs}", *timed(lambda: ingest_into(folder, db, args.jobs), args.runs)),
        ]
        if args.executor == "ray":
            rows.append((f"kb ingest --executor ray -j {args.jobs}",
                         *timed(lambda: ingest_into(folder, db, args.jobs, "ray"), args.runs)))
    files = len(list(generate(args.megabytes, seed=7)))
    print(f"{files} articles, {size:.2f} MB, median of {args.runs} runs")
    speeds = {}
    for name, median, times, found in rows:
        speeds[name] = size / median
        print(f"{name:<30} {median:7.2f} s ({' '.join(f'{t:.2f}' for t in times)})  {speeds[name]:6.2f} MB/s  "
              f"{found} claims")
    extract, single, parallel, *on_ray = (speeds[name] for name, *_ in rows)
    print(f"ingest / extract alone: {single / extract * 100:.0f}% (target >= 50%)")
    print(f"ingest --jobs {args.jobs} / ingest: {parallel / single:.2f}x (target >= 1.7x)")
    if on_ray:
        print(f"ingest --executor ray -j {args.jobs} / ingest: {on_ray[0] / single:.2f}x, start-up included "
              f"(target >= 1.6x); / --jobs {args.jobs}: {on_ray[0] / parallel:.2f}x")


if __name__ == "__main__":
    main()
