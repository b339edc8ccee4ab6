"""The quantity scanner per language: what it finds, with intervals, and what it must reject."""

from decimal import Decimal

import pytest

from conftest import cases
from kb.extract.pipeline import scanner_for

FIELDS = ("value", "low", "high")


def _check(sentence, expected, lang):
    found = scanner_for(lang).scan(sentence)
    if expected.get("none"):
        assert found == [], [q.text for q in found]
        return
    assert [q.text for q in found] == [e["text"] for e in expected["expect"]]
    for quantity, want in zip(found, expected["expect"]):
        assert sentence[quantity.start:quantity.end] == quantity.text
        for field in FIELDS:
            if field in want:
                got = getattr(quantity, field)
                assert got == (None if want[field] is None else Decimal(want[field])), (field, quantity)
        for field in ("unit", "modifier", "change"):
            if field in want:
                assert getattr(quantity, field) == want[field], (field, quantity)
        if "pint" in want:  # what the unit means, where its surface form alone does not say (`キロ`); null: none
            assert (quantity.spec.pint if quantity.spec is not None else None) == want["pint"], quantity
        if quantity.low is not None and quantity.high is not None:
            assert quantity.low <= quantity.value <= quantity.high


@pytest.mark.parametrize("case", cases("quantities_en.yaml"), ids=lambda c: c["sentence"][:40])
def test_english(case):
    _check(case["sentence"], case, "en")


@pytest.mark.parametrize("case", cases("quantities_ja.yaml"), ids=lambda c: c["sentence"][:20])
def test_japanese(case):
    _check(case["sentence"], case, "ja")


def test_hedged_value_is_wider_than_plain():
    scanner = scanner_for("en")
    plain = scanner.scan("It costs $8.2M.")[0]
    hedged = scanner.scan("It costs about $8.2M.")[0]
    assert hedged.low < plain.low and hedged.high > plain.high


def test_the_spacy_component_marks_the_quantities_the_scanner_finds():
    from kb.extract.pipeline import SPAN_KEY, nlp_for

    doc = nlp_for("en")("CloudMatrix 384 costs about $8.2M and holds 48 TB of HBM.")
    spans = doc.spans[SPAN_KEY]
    assert [s.text for s in spans] == ["about $8.2M", "48 TB"]
    assert spans[0]._.quantity.value == 8200000 and spans[0]._.quantity.modifier == "~"
