"""Train kb's small English tagger and dependency parser on Universal Dependencies English EWT.

    python kb/extract/en/parser/train.py [--ud ../shared/data/ud/en_ewt] [--max-steps N]

Reproduces kb/extract/en/parser/model (shipped in the package: nothing is downloaded at run time):
converts the treebank's train and dev CoNLL-U files to spaCy's format, trains the pipeline of
config.cfg (spaCy's CPU "efficiency" tagger + parser: hash embeddings, no vectors) and keeps the best
model by dev score, without the training-only files. UD English EWT is CC BY-SA 4.0 (README).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud", type=Path, default=ROOT.parent / "shared" / "data" / "ud" / "en_ewt")
    parser.add_argument("--max-steps", type=int, default=None, help="override training.max_steps of config.cfg")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for part in ("train", "dev"):
            subprocess.run([sys.executable, "-m", "spacy", "convert", str(args.ud / f"en_ewt-ud-{part}.conllu"),
                            str(work), "--converter", "conllu", "--n-sents", "10"], check=True)
        command = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"), "--output", str(work / "out"),
                   "--paths.train", str(work / "en_ewt-ud-train.spacy"), "--paths.dev", str(work / "en_ewt-ud-dev.spacy")]
        if args.max_steps:
            command += ["--training.max_steps", str(args.max_steps)]
        subprocess.run(command, check=True)
        target = HERE / "model"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(work / "out" / "model-best", target)
    print(f"model written to {target}")


if __name__ == "__main__":
    main()
