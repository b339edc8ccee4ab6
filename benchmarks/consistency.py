"""Consistency on every cross-source dev corpus: caught, false links and hard-flag precision, one table.

    python benchmarks/consistency.py [--shared ../shared] [--verbose]

For each corpus (../shared/data/dev/crosssource, the seed's story, and crosssource_topics, five other
stories) it ingests the docs into a temporary database, runs `kb check`, writes the report as
`kb report --format json` does and scores it with ../shared/tools/score_crosssource.py itself:
caught (firm CONFLICT / ERROR_IN_SOURCE pairs held by a hard flag), false (NO_FLAG pairs held by one),
hard precision (the share of hard flags holding an expected pair). --verbose prints the scorer's
own lines (which pairs, which unexplained flags).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.consistency import run_check  # noqa: E402
from kb.ingest import ingest  # noqa: E402
from kb.report import load_flags, render  # noqa: E402
from kb.store.db import open_database  # noqa: E402

CORPORA = ("crosssource", "crosssource_topics")
_SUMMARY = re.compile(r"caught=(\S+) false=(\S+) unexplained_hard=(\d+) hard=(\d+) hard_precision=(\d+)")


def score_corpus(shared: Path, name: str, verbose: bool) -> dict:
    """Ingest, check and report one corpus; the scorer's summary line as a dict."""
    base = shared / "data" / "dev" / name
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(str(Path(tmp) / "kb.sqlite"))
        ingest(engine, [str(base / "docs")])
        run_check(engine)
        report = Path(tmp) / "report.json"
        report.write_text(render(load_flags(engine), "json"), encoding="utf-8")
        engine.dispose()
        command = [sys.executable, str(shared / "tools" / "score_crosssource.py"), str(report),
                   str(base / "expected_dev.json")] + (["--verbose"] if verbose else [])
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if verbose:
        print(f"--- {name}\n{out}")
    caught, false, unexplained, hard, precision = _SUMMARY.search(out).groups()
    return {"caught": caught, "false": false, "unexplained": unexplained, "hard": hard, "precision": precision}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--verbose", action="store_true", help="print the scorer's detail for each corpus")
    args = parser.parse_args()
    rows = [(name, score_corpus(args.shared, name, args.verbose)) for name in CORPORA
            if (args.shared / "data" / "dev" / name / "expected_dev.json").exists()]
    print(f"{'corpus':<22} {'caught':>7} {'false':>7} {'hard':>5} {'noise':>6} {'hard precision':>15}")
    for name, row in rows:
        print(f"{name:<22} {row['caught']:>7} {row['false']:>7} {row['hard']:>5} {row['unexplained']:>6} "
              f"{row['precision'] + '%':>15}")


if __name__ == "__main__":
    main()
