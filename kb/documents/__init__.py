"""Documents: reading files of every supported format into clean text with metadata.

`load(path)` and `iter_documents(paths)` are the entry points; the rest of kb sees only `Document`.
"""

from kb.documents.model import Document, Sentence
from kb.documents.readers import iter_documents, load, read_bytes

__all__ = ["Document", "Sentence", "iter_documents", "load", "read_bytes"]
