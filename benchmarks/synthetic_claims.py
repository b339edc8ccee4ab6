"""A synthetic claims database: N claims over N/10 entities, as `kb ingest` would have stored them.

    python benchmarks/synthetic_claims.py --claims 1000000 --db /tmp/kb-1m.sqlite
    python benchmarks/synthetic_claims.py --claims 10000000 --db postgresql+psycopg://kb:kb@127.0.0.1/kb_10m

Reproducible (seeded). Each entity has a true value per attribute; sources restate it exactly, rounded,
hedged, with a small difference of basis, in TiB instead of TB, or (about 2%) wrongly, so a check has
real work: agreements to confirm, look-alikes to explain and conflicts to flag. Written with bulk inserts
straight into the tables (the extractor is not what this measures); on PostgreSQL with COPY, into a
database created afresh (the URL's user needs CREATEDB).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from kb.entities import alias_key  # noqa: E402
from kb.store import models  # noqa: E402
from kb.store.bulk import bulk_insert  # noqa: E402
from kb.store.db import open_database  # noqa: E402

LINES = ["Zephyr", "Atlas", "Nimbus", "Orion", "Vega", "Lyra", "Cygnus", "Draco", "Hydra", "Pavo", "Corvus",
         "Tucana", "Aquila", "Carina", "Fornax", "Lepus", "Mensa", "Norma", "Pictor", "Volans"]
SUFFIXES = ["", "", "", " Pro", " SuperPoD", " Max"]
#: attribute, unit as written, factor to the canonical unit, canonical unit, dimension, typical value
ATTRIBUTES = [
    ("compute", "PFLOPS", 1e15, "flop / second", "[computation] / [time]", 300.0),
    ("memory", "TB", 1e12, "byte", "[information]", 48.0),
    ("memory bandwidth", "TB/s", 1e12, "byte / second", "[information] / [time]", 1229.0),
    ("cost", "$M", 1e6, "USD", "[currency_USD]", 8.2),
    ("processors", None, 1.0, "count", "dimensionless", 384.0),
]
CHUNK = 50_000


def entity_names(count: int, rng: random.Random) -> list[str]:
    """`count` distinct model names. Model numbers range over at least as many values as there are
    entities, so the share of names that differ only by a suffix (and may be one group) is the same
    at 10M claims as at 1M: a larger database is more of the same, not a denser one."""
    names, seen = [], set()
    numbers = max(100_000, count)
    while len(names) < count:
        name = f"{rng.choice(LINES)} {rng.randrange(10, numbers)}{rng.choice(SUFFIXES)}"
        if alias_key(name) not in seen:
            seen.add(alias_key(name))
            names.append(name)
    return names


def _restated(true: float, rng: random.Random) -> tuple[float, str, float, float]:
    """(value, modifier, low, high) as a source might state the true value."""
    roll = rng.random()
    if roll < 0.80:
        value, modifier = true, "="
    elif roll < 0.90:
        value, modifier = round(true * rng.uniform(0.97, 1.03), 1), "~"
    elif roll < 0.95:
        value, modifier = round(true * rng.uniform(0.92, 0.97), 1), "="  # a different basis
    elif roll < 0.98:
        value, modifier = round(true * 1.024 ** 4, 1), "="  # TiB read as TB (or any 1.024^k slip)
    else:
        value, modifier = round(true * rng.uniform(0.3, 0.6), 1), "="  # wrong
    spread = 0.05 if modifier == "~" else 0.005
    return value, modifier, value * (1 - spread), value * (1 + spread)


def fresh_database(db: str):
    """An empty kb database at `db`: a SQLite path (the file removed first) or a PostgreSQL URL
    (the database dropped and created again)."""
    if "://" not in db:
        Path(db).unlink(missing_ok=True)
        return open_database(db)
    url = make_url(db)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
    admin.dispose()
    return open_database(db)


def build(db: Path | str, claims: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    engine = fresh_database(str(db))
    n_entities = max(1, claims // 10)
    names = entity_names(n_entities, rng)
    truths = [[rng.uniform(0.2, 5.0) * a[5] for a in ATTRIBUTES] for _ in names]
    n_docs = max(1, claims // 20)
    with engine.begin() as conn:
        conn.execute(insert(models.Entity), [{"id": i + 1, "name": n} for i, n in enumerate(names)])
        conn.execute(insert(models.EntityAlias),
                     [{"entity_id": i + 1, "alias": n, "key": alias_key(n)} for i, n in enumerate(names)])
        conn.execute(insert(models.Document), [{
            "id": d + 1, "source": f"synthetic/{d:07d}.md", "doc_id": f"{d:07d}", "title": None, "url": None,
            "date": None, "author": None, "lang": "en", "format": "markdown", "encoding": "utf-8",
            "content_hash": f"{d:064d}", "body": "", "warnings": "[]"} for d in range(n_docs)])
    rows = []
    slots: list[int] = []
    for i in range(claims):
        doc = i // 20
        if i % 20 == 0:  # ten entities per document, two claims each: an entity appears in ~5 documents
            slots = [rng.randrange(n_entities) for _ in range(10)]
        entity = slots[(i % 20) // 2]
        a = rng.randrange(len(ATTRIBUTES))
        attribute, unit, factor, canonical, dimension, _ = ATTRIBUTES[a]
        value, modifier, low, high = _restated(truths[entity][a], rng)
        if unit is None:
            value = low = high = float(round(value))
        text = f"{'about ' if modifier == '~' else ''}{value:g}{' ' + unit if unit else ''}"
        sentence = f"The {names[entity]} has {text} of {attribute}."
        start = sentence.index(text)
        qualifiers = {"precision": rng.choice(["FP8", "FP16"])} if a == 0 and rng.random() < 0.5 else {}
        rows.append({
            "document_id": doc + 1, "start_char": (i % 20) * 80 + start, "end_char": (i % 20) * 80 + start + len(text),
            "text": text, "value": f"{value:g}", "value_num": value, "low": f"{low:g}", "low_num": low,
            "high": f"{high:g}", "high_num": high, "modifier": modifier, "change": None, "unit": unit,
            "unit_normalized": canonical, "value_normalized": value * factor, "low_normalized": low * factor,
            "high_normalized": high * factor, "dimension": dimension, "entity": names[entity],
            "entity_id": entity + 1, "entity_from_context": False, "attribute": attribute,
            "qualifiers": json.dumps(qualifiers), "sentence": sentence, "sentence_start": (i % 20) * 80, "lang": "en",
        })
        if len(rows) == CHUNK:
            _flush(engine, rows)
    _flush(engine, rows)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # statistics and visibility, as autovacuum leaves a loaded table in time: else the first
            # reader after the load writes every page (hint bits) and a benchmark times that
            conn.exec_driver_sql("VACUUM (ANALYZE) claims, documents, entities, entity_aliases")
    engine.dispose()


def _flush(engine, rows: list[dict]) -> None:
    with engine.begin() as conn:
        bulk_insert(conn, models.Claim.__table__, rows)
    rows.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--db", required=True, help="a SQLite path or a PostgreSQL URL")
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.db, args.claims)
    print(f"{args.claims:,} claims over {max(1, args.claims // 10):,} entities in {args.db} "
          f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
