"""The ``newsevents`` command line: a thin layer over :class:`newsevents.Coder` and the store.

Heavy imports (spaCy, DuckDB) happen inside the commands so ``newsevents --help`` is instant.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsevents.errors import NewsEventsError

FORMATS_OUT = ("table", "jsonl", "csv")
EXPORT_FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")
EXIT_STRICT_SKIPPED = 3


def _fail(err: Exception) -> None:
    raise click.ClickException(str(err))


def _console():
    from rich.console import Console

    return Console(stderr=True)


def _print_records(records: list[dict], fmt: str, out) -> None:
    """Write event records to ``out`` as a table (rich), JSONL or CSV."""
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        for col in ("date", "source", "cameo", "event", "target", "place", "factuality", "text"):
            table.add_column(col, overflow="fold")
        for r in records:
            table.add_row(
                r.get("date") or "",
                ((r.get("source") or {}).get("code")) or "",
                r["cameo"],
                r.get("cameo_name") or "",
                ((r.get("target") or {}).get("code")) or "",
                ((r.get("location") or {}).get("name")) or "",
                r.get("factuality") or "",
                r["action"]["text"],
            )
        Console(file=out, width=160).print(table)
    else:
        from newsevents.export import write

        write(records, fmt, out)


def _open_out(path: str | None):
    if path in (None, "-"):
        return sys.stdout, False
    return open(path, "w", encoding="utf-8", newline=""), True


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsevents")
def main() -> None:
    """newsevents: turn international-affairs news into coded political events.

    Example: newsevents code examples/articles
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default="newsevents.duckdb", show_default=True, help="DuckDB file to store events in.")
@click.option("--no-db", is_flag=True, help="Do not store anything; just print the events.")
@click.option("--format", "fmt", type=click.Choice(FORMATS_OUT), default=None,
              help="Output format for the coded events [default: table when nothing is stored, else none].")
