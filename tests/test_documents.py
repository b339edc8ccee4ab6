"""Readers, encodings, front matter, cleaning and language detection."""

import json

import pytest

from kb.documents import load
from kb.documents.cleaning import clean
from kb.documents.language import detect_language
from kb.errors import InputError

JA_TEXT = "---\ntitle: テスト記事\nlang: ja\n---\n\n費用は約820万ドルと見積もられている。\n"


def _one(path, lang=None):
    items = list(load(path, lang))
    assert len(items) == 1
    return items[0]


def test_markdown_front_matter_and_inline_markup(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Hello\nurl: https://x.test/a\ndate: 2025-01-02\nauthor: Ann\n---\n"
                    "The **CloudMatrix 384** has 384 chips.\n", encoding="utf-8")
    doc = _one(path)
    assert (doc.title, doc.url, doc.date, doc.author, doc.lang) == ("Hello", "https://x.test/a", "2025-01-02", "Ann", "en")
    assert "**" not in doc.body and "CloudMatrix 384 has 384 chips" in doc.body


def test_front_matter_detected_in_txt(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(JA_TEXT, encoding="utf-8")
    doc = _one(path)
    assert doc.title == "テスト記事" and doc.lang == "ja" and not doc.body.startswith("---")


def test_yaml_null_in_front_matter_is_no_value(tmp_path):
    """`title: null` (as exported pages write an unknown field) is no title, and `date: ~` no date and no
    warning; quoted, "null" is text."""
    path = tmp_path / "a.md"
    path.write_text('---\ntitle: null\ndate: ~\nurl:\nauthor: "null"\n---\nIt has 384 chips.\n', encoding="utf-8")
    doc = _one(path)
    assert (doc.title, doc.date, doc.url, doc.author) == (None, None, None, "null")
    assert doc.warnings == []


def test_malformed_front_matter_is_a_warning(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: [unclosed\n---\nIt has 384 chips.\n", encoding="utf-8")
    doc = _one(path)
    assert any("malformed YAML" in w for w in doc.warnings)
    assert "384 chips" in doc.body


@pytest.mark.parametrize("encoding", ["utf-8-sig", "shift_jis", "euc_jp", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings_decode_to_the_same_text(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(JA_TEXT.encode(encoding))
    doc = _one(path)
    assert "約820万ドル" in doc.body and doc.title == "テスト記事"
    assert doc.undecodable_bytes == 0


def test_invalid_utf8_is_counted_not_fatal(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"It has 384 chips.\n\xff\xfe\xfa and 48 TB of memory.\n" * 3)
    doc = _one(path)
    assert "384 chips" in doc.body
    assert doc.undecodable_bytes > 0 or doc.encoding != "utf-8"


@pytest.mark.parametrize("content,reason", [(b"", "empty"), (b"%PDF-1.7\n\x00\x01", "binary"),
                                            (b"\x89PNG\r\n\x1a\n\x00\x00", "binary")])
def test_unreadable_files_are_errors(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    item = _one(path)
    assert isinstance(item, InputError) and reason in str(item)


def test_html_main_text_and_metadata():
    from conftest import ROOT

    doc = _one(ROOT / "data" / "en_harbor_line.html")
    assert doc.title == "Harbor Line extension opens to riders"
    assert "12.4 km" in doc.body
    assert "window.analytics" not in doc.body and "font-family" not in doc.body


def test_jsonl_one_document_per_line_and_broken_lines_reported(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": "one", "text": "It has 384 chips."}), "{not json",
             json.dumps({"id": "two", "text": "費用は約820万ドル。", "lang": "ja"})]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(load(path))
    docs = [i for i in items if not isinstance(i, InputError)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.doc_id for d in docs] == ["one", "two"]
    assert docs[1].lang == "ja"
    assert len(errors) == 1 and ":2:" in str(errors[0])


def test_repeated_paragraphs_and_markers_are_read_once():
    body = ("First paragraph says 384 chips.\n\n---END---\n\nSecond says 48 TB.\n\n"
            "First paragraph says 384 chips.\n\nFirst paragraph says 384 chips!\n\n"
            "【既存の記事の最後の部分】\nFirst paragraph says 384 chips. Second says 48 TB.\n")
    sentences, stats = clean(body)
    texts = [s.text for s in sentences]
    assert texts.count("First paragraph says 384 chips.") == 1
    assert texts.count("Second says 48 TB.") == 1
    assert stats["markers_dropped"] >= 1 and stats["paragraphs_dropped"] >= 1
    for s in sentences:
        assert body[s.start:s.end] == s.text


@pytest.mark.parametrize("text,lang", [("The chip has 384 cores and costs $5.", "en"),
                                       ("費用は約820万ドルと見積もられている。", "ja"),
                                       ("华为的昇腾芯片算力达到每秒一百万亿次运算。", "zh")])
def test_language_detection(text, lang):
    assert detect_language(text) == lang
