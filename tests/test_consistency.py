"""The consistency rules on data-driven cases, entity matching, and the check/flags/report commands."""

import json

import pytest
from click.testing import CliRunner

from conftest import cases
from kb.cli import cli
from kb.consistency.attributes import canonical_attribute
from kb.consistency.model import CheckedClaim
from kb.consistency.rules import (default_tolerances, flag_for, judge, period_update, qualifier_difference,
                                  restatement_error)
from kb.entities import alias_key, parse_model_name, same_model, site_of


def _claim(i, spec, sentence="", start=0):
    value = float(spec["value"])
    low = spec.get("low", value)
    high = spec.get("high", value)
    return CheckedClaim(
        id=i, document_id=i, source=f"doc{i}", url=None, title=None, date=None, text=spec["text"], value=value,
        unit=spec.get("unit"), value_normalized=value, low=None if low is None else float(low),
        high=None if high is None else float(high), unit_normalized="x", dimension=spec.get("dimension", "d"),
        entity="E", attribute="a", qualifiers=spec.get("qualifiers", {}), modifier=spec.get("modifier", "="),
        change=None, sentence=sentence, sentence_start=0, start=start, end=start + len(spec["text"]),
        before=spec.get("before", ""))


@pytest.mark.parametrize("case", cases("consistency.yaml"), ids=lambda c: c["name"])
def test_rule(case):
    verdict = judge(_claim(1, case["a"]), _claim(2, case["b"]), default_tolerances())
    if case["expect"] is None:
        assert verdict is None
    else:
        assert (verdict.kind, verdict.severity) == (case["expect"]["kind"], case["expect"]["severity"])


def test_different_qualifiers_are_never_compared():
    a = _claim(1, {"text": "180 PFLOPS", "value": 180e15, "qualifiers": {"precision": "BF16"}})
    b = _claim(2, {"text": "1,440 PFLOPS", "value": 1440e15, "qualifiers": {"precision": "FP4"}})
    assert qualifier_difference(a, b) == (False, [])


def test_a_flag_is_as_certain_as_its_weakest_frame():
    """A side whose subject comes from the sentence before, or no side naming what is measured: at most medium."""
    a = _claim(1, {"text": "96 GB", "value": 96e9, "low": 95.5e9, "high": 96.5e9})
    b = _claim(2, {"text": "128 GB", "value": 128e9, "low": 127.5e9, "high": 128.5e9})
    verdict = judge(a, b, default_tolerances())
    assert flag_for(verdict, a, b, "Zephyr X9", "memory capacity").severity == "high"
    weak = flag_for(verdict, a, b._replace(from_context=True), "Zephyr X9", "memory capacity")
    assert weak.severity == "medium" and "doc2's figure comes from its context" in weak.explanation
    assert flag_for(verdict, a, b, "Zephyr X9", None).severity == "medium"


def test_a_thing_no_name_singles_out_is_no_hard_flag_across_sources():
    """Two sources' `homes` (`The median sale price for homes in February was $195,250`, realestateone.com) may be
    two towns' homes: across documents such a flag is low and says why; within one document, or for a named
    thing or one in a script without capitals, the severity stands."""
    a = _claim(1, {"text": "$195,250", "value": 195250, "low": 195249.5, "high": 195250.5})._replace(entity="homes")
    b = _claim(2, {"text": "$205,000", "value": 205000, "low": 204999.5, "high": 205000.5})._replace(entity="homes")
    verdict = judge(a, b, default_tolerances())
    flag = flag_for(verdict, a, b, "homes", "median sale price")
    assert flag.severity == "low" and "`homes` names no particular thing" in flag.explanation
    assert verdict.severity != "low"
    assert flag_for(verdict, a, b._replace(document_id=1), "homes", "median sale price").severity == verdict.severity
    named = flag_for(verdict, a._replace(entity="Zephyr X9"), b._replace(entity="Zephyr X9"), "Zephyr X9", "price")
    assert named.severity == verdict.severity
    assert flag_for(verdict, a._replace(entity="住宅"), b._replace(entity="住宅"), "住宅", "価格").severity == verdict.severity


