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


def test_common_words_are_the_forms_written_in_lower_case(tmp_path):
    path = tmp_path / "sample.conllu"
    path.write_text(_conllu(SENTENCES + [[("Toyota", "NNP"), ("on", "IN"), ("no", "DT")]]), encoding="utf-8")
    common = lexicon.common_words([path])
    assert {"index", "sales", "remains", "on", "no"} <= set(common)  # `Sales` starts a sentence, `sales` does not
    assert "toyota" not in common and "Toyota" not in common


def test_shipped_common_words_read_back_as_words():
    common = word_set("en", "common_words")
    assert {"on", "no", "yes", "sales", "employer"} <= common  # quoted where YAML would read a boolean
    assert not common & {"toyota", "jackson", "cummins"}


def test_a_sentence_opens_with_a_name_only_when_no_ordinary_word_is_written_so():
    from kb.extract.names import opening_name

    assert opening_name("Cummins lowered its 2012 revenue estimate to $17 billion from $18 billion.") == "Cummins"
    assert opening_name("Jackson is fully guaranteed through 2025.") == "Jackson"
    assert opening_name("Employers added a modest 164,000 jobs in April.") is None  # the plural of `employer`
    assert opening_name("Sales rose 5% to $3bn.") is None
    assert opening_name("Aided by the ongoing $90 billion share repurchase program, Apple earned more.") is None
