"""The numeral grammars: data-driven cases and round-trip properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import cases
from kb.extract.numbers import parse_numeral, parse_word_number, to_narrow


@pytest.mark.parametrize("case", cases("numbers.yaml"), ids=lambda c: c["text"])
def test_numeral(case):
    numeral = parse_numeral(case["text"])
    assert numeral.value == Decimal(case["value"])
    assert numeral.step == Decimal(case["step"])


@pytest.mark.parametrize("case", cases("word_numbers.yaml"), ids=lambda c: c["text"])
def test_word_number(case):
    assert parse_word_number(case["text"]).value == Decimal(case["value"])


def _kanji(n: int) -> str:
    """Write n in kanji numerals with 万/億/兆 groups (the form newspapers spell out)."""
    digits = "〇一二三四五六七八九"
    if n == 0:
        return "〇"

    def below_10000(v: int) -> str:
        out = ""
        for value, mark in ((1000, "千"), (100, "百"), (10, "十")):
            q, v = divmod(v, value)
            if q:
                out += (digits[q] if q > 1 else "") + mark
        return out + (digits[v] if v else "")

    out = ""
    for value, mark in ((10**12, "兆"), (10**8, "億"), (10**4, "万")):
        q, n = divmod(n, value)
        if q:
            out += below_10000(q) + mark
    return out + (below_10000(n) if n else "")


@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_digits_round_trip(n):
    assert parse_numeral(f"{n:,}").value == n


@given(st.integers(min_value=1, max_value=10**15))
def test_kanji_round_trip(n):
    assert parse_numeral(_kanji(n)).value == n


@given(st.integers(min_value=0, max_value=10**9))
def test_full_width_digits_round_trip(n):
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c == "," else c for c in f"{n:,}")
    narrow = to_narrow(wide)
    assert len(narrow) == len(wide)  # offsets survive
    assert parse_numeral(narrow).value == n


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(d):
    assert parse_numeral(str(d)).value == d


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["万", "億", "兆"]))
def test_arabic_with_large_units(n, unit):
    scale = {"万": 10**4, "億": 10**8, "兆": 10**12}[unit]
    assert parse_numeral(f"{n}{unit}").value == n * scale