def test_who_states_a_figure_is_no_condition_of_it():
    """Two agencies that disagree are a conflict naming both, not two incomparable figures; a source named
    on one side only does not make the gap a missing qualifier."""
    a = _claim(1, {"text": "5,000", "value": 5000, "low": 4999.5, "high": 5000.5,
                   "qualifiers": {"according_to": "the health ministry"}})
    b = _claim(2, {"text": "3,200", "value": 3200, "low": 3199.5, "high": 3200.5,
                   "qualifiers": {"according_to": "the Red Cross"}})
    c = _claim(3, {"text": "3,200", "value": 3200, "low": 3199.5, "high": 3200.5})
    assert qualifier_difference(a, b) == (True, [])
    assert judge(a, b, default_tolerances()).kind == "conflict"
    assert judge(a, c, default_tolerances()).kind == "conflict"
    flag = flag_for(judge(a, b, default_tolerances()), a, b, "E", "deaths")
    assert "citing the health ministry says 5,000" in flag.explanation
    assert "citing the Red Cross says 3,200" in flag.explanation and flag.qualifiers == {}


def test_figures_of_different_periods_are_an_update_not_a_conflict():
    """`FY2023` vs `FY2024` net profit: an `updated` note that says which period is the later, never a
    hard flag; the same figure in both periods says nothing."""
    a = _claim(1, {"text": "¥4.94 trillion", "value": 4.94e12, "low": 4.935e12, "high": 4.945e12,
                   "qualifiers": {"period": "FY2024"}})
    b = _claim(2, {"text": "¥2.45 trillion", "value": 2.45e12, "low": 2.445e12, "high": 2.455e12,
                   "qualifiers": {"period": "FY2023"}})
    verdict = period_update(a, b)
    assert (verdict.kind, verdict.severity) == ("updated", "info") and "FY2024 is the later" in verdict.reason
    assert period_update(a, a._replace(id=3, document_id=3, qualifiers={"period": "FY2023"})) is None
    assert period_update(a, b._replace(qualifiers={"period": "FY2023", "precision": "FP8"})) is not None


def test_an_explanation_says_which_source_is_newer():
    a = _claim(1, {"text": "3.0TB/s", "value": 3.0e12, "low": 2.95e12, "high": 3.05e12})._replace(date="2023-03-01")
    b = _claim(2, {"text": "3.35 TB/s", "value": 3.35e12, "low": 3.345e12, "high": 3.355e12})._replace(date="2025-01-20")
    flag = flag_for(judge(a, b, default_tolerances()), a, b, "H100 SXM", "memory bandwidth")
    assert flag.kind == "conflict" and "doc2 is the newer source (2025-01-20; the oldest is 2023-03-01)" in flag.explanation


def test_restated_figure_that_disagrees_is_an_error_in_source():
    sentence = "bandwidth of up to 12209TB/sec (1.2 petabytes per second)"
    a = _claim(1, {"text": "12209TB/sec", "value": 9.77e16, "unit": "TB/sec"}, sentence, sentence.index("12209"))
    b = _claim(1, {"text": "1.2 petabytes per second", "value": 9.6e15, "unit": "petabytes per second"},
               sentence, sentence.index("1.2"))
    assert restatement_error(a, b, default_tolerances()).kind == "error_in_source"


@pytest.mark.parametrize("a,b,same", [
    ("CloudMatrix 384", "CloudMatrix384", True), ("CloudMatrix 384", "CM384", True),
    ("Ascend 910C", "Huawei Ascend 910C", True), ("Ascend 910C", "昇腾910C", True),
    ("Ascend 910", "Ascend 910B", False), ("Ascend 910B", "Ascend 910C", False),
    ("Atlas 950 SuperPoD", "Atlas 950 SuperCluster", False), ("Atlas 950 SuperPoD", "Atlas 950超节点", True),
])
def test_model_names(a, b, same):
    assert same_model(parse_model_name(a), parse_model_name(b)) is same


