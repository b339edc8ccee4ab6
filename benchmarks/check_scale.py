"""`kb check` at scale, and the common queries on the large database.

    python benchmarks/check_scale.py [--sizes 100000 1000000] [--runs 3] [--dir /tmp/kb-scale]
    python benchmarks/check_scale.py --sizes 1000000 10000000 --runs 1 \
        --postgresql postgresql+psycopg://kb:kb@127.0.0.1/kb

For each size, a synthetic database (synthetic_claims.py: N claims over N/10 entities) and `kb check`
run `--runs` times pinned to one core (taskset), each in its own process: wall time and peak memory
(the child's max RSS). Then the growth ratio between the smallest and largest size, and on the largest
database the median latency of `kb claims --entity X`, `--entity X --attribute Y`, the flags of one
entity (`kb report --entity X`) and the summary counts `kb check` prints.
With `--postgresql URL`, each size is a database of its own on that server (`kb_scale_N`, created
afresh by the URL's user, who needs CREATEDB) and the check reads it through a server-side cursor;
peak memory is kb's process, not the server's.
Targets (issue 5): 1M claims in < 60 s and < 2 GB; 10x the claims <= 12x the time; queries < 50 ms.
(issue 14) 10M claims on PostgreSQL: < 2 GB, at most 12x the 1M run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sqlalchemy.engine import make_url  # noqa: E402
from synthetic_claims import build  # noqa: E402

from kb.report.load import flag_counts, load_flags  # noqa: E402
from kb.store.db import open_database  # noqa: E402
from kb.store.queries import find_claims  # noqa: E402


def run_check(db: Path | str) -> tuple[float, float]:
    """(seconds, peak MB) of one `kb check` in a child process on one core."""
    command = [sys.executable, "-m", "kb.cli", "--db", str(db), "check"]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"kb check failed on {db}")
    return elapsed, usage.ru_maxrss / 1024


def median_ms(fn, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def query_latencies(db: Path | str) -> list[tuple[str, float, int]]:
    engine = open_database(str(db))
    flagged = [f.entity for f in load_flags(engine)[:1000:200]]
    names = [n for _, n in zip(range(5), flagged)]
    rows = []
    for name in names:
        found = find_claims(engine, entity=name)[1]
        rows.append((f"kb claims --entity {name!r}", median_ms(lambda: find_claims(engine, entity=name)), len(found)))
    name = names[0]
    rows.append((f"kb claims --entity {name!r} --attribute memory",
                 median_ms(lambda: find_claims(engine, entity=name, attribute="memory")),
                 len(find_claims(engine, entity=name, attribute="memory")[1])))
    rows.append((f"kb report --entity {name!r} (flags + claims)", median_ms(lambda: load_flags(engine, entity=name)),
                 len(load_flags(engine, entity=name))))
    rows.append(("kb check summary (flag counts)", median_ms(lambda: flag_counts(engine), repeat=5),
                 sum(flag_counts(engine).values())))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/kb-scale"))
    parser.add_argument("--postgresql", metavar="URL", help="a PostgreSQL server to build the databases on")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)

    def database(size: int) -> Path | str:
        if args.postgresql:
            return make_url(args.postgresql).set(database=f"kb_scale_{size}").render_as_string(hide_password=False)
        return args.dir / f"claims-{size}.sqlite"

    medians = {}
    print(f"{'claims':>10} {'entities':>9} {'check s (median)':>17} {'runs':>24} {'peak MB':>8}")
    for size in args.sizes:
        db = database(size)
        started = time.perf_counter()
        build(db, size)
        print(f"  (built {size:,} claims in {time.perf_counter() - started:.0f} s)", flush=True)
        results = [run_check(db) for _ in range(args.runs)]
        seconds = [s for s, _ in results]
        medians[size] = statistics.median(seconds)
        print(f"{size:>10,} {size // 10:>9,} {medians[size]:>17.1f} {' '.join(f'{s:.1f}' for s in seconds):>24} "
              f"{max(m for _, m in results):>8.0f}")
    small, large = min(args.sizes), max(args.sizes)
    if small != large:
        print(f"growth: {large / small:.0f}x the claims took {medians[large] / medians[small]:.1f}x the time "
              f"(target <= {1.2 * large / small:.0f}x)")
    print(f"\nqueries on {large:,} claims (median of 15):")
    for label, ms, n in query_latencies(database(large)):
        print(f"  {ms:7.1f} ms  {label}  ({n} rows)")


if __name__ == "__main__":
    main()
