"""Which language a document is in: kana means Japanese, Han without kana Chinese, else English."""

from __future__ import annotations


def detect_language(text: str, sample: int = 20_000) -> str:
    head = text[:sample]
    kana = han = latin = 0
    for c in head:
        if "\u3040" <= c <= "\u30ff":
            kana += 1
        elif "\u4e00" <= c <= "\u9fff":
            han += 1
        elif c.isascii() and c.isalpha():
            latin += 1
    if kana >= 5 and kana * 20 >= han and kana * 10 >= latin:
        return "ja"
    if han > latin / 4 and han >= 5:
        return "zh"
    return "en"
