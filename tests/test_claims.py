"""Entity, attribute and qualifier attachment, as data-driven cases per language."""

import pytest

from conftest import cases
from kb.documents.readers import build_document
from kb.extract import extract_document


@pytest.mark.parametrize("case", cases("claims.yaml") + cases("frames_cjk.yaml") + cases("frames_roles.yaml")
                         + cases("frames_spec_sheets.yaml") + cases("frames_restated.yaml") + cases("frames_en_subject.yaml")
                         + cases("frames_unit_measures.yaml"),
                         ids=lambda c: c["text"][:30])
def test_attachment(case):
    meta = {"title": case["title"]} if "title" in case else {}
    doc = build_document(source="t", doc_id="t", body=case["text"], fmt=case.get("fmt", "text"), meta=meta,
                         lang=case["lang"])
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


def test_a_card_named_h100_is_no_half_year():
    """`H1 2025` is a period; `H100` (https://www.aiminingco.com/gpu/h100-nvl/specs) is a GPU."""
    from kb.extract.qualifiers import qualifier_mentions

    card = "It uniquely features 94GB of HBM3 memory per GPU - 14GB more than the standard H100 SXM."
    assert [m for m in qualifier_mentions(card) if m.kind == "period"] == []
    half = qualifier_mentions("HK$199 Million Profit in H1 2025")
    assert [m.value for m in half if m.kind == "period"] == ["H1 2025"]


@pytest.mark.parametrize("text, not_models, models", [
    # https://particle.news/story/infosys-sets-sept-11-board-vote-on-share-buyback-as-stock-jumps-and-it-index-rallies
    ("The deliberation comes after Q1 FY26 results showing consolidated net profit of Rs 6,921 crore.", ["FY26"], []),
    # https://www.aiminingco.com/gpu/h100-nvl/specs
    ("It uniquely features 94GB of HBM3 memory per GPU - 14GB more than the standard H100 SXM.", [], ["H100 SXM"]),
    # https://www.themarketsdaily.com/2026/03/25/w-r-berkley-nysewrb-lowered-to-neutral-rating-by-brean-capital.html
    ("On Tuesday, January 27th, Wells Fargo & Company decreased its price target from $68.00 to $66.00.", ["27th"], []),
])
def test_a_day_or_a_fiscal_year_is_no_model(text, not_models, models):
    """An ordinal day and a fiscal year look like model codes (letters with two digits or more); they say
    when, so they are never a figure's entity. A card's code still is a model."""
    from kb.extract.names import product_names

    found = [n.text for n in product_names(text)]
    assert not set(not_models) & set(found) and set(models) <= set(found), found


@pytest.mark.parametrize("text, quantity, seconds", [
    # https://abcnews.go.com/Sports/video/athlete-1st-run-marathon-hours-66247858
    ("Eliud Kipchoge bested the two hour mark by 20 seconds for a final time of 1 hour, 59 minutes and 40 seconds.",
     "1 hour, 59 minutes and 40 seconds", 7180.0),
    # https://www.newser.com/story/341124/he-just-shattered-the-marathon-world-record.html
    ("The second-place finisher, Daniel Kibet Mateiko, was three minutes and 27 seconds behind him.",
     "three minutes and 27 seconds", 207.0),
    # https://newsdig.tbs.co.jp/articles/sbc/238516 (分 alone is minutes)
    ("所要時間は最大で2分短縮され、最も早い列車は東京-長野間を1時間17分で結びます。", "1時間17分", 4620.0),
    # https://www.fnn.jp/articles/-/974033
    ("富山~東京間は、最速タイプの「かがやき」でこれまでより1分短縮され、2時間4分で結ばれるということです。", "2時間4分", 7440.0),
    # digits straight after 秒 are its decimals, as Japanese timing writes them
    # (https://trendup.blog.jp/archives/9030962.html, Mainichi 2021-06-06; http://wrq06995.blog98.fc2.com/blog-category-5.html)
    ("布勢スプリントの男子100メートルで、9秒95(追い風2・0メートル)の日本新記録をマークした。", "9秒95", 9.95),
    ("以下、トヨタ自動車の太田智樹選手が 27分12秒53 で2位に入り、従来の日本記録(27分18秒75)を持っていた旭化成の相沢晃選手が"
     " 27分13秒04 で3位でした。", "27分12秒53", 1632.53),
])
def test_a_compound_duration_is_one_quantity(text, quantity, seconds):
    """One quantity whose value is in seconds, as the shared gold states compound durations."""
    doc = build_document(source="t", doc_id="t", body=text, fmt="text", meta={},
                         lang="en" if text.isascii() else "ja")
    found = {c.text: c for c in extract_document(doc)}
    assert quantity in found, list(found)
    assert found[quantity].value_normalized == seconds and float(found[quantity].value) == seconds


