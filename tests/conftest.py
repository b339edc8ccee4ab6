"""Fixtures shared by the suite: case files, a fresh database per test, sample documents."""

from __future__ import annotations

import os
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


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "kb.sqlite"


@pytest.fixture
def engine(db_path):
    from kb.store.db import open_database

    engine = open_database(str(db_path))
    yield engine
    engine.dispose()
