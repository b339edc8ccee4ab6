"""Shared output options for commands that print rows: --table, --csv, --json, --jsonl."""

from __future__ import annotations

import csv
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


def _cell(value, limit: int = 60) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    if _width(text) > limit:
        while _width(text) > limit - 1:
            text = text[:-1]
        text += "…"
    return text


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, map(_plain, r))) for r in rows], ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(json.dumps(dict(zip(columns, map(_plain, r))), ensure_ascii=False) for r in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells])
