"""kb's Datasette plugin: the flags page, quotes marked in their sentences, a menu link.

Registered by `kb serve` for its own Datasette only (no entry point), so installing kb changes no
other Datasette on the machine.
"""

from __future__ import annotations

import asyncio
import traceback
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup, escape

from kb.report.html import render_html
from kb.report.load import duplicate_texts, load_flags
from kb.store.db import make_engine

FLAGS_PATH = "/-/flags"
READING_METHODS = ("GET", "HEAD", "OPTIONS")


def _database(datasette) -> str:
    return (datasette.plugin_config("kb") or {})["database"]


def _read_flags(path: str, entity: str | None) -> tuple[list, list]:
    """The latest check's flags and the duplicate sources, read through a read-only connection."""
    engine = make_engine("sqlite:///" + path, read_only=True)
    try:
        return load_flags(engine, entity=entity), duplicate_texts(engine)
    finally:
        engine.dispose()


async def flags_page(datasette, request) -> Response:
    """Each flag as the HTML report shows it, with links into Datasette for its documents."""
    name = _database(datasette)
    entity = request.args.get("entity") or None
    flags, duplicates = await asyncio.to_thread(_read_flags, datasette.get_database(name).path, entity)
    base = datasette.urls.database(name)
    html = render_html(
        flags, duplicates, template="served_flags.html.j2", entity=entity,
        links={"claims": base + "/claims", "documents": base + "/documents", "flags": base + "/flags",
               "open flags": base + "/open_flags", "entities": base + "/entities", "SQL": base},
        document_href=lambda claim: base + "/document_claims?" + urlencode({"document": claim["source"]["path"]}),
    )
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^" + FLAGS_PATH + r"$", flags_page)]


@hookimpl
def render_cell(row, value, column):
    """A `quote` column beside `quote_start`/`quote_end` shows the quantity marked in its sentence."""
    if column != "quote" or not isinstance(value, str):
        return None
    try:
        start, end = row["quote_start"], row["quote_end"]
    except (IndexError, KeyError):
        return None
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(value)):
        return None
    return Markup(f"{escape(value[:start])}<mark>{escape(value[start:end])}</mark>{escape(value[end:])}")


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path(FLAGS_PATH), "label": "Flags"}]


@hookimpl
def asgi_wrapper():
    """Only reading requests reach Datasette: a POST, PUT or DELETE is 405 before any view sees it,
    so no form, canned query or plugin endpoint can be made to write."""

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in READING_METHODS:
                body = b"kb serve is read-only: only GET and HEAD requests are answered\n"
                await send({"type": "http.response.start", "status": 405,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"allow", ", ".join(READING_METHODS).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            await app(scope, receive, send)

        return read_only

    return wrap


@hookimpl
def handle_exception(datasette, request, exception):
    """Datasette's error page, without Datasette's own handler, which prints a traceback with every
    local variable for each bad SQL or missing table (kb serve unregisters it). A user's mistake
    (4xx) leaves the terminal quiet; anything else is a bug and prints its traceback."""

    async def inner():
        title = None
        if isinstance(exception, Base400):
            status, info, message = exception.status, {}, exception.args[0]
        elif isinstance(exception, DatasetteError):
            status, info, message, title = exception.status, dict(exception.error_dict), exception.message, exception.title
            message = Markup(message) if exception.message_is_html else message
        else:
            status, info, message = 500, {}, str(exception)
            traceback.print_exception(exception)
        info.update({"ok": False, "error": message, "status": status, "title": title})
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        page = dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=lambda: [])
        return Response.html(await template.render_async(page), status=status)

    return inner