@pytest.mark.parametrize("sentence,subject", [
    # a company announcing its own results is what they are about (https://mainichi.jp/articles/20240508/k00/00m/020/052000c)
    ("トヨタ自動車が8日発表した2024年3月期連結決算は本業のもうけを示す営業利益が前年比96・4%増の5兆3529億円となり、"
     "日本企業で初めて5兆円の大台に乗せた。", "トヨタ自動車"),
    # an agency announcing others' figures is not (https://www.toonippo.co.jp/articles/-/194244)
    ("観光庁は21日、日本を1〜4月に訪れた外国人旅行者は推計で前年同期比4・4%増の1098万500人だったと発表した。", None),
])
def test_what_a_japanese_sentence_is_about(sentence, subject):
    from kb.extract.languages import LANGUAGES
    from kb.extract.tokens import Tokens

    ja = LANGUAGES["ja"]
    assert ja.lead_subject(Tokens.of(sentence, ja.tokenize(sentence))) == subject


@pytest.mark.parametrize("text", [
    # https://www.nikkei.com (Nikkei Asia, as quoted in the English dev set's sources): a place and a double dash
    "TOKYO -- Toyota Motor predicted on Wednesday that its operating profit for the current financial year "
    "ended in March will decline 4.2%.",
    # http://in.reuters.com/article/samsung-elec-results-idINS6N17V023: a place and a date, no agency
    "SEOUL, July 28 South Korean tech giant Samsung Electronics Co Ltd said on Thursday its second-quarter "
    "operating profit rose 18 percent from a year earlier to its best in more than two years.",
])
def test_a_dateline_names_no_subject(text):
    """The place of a story's dateline says where it was written, not what its figures are about."""
    doc = build_document(source="t", doc_id="t", body=text, fmt="text", meta={}, lang="en")
    claims = extract_document(doc)
    assert claims and not any(c.entity in ("TOKYO", "SEOUL") for c in claims), [(c.text, c.entity) for c in claims]


@pytest.mark.parametrize("text", [
    # https://neowin.net/amp/this-android-phone-has-a-battery-almost-twice-the-size-of-many-flagships
    "However, aside from that headline-grabbing feature, the rest of its spec sheet was utterly dull, with a "
    "non-HD display, 1GB of RAM and just 4GB of storage.",
    # https://www.eastcoastdaily.in/2024/01/08/india-launch-date-of-infinix-smart-8-announced-details.html
    "The phone is confirmed to launch with up to 8GB of RAM, with 4GB physical RAM and 4GB of virtual RAM.",
])
def test_a_part_or_a_format_is_no_entity(text):
    """An acronym that names a part or a format (`RAM`, `HD`; names.yaml `not_entities`) is what a figure
    measures or how, never whose it is."""
    doc = build_document(source="t", doc_id="t", body=text, fmt="text", meta={}, lang="en")
    claims = extract_document(doc)
    assert claims and not any(c.entity in ("RAM", "HD") for c in claims), [(c.text, c.entity) for c in claims]
