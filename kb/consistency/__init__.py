"""Consistency: which stored claims agree across sources, which only look different, and which conflict.

`run_check(engine, tolerances)` groups comparable claims (entity, attribute, dimension, qualifiers),
compares their intervals, and stores flags that explain themselves. The report reads those flags.
"""

from kb.consistency.engine import run_check
from kb.consistency.model import CheckedClaim, Flag

__all__ = ["CheckedClaim", "Flag", "run_check"]
