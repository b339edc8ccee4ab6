"""English extraction throughput, as ratios measured in one run on the same text.

    python benchmarks/extract_speed.py [--megabytes 2] [--runs 3] [--with-parser]

Prints MB/s for: a bare digit regex scan (the practical ceiling), kb's extraction (documents ->
extract, as `kb extract` runs it), and quantulum3 when it is installed (`pip install quantulum3`;
it is not a kb dependency). Targets (issue 5): kb >= 20x quantulum3 and >= 5% of the regex scan.
--with-parser adds a row for kb with its English tagger and parser on (KB_ENGLISH_PARSER=1).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402
from timing import timed  # noqa: E402

from kb.documents.readers import build_document  # noqa: E402
from kb.extract import extract_document  # noqa: E402

DIGITS = re.compile(r"\d+")


def texts(megabytes: float) -> list[str]:
    import json

    return [json.loads(line)["text"] for line in generate(megabytes, seed=7)]


def _timed(fn, docs, runs):
    median, _, found = timed(lambda: fn(docs), runs)
    return median, found


def regex_scan(docs):
    return sum(len(DIGITS.findall(d)) for d in docs)


def kb_extract(docs):
    total = 0
    for i, text in enumerate(docs):
        doc = build_document(source=f"d{i}", doc_id=f"d{i}", body=text, fmt="text", meta={}, lang="en")
        total += len(extract_document(doc))
    return total


def quantulum(docs):
    from quantulum3 import parser

    return sum(len(parser.parse(d)) for d in docs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--with-parser", action="store_true", help="also time kb with its English parser on")
    args = parser.parse_args()
    docs = texts(args.megabytes)
    size = sum(len(d.encode()) for d in docs) / 1e6
    os.environ["KB_ENGLISH_PARSER"] = "0"
    kb_extract(docs[:5])  # build the pipelines once, outside the timing
    rows = [("digit regex", *_timed(regex_scan, docs, args.runs)), ("kb extract", *_timed(kb_extract, docs, args.runs))]
    if args.with_parser:
        os.environ["KB_ENGLISH_PARSER"] = "1"
        kb_extract(docs[:5])
        rows.append(("kb + parser", *_timed(kb_extract, docs, args.runs)))
        os.environ["KB_ENGLISH_PARSER"] = "0"
    try:
        rows.append(("quantulum3", *_timed(quantulum, docs, 1)))
    except ImportError:
        pass
    speeds = {name: size / seconds for name, seconds, _ in rows}
    print(f"{len(docs)} documents, {size:.2f} MB, median of {args.runs} runs (quantulum3: 1 run)")
    for name, seconds, found in rows:
        print(f"{name:<12} {seconds:8.2f} s  {speeds[name]:8.2f} MB/s  found {found}")
    print(f"kb / regex: {speeds['kb extract'] / speeds['digit regex'] * 100:.2f}% (target >= 5%)")
    if "quantulum3" in speeds:
        print(f"kb / quantulum3: {speeds['kb extract'] / speeds['quantulum3']:.1f}x (target >= 20x)")
        if "kb + parser" in speeds:
            print(f"kb + parser / quantulum3: {speeds['kb + parser'] / speeds['quantulum3']:.1f}x (target >= 5x)")


if __name__ == "__main__":
    main()
