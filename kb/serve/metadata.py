"""Datasette metadata written from kb's schema: the models' docstrings and column docs become table
and column descriptions, so the browser explains what `value_normalized` or `entity_from_context`
means in the same words as the code; labels, facets and canned queries are chosen here."""

from __future__ import annotations

from importlib import resources

import yaml
from datasette.utils import tilde_encode

from kb.store.models import Base

# the column a foreign key to this table shows instead of the id
LABELS = {"documents": "title", "entities": "name", "claims": "text"}
FACETS = {"claims": ["entity", "attribute", "dimension", "lang"], "flags": ["kind", "severity", "entity"],
          "documents": ["lang", "format"]}
HIDDEN = ("alembic_version",)


def _description(doc: str | None) -> str:
    return " ".join((doc or "").split())


def table_metadata() -> dict[str, dict]:
    """Every kb table with its description, column descriptions, label and facets."""
    tables = {}
    for mapper in Base.registry.mappers:
        table = mapper.local_table
        entry = {"description": _description(mapper.class_.__doc__),
                 "columns": {c.name: c.doc for c in table.columns if c.doc}}
        if table.name in LABELS:
            entry["label_column"] = LABELS[table.name]
        if table.name in FACETS:
            entry["facets"] = FACETS[table.name]
        tables[table.name] = entry
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return tables


def canned_queries() -> dict[str, dict]:
    """The queries of queries.yaml, none of them writable."""
    text = resources.files("kb.serve").joinpath("queries.yaml").read_text(encoding="utf-8")
    return {name: {**query, "write": False} for name, query in yaml.safe_load(text).items()}


def metadata(database: str) -> dict:
    """The whole metadata document for a knowledge base Datasette names `database`."""
    href = "/" + tilde_encode(database)
    return {
        "title": "kb: quantitative claims and the flags between sources",
        "description_html": ('<a href="/-/flags">Flags</a> of the latest <code>kb check</code>, with each source\'s '
                             'interval and quote; the <a href="{0}/claims">claims</a> with facets; '
                             'the <a href="{0}">canned queries</a>.').format(href),
        "databases": {database: {"tables": table_metadata(), "queries": canned_queries()}},
        "plugins": {"kb": {"database": database}},
    }