@pytest.mark.parametrize("name,site", [
    ("三峡大坝", "三峡"), ("三峡水电站", "三峡"), ("Three Gorges Dam", "threegorges"),
    ("Xiluodu Hydroelectric Dam", "xiluodu"), ("大坝", None), ("Hoover", None),
])
def test_the_works_of_one_site_share_a_key(name, site):
    """The dam, the power station and the project of one named site are one thing (entities.yaml `site_words`)."""
    assert site_of(alias_key(name)) == site


@pytest.mark.parametrize("attribute,dimension,canonical", [
    ("HBM", "[information]", "memory capacity"), ("高帯域幅メモリ（HBM）", "[information]", "memory capacity"),
    ("memory capacity", "[information]", "memory capacity"), ("Ascend 910C NPUs", "dimensionless", "accelerators"),
    ("アクセラレータ", "dimensionless", "accelerators"), (None, "[computation] / [time]", "compute"),
    ("memory bandwidth", "[information] / [time]", "memory bandwidth"), ("費用", "[currency_USD]", "cost"),
    # a dam's height in three spellings (drbdp.com, 123jzs.com, a Wikipedia infobox); its crest elevation is no height
    ("坝高", "[length]", "height"), ("大坝高度", "[length]", "height"), ("Height", "[length]", "height"),
    ("大壩高", "[length]", "height"), ("坝顶高程", "[length]", "坝顶高程"), ("坝体长度", "[length]", "length"),
    ("全长", "[length]", "length"), ("total length", "[length]", "length"), ("隧道长", "[length]", "隧道长"),
    ("水域面积", "[length] ** 2", "area"), ("Surface area", "[length] ** 2", "area"),
    ("建筑面积", "[length] ** 2", "floor area"),
    # capacity is memory only in bytes: a reservoir's is a volume, a power plant's installed power
    ("Capacity", "[length] ** 3", "capacity"), ("Capacity", "[information]", "memory capacity"),
    ("Installed capacity", "[mass] * [length] ** 2 / [time] ** 3", "installed capacity"),
    ("总装机容量", "[mass] * [length] ** 2 / [time] ** 3", "installed capacity"),
    # a company's results meet across languages, in money only (unit sales are counts)
    ("営業利益", "[currency_JPY]", "operating profit"), ("operating profit", "[currency_USD]", "operating profit"),
    ("net sales", "[currency_JPY]", "revenue"), ("売上高", "[currency_JPY]", "revenue"), ("净利润", "[currency_CNY]", "net profit"),
    ("sales", "dimensionless", "sales"),
])
def test_attribute_synonyms(attribute, dimension, canonical):
    assert canonical_attribute(attribute, dimension) == canonical


A = "---\ntitle: A\nurl: https://a.test/\n---\n\nThe Zephyr X9 has 96 GB of memory and costs about $900.\n"
B = "---\ntitle: B\nurl: https://b.test/\n---\n\nThe Zephyr X9 ships with 128 GB of memory.\n"
C = "---\ntitle: C\n---\n\nThe Zephyr X9 has 96 GB of memory.\n"


@pytest.fixture
def corpus(tmp_path, db_url):
    for name, text in (("a.md", A), ("b.md", B), ("c.md", C)):
        (tmp_path / name).write_text(text, encoding="utf-8")

    def run(*args):
        return CliRunner().invoke(cli, ["--db", db_url, *args], catch_exceptions=False)

    assert run("ingest", str(tmp_path)).exit_code == 0
    return run


