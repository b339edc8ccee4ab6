"""Opening a database: URL or path to engine, SQLite pragmas, and pending migrations applied.

Every command that touches the database goes through `open_database`, so a user never runs
`kb init` by hand (it exists anyway).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from kb import __version__, settings
from kb.errors import KbError


def database_url(db: str | None) -> str:
    """`--db`, else KB_DATABASE_URL, else ./kb.sqlite. A plain path means SQLite."""
    target = db or os.environ.get("KB_DATABASE_URL") or settings.get("database_url")
    if "://" in target:
        return target
    return "sqlite:///" + str(Path(target).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    return Path(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else None


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers work while one writer commits; the busy timeout makes a second writer wait.
    # The busy timeout comes first: switching a new file to WAL needs a lock another process may hold.
    dbapi_connection.isolation_level = None  # kb issues BEGIN itself (see _begin_immediate)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass  # a read-only database keeps the journal mode it has: reading needs no switch
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine on `url`; a SQLite file kb may not write, or any when `read_only`, is opened
    `mode=ro`, so that reading it neither locks out writers nor can change it."""
    path = sqlite_path(url)
    if path is not None and not path.parent.exists():
        raise KbError(f"cannot create database {path}: folder {path.parent} does not exist")
    read_only = path is not None and path.exists() and (read_only or not _writable(path))
    try:
        options = {}
        if path is not None:
            # sqlite3's own timeout covers the moment before the busy_timeout pragma runs
            options["connect_args"] = {"timeout": 30}
        if read_only:  # a file kb may not write (read-only mount, another owner): read it as such
            uri = path.resolve().as_uri() + "?mode=ro"
            options["creator"] = lambda: sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
        engine = create_engine(url, future=True, **options)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise KbError(f"cannot open database {url}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if not read_only:
            event.listen(engine, "begin", _begin_immediate)
    return engine


def _writable(path: Path) -> bool:
    """Whether kb may write the database file and, for its journal, the folder it is in."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _begin_immediate(connection) -> None:
    # A transaction that reads then writes (is this document stored? then replace it) must hold the
    # write lock from its start: upgrading a read lock later fails at once under a second writer,
    # while BEGIN IMMEDIATE waits its turn through the busy timeout.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@cache
def migrations_dir() -> Path:
    """The Alembic scripts: the repository's migrations/ (also installed as kb/migrations)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "migrations", here / "migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise KbError("kb is installed without its migrations folder")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine):
    """One process migrates at a time: two `kb ingest` starting on a new database must not race."""
    path = sqlite_path(str(engine.url))
    if path is not None:
        with open(str(path) + ".lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    elif engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT pg_advisory_lock(7400384)")
            try:
                yield
            finally:
                connection.exec_driver_sql("SELECT pg_advisory_unlock(7400384)")
                connection.commit()
    else:
        yield


def upgrade(engine: Engine, revision: str = "head", attempts: int = 5) -> None:
    """Apply pending migrations; a no-op (one query) when the schema is current. A second process
    starting on the same new SQLite file can find it busy for a moment: it waits and tries again."""
    config = alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    for attempt in range(attempts):
        try:
            return _migrate(engine, config, head, revision)
        except SQLAlchemyError as exc:
            if attempt < attempts - 1 and _sqlite_busy(exc):
                time.sleep(0.5 * (attempt + 1))
                continue
            raise KbError(f"cannot migrate database {engine.url!r}: {exc.__class__.__name__}: {exc.orig or exc}") from exc


AlembicError = (CommandError, RevisionError)


def _current_revision_or_none(engine: Engine) -> str | None:
    """The database's migration, or None when it has none or an unusable record (`_known_revision`,
    under the migration lock, says which)."""
    try:
        return _current_revision(engine)
    except AlembicError:
        return None


def _known_revision(engine: Engine, config: Config) -> str | None:
    """The database's migration, checked against the ones this kb has: a database a newer kb wrote
    (or one with two rows in alembic_version) is a one-line error, not Alembic's chained tracebacks."""
    try:
        current = _current_revision(engine)
    except AlembicError as exc:
        raise KbError(f"database {engine.url.render_as_string(hide_password=True)} has an unusable migration "
                      f"record ({exc}); repair its alembic_version table or use another --db") from exc
    if current is None:
        _refuse_a_foreign_database(engine)
        return None
    try:
        ScriptDirectory.from_config(config).get_revision(current)
    except AlembicError as exc:
        raise KbError(f"database is at migration {current!r}, which this kb ({__version__}) does not know: "
                      "it was written by a newer kb; upgrade kb, or use another --db") from exc
    return current


def _refuse_a_foreign_database(engine: Engine) -> None:
    """A SQLite file with tables but no kb migration record is some other program's: kb would add
    its tables beside them. It is refused (an empty file is taken as a new knowledge base)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        tables = [r[0] for r in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise KbError(f"{sqlite_path(str(engine.url))} is a SQLite database but not kb's (tables {shown}, no kb "
                      "migration record); use another --db")


def _migrate(engine: Engine, config: Config, head: str, revision: str) -> None:
    if revision == "head" and _current_revision_or_none(engine) == head:
        return  # the common case, one query, no lock
    with _migration_lock(engine):
        # checked under the lock: a database another kb process is creating right now has its first
        # tables before its migration record, and is no foreign database
        if _known_revision(engine, config) == head and revision == "head":
            return  # another process migrated while we waited
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)


def _sqlite_busy(exc: SQLAlchemyError) -> bool:
    """SQLite's "database is locked": another connection holds the file; waiting is the cure."""
    return getattr(getattr(exc, "orig", None), "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def open_database(db: str | None) -> Engine:
    """An engine on an up-to-date schema."""
    engine = make_engine(database_url(db))
    upgrade(engine)
    return engine
