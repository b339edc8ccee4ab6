"""Writing output files next to the database without ever harming it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kb.errors import KbError

#: Files SQLite keeps beside a database: writing over any of them corrupts it.
_SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def write_atomically(path: str, text: str, protect: Path | None = None) -> bool:
    """Write `text` to `path` through a temporary file renamed into place (a reader never sees half
    a report, a full disk leaves the old file whole). Refuses `protect` (the database) and its side
    files. True when an existing file was replaced."""
    target = Path(path)
    if protect is not None:
        database = protect.resolve()
        if any(target.resolve() == Path(str(database) + side) for side in _SQLITE_SIDE_FILES):
            raise KbError(f"refusing to write the report onto the database {protect} (choose another -o PATH)")
    if target.is_dir():
        raise KbError(f"cannot write {path}: it is a directory")
    existed = target.exists()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 is for the temporary name, not the report
        os.replace(temporary, target)
    except OSError as exc:
        if "temporary" in locals() and os.path.exists(temporary):
            os.unlink(temporary)
        raise KbError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return existed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
