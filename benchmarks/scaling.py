"""Work that must grow linearly with its input: each case timed at n, 2n and 4n.

    python benchmarks/scaling.py [--quick]

Cases: cleaning a document of many distinct paragraphs (the near-duplicate check), extracting one
long spec-sheet line full of model names and figures, printing a table cell of many characters.
A line per size; the last column is the time ratio to the size before it (about 2 is linear, about
4 quadratic).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.documents.cleaning import clean  # noqa: E402
from kb.documents.readers import build_document  # noqa: E402
from kb.extract import extract_document  # noqa: E402
from kb.output import render  # noqa: E402


def paragraphs(n: int) -> str:
    return "\n\n".join(f"In {2000 + i % 25}, plant number {i} in region {i % 97} employed {1000 + 7 * i:,} "
                       f"workers and shipped {3 * i + 1} units worth ${i % 50 + 1}.{i % 10} million." for i in range(n))


def spec_line(kilobytes: int) -> str:
    parts, i = [], 0
    while sum(map(len, parts)) < kilobytes * 1000:
        parts.append(f"Zephyr X{i} Pro: {16 + i % 48} GB HBM, {100 + i % 900} TFLOPS FP8, {300 + i % 400} W")
        i += 1
    return " | ".join(parts)


def cell(chars: int) -> list:
    return [("あ" * (chars // 2) + "x" * (chars // 2),)]


CASES = {
    "clean: paragraphs": (paragraphs, (8_000, 16_000, 32_000), lambda text: clean(text)),
    "extract: one spec line (KB)": (spec_line, (50, 100, 200), lambda text: extract_document(
        build_document(source="s", doc_id="s", body=text, fmt="text", meta={}, lang="en"))),
    "table: one cell (chars)": (cell, (10_000, 20_000, 40_000), lambda rows: render(["c"], rows, "table")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the two smaller sizes only")
    args = parser.parse_args()
    print(f"{'case':<30} {'size':>8} {'seconds':>9} {'ratio':>6}")
    for name, (make, sizes, run) in CASES.items():
        before = None
        for size in sizes[:2] if args.quick else sizes:
            data = make(size)
            start = time.perf_counter()
            run(data)
            seconds = time.perf_counter() - start
            ratio = f"{seconds / before:6.2f}" if before else ""
            print(f"{name:<30} {size:>8} {seconds:9.3f} {ratio}")
            before = seconds


if __name__ == "__main__":
    main()
