"""Extraction on a Ray cluster (`kb ingest --executor ray`): the same pure extraction `--jobs` runs in
local worker processes, in Ray actors that may live on other machines.

Why actors: building the spaCy, Sudachi and jieba pipelines costs seconds, so each actor builds them
once and keeps them warm across batches. Why the driver reads the files: an actor is sent each file's
bytes, so the nodes need neither the input files nor the database; only this process (the one writer)
reads the files and reaches the database. Results come back in file order, so the writer stores
exactly what `--jobs 1` stores, in the same order.

Faults are Ray's to handle, bounded: an actor that dies (killed, out of memory) is restarted and its
batch retried on it (`max_restarts`, `max_task_retries`); a batch that still cannot be extracted
fails its files with a reason, and the run goes on. Nothing waits forever on a dead actor.
"""

from __future__ import annotations

import logging
import socket
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kb.documents.readers import format_of, read_bytes
from kb.errors import InputError, KbError

INSTALL_HINT = "--executor ray needs Ray: pip install 'kb[ray]' (in a checkout: pip install -e '.[ray]')"
ACTOR_RESTARTS = 3  # an actor process may die this many times in a run before it is given up
TASK_RETRIES = 2  # a batch whose actor died is tried this many times more (on the restarted actor)
BATCH_FILES = 8  # files per batch: enough to amortize a round trip, few enough to spread the work
BATCH_BYTES = 4_000_000  # and no batch larger than this, so one big file travels alone
BATCHES_PER_ACTOR = 2  # in flight per actor: one extracting, one queued, so no actor idles


@dataclass
class _Batch:
    files: list[tuple[str, bytes, str]]  # (file, its bytes, its format)
    ref: object = None  # the Ray object ref of its result
    actor: object = None  # the actor it was given to
    resent: bool = False  # given to a second actor after the first was given up


class BatchExtractor:
    """A Ray actor's body: extracts batches of files with pipelines it builds on first use and keeps."""

    def __init__(self, lang: str | None):
        self.lang = lang

    def extract(self, files: list[tuple[str, bytes, str]], stored: Mapping[str, str]) -> list:
        """`stored` (source -> content hash) comes with each batch, by reference: put in the object
        store once, it is fetched once per node, and a restarted actor needs nothing kept."""
        from kb.ingest import extracted_from_bytes

        return [item for file, data, fmt in files
                for item in extracted_from_bytes(file, data, fmt, self.lang, stored)]


def ray_module():
    """Ray, or a one-line error saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise KbError(INSTALL_HINT) from exc
    return ray


def _connect(ray, address: str | None, actors: int | None) -> bool:
    """Join the cluster at `address`, or start a local runtime for this run; True when kb started
    it (and so stops it). A runtime this process already joined (tests, notebooks) is used as is."""
    if ray.is_initialized():
        return False
    options = dict(include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    try:
        if address:
            _check_reachable(address)
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=actors, **options)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray runtime"
        raise KbError(f"could not start or join {where}: {str(exc).splitlines()[0]}") from exc
    return True


def _check_reachable(address: str, seconds: float = 5.0) -> None:
    """A `host:port` or `ray://host:port` nobody answers at is said in seconds; Ray itself would
    retry for minutes before giving up. `auto` (the cluster this machine runs) is Ray's to find."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=seconds).close()
    except OSError as exc:
        raise KbError(f"nothing answers at {address} ({exc.strerror or exc}): is the Ray head running there?") from exc


def _actor_count(ray, requested: int | None) -> int:
    """As many actors as asked, but never more than the cluster has CPUs for (an actor waiting for
    a CPU that never comes would hang the run); one per CPU when not asked."""
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    return min(requested, cpus) if requested else cpus


def _batches(files: list[str]) -> Iterator[_Batch | tuple[str, InputError]]:
    """Files read into batches, in order; a file that cannot be read is its error, in its place."""
    batch: list[tuple[str, bytes, str]] = []
    size = 0
    for file in files:
        try:
            data = read_bytes(Path(file))
        except InputError as error:
            if batch:
                yield _Batch(batch)
                batch, size = [], 0
            yield file, error
            continue
        if batch and (len(batch) >= BATCH_FILES or size + len(data) > BATCH_BYTES):
            yield _Batch(batch)
            batch, size = [], 0
        batch.append((file, data, format_of(Path(file))))
        size += len(data)
    if batch:
        yield _Batch(batch)


