"""Japanese extraction vs merely tokenizing the whole text, as a ratio measured in one run.

    python benchmarks/ja_speed.py [--megabytes 2] [--runs 3]

On a reproducible Japanese news-like corpus (corpus.py --lang ja, seeded), times kb's extraction
(documents -> claims, as `kb extract` runs it) and `spacy.blank("ja")` tokenizing every article
(SudachiPy, what GiNZA-style pipelines do first). kb analyses only the sentences that can hold a
quantity, so it should beat the bare tokenizer. Target (issue 5): kb >= 2x the tokenizer's throughput.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import spacy  # noqa: E402
from corpus import generate  # noqa: E402
from timing import timed  # noqa: E402

from kb.documents.readers import build_document  # noqa: E402
from kb.extract import extract_document  # noqa: E402


def kb_extract(texts: list[str]) -> int:
    total = 0
    for i, text in enumerate(texts):
        doc = build_document(source=f"d{i}", doc_id=f"d{i}", body=text, fmt="text", meta={}, lang="ja")
        total += len(extract_document(doc))
    return total


def tokenize(nlp, texts: list[str]) -> int:
    return sum(len(nlp(text)) for text in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in generate(args.megabytes, seed=7, lang="ja")]
    size = sum(len(t.encode()) for t in texts) / 1e6
    nlp = spacy.blank("ja")
    kb_extract(texts[:3])
    tokenize(nlp, texts[:3])  # load both pipelines outside the timing
    kb = timed(lambda: kb_extract(texts), args.runs)
    blank = timed(lambda: tokenize(nlp, texts), args.runs)
    print(f"{len(texts)} articles, {size:.2f} MB of Japanese, median of {args.runs} runs")
    for name, (median, times, found) in (("kb extract", kb), ('spacy.blank("ja")', blank)):
        print(f"{name:<18} {median:7.2f} s ({' '.join(f'{t:.2f}' for t in times)})  {size / median:6.2f} MB/s  "
              f"{found} {'claims' if name == 'kb extract' else 'tokens'}")
    print(f"kb / tokenizer: {blank[0] / kb[0]:.2f}x (target >= 2x)")


if __name__ == "__main__":
    main()
