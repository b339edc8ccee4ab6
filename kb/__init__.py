"""kb: a fact-checking knowledge base of quantitative claims, with provenance."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = "kb-extract/0.1.0"
