"""`kb sql`: read-only by construction, with a time limit and a row cap.

On SQLite: a `mode=ro` connection plus an authorizer that allows reading and nothing else (no
writes, ATTACH, PRAGMA writes, load_extension), and a progress handler that stops runaway queries.
On PostgreSQL: one reading statement (prepared, so the server refuses a second one), in a READ ONLY
transaction with a statement timeout, server file functions refused; and, when KB_SQL_DATABASE_URL
names one, a role that has no write grant at all (`kb sql-role` prints the SQL to make it).
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from kb.errors import KbError, QueryError, ReadOnlyQueryError

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
    cut: str | None = None  # what the byte limits cut, for the notice


@dataclass(frozen=True)
class Limits:
    """How much a `kb sql` result may hold: rows, bytes in all, bytes in one value (settings.py)."""

    rows: int
    bytes: int
    cell_bytes: int


def _size(value) -> int:
    return len(value) if isinstance(value, (str, bytes, bytearray, memoryview)) else 8


def _fetch(fetchmany, limits: Limits) -> tuple[list[tuple], bool, str | None]:
    """Rows in batches until the row or byte limit; values over the cell limit cut (never a result
    that grows past what the limits say, whatever the query builds)."""
    rows, total, cut = [], 0, None
    while len(rows) <= limits.rows:
        batch = fetchmany(min(500, limits.rows + 1 - len(rows)))
        if not batch:
            return rows, False, cut
        for row in batch:
            row = tuple(row)
            if any(_size(v) > limits.cell_bytes for v in row):
                row = tuple(v[: limits.cell_bytes] if _size(v) > limits.cell_bytes else v for v in row)
                cut = cut or f"values over {limits.cell_bytes:,} bytes were cut (KB_SQL_MAX_CELL_BYTES)"
            total += sum(_size(v) for v in row)
            if total > limits.bytes:
                return rows, False, f"only the first {len(rows)} rows are shown: the result is over " \
                                    f"{limits.bytes:,} bytes (KB_SQL_MAX_BYTES)"
            rows.append(row)
    return rows[: limits.rows], True, cut


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


def run_sqlite(path: Path, sql: str, params: dict, limits: Limits, time_limit: float) -> QueryResult:
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1")
    except sqlite3.DatabaseError as exc:
        raise QueryError(f"cannot open {path} to read it: {exc}") from exc
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
        # SQLite itself refuses to build a larger string or blob (`zeroblob(1000000000)`)
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max(limits.cell_bytes, 1_000))
        cursor = connection.execute(sql, params)
        columns = [d[0] for d in cursor.description or []]
        rows, truncated, cut = _fetch(cursor.fetchmany, limits)
    except sqlite3.Warning as exc:
        raise QueryError(f"{exc}") from exc
    except sqlite3.DatabaseError as exc:
        if authorizer.refused:
            raise ReadOnlyQueryError(f"kb sql is read-only: {_statement_kind(sql, authorizer.refused)} is not allowed") from exc
        if timed_out:
            raise QueryError(f"query stopped after the {time_limit:g} s time limit (KB_SQL_TIME_LIMIT)") from exc
        if "too big" in str(exc):
            raise QueryError(f"the query builds a value over {limits.cell_bytes:,} bytes (KB_SQL_MAX_CELL_BYTES)") from exc
        if "readonly" in str(exc).lower() or "read-only" in str(exc).lower():
            raise ReadOnlyQueryError("kb sql is read-only: the query tried to write") from exc
        raise QueryError(f"SQL error: {exc}") from exc
    finally:
        connection.close()
    return QueryResult(columns, rows, truncated, cut)


#: The statements `kb sql` runs: ones that read. (One statement per call is enforced by the server:
#: a prepared statement cannot hold two.) Comments and brackets may come first.
_READING_STATEMENT = re.compile(r"\s*(?:(?:--[^\n]*(?:\n|\Z)|/\*.*?\*/)\s*)*\(*\s*(?:SELECT|WITH|VALUES|TABLE|EXPLAIN|SHOW)\b",
                                re.IGNORECASE | re.DOTALL)
#: Server functions that read or write the server's files or other sessions, or change settings: never
#: needed to read the knowledge base, and open to a superuser role even in a read-only transaction.
_SERVER_FUNCTIONS = re.compile(
    r"\b(?:pg_read_file|pg_read_binary_file|pg_ls_\w+|pg_stat_file|lo_\w+|dblink\w*|pg_file_\w+|"
    r"pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|set_config|pg_sleep\w*|"
    r"pg_logical_\w+|pg_replication_\w+|pg_create_\w+|pg_drop_\w+)\s*\(", re.IGNORECASE)


def check_reading_statement(sql: str) -> None:
    """Refuse, before any server sees it, what is not one reading statement."""
    if not _READING_STATEMENT.match(sql):
        first = (sql.split() or [""])[0].upper()
        raise ReadOnlyQueryError(f"kb sql is read-only: {first or 'an empty query'} is not allowed "
                                 "(SELECT, WITH, VALUES, TABLE, EXPLAIN and SHOW are)")
    found = _SERVER_FUNCTIONS.search(sql)
    if found:
        raise ReadOnlyQueryError(f"kb sql is read-only: function {found.group().rstrip('( ')}() is not allowed")


def run_server(engine: Engine, sql: str, params: dict, limits: Limits, time_limit: float) -> QueryResult:
    """Any non-SQLite server: one reading statement in a READ ONLY transaction that is always rolled
    back. On PostgreSQL the statement is prepared (the extended protocol), so `SELECT 1; COMMIT;
    DELETE ...` is refused by the server itself instead of ending the read-only transaction."""
    check_reading_statement(sql)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                if engine.dialect.name == "postgresql":
                    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                    connection.exec_driver_sql(f"SET LOCAL statement_timeout = {int(time_limit * 1000)}")
                    columns, (rows, truncated, cut) = _prepared(connection, engine, sql, params, limits)
                else:
                    result = connection.execute(text(sql), params)
                    columns = list(result.keys()) if result.returns_rows else []
                    rows, truncated, cut = _fetch(result.fetchmany, limits) if result.returns_rows else ([], False, None)
            finally:
                transaction.rollback()
    except SQLAlchemyError as exc:
        raise _server_error(str(getattr(exc, "orig", exc)).splitlines()[0], time_limit) from exc
    except Exception as exc:  # the driver's own errors, raised outside SQLAlchemy's wrapping
        if type(exc).__module__.split(".")[0] != "psycopg":
            raise
        raise _server_error(str(exc).splitlines()[0], time_limit) from exc
    return QueryResult(columns, rows, truncated, cut)


def _prepared(connection, engine: Engine, sql: str, params: dict, limits: Limits) -> tuple[list, tuple]:
    """Run `sql` as one prepared statement through the driver, `:name` parameters bound."""
    compiled = text(sql).compile(dialect=engine.dialect)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(compiled.string, compiled.construct_params(params), prepare=True)
        if cursor.description is None:
            return [], ([], False, None)
        return [d.name for d in cursor.description], _fetch(cursor.fetchmany, limits)
    finally:
        cursor.close()


def _server_error(message: str, time_limit: float) -> KbError:
    if "multiple commands" in message:
        return ReadOnlyQueryError("kb sql runs one statement at a time")
    if "read-only" in message or "read only" in message:
        return ReadOnlyQueryError(f"kb sql is read-only: {message}")
    if "statement timeout" in message:
        return QueryError(f"query stopped after the {time_limit:g} s time limit (KB_SQL_TIME_LIMIT)")
    return QueryError(f"SQL error: {message}")


def readonly_role_sql(role: str, database: str) -> str:
    """The SQL that makes a role which can read kb's tables and nothing else (for KB_SQL_DATABASE_URL)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise KbError(f"role name {role!r}: use lower-case letters, digits and _ (at most 63)")
    quoted_db = '"' + database.replace('"', '""') + '"'
    return "\n".join([
        f"CREATE ROLE {role} LOGIN PASSWORD 'change-me' NOSUPERUSER NOCREATEDB NOCREATEROLE;",
        f"GRANT CONNECT ON DATABASE {quoted_db} TO {role};",
        f"GRANT USAGE ON SCHEMA public TO {role};",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {role};",
        f"ALTER ROLE {role} SET default_transaction_read_only = on;",
        "-- then: export KB_SQL_DATABASE_URL=postgresql+psycopg://" + role + ":PASSWORD@HOST/" + database,
    ])
