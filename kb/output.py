"""Shared output options for commands that print rows: --table, --csv, --json, --jsonl."""

from __future__ import annotations

import csv
import re
import io
import json
import unicodedata
from decimal import Decimal

import click

FORMATS = ("table", "csv", "json", "jsonl")


def output_options(command):
    """Adds the mutually exclusive format flags (the last one given wins), table by default."""
    for name in reversed(FORMATS):
        command = click.option(
            f"--{name}", "fmt", flag_value=name, default=name == "table", help=f"Print as {name.upper()}."
        )(command)
    command = click.option("--nl", "fmt", flag_value="jsonl", hidden=True)(command)
    return command


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: C0/C1 control characters (ESC among them): never written raw to a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from articles, safe for a terminal: control characters shown as `\\xNN`, never obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _cell(value, limit: int = 60) -> str:
    """A table cell: one line, at most `limit` columns wide (a 40,000-character sentence is cut in
    one pass, not a character at a time)."""
    text = "" if value is None else printable(str(value).replace("\n", " "))
    if _width(text) <= limit:
        return text
    kept, width = [], 0
    for c in text:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if width + w > limit - 1:
            break
        kept.append(c)
        width += w
    return "".join(kept) + "…"


#: What a spreadsheet evaluates when a cell starts with it (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def csv_safe(value):
    """A CSV cell a spreadsheet will not run: text starting with = + - @ gets a leading `'` (as
    spreadsheets expect); numbers, and text that is a number (`-5`), are kept as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, map(_plain, r))) for r in rows], ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(json.dumps(dict(zip(columns, map(_plain, r))), ensure_ascii=False) for r in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([csv_safe(c) for c in columns])
        writer.writerows([csv_safe(v) for v in row] for row in rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells])
