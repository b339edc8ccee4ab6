"""Reports: the stored flags of the latest `kb check`, rendered for people and programs.

The report reads flags; it never recomputes them (that is the consistency engine's job).
"""

from kb.report.load import ReportFlag, load_flags
from kb.report.render import FORMATS, render

__all__ = ["FORMATS", "ReportFlag", "load_flags", "render"]
