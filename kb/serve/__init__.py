"""`kb serve`: the knowledge base in a browser, on Datasette, read-only.

Datasette shows the tables, facets and canned queries from the metadata kb writes from its own
schema (`metadata.py`); kb's plugin (`plugin.py`) adds the flags page and marks quotes in their
sentences. SQLite only: Datasette's engine.
"""

from kb.serve.app import build_datasette, serve

__all__ = ["build_datasette", "serve"]
