"""`kb sql`: read-only by construction, with a time limit and a row cap.

On SQLite: a `mode=ro` connection plus an authorizer that allows reading and nothing else (no
writes, ATTACH, PRAGMA writes, load_extension), and a progress handler that stops runaway queries.
On PostgreSQL: a READ ONLY transaction with a statement timeout.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from kb.errors import QueryError, ReadOnlyQueryError

_READ_PRAGMAS = frozenset({"table_info", "table_xinfo", "table_list", "index_list", "index_info",
                           "index_xinfo", "foreign_key_list", "collation_list", "function_list",
                           "pragma_list", "compile_options"})
_DENIED_FUNCTIONS = frozenset({"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"})
_AUTHORIZER_ACTIONS = (
    "CREATE_INDEX CREATE_TABLE CREATE_TEMP_INDEX CREATE_TEMP_TABLE CREATE_TEMP_TRIGGER CREATE_TEMP_VIEW "
    "CREATE_TRIGGER CREATE_VIEW DELETE DROP_INDEX DROP_TABLE DROP_TEMP_INDEX DROP_TEMP_TABLE "
    "DROP_TEMP_TRIGGER DROP_TEMP_VIEW DROP_TRIGGER DROP_VIEW INSERT PRAGMA READ SELECT TRANSACTION UPDATE "
    "ATTACH DETACH ALTER_TABLE REINDEX ANALYZE CREATE_VTABLE DROP_VTABLE FUNCTION SAVEPOINT RECURSIVE"
).split()
_ACTION_NAMES = {getattr(sqlite3, "SQLITE_" + n): n for n in _AUTHORIZER_ACTIONS if hasattr(sqlite3, "SQLITE_" + n)}


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool


class _Authorizer:
    """Allows SELECT and what a SELECT needs; remembers the first thing it refused, for the message."""

    def __init__(self):
        self.refused: str | None = None

    def __call__(self, action, arg1, arg2, _db, _trigger):
        if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION:
            if (arg2 or "").lower() in _DENIED_FUNCTIONS:
                return self._deny(f"function {arg2}()")
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _READ_PRAGMAS:  # they only read
            return sqlite3.SQLITE_OK
        what = _ACTION_NAMES.get(action, str(action))
        detail = f" {arg1}" if action == sqlite3.SQLITE_PRAGMA and arg1 else ""
        return self._deny(what.replace("_", " ") + detail)

    def _deny(self, what: str):
        self.refused = self.refused or what
        return sqlite3.SQLITE_DENY


def _statement_kind(sql: str, refused: str) -> str:
    """`DROP TABLE` rather than the DELETE on sqlite_master that SQLite's authorizer reports."""
    words = sql.split()
    first = words[0].upper() if words else ""
    if first in ("SELECT", "WITH", "VALUES", "EXPLAIN", "") or first == refused.split()[0]:
        return refused
    return " ".join(words[:2]).upper() if first in ("DROP", "CREATE", "ALTER") else first


def run_sqlite(path: Path, sql: str, params: dict, max_rows: int, time_limit: float) -> QueryResult:
    uri = path.resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    authorizer = _Authorizer()
    deadline = time.monotonic() + time_limit
    timed_out = []

    def check_time():
        if time.monotonic() > deadline:
            timed_out.append(True)
            return 1
        return 0

    try:
        connection.set_authorizer(authorizer)
        connection.set_progress_handler(check_time, 10_000)
        cursor = connection.execute(sql, params)
        rows = cursor.fetchmany(max_rows + 1)
        columns = [d[0] for d in cursor.description or []]
    except sqlite3.Warning as exc:
        raise QueryError(f"{exc}") from exc
    except sqlite3.DatabaseError as exc:
        if authorizer.refused:
            raise ReadOnlyQueryError(f"kb sql is read-only: {_statement_kind(sql, authorizer.refused)} is not allowed") from exc
        if timed_out:
            raise QueryError(f"query stopped after the {time_limit:g} s time limit (KB_SQL_TIME_LIMIT)") from exc
        if "readonly" in str(exc).lower() or "read-only" in str(exc).lower():
            raise ReadOnlyQueryError("kb sql is read-only: the query tried to write") from exc
        raise QueryError(f"SQL error: {exc}") from exc
    finally:
        connection.close()
    return QueryResult(columns, [tuple(r) for r in rows[:max_rows]], len(rows) > max_rows)


def run_server(engine: Engine, sql: str, params: dict, max_rows: int, time_limit: float) -> QueryResult:
    """Any non-SQLite server: a read-only transaction that is always rolled back."""
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                if engine.dialect.name == "postgresql":
                    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                    connection.exec_driver_sql(f"SET LOCAL statement_timeout = {int(time_limit * 1000)}")
                result = connection.execute(text(sql), params)
                columns = list(result.keys()) if result.returns_rows else []
                rows = [tuple(r) for r in result.fetchmany(max_rows + 1)] if result.returns_rows else []
            finally:
                transaction.rollback()
    except SQLAlchemyError as exc:
        message = str(getattr(exc, "orig", exc)).splitlines()[0]
        if "read-only" in message or "read only" in message:
            raise ReadOnlyQueryError(f"kb sql is read-only: {message}") from exc
        if "statement timeout" in message:
            raise QueryError(f"query stopped after the {time_limit:g} s time limit (KB_SQL_TIME_LIMIT)") from exc
        raise QueryError(f"SQL error: {message}") from exc
    return QueryResult(columns, rows[:max_rows], len(rows) > max_rows)
