"""The unit lexicon and our Pint registry."""

from decimal import Decimal

import pytest

from conftest import cases
from kb.extract.units import lexicon, normalize, registry


@pytest.mark.parametrize("case", cases("units.yaml"), ids=lambda c: c["surface"])
def test_surface_normalizes(case):
    match = lexicon().match_after(case["surface"], 0)
    assert match is not None and match[0] == case["surface"]
    normalized = normalize(Decimal(1), match[1])
    assert normalized.unit == case["unit"]
    assert normalized.value == pytest.approx(float(case["factor"]))
    assert normalized.dimension == case["dimension"]


def test_information_is_not_a_count():
    ureg = registry()
    assert ureg("terabyte").dimensionality != ureg("count").dimensionality


def test_currencies_never_convert():
    ureg = registry()
    with pytest.raises(Exception):
        ureg.Quantity(1, "USD").to("JPY")


def test_a_bare_byte_symbol_is_not_a_unit():
    # `7B parameters` is seven billion; a lone B is too ambiguous to read as bytes
    assert lexicon().match_after("B parameters", 0) is None
