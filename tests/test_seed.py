"""The seed article: each claim a reader would list, once, normalized; no model name as a claim."""

import pytest

from conftest import SEED
from kb.documents import load
from kb.extract import extract_document


@pytest.fixture(scope="module")
def claims():
    (doc,) = list(load(SEED))
    return extract_document(doc), doc


def _find(found, text):
    matches = [c for c in found if c.text.startswith(text)]
    assert len(matches) == 1, (text, [c.text for c in found])
    return matches[0]


@pytest.mark.parametrize("text,value_normalized,unit_normalized,modifier,qualifiers", [
    ("384個", 384, "count", "=", {}),
    ("300ペタフロップス", 3e17, "flop / second", None, {}),
    ("48テラバイト", 4.8e13, "byte", "=", {}),
    ("約820万ドル", 8.2e6, "USD", "~", {}),
    ("524,288個", 524288, "count", None, {}),
    ("524エクサフロップス", 5.24e20, "flop / second", "=", {"precision": "FP8"}),
    ("1ゼタフロップス", 1e21, "flop / second", "=", {"precision": "FP4"}),
])
def test_seed_claims_once_and_normalized(claims, text, value_normalized, unit_normalized, modifier, qualifiers):
    found, _ = claims
    claim = _find(found, text)
    assert claim.value_normalized == pytest.approx(value_normalized)
    assert claim.unit_normalized == unit_normalized
    if modifier:
        assert claim.modifier == modifier
    assert claim.qualifiers == qualifiers


def test_cloudmatrix_figures_are_about_cloudmatrix(claims):
    found, _ = claims
    for text in ("384個", "300ペタフロップス", "48テラバイト"):
        assert _find(found, text).entity == "CloudMatrix 384"
    assert _find(found, "524,288個").entity is None  # the long-term goal names no product


def test_no_model_name_is_a_claim(claims):
    found, doc = claims
    for claim in found:
        assert doc.body[claim.start:claim.end] == claim.text
        for name in ("910", "A100", "200", "72", "900", "950", "960"):
            assert claim.text.strip() not in (name, name + "B")
    assert not any(c.text == "384" for c in found)  # the 384 of "CloudMatrix 384"