def test_check_flags_a_conflict_and_reports_it(corpus):
    result = corpus("check", "--fail-on", "high")
    assert result.exit_code == 3
    report = json.loads(corpus("report", "--format", "json").output)
    assert set(report) >= {"generated_at", "flags"}
    hard = [f for f in report["flags"] if f["kind"] == "conflict"]
    assert len(hard) == 1  # a and c (96 GB), who agree, against b (128 GB): one disagreement, one flag
    flag = hard[0]
    assert sorted(c["source"]["title"] for c in flag["claims"]) == ["A", "B", "C"]
    assert flag["severity"] == "high" and flag["entity"] == "Zephyr X9" and flag["attribute"] == "memory capacity"
    assert "25%" in flag["explanation"] or "33%" in flag["explanation"]
    for claim in flag["claims"]:
        assert set(claim) >= {"source", "text", "value", "unit", "value_normalized", "unit_normalized", "quote"}
        assert set(claim["source"]) >= {"path", "url", "title", "date"}  # and link: the url when it is http(s)


def test_flags_and_claims_of_one_entity(corpus):
    corpus("check")
    assert len(json.loads(corpus("report", "--format", "json", "--entity", "Zephyr X9").output)["flags"]) == 1
    assert json.loads(corpus("report", "--format", "json", "--entity", "Zephyr X1").output)["flags"] == []
    listed = json.loads(corpus("flags", "--entity", "Zephyr X9", "--json").output)
    assert {f["entity"] for f in listed} == {"Zephyr X9"}
    # a spelling is matched folded: case, spaces and hyphens do not matter
    claims = json.loads(corpus("claims", "--entity", "zephyr-x9", "--json").output)
    assert {c["text"] for c in claims} == {"96 GB", "about $900", "128 GB"} and len(claims) == 4


def test_dismissed_flags_stay_dismissed_and_stop_failing(corpus):
    corpus("check")
    flags = json.loads(corpus("flags", "--json").output)
    for flag in flags:
        assert corpus("flags", "dismiss", str(flag["id"]), "--note", "checked").exit_code == 0
    assert corpus("check", "--fail-on", "high").exit_code == 0
    assert {f["status"] for f in json.loads(corpus("flags", "--json").output)} == {"dismissed"}


def test_tolerances_can_change_per_run(corpus):
    assert corpus("check", "--tolerance", "minor_variance=0.5", "--fail-on", "low").exit_code == 3
    flags = json.loads(corpus("flags", "--json").output)
    assert {f["kind"] for f in flags} == {"minor_variance"}
    assert corpus("check", "--tolerance", "nonsense=1").exit_code == 2  # an unknown tolerance is a usage error


