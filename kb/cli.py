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
from kb.output import output_options, printable, render

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
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Worker processes (or Ray actors) that extract; 0: one per CPU. Default: 1 local, "
                   "one per CPU of the cluster with --executor ray. One process writes.")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where extraction runs: this machine's processes, or Ray actors (pip install 'kb[ray]').")
@click.option("--address", metavar="ADDR", default=None,
              help="With --executor ray: the cluster to join (auto, ray://host:10001); "
                   "default: a local Ray runtime started for this run.")
@click.pass_context
def ingest(ctx, paths, lang, jobs, executor, address):
    """Read articles (files, folders, or - for stdin) and store their claims.

    Exit code 1 when any file could not be read; the others are stored all the same.
    """
    import os

    from kb.ingest import Executor, count_files, ingest as run_ingest

    if address and executor != "ray":
        raise click.UsageError("--address joins a Ray cluster: use it with --executor ray")
    if executor == "ray":
        plan = Executor("ray", jobs or None, address)
    else:
        plan = Executor("local", (jobs if jobs is not None else 1) or os.cpu_count() or 1)
    engine = _engine(ctx)
    console = Console(stderr=True)
    language = None if lang == "auto" else lang
    if console.is_terminal:
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("ingesting", total=count_files(list(paths)))
            report = run_ingest(engine, list(paths), language, executor=plan,
                                on_file=lambda f: progress.update(task, advance=1, description=_short(f)))
    else:
        report = run_ingest(engine, list(paths), language, executor=plan)
    _print_summary(report)
    if report.stopped:
        click.echo(f"Error: {report.stopped}", err=True)
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
        console.print(printable(f"failed: {file}: {reason}"), markup=False, highlight=False)
    for file, warning in report.warnings:
        console.print(printable(f"warning: {file}: {warning}"), markup=False, highlight=False)


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
        for warning in item.warnings:
            click.echo(f"warning: {item.source}: {warning}", err=True)
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
@click.option("--limit", type=click.IntRange(min=1, max=2**63 - 1), help="At most this many claims.")
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
    from kb.store.readonly import Limits, run_server, run_sqlite

    reader_url = settings.get("sql_database_url")
    engine = _engine(ctx) if not reader_url else _reader_engine(reader_url)
    limits = Limits(int(settings.get("sql_max_rows")), int(settings.get("sql_max_bytes")),
                    int(settings.get("sql_max_cell_bytes")))
    time_limit = float(settings.get("sql_time_limit"))
    path = sqlite_path(str(engine.url))
    if path is not None:
        result = run_sqlite(path, query, dict(params), limits, time_limit)
    else:
        result = run_server(engine, query, dict(params), limits, time_limit)
    click.echo(render(result.columns, result.rows, fmt))
    if result.truncated:
        click.echo(f"Notice: only the first {limits.rows} rows are shown (KB_SQL_MAX_ROWS).", err=True)
    if result.cut:
        click.echo(f"Notice: {result.cut}.", err=True)


def _reader_engine(url: str):
    """KB_SQL_DATABASE_URL: the reading role's own connection (no migrations: it may not write)."""
    from sqlalchemy import create_engine

    try:
        return create_engine(url)
    except Exception as exc:  # a malformed URL or an unknown driver
        raise KbError(f"KB_SQL_DATABASE_URL: {exc}") from exc


@cli.command("sql-role")
@click.argument("role", default="kb_reader")
@click.pass_context
def sql_role(ctx, role):
    """Print the SQL that creates a PostgreSQL role which can only read kb's tables.

    Run it as the database owner, then set KB_SQL_DATABASE_URL to that role's URL: `kb sql` then
    connects as it, so no statement can write whatever it is."""
    from sqlalchemy.engine import make_url

    from kb.store.readonly import readonly_role_sql

    db = ctx.obj["db"] or ""  # --db, or KB_DATABASE_URL (click reads it into --db)
    url = make_url(db) if "://" in db else None
    if url is None or not url.drivername.startswith("postgresql"):
        raise KbError("kb sql-role is for PostgreSQL (--db postgresql+psycopg://...); SQLite is opened read-only as it is")
    click.echo(readonly_role_sql(role, url.database or "kb"))


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


@entities.command("alias")
@click.argument("alias")
@click.argument("target")
@click.pass_context
def entities_alias(ctx, alias, target):
    """Make ALIAS a name of TARGET's entity (its claims follow; new ingests use it too)."""
    from kb.entities import add_alias

    with Session(_engine(ctx)) as session, session.begin():
        name = add_alias(session, alias, target)
    click.echo(f"{alias} is now a name of {name}")


@entities.command("split")
@click.argument("alias")
@click.argument("other")
@click.pass_context
def entities_split(ctx, alias, other):
    """Record that ALIAS and OTHER name different things: they are never matched again."""
    from kb.entities import split_alias

    with Session(_engine(ctx)) as session, session.begin():
        split_alias(session, alias, other)
    click.echo(f"{alias} and {other} are kept apart")


@entities.command("show")
@click.argument("name")
@output_options
@click.pass_context
def entities_show(ctx, name, fmt):
    """The entity NAME belongs to, with every spelling matched to it and their claims."""
    from kb.entities import show_entity

    with Session(_engine(ctx)) as session:
        columns, rows = show_entity(session, name)
    click.echo(render(columns, rows, fmt))


SEVERITIES = ["high", "medium", "low", "info"]