@contextmanager
def ray_actors(lang: str | None, actors: int | None = None, address: str | None = None):
    """Joins (or starts) the cluster and starts the actors, yielding a function that extracts files
    with them: (files, stored) -> (file, document or error, claims or None) for every document, in
    file order. On leaving, the actors are killed and a runtime kb started is stopped (Ctrl-C too)."""
    ray = ray_module()
    started = _connect(ray, address, actors)
    pool: list = []
    try:
        remote = ray.remote(num_cpus=1, max_restarts=ACTOR_RESTARTS, max_task_retries=TASK_RETRIES)(BatchExtractor)
        pool.extend(remote.remote(lang) for _ in range(_actor_count(ray, actors)))

        def extracted(files: list[str], stored: Mapping[str, str]) -> Iterator[tuple]:
            yield from _Dispatch(ray, list(pool), ray.put(dict(stored))).results(_batches(files))

        yield extracted
    finally:
        for actor in pool:
            ray.kill(actor)
        if started:
            ray.shutdown()


class _Dispatch:
    """Batches to actors, a few in flight per actor, results in submission order. An actor Ray
    gave up on (its restarts spent) leaves the pool, and the batches it held go once to another;
    a batch that spent its own retries on a live actor fails its files (it is what kills them)."""

    def __init__(self, ray, pool: list, stored_ref):
        self.ray, self.pool, self.stored_ref = ray, pool, stored_ref
        self.submitted = 0

    def results(self, batches: Iterator) -> Iterator[tuple]:
        window: deque = deque()
        while True:
            while self.pool and sum(isinstance(b, _Batch) for b in window) < BATCHES_PER_ACTOR * len(self.pool):
                batch = next(batches, None)
                if batch is None:
                    break
                if isinstance(batch, _Batch):
                    self._submit(batch)
                window.append(batch)
            if not window:
                if not self.pool:  # no actor left: the files not yet sent fail, nothing waits
                    for rest in batches:
                        yield from self._failed(rest, "every Ray actor died")
                return
            head = window.popleft()
            if isinstance(head, _Batch):
                yield from self._collect(head)
            else:
                file, error = head
                yield file, error, None

    def _submit(self, batch: _Batch) -> None:
        batch.actor = self.pool[self.submitted % len(self.pool)]
        batch.ref = batch.actor.extract.remote(batch.files, self.stored_ref)
        self.submitted += 1

    def _collect(self, batch: _Batch) -> list[tuple]:
        errors = self.ray.exceptions
        try:
            return self.ray.get(batch.ref)
        except errors.RayActorError as exc:
            if self._alive(batch.actor):
                return self._failed(batch, f"its Ray actor died {TASK_RETRIES + 1} times on it ({type(exc).__name__})")
            if batch.actor in self.pool:
                self.pool.remove(batch.actor)
            if batch.resent or not self.pool:
                return self._failed(batch, "its Ray actors died")
            batch.resent = True
            self._submit(batch)
            return self._collect(batch)
        except errors.RayError as exc:
            return self._failed(batch, f"Ray could not extract it ({type(exc).__name__})")

    def _alive(self, actor) -> bool:
        """Restarted (alive) or given up (dead)? A restart still waiting for a CPU counts as dead."""
        try:
            self.ray.get(actor.__ray_ready__.remote(), timeout=60)
            return True
        except (self.ray.exceptions.RayError, self.ray.exceptions.GetTimeoutError):
            return False

    @staticmethod
    def _failed(batch: _Batch | tuple[str, InputError], why: str) -> list[tuple]:
        if not isinstance(batch, _Batch):  # a file that could not be read keeps its own reason
            return [(*batch, None)]
        reason = f"a Ray actor could not extract this batch: {why}; rerun to retry"
        return [(file, InputError(reason), None) for file, _, _ in batch.files]