def test_markdown_and_csv_reports(corpus, tmp_path):
    corpus("check")
    out = tmp_path / "r.md"
    assert corpus("report", "--format", "md", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "## Zephyr X9" in text and "**128 GB**" in text
    rows = corpus("report", "--format", "csv").output.splitlines()
    assert rows[0].startswith("flag_id,kind,severity") and len(rows) == 4  # one flag, a row per claim: a, c and b


def test_entity_alias_split_show(corpus, tmp_path):
    (tmp_path / "d.md").write_text("The Zephyr Nine has 64 GB of memory.\n", encoding="utf-8")
    corpus("ingest", str(tmp_path / "d.md"))
    assert corpus("entities", "alias", "Zephyr Nine", "Zephyr X9").exit_code == 0
    shown = json.loads(corpus("entities", "show", "Zephyr X9", "--json").output)
    assert "64 GB" in {r["text"] for r in shown}
    assert corpus("entities", "split", "Zephyr Nine", "Zephyr X9").exit_code == 0
    shown = json.loads(corpus("entities", "show", "Zephyr X9", "--json").output)
    assert "64 GB" not in {r["text"] for r in shown}
    assert corpus("entities", "show", "Nothing Such").exit_code == 1


def test_claimreview_for_accepted_flags(corpus):
    corpus("check")
    first = json.loads(corpus("flags", "--json").output)[0]
    assert json.loads(corpus("report", "--format", "claimreview").output)["@graph"] == []
    corpus("flags", "accept", str(first["id"]))
    graph = json.loads(corpus("report", "--format", "claimreview").output)
    assert graph["@context"] == "https://schema.org"
    (review,) = graph["@graph"]
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["alternateName"] == "Sources disagree"
    assert {a["url"] for a in review["itemReviewed"]["appearance"]} >= {"https://b.test/"}


def test_a_total_over_a_count_is_checked_against_per_chip_figures(tmp_path, db_url):
    docs = {
        "system.md": "The Zephyr Cluster 64 links 64 Zephyr X9 chips and delivers 128 PFLOPS.\n",
        "wrong.md": "The Zephyr X9 delivers 1 PFLOPS per chip.\n",
        "right.md": "The Zephyr X9 reaches 2 PFLOPS per chip.\n",
    }
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    runner, db = CliRunner(), db_url
    runner.invoke(cli, ["--db", db, "ingest", str(tmp_path)], catch_exceptions=False)
    runner.invoke(cli, ["--db", db, "check"], catch_exceptions=False)
    flags = json.loads(runner.invoke(cli, ["--db", db, "report", "--format", "json"]).output)["flags"]
    derived = [f for f in flags if f["derived"]]
    assert len(derived) == 1  # the 2 PFLOPS source supports the derived value; the 1 PFLOPS one does not
    flag = derived[0]
    # a derived figure is a guess about what the total covers: low, and the explanation says what is assumed
    assert flag["kind"] == "conflict" and flag["severity"] == "low" and flag["entity"] == "Zephyr X9"
    assert flag["derived"]["value"] == 2e15 and "(derived)" in flag["explanation"]
    assert "assumes 128 PFLOPS is 64 chips' worth" in flag["explanation"]
    assert [c["text"] for c in flag["claims"]] == ["128 PFLOPS", "64", "1 PFLOPS"]
    markdown = runner.invoke(cli, ["--db", db, "report", "--format", "md"]).output
    assert "Derived by kb: 128 PFLOPS / 64 = 2e+15 flop / second" in markdown


def test_chinese_and_english_names_of_one_chip_are_compared(tmp_path, db_url):
    (tmp_path / "zh.md").write_text("---\nlanguage: zh\n---\n\n昇腾910C的算力达到800 TFLOPS。\n", encoding="utf-8")
    (tmp_path / "en.md").write_text("The Ascend 910C delivers 400 TFLOPS of compute.\n", encoding="utf-8")
    runner, db = CliRunner(), db_url
    runner.invoke(cli, ["--db", db, "ingest", str(tmp_path)], catch_exceptions=False)
    texts = {r["text"] for r in json.loads(runner.invoke(cli, ["--db", db, "sql", "SELECT text FROM claims", "--json"]).output)}
    assert texts == {"800 TFLOPS", "400 TFLOPS"}  # the 910 of 昇腾910C is a name, not a claim
    runner.invoke(cli, ["--db", db, "check"], catch_exceptions=False)
    (flag,) = json.loads(runner.invoke(cli, ["--db", db, "report", "--format", "json"]).output)["flags"]
    assert flag["kind"] == "conflict" and flag["attribute"] == "compute"
    assert {c["text"] for c in flag["claims"]} == {"800 TFLOPS", "400 TFLOPS"}


def _write_docs(folder, docs: dict[str, str]) -> None:
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")


def _check(tmp_path, db_url, docs: dict[str, str]) -> list[dict]:
    _write_docs(tmp_path, docs)
    runner = CliRunner()
    runner.invoke(cli, ["--db", db_url, "ingest", str(tmp_path)], catch_exceptions=False)
    runner.invoke(cli, ["--db", db_url, "check"], catch_exceptions=False)
    return json.loads(runner.invoke(cli, ["--db", db_url, "report", "--format", "json"]).output)["flags"]


def test_a_per_chip_figure_of_a_system_is_compared_with_its_chip(tmp_path, db_url):
    flags = _check(tmp_path, db_url, {
        "roadmap.md": "[910X baseline] Interconnect bandwidth 784 GB/s.\n",
        "system.md": "The Zephyr Pod 64 houses 64 Zephyr 910X NPUs.\n\nUB Interconnect BW: 196 GB/s / NPU\n",
    })
    (flag,) = [f for f in flags if f["kind"] == "conflict"]
    # the system's row takes its subject from the sentence before: a weaker frame, so medium, not high
    assert flag["severity"] == "medium" and flag["entity"] == "Zephyr 910X"
    assert "system.md's figure comes from its context" in flag["explanation"]
    assert {c["text"] for c in flag["claims"]} == {"784 GB/s", "196 GB/s"}
    assert "stated per chip of Zephyr Pod 64, whose chips are Zephyr 910X" in flag["explanation"]


def test_a_family_figure_must_hold_for_its_members_in_one_source(tmp_path, db_url):
    flags = _check(tmp_path, db_url, {"roadmap.md": (
        "[700 series – memory] Introduces HyperMem 2.0 (96 GB capacity).\n\n"
        "[700 series – memory] Two variants: 700 LX (64 GB memory) and 700 QT (up to 128 GB memory).\n"
    )})
    (flag,) = flags  # `up to 128 GB` leaves room for 96 GB; 64 GB does not
    assert (flag["kind"], flag["severity"], flag["entity"]) == ("error_in_source", "medium", "700 LX")
    assert {c["text"] for c in flag["claims"]} == {"96 GB", "64 GB"}


def test_a_family_figure_against_several_members_is_one_flag(tmp_path, db_url):
    """A series figure that none of its members' figures fits is one finding naming each member (short quote of
    https://www.besthub.dev/articles/huawei-ascend-ai-chip-detailed-specs-comparison-2025-2028-roadmap-a247a4760c30)."""
    flags = _check(tmp_path, db_url, {"roadmap.md": (
        "[950 series – low‑precision acceleration] Introduces proprietary HiBL 1.0 (4 TB/s bandwidth, 288 GB capacity) "
        "and HiZQ 2.0 memory solutions.\n\n"
        "[950 series – low‑precision acceleration] Two variants: 950 PR (prefill‑oriented, 128 GB memory) and 950 DT "
        "(decode‑oriented, 144 GB memory).\n"
    )})
    (flag,) = [f for f in flags if f["kind"] == "error_in_source"]
    assert flag["entity"] == "950 series" and {c["text"] for c in flag["claims"]} == {"288 GB", "128 GB", "144 GB"}
    assert "128 GB for its 950 PR and 144 GB for its 950 DT" in flag["explanation"]


def test_a_restatement_in_brackets_is_not_held_against_other_sources_again(tmp_path, db_url):
    """`Height 181 m (594 ft)` against `a maximum height of 185 metres (607 feet)`: one conflict on the metres,
    none again on the feet (quotes of the Wikipedia for Schools infobox, crosssource_topics t10, and
    https://www.britannica.com/print/article/593760)."""
    flags = _check(tmp_path, db_url, {
        "infobox.md": "---\ntitle: Three Gorges Dam\n---\n\nHeight 181 m (594 ft)\n",
        "britannica.md": "---\ntitle: Three Gorges Dam\n---\n\nA straight-crested concrete gravity structure, the "
                         "Three Gorges Dam is 2,335 metres (7,660 feet) long with a maximum height of 185 metres (607 feet).\n",
    })
    heights = [f for f in flags if f["attribute"] == "height"]
    assert [{c["text"] for c in f["claims"]} for f in heights] == [{"181 m", "185 metres"}]


def test_a_percentage_increase_is_read_as_a_factor(tmp_path, db_url):
    flags = _check(tmp_path, db_url, {
        "a.md": "The Zephyr Pod 64 offers 2.1 times the bandwidth of its predecessor.\n",
        "b.md": "Zephyr Pod 64 bandwidth rose 113% over its predecessor.\n",
        "c.md": "Zephyr Pod 64 bandwidth rose 40% over its predecessor.\n",
    })
    linked = [{c["text"] for c in f["claims"]} for f in flags if f["kind"] == "conflict"]
    assert {"2.1 times", "40%"} in linked and {"113%", "40%"} in linked
    assert not any({"2.1 times", "113%"} <= texts for texts in linked)  # x2.1 and +113% agree
    explanation = next(f["explanation"] for f in flags if {c["text"] for c in f["claims"]} == {"2.1 times", "40%"})
    assert "40% read as a factor of 1.4" in explanation


@pytest.mark.parametrize("first, second, unit", [("48 GB", "96 GB", "GB"), ("3.3 MWh", "5 MWh", "MWh")])
def test_chart_axis_speaks_the_claims_stated_unit(tmp_path, db_url, first, second, unit):
    from kb.report import load_flags
    from kb.report.html import interval_chart
    from kb.store.db import open_database

    _check(tmp_path, db_url, {"a.md": f"The Zephyr X9 has {first} of memory.\n",
                              "b.md": f"The Zephyr X9 has {second} of memory.\n"})
    engine = open_database(db_url)
    (flag,) = [f for f in load_flags(engine) if f.kind == "conflict"]
    engine.dispose()
    ticks = interval_chart(flag)["ticks"]
    assert ticks[-1]["label"].endswith(" " + unit) and ticks[-1]["anchor"] == "end"  # not `byte`, not clipped
    assert all(float(t["label"].split()[0]) < 1000 for t in ticks)  # in GB, not bytes


def test_a_figure_labelled_with_another_precision_is_one_flag_with_its_evidence(tmp_path, db_url):
    flags = _check(tmp_path, db_url, {
        "a.md": "---\ntitle: Zephyr X9\n---\n\n[FP16 dense] 2,615 TFLOPS\n",
        "b.md": "---\ntitle: Zephyr X9 notes\n---\n\nZephyr X9 peak compute: ~1.3 PFLOPS FP16, ~2.6 PFLOPS FP8.\n",
    })
    (flag,) = [f for f in flags if f["kind"] == "error_in_source"]
    assert {c["text"] for c in flag["claims"]} == {"2,615 TFLOPS", "~1.3 PFLOPS", "~2.6 PFLOPS"}
    assert "FP16 label is likely wrong" in flag["explanation"]
    assert not [f for f in flags if f is not flag and {c["text"] for c in f["claims"]} & {"2,615 TFLOPS"}]


def test_sparse_and_dense_figures_and_two_form_factors_are_not_compared(tmp_path, db_url):
    flags = _check(tmp_path, db_url, {
        "a.md": "Zephyr X9 SXM\n\n- FP16 Tensor Core: 1,979 teraFLOPS (with sparsity)\n- GPU Memory: 80GB HBM3\n",
        "b.md": "The Zephyr X9 SXM delivers 989 TFLOPS dense FP16. The Zephyr X9 NVL has 94GB HBM3 memory.\n",
        "c.md": "The Zephyr X9 SXM reaches 1,979 TFLOPS with sparsity at FP16, and has 96GB of memory.\n",
    })
    linked = [{c["text"] for c in f["claims"]} for f in flags]
    hard = [{c["text"] for c in f["claims"]} for f in flags if f["kind"] in ("conflict", "error_in_source")]
    assert {"80GB", "96GB"} in hard  # one card, two figures: a conflict
    assert not any("989 TFLOPS" in texts for texts in hard)  # dense vs sparse: two figures of one card
    assert not any("94GB" in texts for texts in linked)  # the NVL is another card


def test_each_table_column_is_its_own_variant(tmp_path, db_url):
    table = ("| Specification | Zephyr X9 40GB | Zephyr X9 80GB |\n|---|---|---|\n"
             "| Memory Bandwidth | 1,555GB/s | 2,039GB/s |\n")
    flags = _check(tmp_path, db_url, {
        "a.md": table,
        "b.md": "| Specification | Zephyr X9 80GB |\n|---|---|\n| Memory bandwidth | 1,600GB/s |\n",
    })
    (flag,) = [f for f in flags if f["kind"] == "conflict"]
    assert {c["text"] for c in flag["claims"]} == {"2,039GB/s", "1,600GB/s"}
    assert flag["entity"] == "Zephyr X9 80GB"


def test_a_check_reads_claims_one_entity_group_at_a_time(tmp_path, db_url):
    """What keeps `kb check` within memory at any size: claims stream in group order, every group
    once and whole (two spellings of one model are one group), across fetch batches."""
    from sqlalchemy.orm import Session

    from kb.consistency.stream import claims_by_group, write_groups
    from kb.entities import entity_groups
    from kb.ingest import ingest
    from kb.store.db import open_database

    _write_docs(tmp_path, {
        "a.md": "The Zephyr X1 has 96 GB of memory. The Atlas 950 SuperPoD delivers 8 EFLOPS.\n",
        "b.md": "The Atlas 950 delivers 8 EFLOPS. The Zephyr X1 costs $1M. The Orion 7 has 64 GB of memory.\n",
        "c.md": "The Orion 7 costs $2M and the Zephyr X1 has 128 GB of memory.\n",
    })
    engine = open_database(db_url)
    ingest(engine, [str(tmp_path)])
    with Session(engine) as session, session.begin():
        groups = entity_groups(session)
        write_groups(session, groups)
        streamed = [(group, [c.text for c in members]) for group, members in claims_by_group(session, batch=2)]
    assert len({group for group, _ in streamed}) == len(streamed) == 3  # each group once
    # whole, in document order: Zephyr X1; Atlas 950 (SuperPoD); Orion 7
    assert sorted(texts for _, texts in streamed) == sorted([["96 GB", "$1M", "128 GB"], ["8 EFLOPS", "8 EFLOPS"],
                                                             ["64 GB", "$2M"]])


# One dam in three public pages: a Chinese one (http://www.szdnjy.cn/cpdetail_83.htm), Wikipedia's infobox
# (https://en.wikipedia.org/wiki/Xiluodu_Dam) and a 2011 blog's older infobox
# (http://hydroelectric-energy.blogspot.com/2011/05/xiluodu-hydroelectric-dam.html), short quotes.
XILUODU = {
    "zh.md": "---\nlang: zh\n---\n\n溪洛渡水電站是國家“西電東送”骨干工程,位于四川和云南交界的金沙江上。"
             "大壩高285.5米,為世界泄洪量最大的大壩;總裝機容量1386萬千瓦,年均發電571.2億千瓦時。\n",
    "wiki.md": "---\ntitle: Xiluodu Dam\n---\n\nHeight 285.5 m (937 ft)\nLength 700 m (2,300 ft)\n"
               "Installed capacity 13,860 MW\nAnnual generation 55.2 TWh (2015)\n",
    "blog.md": "---\ntitle: Xiluodu Hydroelectric Dam\n---\n\nHeight 278 metres (912 ft)\nLength 700 metres (2,297 ft)\n"
               "Maximum capacity 13,860 MW\n",
}


def test_one_thing_named_in_two_scripts_is_linked_by_the_figures_both_are_given(tmp_path, db_url):
    """溪洛渡水電站 and `Xiluodu Dam` share two exact figures (285.5 m high, 13,860 MW installed): one dam,
    so the blog's older 278 m meets both. Both exact to three digits and more, 2.6% apart: a conflict,
    one flag for the two camps, at most medium and saying on what evidence the names were joined."""
    for name, text in XILUODU.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db_url, "ingest", str(tmp_path)], catch_exceptions=False).exit_code == 0
    runner.invoke(cli, ["--db", db_url, "check"], catch_exceptions=False)
    report = json.loads(runner.invoke(cli, ["--db", db_url, "report", "--format", "json"]).output)
    heights = [f for f in report["flags"] if f["attribute"] == "height" and f["kind"] == "conflict"]
    assert len(heights) == 1
    flag = heights[0]
    assert sorted(c["text"] for c in flag["claims"]) == ["278 metres", "285.5 m", "285.5米"]
    assert flag["severity"] == "medium"
    assert "neither rounds to the other" in flag["explanation"]
    assert "installed capacity 13,860 MW = 1386萬千瓦" in flag["explanation"]
