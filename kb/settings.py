"""Every tunable in one place, declared once with help text so docs and `--help` agree.

A setting can be overridden per run with an environment variable `KB_<NAME>` (upper case).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from kb.errors import KbError


class SettingError(KbError):
    """A setting's environment variable holds what it cannot be: a usage error (exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    minimum: float | None = 0  # numbers: the least value that makes sense (None for text)

    @property
    def env_var(self) -> str:
        return "KB_" + self.name.upper()

    def value(self):
        raw = os.environ.get(self.env_var)
        if raw is None:
            return self.default
        if isinstance(self.default, str):
            return raw
        return self.parse(raw)

    def parse(self, raw: str):
        """`raw` as the setting's type: finite, at least its minimum; else a SettingError naming it."""
        kind = type(self.default)
        try:
            value = kind(raw.strip()) if kind is not int else int(raw.strip().replace("_", ""))
        except ValueError:
            raise SettingError(f"{self.env_var}={raw!r}: expected {'a whole number' if kind is int else 'a number'} "
                               f"({self.help})") from None
        if not math.isfinite(value) or (self.minimum is not None and value < self.minimum):
            raise SettingError(f"{self.env_var}={raw!r}: expected a finite number of at least {self.minimum:g}")
        return value


SETTINGS = {
    s.name: s
    for s in [
        Setting("database_url", "kb.sqlite", "Database used when --db is not given (a path means SQLite).", None),
        Setting(
            "approximate_tolerance",
            0.05,
            "Relative half-width added to a hedged value ('about', '約'): about 100 covers 95..105.",
        ),
        Setting(
            "precision_cap",
            0.05,
            "Most a stated figure's last digit may leave open, relative: `1,000 MWh` reads as 950..1050, not 500..1500.",
        ),
        Setting("max_file_bytes", 100_000_000, "Files larger than this are refused by ingest and extract.", minimum=1),
        Setting(
            "near_duplicate_ratio",
            90.0,
            "rapidfuzz ratio (0-100) above which a paragraph counts as a repeat of an earlier one.",
        ),
        Setting("sql_time_limit", 5.0, "Seconds a `kb sql` query may run before it is stopped.", minimum=0.001),
        Setting("sql_max_rows", 10_000, "Rows `kb sql` returns at most; a notice says when more matched.", minimum=1),
        Setting("sql_max_bytes", 50_000_000, "Bytes of values `kb sql` returns at most (rows after that are cut, "
                "with a notice).", minimum=1),
        Setting("sql_max_cell_bytes", 10_000_000, "Bytes one value of a `kb sql` result may hold (SQLite refuses to "
                "build a larger one; on other servers it is cut, with a notice).", minimum=1),
        Setting("english_parser", 0, "1: read English frames with kb's trained tagger and parser (en/parser), "
                "0: with word windows only (see the README for both measurements).", minimum=0),
        Setting("sql_database_url", "", "A URL `kb sql` connects with instead of the database's own, for a role "
                "that may only read (`kb sql-role` prints the SQL that makes one on PostgreSQL)."),
    ]
}


def get(name: str):
    """The current value of a setting (environment override or default)."""
    return SETTINGS[name].value()


def snapshot() -> dict:
    """All current values, recorded with each extraction run so results can be reproduced."""
    return {name: s.value() for name, s in SETTINGS.items()}
