"""Building kb's Datasette and running it: the database read-only, kb's metadata and plugin, and
Uvicorn on the given host and port (127.0.0.1 unless the user says otherwise)."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from kb.errors import KbError

DATASETTE_ERRORS = "datasette.handle_exception"
INSTALL_HINT = "kb serve needs Datasette: pip install 'kb[serve]' (in a checkout: pip install -e '.[serve]')"


def _datasette():
    try:
        import datasette.app
    except ImportError as exc:
        raise KbError(INSTALL_HINT) from exc
    return datasette.app


def build_datasette(path: Path):
    """A Datasette on the knowledge base at `path`, opened `mode=ro` (Datasette's mutable, read-only
    connections: kb ingest may still add documents while people browse), with no writable query."""
    app = _datasette()
    from datasette.plugins import pm

    from kb.serve import plugin
    from kb.serve.metadata import metadata

    if not pm.is_registered(plugin):
        pm.register(plugin, name="kb")
    if pm.has_plugin(DATASETTE_ERRORS):
        pm.unregister(name=DATASETTE_ERRORS)  # kb's handle_exception answers alike, without the noise
    name = path.stem
    return app.Datasette(files=[str(path)], metadata=metadata(name),
                         settings={"suggest_facets": False})


def _check_port_free(host: str, port: int) -> None:
    """A port already taken is one line before Uvicorn starts, not its log and a traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = "in use" if exc.errno == errno.EADDRINUSE else exc.strerror
            raise KbError(f"cannot listen on {host}:{port}: {reason}; choose another with --port/--host") from exc


def serve(path: Path, host: str = "127.0.0.1", port: int = 8001, on_ready=None) -> None:
    """Serve until interrupted. `on_ready(url)` is told the address once the socket is known free."""
    datasette = build_datasette(path)
    import uvicorn

    _check_port_free(host, port)
    if on_ready:
        on_ready(f"http://{host}:{port}/")
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
