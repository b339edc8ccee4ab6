"""Entity, attribute and qualifier attachment, as data-driven cases per language."""

import pytest

from conftest import cases
from kb.documents.readers import build_document
from kb.extract import extract_document


@pytest.mark.parametrize("case", cases("claims.yaml") + cases("frames_cjk.yaml") + cases("frames_roles.yaml"),
                         ids=lambda c: c["text"][:30])
def test_attachment(case):
    doc = build_document(source="t", doc_id="t", body=case["text"], fmt="text", meta={}, lang=case["lang"])
    found = {c.text: c for c in extract_document(doc)}
    for text, want in case["claims"].items():
        assert text in found, (text, list(found))
        claim = found[text]
        for field, value in want.items():
            assert getattr(claim, field) == value, (text, field, getattr(claim, field))
    for text in case.get("absent", []):
        assert text not in found, f"{text!r} is a name, not a claim"


def test_normalized_chinese_shorthand():
    doc = build_document(source="t", doc_id="t", body="算力分别达到1P和2P,FP8算力达到8E FLOPS。", fmt="text",
                         meta={}, lang="zh")
    values = {c.text: c.value_normalized for c in extract_document(doc)}
    assert values == {"1P": 1e15, "2P": 2e15, "8E FLOPS": 8e18}


@pytest.mark.parametrize("case", cases("qualifiers_open.yaml"), ids=lambda c: c["text"][:30])
def test_open_qualifiers(case):
    """Periods and statuses, as written, on real passages (tests/data/qualifiers_open.yaml)."""
    doc = build_document(source="t", doc_id="t", body=case["text"], fmt="text", meta={}, lang=case["lang"])
    claims = extract_document(doc)
    for text, want in case["claims"].items():
        start = case["text"].index(text)
        matches = [c for c in claims if c.start < start + len(text) and start < c.end]  # kb's span of that figure
        assert matches, (text, [c.text for c in claims])
        qualifiers = matches[0].qualifiers
        for kind, value in want.items():
            assert qualifiers.get(kind) == value, (text, kind, qualifiers)


@pytest.mark.parametrize("case", cases("frames_en_syntax.yaml"), ids=lambda c: c["text"][:30])
def test_english_frames_with_the_parser(case, monkeypatch):
    """With KB_ENGLISH_PARSER=1 the clause's subject names the entity (tests/data/frames_en_syntax.yaml)."""
    monkeypatch.setenv("KB_ENGLISH_PARSER", "1")
    test_attachment(case)
