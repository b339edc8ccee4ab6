"""Markdown tables as text: which column a value stands in, and what that column's header names.

A spec table puts variants side by side (`| Memory Bandwidth | 1,555GB/s | 1,935GB/s |` under
`| Specification | A100 PCIe 40GB | A100 PCIe 80GB |`): each cell's figure is about its column's
variant, and its row's label says what is measured (claims.spec_label). Without this every cell of a
row would take one entity, and two variants' figures would be flagged against each other.
"""

from __future__ import annotations

import re

from kb.extract import names

_ROW = re.compile(r"\s*\|.*\|\s*")
_SEPARATOR = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
#: How far above a row its header may be (a long table's rows are its sentences).
_ROWS_ABOVE = 200


def cells(row: str) -> list[tuple[int, int]]:
    """The spans of a row's cells, without the bars around them."""
    bars = [m.start() for m in re.finditer(r"\|", row)]
    return [(a + 1, b) for a, b in zip(bars, bars[1:])]


def header_of(sentences, index: int) -> list[str] | None:
    """The header cells of the table the sentence at `index` is a body row of, or None."""
    if not _ROW.fullmatch(sentences[index].text):
        return None
    for back in range(index - 1, max(-1, index - _ROWS_ABOVE), -1):
        line = sentences[back].text
        if _SEPARATOR.fullmatch(line):
            if back and _ROW.fullmatch(sentences[back - 1].text):
                header = sentences[back - 1].text
                return [header[a:b].strip() for a, b in cells(header)]
            return None
        if not _ROW.fullmatch(line):
            return None
    return None


def column_subject(row: str, offset: int, header: list[str] | None) -> str | None:
    """What the header names for the column of the row holding `offset`: its whole cell (`A100 PCIe
    40GB`: the memory tells two variants apart) when the cell names a model; never the label column."""
    if not header:
        return None
    for k, (a, b) in enumerate(cells(row)):
        if a <= offset < b:
            if k == 0 or k >= len(header):
                return None
            cell = header[k]
            return cell if names.product_names(cell) else None
    return None


def naming_cells(sentences, index: int) -> list[tuple[int, int]]:
    """Spans of a header row's cells that name a model (`A100 PCIe 80GB`): their figures tell the
    column's variant apart and are no claims of their own. Empty for any other sentence."""
    row = sentences[index].text
    following = sentences[index + 1].text if index + 1 < len(sentences) else ""
    if not (_ROW.fullmatch(row) and _SEPARATOR.fullmatch(following)):
        return []
    return [(a, b) for a, b in cells(row)[1:] if names.product_names(row[a:b])]