@click.option("--out", "out_path", default=None, help="Write events to FILE ('-' for stdout).")
@click.option("--published", default=None, help="Default publication date YYYY-MM-DD for undated articles.")
@click.option("--n-process", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="User actor dictionary (repeatable).")
@click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="User event lexicon (repeatable).")
@click.option("--strict", is_flag=True, help=f"Exit with status {EXIT_STRICT_SKIPPED} when any input was skipped.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def code(inputs, db, no_db, fmt, out_path, published, n_process, actor_files, lexicon_files, strict, quiet):
    """Code articles (.txt, .html, .jsonl/.json files, directories, or - for JSONL on stdin).

    Events are stored in --db (re-running adds nothing; changed articles are replaced) and,
    with --format/--out, printed. A summary goes to stderr. Exit status: 0 on success,
    1 on an error, 3 with --strict when some inputs were skipped.

    Example: newsevents code examples/articles --no-db --format jsonl --out -
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if published:
        _check_date(published, "--published")
    if fmt is None:
        fmt = "table" if (no_db or out_path) else None
    console = _console()
    store = None
    out, close_out = (None, False)
    try:
        if not no_db:  # before the model loads, so a locked database fails fast
            from newsevents.store import Store

            store = Store(db)
        from newsevents.coder import Coder

        coder = Coder(actors=actor_files, lexicons=lexicon_files)
        collected: list[dict] = []
        if fmt == "jsonl":
            out, close_out = _open_out(out_path)

        def on_events(article, recs):
            if fmt == "jsonl":
                from newsevents.export import write

                write(recs, fmt, out)
                out.flush()
            else:  # table and csv need every record (column widths, one header)
                collected.extend(recs)

        with Progress(TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                      TimeElapsedColumn(), console=console, disable=quiet, transient=True) as progress:
            task = progress.add_task("", total=None)

            def on_article(item):
                progress.update(task, advance=1, description=getattr(item, "id", "") or "")

            stats = coder.run(inputs, store=store, published=published, n_process=n_process,
                              on_article=on_article, on_events=on_events if fmt else None)
        if fmt in ("table", "csv"):
            if out is None:
                out, close_out = _open_out(out_path)
            _print_records(collected, fmt, out)
    except NewsEventsError as err:
        _fail(err)
    finally:
        if close_out:
            out.close()
        if store is not None:
            store.close()
    _summary(console, stats, db if store is not None else None)
    if strict and stats.skipped:
        sys.exit(EXIT_STRICT_SKIPPED)


def _summary(console, stats, db: str | None) -> None:
    console.print(
        f"[bold]articles read {stats.read}[/]: coded {stats.coded}, unchanged {stats.unchanged}, "
        f"skipped {len(stats.skipped)}; sentences {stats.sentences}, events {stats.events}; "
        f"{stats.seconds:.1f} s, {stats.articles_per_s:.1f} articles/s" + (f"; stored in {db}" if db else ""),
        soft_wrap=True,  # one line per message, also in logs (rich wraps at 80 columns otherwise)
    )
    for s in stats.skipped:
        console.print(f"  skipped {s.source}: {s.reason}", markup=False, soft_wrap=True)


def _check_date(value: str, name: str) -> None:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint=name) from None


@main.command()
@click.option("--db", default="newsevents.duckdb", show_default=True, help="DuckDB file to read.")
@click.option("--actor", default=None, help="Source or target code prefix (USA, USAGOV, IGOUNO...).")
@click.option("--dyad", default=None, help="SOURCE:TARGET code prefixes, e.g. USA:CHN.")
@click.option("--code", "code_prefix", default=None, help="CAMEO code prefix, e.g. 19 or 036.")
@click.option("--since", default=None, help="Earliest event date YYYY-MM-DD (inclusive).")
@click.option("--until", default=None, help="Latest event date YYYY-MM-DD (inclusive).")
@click.option("--limit", default=None, type=int, help="At most N events.")
@click.option("--format", "fmt", type=click.Choice(FORMATS_OUT), default="table", show_default=True)
@click.option("--out", "out_path", default="-", show_default=True, help="Output file ('-' for stdout).")
def events(db, actor, dyad, code_prefix, since, until, limit, fmt, out_path):
    """Query stored events.

    Example: newsevents events --dyad JPN:KOR --since 2025-01-01 --format jsonl
    """
    from newsevents.store import Store

    for value, name in ((since, "--since"), (until, "--until")):
        if value:
            _check_date(value, name)
    if dyad and ":" not in dyad:
        raise click.BadParameter("expected SOURCE:TARGET, e.g. USA:CHN", param_hint="--dyad")
    _require_db(db)
    try:
        with Store(db, read_only=True) as store:
            records = store.events(actor=actor, dyad=dyad, code=code_prefix, since=since, until=until, limit=limit)
    except NewsEventsError as err:
        _fail(err)
    out, close = _open_out(out_path)
    _print_records(records, fmt, out)
    if close:
        out.close()


def _require_db(db: str) -> None:
    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `newsevents code INPUT... --db {db}` first")


@main.command()
@click.option("--db", default="newsevents.duckdb", show_default=True, help="DuckDB file to read.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Export format.")
@click.option("-o", "--out", "out_path", required=True, help="Output file ('-' for stdout, not for parquet).")
def export(db, fmt, out_path):
    """Export every stored event (gdelt = GDELT 2.0 61-column TSV; plover = PLOVER JSON records).

    Example: newsevents export --format gdelt -o events.tsv
    """
    from newsevents.export import write
    from newsevents.store import Store

    _require_db(db)
    if fmt == "parquet" and out_path == "-":
        raise click.BadParameter("parquet needs a file path", param_hint="--out")
    try:
        with Store(db, read_only=True) as store:
            n = write(store.iter_events(), fmt, sys.stdout if out_path == "-" else out_path,
                      articles=store.articles_meta())
    except NewsEventsError as err:
        _fail(err)
    _console().print(f"exported {n} events as {fmt} to {out_path}")


@main.command()
@click.argument("sentence")
@click.option("--published", default=None, help="Publication date YYYY-MM-DD used to resolve relative dates.")
@click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="User event lexicon (repeatable).")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="User actor dictionary (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain(sentence, published, lexicon_files, actor_files, as_json):
    """Show the parse, the actors and, per trigger, the lexicon entry and outcome for SENTENCE.

    Example: newsevents explain "China and Russia held naval drills in the Sea of Japan."
    """
    from rich.console import Console
    from rich.table import Table

    from newsevents.coder import Coder

    try:
        info = Coder(actors=actor_files, lexicons=lexicon_files).explain(sentence, published=published)
    except NewsEventsError as err:
        _fail(err)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    console = Console()
    parse = Table(title="parse", show_lines=False)
    for col in ("i", "text", "lemma", "pos", "dep", "head", "ent"):
        parse.add_column(col)
    for t in info["tokens"]:
        parse.add_row(str(t["i"]), t["text"], t["lemma"], t["pos"], t["dep"], str(t["head"]), t["ent"])
    console.print(parse)
    console.print("[bold]actors[/]")
    for a in info["actors"] or [{"text": "(none)", "code": "", "resolved_by": ""}]:
        console.print(f"  {a['text']!r} -> {a['code']} ({a['resolved_by']})", markup=False)
    console.print("[bold]triggers[/]")
    for tr in info["triggers"] or [{"token": "(none)", "entry": "no lemma of this sentence is in the lexicon",
                                    "outcome": "nothing coded"}]:
        console.print(f"  {tr['token']}: {tr['outcome']}  <- {tr['entry']}", markup=False)
    console.print("[bold]events[/]")
    for e in info["events"]:
        console.print(f"  {(e['source'] or {}).get('code')} --{e['cameo']} {e['cameo_name']}--> "
                      f"{(e['target'] or {}).get('code')}  [{e['factuality']}, conf {e['confidence']}]", markup=False)
    if not info["events"]:
        console.print("  (no event coded)")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--out", "out_path", default="-", show_default=True, help="Output file ('-' for stdout).")
@click.option("--min-population", default=15000, show_default=True, type=int,
              help="Smallest city population considered.")
@click.option("--published", default=None, help="Default publication date YYYY-MM-DD.")
def geoparse(inputs, fmt, out_path, min_population, published):
    """Find and resolve the place names of articles: one record per toponym.

    Example: newsevents geoparse examples/articles --format jsonl
    """
    from newsevents.coder import Coder
    from newsevents.ingest import Skipped, read_inputs

    console = _console()
    out, close = _open_out(out_path)
    try:
        coder = Coder(min_population=min_population)
        rows: list[dict] = []
        for item in read_inputs(inputs, published=published):
            if isinstance(item, Skipped):
                console.print(f"skipped {item.source}: {item.reason}", markup=False)
                continue
            for rec in coder.geoparse(item):
                if fmt == "jsonl":
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                else:
                    rows.append(rec)
        if fmt == "table":
            from rich.console import Console
            from rich.table import Table

            table = Table()
            for col in ("article_id", "text", "name", "country", "lat", "lon", "feature"):
                table.add_column(col)
            for r in rows:
                table.add_row(*(str(r.get(c, "")) for c in ("article_id", "text", "name", "country", "lat", "lon",
                                                             "feature")))
            Console(file=out, width=160).print(table)
    except NewsEventsError as err:
        _fail(err)
    finally:
        if close:
            out.close()


if __name__ == "__main__":  # pragma: no cover
    main()
