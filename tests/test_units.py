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


def test_horsepower_and_watts_share_one_dimension_and_unit():
    """hp and PS are compared with kW (Pint spells their dimension in another order)."""
    from decimal import Decimal

    from kb.extract.units import UnitSpec, normalize

    hp, ps, kw = (normalize(Decimal(1), UnitSpec(u)) for u in ("horsepower", "metric_horsepower", "kilowatt"))
    assert hp.unit == ps.unit == kw.unit == "watt" and hp.dimension == ps.dimension == kw.dimension
    assert round(hp.value, 1) == 745.7 and round(ps.value, 2) == 735.5
    torque = normalize(Decimal(1), UnitSpec("foot * force_pound"))
    assert torque.unit == "joule" and round(torque.value, 3) == 1.356
