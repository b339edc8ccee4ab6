"""Fixtures shared by the suite: case files, a fresh database per test, sample documents."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

# `HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py` runs the long fuzzing session by hand.
settings.register_profile("long", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEED = ROOT / "data" / "000_174c97658ec5c5a5.txt"


def cases(name: str) -> list:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


#: Set to a PostgreSQL URL (`postgresql+psycopg://kb:kb@127.0.0.1/kb`) to run the suite against a
#: real server: every test then gets a database of its own there. Unset, tests use SQLite files.
PG_URL = os.environ.get("KB_TEST_DATABASE_URL")
sqlite_only = pytest.mark.skipif(bool(PG_URL), reason="SQLite-specific (file locks, sqlite3, authorizer)")


@pytest.fixture
def db_url(tmp_path):
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database dropped afterwards."""
    if not PG_URL:
        yield str(tmp_path / "kb.sqlite")
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"kb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    _drop_database(admin, name)
    admin.dispose()


def _drop_database(admin, name: str, attempts: int = 20) -> None:
    """Drop a test database, retrying while an autovacuum worker holds it: WITH (FORCE) run by a
    role that is not a superuser cannot terminate autovacuum (PostgreSQL answers "must be a member
    of the role whose process is being terminated"), and the worker is gone a moment later."""
    from sqlalchemy.exc import DBAPIError

    for attempt in range(attempts):
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.25)


@pytest.fixture
def engine(db_url):
    from kb.store.db import open_database

    engine = open_database(db_url)
    yield engine
    engine.dispose()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (installed by .ci/run)")
_BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@contextmanager
def browser_page(allowed: str, width: int = 1100):
    """A headless chromium page that may load only URLs starting with `allowed` (anything else is
    aborted: a page must not need the network) and the list its console and page errors go to."""
    playwright = pytest.importorskip("playwright.sync_api")
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=_BROWSER_ARGS, headless=True)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(allowed) else route.abort())
        try:
            yield page, errors
        finally:
            browser.close()
