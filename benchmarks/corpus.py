"""A reproducible English news-like corpus for the speed benchmarks (seeded; no network).

    python benchmarks/corpus.py OUT.jsonl [--megabytes 20] [--seed 7] [--lang en|ja]

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


JA_SUBJECTS = ["同社", "政府", "市議会", "アナリスト", "経済産業省", "投資家", "労働組合", "研究チーム", "日本銀行", "株主",
               "航空会社", "新興企業"]
JA_PLAIN = [
    "{s}は、計画を年度末までに改めて見直す方針を示した。",
    "{s}は、取引先との交渉が続いていることを理由にコメントを控えた。",
    "関係者は、今回の決定が地域の政策に長く影響すると見ている。",
    "{s}は、事業の進め方や説明の仕方をめぐって批判を受けてきた。",
    "発表は、国内外のメディアで数週間にわたり憶測が広がった後に行われた。",
    "批判的な立場の専門家は、提案が根本的な問題の解決にはつながらないと指摘する。",
    "{s}は協議を建設的だったと評価しつつも、課題が残っていると警告した。",
    "事情に詳しい関係者によると、近く正式な声明が出る可能性がある。",
]
JA_NUMERIC = [
    "{s}の売上高は{a}兆{n:,}億円で、前年比{p}%増となった。",
    "{s}は従業員の約{p}%にあたる{n:,}人を削減した。",
    "株価は一時{p}.{b}%下落し、{a},{b}{b}0円を付けた。",
    "事業費は{a}億円から{a2}億円の見通しで、最大{n:,}人を雇用する。",
    "工場の年間生産量は{n:,}トンで、敷地面積は{a}.{b}平方キロメートルに及ぶ。",
    "失業率は{b}.{b}ポイント上昇し、{a}.{b}%となった。",
    "新型のAscend 910Bチップは、FP16で{a}{b}0テラフロップスの性能を持ち、消費電力は{a}00ワットだ。",
    "路線の利用者は{n:,}人近くに達し、予測を約{p}割上回った。",
    "ファンドは{a2}社以上の投資家から{a}.{b}億ユーロを調達した。",
    "CloudMatrix 384は384個のプロセッサを搭載し、300ペタフロップスの計算能力を持つ。",
]


def sentence(rng: random.Random) -> str:
    s = rng.choice(SUBJECTS)
    if rng.random() < 0.7:
        return rng.choice(PLAIN).format(s=s)
    a = rng.randint(1, 9)
    return rng.choice(NUMERIC).format(s=s, s2=rng.choice(SUBJECTS).lower(), a=a, a2=a + rng.randint(1, 9),
                                      b=rng.randint(0, 9), p=rng.randint(1, 60), n=rng.randint(100, 90000))


def sentence_ja(rng: random.Random) -> str:
    s = rng.choice(JA_SUBJECTS)
    if rng.random() < 0.7:
        return rng.choice(JA_PLAIN).format(s=s)
    a = rng.randint(1, 9)
    return rng.choice(JA_NUMERIC).format(s=s, a=a, a2=a + rng.randint(1, 9), b=rng.randint(0, 9),
                                         p=rng.randint(1, 60), n=rng.randint(100, 9000))


def generate(megabytes: float, seed: int, lang: str = "en"):
    """JSONL lines of articles (`id`, `lang`, `text`) until `megabytes` of UTF-8 are written."""
    rng = random.Random(seed)
    make, joiner = (sentence_ja, "") if lang == "ja" else (sentence, "\n")
    size, i = 0, 0
    while size < megabytes * 1_000_000:
        paragraphs = [joiner.join(make(rng) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(3, 8))]
        record = {"id": f"doc{i:06}", "lang": lang, "text": "\n\n".join(paragraphs)}
        line = json.dumps(record, ensure_ascii=False)
        size += len(line.encode()) + 1
        i += 1
        yield line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lang", choices=["en", "ja"], default="en")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as handle:
        for line in generate(args.megabytes, args.seed, args.lang):
            handle.write(line + "\n")


if __name__ == "__main__":
    main()
