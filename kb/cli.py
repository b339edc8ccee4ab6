"""The `kb` command line: thin wrappers that parse options, call the library and format results.

Library errors (KbError) become one line on stderr and exit code 1; click's usage errors exit 2.
"""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kb import __version__, settings
from kb.documents import load
from kb.errors import InputError, KbError
from kb.output import output_options, render

LANG_CHOICE = click.Choice(["auto", "en", "ja", "zh"])


class KbGroup(click.Group):
    """Turns library errors into one line and an exit code, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KbError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except SQLAlchemyError as exc:
            click.echo(f"Error: database: {str(getattr(exc, 'orig', exc)).splitlines()[0]}", err=True)
            ctx.exit(1)
        except BrokenPipeError:
            ctx.exit(0)


@click.group(cls=KbGroup)
@click.version_option(__version__, prog_name="kb")
@click.option("--db", envvar="KB_DATABASE_URL", metavar="URL|PATH",
              help="Database: a path (SQLite) or an SQLAlchemy URL. Default: ./kb.sqlite.")
@click.pass_context
def cli(ctx, db):
    """kb: quantitative claims from English and Japanese articles, with provenance."""
    ctx.obj = {"db": db}


def _engine(ctx):
    from kb.store.db import open_database

    return open_database(ctx.obj["db"])


@cli.command()
@click.pass_context
def init(ctx):
    """Create or upgrade the database (every command does this itself)."""
    engine = _engine(ctx)
    click.echo(f"Database ready: {engine.url.render_as_string(hide_password=True)}")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", type=LANG_CHOICE, default="auto", show_default=True, help="Language of the documents.")
@click.pass_context
def ingest(ctx, paths, lang):
    """Read articles (files, folders, or - for stdin) and store their claims.

    Exit code 1 when any file could not be read; the others are stored all the same.
    """
    from kb.ingest import count_files, ingest as run_ingest

    engine = _engine(ctx)
    console = Console(stderr=True)
    language = None if lang == "auto" else lang
    if console.is_terminal:
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("ingesting", total=count_files(list(paths)))
            report = run_ingest(engine, list(paths), language,
                                on_file=lambda f: progress.update(task, advance=1, description=_short(f)))
    else:
        report = run_ingest(engine, list(paths), language)
    _print_summary(report)
    if report.failed:
        ctx.exit(1)


def _short(path: str, limit: int = 40) -> str:
    return path if len(path) <= limit else "…" + path[-(limit - 1):]


def _print_summary(report) -> None:
    console = Console(soft_wrap=True)
    table = Table(title="kb ingest", show_header=True)
    for column in ("documents", "unchanged", "claims", "failed", "warnings"):
        table.add_column(column, justify="right")
    table.add_row(str(report.documents), str(report.unchanged), str(report.claims), str(len(report.failed)),
                  str(len(report.warnings)))
    console.print(table)
    for file, reason in report.failed:
        console.print(f"failed: {file}: {reason}", markup=False, highlight=False)
    for file, warning in report.warnings:
        console.print(f"warning: {file}: {warning}", markup=False, highlight=False)


@cli.command()
@click.argument("path", default="-", required=False)
@click.option("--lang", type=LANG_CHOICE, default="auto", show_default=True, help="Language of the document.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
def extract(path, lang, fmt):
    """Print the claims found in one document (no database). Reads stdin when PATH is - or absent."""
    from kb.extract import extract_document

    records = []
    errors = []
    for item in load(path, None if lang == "auto" else lang):
        if isinstance(item, InputError):
            errors.append(str(item))
            continue
        records.extend(c.to_record() for c in extract_document(item))
    if fmt == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        columns = ["start", "end", "text", "value", "unit", "modifier", "value_normalized", "unit_normalized",
                   "entity", "attribute", "qualifiers"]
        rows = [tuple(json.dumps(r[c], ensure_ascii=False) if c == "qualifiers" else r[c] for c in columns)
                for r in records]
        click.echo(render(columns, rows, "table"))
    if errors:
        raise InputError(f"{path}: " + "; ".join(errors))


@cli.command()
@click.option("--entity", help="Entity name contains this (case-insensitive).")
@click.option("--attribute", help="Attribute contains this.")
@click.option("--source", help="Source path or URL contains this.")
@click.option("--lang", type=click.Choice(["en", "ja", "zh"]), help="Claims in this language.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many claims.")
@output_options
@click.pass_context
def claims(ctx, entity, attribute, source, lang, limit, fmt):
    """List stored claims, filtered."""
    from kb.store.queries import find_claims

    columns, rows = find_claims(_engine(ctx), entity=entity, attribute=attribute, source=source, lang=lang,
                                limit=limit)
    click.echo(render(columns, rows, fmt))


@cli.command()
@click.argument("query")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Named parameter for :NAME in the query.")
@output_options
@click.pass_context
def sql(ctx, query, params, fmt):
    """Run a read-only SQL query. Writes, ATTACH and PRAGMA writes are refused (exit 1)."""
    from kb.store.db import sqlite_path
    from kb.store.readonly import run_server, run_sqlite

    engine = _engine(ctx)
    max_rows = int(settings.get("sql_max_rows"))
    time_limit = float(settings.get("sql_time_limit"))
    path = sqlite_path(str(engine.url))
    if path is not None:
        result = run_sqlite(path, query, dict(params), max_rows, time_limit)
    else:
        result = run_server(engine, query, dict(params), max_rows, time_limit)
    click.echo(render(result.columns, result.rows, fmt))
    if result.truncated:
        click.echo(f"Notice: only the first {max_rows} rows are shown (KB_SQL_MAX_ROWS).", err=True)


@cli.group(invoke_without_command=True)
@output_options
@click.pass_context
def entities(ctx, fmt):
    """List entities with their aliases and claim counts."""
    if ctx.invoked_subcommand is not None:
        return
    from kb.entities import list_entities

    with Session(_engine(ctx)) as session:
        columns, rows = list_entities(session)
    click.echo(render(columns, rows, fmt))


def main() -> None:
    cli(prog_name="kb")


if __name__ == "__main__":
    sys.exit(main())
