"""Bytes to text: BOMs, UTF-8, and the Japanese legacy encodings detected rather than guessed.

Undecodable bytes never stop a document; they are counted and the document says so.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from kb.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Where the detector hesitates, these are tried in order: the encodings Japanese news arrives in.
_JAPANESE_FALLBACKS = ("cp932", "euc_jp", "iso2022_jp")
_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"\x7fELF")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replacement_chars: int  # U+FFFD already in the text
    undecodable_bytes: int  # bytes we had to replace


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows as every other byte NUL."""
    if len(data) < 4:
        return None
    even_nuls = data[0::2].count(0) / (len(data) / 2)
    odd_nuls = data[1::2].count(0) / (len(data) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes) -> Decoded:
    """Decode a document's bytes, refusing binary files with a one-line reason."""
    if not data.strip():
        raise InputError("empty file")
    if data.startswith(_BINARY_SIGNATURES):
        raise InputError("binary file (not text)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decoded(data, encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decoded(data, utf16)
    if b"\x00" in data[:8192]:
        raise InputError("binary file (not text)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", data.decode("utf-8").count("\ufffd"), 0)
    except UnicodeDecodeError:
        pass
    for encoding in _JAPANESE_FALLBACKS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_japanese(text):
            return Decoded(text, encoding, 0, 0)
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(8, len(lenient) // 100):
        return _decoded(data, "utf-8")  # UTF-8 with a few broken bytes: keep it, count the damage
    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8",):
        return _decoded(data, best.encoding)
    return _decoded(data, "utf-8")


def _looks_japanese(text: str) -> bool:
    kana = sum(1 for c in text if "\u3040" <= c <= "\u30ff")
    return kana >= max(1, len(text) // 50)


def _decoded(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    clean = data.decode(encoding, errors="ignore")
    replaced = text.count("\ufffd") - clean.count("\ufffd")
    if text.startswith("\ufeff"):
        text = text[1:]
    return Decoded(text, encoding, text.count("\ufffd") - replaced, max(replaced, 0))
