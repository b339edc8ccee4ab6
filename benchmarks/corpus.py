"""A reproducible English news-like corpus for the speed benchmarks (seeded; no network).

    python benchmarks/corpus.py OUT.jsonl [--megabytes 20] [--seed 7]

Most generated sentences hold no number, as in real news; the rest carry the kinds of quantities
kb extracts (money with scale words, percentages and changes, counts, ranges, hedges, units, model
names that are not quantities).
"""

from __future__ import annotations

import argparse
import json
import random

SUBJECTS = ["The company", "Regulators", "The city council", "Analysts", "The ministry", "Investors", "The union",
            "Researchers", "The central bank", "Shareholders", "The airline", "The startup"]
PLAIN = [
    "{s} said the plan would be reviewed again before the end of the season.",
    "{s} declined to comment on the report, citing ongoing negotiations with partners.",
    "Officials expect the decision to shape policy in the region for years to come.",
    "{s} has faced criticism over how the project was managed and communicated.",
    "The announcement came after weeks of speculation in local and national media.",
    "Critics argue that the proposal does little to address the underlying problems.",
    "{s} described the talks as constructive but warned that hurdles remained.",
    "People familiar with the matter said a formal statement could follow shortly.",
]
NUMERIC = [
    "{s} reported revenue of ${a}.{b} billion, up {p}% from a year earlier.",
    "{s} cut {n:,} jobs, about {p} percent of its workforce.",
    "Shares fell {p}.{b}% to ${a}.{b}{b} in early trading.",
    "The project will cost between ${a} and ${a2} million and employ up to {n:,} people.",
    "The plant produces {n:,} tonnes a year and covers {a}.{b} square kilometres.",
    "Unemployment rose {b}.{b} percentage points to {a}.{b}%.",
    "The new Ascend 910B chip delivers {a}{b}0 TFLOPS at FP16 and draws {a}00 W.",
    "Nearly {n:,} passengers used the line, roughly {p}% more than forecast.",
    "The fund raised €{a}.{b}bn from more than {a2} investors.",
    "The A100 and H100 accelerators cost about ${a}{b},000 each, according to {s2}.",
]


def sentence(rng: random.Random) -> str:
    s = rng.choice(SUBJECTS)
    if rng.random() < 0.7:
        return rng.choice(PLAIN).format(s=s)
    a = rng.randint(1, 9)
    return rng.choice(NUMERIC).format(s=s, s2=rng.choice(SUBJECTS).lower(), a=a, a2=a + rng.randint(1, 9),
                                      b=rng.randint(0, 9), p=rng.randint(1, 60), n=rng.randint(100, 90000))


def generate(megabytes: float, seed: int):
    rng = random.Random(seed)
    size, i = 0, 0
    while size < megabytes * 1_000_000:
        paragraphs = ["\n".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(3, 8))]
        record = {"id": f"doc{i:06}", "lang": "en", "text": "\n\n".join(paragraphs)}
        line = json.dumps(record)
        size += len(line) + 1
        i += 1
        yield line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as handle:
        for line in generate(args.megabytes, args.seed):
            handle.write(line + "\n")


if __name__ == "__main__":
    main()
