"""Consistency on the cross-source dev set: expected conflicts caught, non-conflicts left alone.

    python benchmarks/consistency.py [--shared ../shared]

Ingests ../shared/data/dev/crosssource/docs into a temporary database, runs `kb check`, and scores the
pairs in expected_dev.json: a CONFLICT / ERROR_IN_SOURCE pair is caught when one hard flag (conflict or
error_in_source, high or medium) holds a claim matching each side; a NO_FLAG pair is violated when one
does. A side matches a claim of its document whose value is within the pair's rel_tol.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.consistency import run_check  # noqa: E402
from kb.ingest import ingest  # noqa: E402
from kb.report import load_flags  # noqa: E402
from kb.store.db import open_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    base = args.shared / "data" / "dev" / "crosssource"
    expected = json.loads((base / "expected_dev.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(str(Path(tmp) / "kb.sqlite"))
        ingest(engine, [str(base / "docs")])
        run_check(engine)
        flags = load_flags(engine)
    hard = [{c["claim_id"] for c in f.claims} for f in flags if f.hard]
    claims_by_doc: dict[str, list[dict]] = {}
    for f in flags:
        for c in f.claims:
            claims_by_doc.setdefault(Path(c["source"]["path"]).name, []).append(c)

    def ids(side, tol):
        return {c["claim_id"] for c in claims_by_doc.get(side["doc"], [])
                if math.isclose(c["value"], side["value"], rel_tol=tol)}

    caught = missed = violations = clean = 0
    for pair in expected["pairs"]:
        tol = pair.get("rel_tol", expected["default_rel_tol"])
        a, b = ids(pair["a"], tol), ids(pair["b"], tol)
        linked = any(s & a and s & b for s in hard)
        if pair["verdict"] in ("CONFLICT", "ERROR_IN_SOURCE"):
            caught += linked
            missed += not linked
            status = "caught" if linked else "MISSED"
        else:
            violations += linked
            clean += not linked
            status = "VIOLATED" if linked else "ok"
        print(f"{pair['id']:<8} {pair['verdict']:<16} {status:<9} {pair['a']['quote'][:40]!r} / {pair['b']['quote'][:40]!r}")
    print(f"\nexpected conflicts/errors caught: {caught}/{caught + missed}; "
          f"non-conflicts linked by a hard flag: {violations}/{violations + clean}; "
          f"flags: {len(flags)} ({sum(1 for f in flags if f.hard)} hard)")


if __name__ == "__main__":
    main()
