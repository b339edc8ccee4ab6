"""The finite-verb lexicon is derived from a treebank by a script in the repo (kb/extract/en/parser/lexicon.py):
it keeps what the treebank mostly tags a finite verb and nothing else."""

from kb.extract.en.parser import lexicon
from kb.extract.wordlists import word_set

#: (form, Penn tag) per token of two sentences; `sales` a noun, `flops` a verb here but a unit to kb.
SENTENCES = [
    [("The", "DT"), ("index", "NN"), ("remains", "VBZ"), ("high", "JJ"), ("and", "CC"), ("sales", "NNS"),
     ("remains", "VBZ"), ("low", "JJ")],
    [("Sales", "NNS"), ("rose", "VBD"), ("flops", "VBZ"), ("flops", "VBZ"), ("rose", "NN"), ("rose", "VBD")],
]


def _conllu(sentences) -> str:
    """CoNLL-U text of the sentences (only the columns the lexicon reads are real), with a multiword range
    line that must be skipped."""
    lines = ["1-2\tchip's" + "\t_" * 8]
    for sentence in sentences:
        lines.append("# text = " + " ".join(form for form, _ in sentence))
        lines += [f"{i}\t{form}\t_\t_\t{tag}" + "\t_" * 5 for i, (form, tag) in enumerate(sentence, 1)]
        lines.append("")
    return "\n".join(lines)


def test_keeps_forms_mostly_tagged_finite_verbs(tmp_path):
    path = tmp_path / "sample.conllu"
    path.write_text(_conllu(SENTENCES), encoding="utf-8")
    verbs = lexicon.finite_verbs(lexicon.tag_counts(path))
    assert "remains" in verbs  # a finite verb twice
    assert "rose" in verbs  # a verb in 2 of 3 occurrences
    assert "sales" not in verbs  # a noun
    assert "flops" not in verbs  # a unit, however the treebank tags it
    assert "index" not in verbs and "high" not in verbs


def test_shipped_lexicon_is_read_with_the_hand_written_lists():
    verbs = word_set("en", "finite_verbs")
    assert {"remains", "passes", "became"} <= verbs
    assert not verbs & {"sales", "shares", "revenue", "flops"}