def _parse_tolerances(values) -> dict[str, str]:
    """NAME=VALUE pairs, each a known tolerance with a finite value of at least 0 (else exit 2)."""
    import math

    from kb.consistency.engine import default_tolerances

    known = default_tolerances()
    pairs = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--tolerance")
        if name not in known:
            raise click.BadParameter(f"unknown tolerance {name!r}; known: {', '.join(sorted(known))}",
                                     param_hint="--tolerance")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number < 0:
            raise click.BadParameter(f"{name}={value!r}: expected a finite number of at least 0", param_hint="--tolerance")
        pairs[name] = value.strip()
    return pairs


@cli.command()
@click.option("--tolerance", "tolerances", multiple=True, metavar="NAME=VALUE",
              help="Override a tolerance for this run (see kb/consistency/data/rules.yaml).")
@click.option("--fail-on", type=click.Choice(["high", "medium", "low"]),
              help="Exit 3 when open or accepted flags of this severity or worse exist.")
@click.pass_context
def check(ctx, tolerances, fail_on):
    """Compare every stored claim across sources and store the flags (replacing the last check's)."""
    from kb.consistency import run_check
    from kb.report.load import flag_counts

    engine = _engine(ctx)
    summary = run_check(engine, _parse_tolerances(tolerances))
    counts = flag_counts(engine)
    table = Table(title=f"kb check: {summary.claims} claims, {sum(counts.values())} flags")
    table.add_column("kind")
    for severity in SEVERITIES:
        table.add_column(severity, justify="right")
    for kind in sorted({kind for kind, _, _ in counts}):
        table.add_row(kind, *[str(sum(n for (k, s, _), n in counts.items() if k == kind and s == severity))
                              for severity in SEVERITIES])
    Console(soft_wrap=True).print(table)
    if fail_on:
        worst = SEVERITIES.index(fail_on)
        if any(SEVERITIES.index(severity) <= worst and status != "dismissed" for _, severity, status in counts):
            ctx.exit(3)


@cli.group(invoke_without_command=True)
@click.option("--kind", help="Only flags of this kind (conflict, error_in_source, ...).")
@click.option("--severity", type=click.Choice(SEVERITIES), help="Only flags of this severity.")
@click.option("--entity", help="Only flags about this entity (its name as flags show it).")
@output_options
@click.pass_context
def flags(ctx, kind, severity, entity, fmt):
    """List the flags of the latest check; `kb flags accept|dismiss|reopen ID` reviews one."""
    if ctx.invoked_subcommand is not None:
        return
    from kb.report import load_flags

    rows = [(f.id, f.severity, f.kind, f.status, f.entity, f.attribute, f.explanation)
            for f in load_flags(_engine(ctx), entity=entity) if (not kind or f.kind == kind) and (not severity or f.severity == severity)]
    click.echo(render(["id", "severity", "kind", "status", "entity", "attribute", "explanation"], rows, fmt))


def _review_command(status: str, verb: str):
    @flags.command(verb, help=f"Mark flag ID {status}; it stays so after the next check.")
    @click.argument("flag_id", type=int)
    @click.option("--note", help="Why (kept with the review).")
    @click.pass_context
    def command(ctx, flag_id, note):
        from kb.consistency.reviews import review_flag

        flag = review_flag(_engine(ctx), flag_id, status, note)
        click.echo(f"flag {flag_id} ({flag.kind}, {flag.entity}) is {status}")

    return command


for _status, _verb in (("accepted", "accept"), ("dismissed", "dismiss"), ("open", "reopen")):
    _review_command(_status, _verb)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html", "csv", "claimreview"]), default="md",
              show_default=True, help="claimreview: schema.org JSON-LD for the flags a checker accepted.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to FILE, not stdout.")
@click.option("--include-dismissed/--without-dismissed", default=True, show_default=True)
@click.option("--entity", help="Only flags about this entity (its name as `kb flags` shows it).")
@click.pass_context
def report(ctx, fmt, output, include_dismissed, entity):
    """Export the flags of the latest `kb check` (JSON per ../shared/CONTRACT.md)."""
    from kb.report import load_flags, render as render_report
    from kb.report.load import duplicate_texts

    from kb.store.db import sqlite_path
    from kb.store.files import write_atomically

    engine = _engine(ctx)
    text = render_report(load_flags(engine, include_dismissed=include_dismissed, entity=entity), fmt,
                         duplicate_texts(engine))
    if output:
        replaced = write_atomically(output, text, protect=sqlite_path(str(engine.url)))
        click.echo(f"wrote {output}" + (" (replacing the file that was there)" if replaced else ""), err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 opens it to the network.")
@click.pass_context
def serve(ctx, port, host):
    """Browse claims and flags in a browser (Datasette, read-only; SQLite only)."""
    from kb.serve import serve as run_server
    from kb.store.db import database_url, sqlite_path

    url = database_url(ctx.obj["db"])
    path = sqlite_path(url)
    if path is None:
        shown = url.split("://", 1)[0]
        raise KbError(f"kb serve reads SQLite only (Datasette's engine), not {shown}; "
                      "query this database with kb sql, or ingest into a SQLite file to browse it")
    if not path.exists():
        raise KbError(f"no knowledge base at {path}: run kb ingest first, or pass --db")
    _engine(ctx).dispose()  # pending migrations, and a one-line error for a file that is not kb's
    run_server(path, host, port, on_ready=lambda address: click.echo(
        f"kb serve: {path} read-only at {address} (Ctrl-C stops)", err=True))


def main() -> None:
    cli(prog_name="kb")


if __name__ == "__main__":
    sys.exit(main())
