"""Property tests: the extractor never raises on arbitrary text, and what it returns is coherent."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.documents.readers import build_document
from kb.extract import extract_document

NUMBERISH = st.sampled_from(list("0123456789,.%$¥円万億兆十百千約以上未満 -~〜年月日個TBPFLOPSabout over up to"))
#: Pieces the scanner treats specially (fractions, scores, speeds, glued units, restated changes, vague counts).
PIECES = st.sampled_from(["1/2", "3-2", " / ", " . ", " , ", "時速", "秒速", "キロ", "摂氏", "華氏", "マイナス", "度",
                          "番目", "十数", "百数十万", "半年", "割引", "a two", "a decade", "RM", "Rs", "p", "in", "C",
                          "K", "m ", " points", ", or ", "by an average of ", "rose ", "fell by ", " to ", "of its ",
                          "-year ", "-bedroom", "£", "€", "$", "bn", "million", "a quarter of a ", "percentage point",
                          "degrees", "heat ", "no one", "seven", " to nine ", "ひゃく", "さん", "\\", "×十の", "乗"])
TEXT = st.one_of(st.text(max_size=300), st.text(NUMBERISH, max_size=300),
                 st.lists(st.one_of(st.text(max_size=20), st.text(NUMBERISH, max_size=20)), max_size=20).map("".join),
                 st.lists(st.one_of(PIECES, st.text(NUMBERISH, max_size=6)), max_size=30).map("".join))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["en", "ja", "zh"]))
def test_extract_never_raises_and_stays_coherent(text, lang):
    doc = build_document(source="fuzz", doc_id="fuzz", body=text, fmt="text", meta={}, lang=lang)
    for claim in extract_document(doc):
        assert 0 <= claim.start < claim.end <= len(doc.body)
        assert doc.body[claim.start:claim.end] == claim.text
        if claim.low is not None and claim.high is not None:
            assert claim.low <= claim.value <= claim.high
        record = claim.to_record()
        for key in ("value_normalized", "low_normalized", "high_normalized"):
            assert record[key] is None or abs(record[key]) < float("inf")
