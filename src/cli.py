"""The `raporty` command line (click). Heavy modules are imported inside the commands, and the
commands of their own modules (verify, export, report) only when they run, so `--help` is fast."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Iterable, Iterator
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from raporty.cli_options import (
    BUSY,
    CONTEXT_SETTINGS,
    NO_WAREHOUSE,
    db_option,
    exit_codes,
    jobs_option,
    on_wait,
    wait_option,
)

if TYPE_CHECKING:
    from raporty.ingest import Outcome
    from raporty.load.warehouse import Warehouse

#: Commands that live in their own modules (``command`` there): imported only when run.
OPTIONAL_COMMANDS = {
    "verify": ("raporty.quality.verify", "check extraction against hand-verified expected facts"),
    "export": ("raporty.load.export", "export the warehouse to Parquet, CSV or Excel"),
    "report": ("raporty.quality.report", "data-quality summary of the warehouse (terminal and HTML)"),
}


class RaportyGroup(click.Group):
    """The command group: optional commands imported when asked for, and the expected errors of any
    command (a closed pipe, a file in the way, a busy or unreadable warehouse) said in one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.commands, *OPTIONAL_COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in OPTIONAL_COMMANDS:
            command: click.Command = import_module(OPTIONAL_COMMANDS[cmd_name][0]).command
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list in `raporty --help`, without importing the optional commands' modules."""
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = [(name, command.get_short_help_str(limit)) for name, command in self.commands.items()]
        rows += [(name, help_text) for name, (_module, help_text) in OPTIONAL_COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `raporty report | head`: the reader left; nothing more to say
            _silence_stdout()
            return 0
        except KeyboardInterrupt as exc:
            ingest = sys.modules.get("raporty.ingest")  # a SIGTERM DuckDB turned into an interrupted query
            terminated = getattr(exc, "signum", None) == 15 or (ingest is not None and ingest.sigterm_seen())
            print("raporty: terminated" if terminated else "raporty: interrupted", file=sys.stderr)
            return 143 if terminated else 130
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors, --help: click's own
        except Exception as exc:
            code = _expected_error(exc, debug=bool(ctx.meta.get("raporty.debug")))
            if code is None:
                raise
            return code


def _expected_error(exc: Exception, debug: bool) -> int | None:
    """The exit code of an error the user can act on, said in one line on stderr; None for a bug."""
    from raporty.load.warehouse import WarehouseBusy, WarehouseError

    if isinstance(exc, WarehouseError):  # missing, busy or unreadable warehouse
        print(f"raporty: {exc}", file=sys.stderr)
        return BUSY[0] if isinstance(exc, WarehouseBusy) else NO_WAREHOUSE[0]
    if isinstance(exc, OSError) and not debug:
        # a file that exists, a folder not writable, a full disk, an image PIL cannot read: one line
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"raporty: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    return None


@click.group(cls=RaportyGroup, context_settings=CONTEXT_SETTINGS)
@click.option("--debug", is_flag=True, help="show tracebacks for failed documents and unexpected errors")
@click.version_option(package_name="raporty", prog_name="raporty", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """ETL from Polish municipal social-policy reports into a DuckDB warehouse."""
    ctx.meta["raporty.debug"] = debug


class MemorySize(click.ParamType):
    """'2G', '512M', '1.5GiB' or a number of bytes."""

    name = "SIZE"
    UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        cleaned = str(value).strip().upper().removesuffix("IB").removesuffix("B")
        unit = cleaned[-1:] if cleaned[-1:] in self.UNITS else ""
        try:
            return int(float(cleaned[: len(cleaned) - len(unit)]) * self.UNITS[unit])
        except ValueError:
            self.fail(f"not a memory size: {value!r} (e.g. 2G, 512M)", param, ctx)


@cli.command(
    "ingest",
    short_help="extract, normalise and load reports into the warehouse",
    epilog=exit_codes(
        (0, "every document loaded or unchanged"),
        (1, "a document failed (the others are loaded)"),
        (2, "no files, a path that does not exist, or a warehouse that cannot be opened"),
        BUSY,
        (130, "interrupted (Ctrl-C); 143 terminated: documents already written stay, none half-written"),
    ),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH...")
@db_option
@jobs_option
@wait_option
@click.option(
    "--timeout",
    type=float,
    default=None,
    metavar="SECONDS",
    help="time limit per document (default 120, $RAPORTY_DOCUMENT_TIMEOUT_SECONDS; 0: none)",
)
@click.option(
    "--memory",
    type=MemorySize(),
    default=None,
    help="memory limit per document, e.g. 2G or 512M (default 2G; 0: none)",
)
@click.option("--quiet", "-q", is_flag=True, help="no progress bar or summary")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="a progress bar on stderr naming the file being read (default: when stderr is a terminal)",
)
@click.option(
    "--prune", is_flag=True, help="also remove documents loaded from the named folders whose files are gone"
)
@click.option(
    "--json", "as_json", is_flag=True, help="print the run's results as JSON instead of the summary"
)
@click.option("--details", is_flag=True, help="whole paths and page counts in the per-document table")
@click.option("--debug", is_flag=True, help="show tracebacks for failed documents")
@click.pass_context
def _ingest_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    db: Path | None,
    jobs: int,
    wait: float,
    timeout: float | None,
    memory: int | None,
    quiet: bool,
    progress: bool | None,
    prune: bool,
    as_json: bool,
    details: bool,
    debug: bool,
) -> int:
    """Extract, normalise and load reports (files or folders) into the warehouse."""
    from raporty.ingest import ingest, safe_text, unchanged_batch

    debug = ctx.meta["raporty.debug"] = debug or bool(ctx.meta.get("raporty.debug"))
    missing = [path for path in paths if not path.exists()]
    if missing:  # a typo is an argument error, not a failed document
        for path in missing:
            print(f"raporty ingest: no such file or folder: {_shown(path)}", file=sys.stderr)
        return 2
    show_bar = not quiet and (sys.stderr.isatty() if progress is None else progress)
    outcomes = None if prune else unchanged_batch(paths, db)
    pruned: list[str] = []
    if outcomes is None:

        def writer() -> Warehouse:  # busy, unreadable: RaportyGroup
            from raporty.load.warehouse import Warehouse

            return Warehouse(db, wait_seconds=wait, on_wait=on_wait)

        options: dict[str, Any] = {
            "jobs": jobs,
            "debug": debug,
            "progress": _progress_bar(forced=bool(progress)) if show_bar else None,
            "timeout": timeout,
            "memory": memory,
        }
        if prune or Path(db or _default_db()).exists():
            with writer() as warehouse:
                outcomes = ingest(list(paths), warehouse, **options)
                pruned = _prune(warehouse, list(paths)) if prune else []
        else:  # a new warehouse: opened while the first documents are read
            outcomes = ingest(list(paths), writer, **options)
    for name in pruned:
        print(f"removed: {_shown(name)} (its file is gone)", file=sys.stderr)
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        print(f"error: {safe_text(o.path)}: {safe_text(o.error)}", file=sys.stderr)
    if as_json:
        print(json.dumps(_ingest_json(outcomes, db, pruned), ensure_ascii=False, indent=1))
    elif not quiet:
        _print_summary(outcomes, pruned if prune else None, details)
        print(f"warehouse: {db or _default_db()}")
    if not outcomes:
        print("raporty: no files found", file=sys.stderr)
        return 2
    return 1 if failed else 0


def _progress_bar(forced: bool):  # noqa: ANN202 - the progress callable raporty.ingest takes
    """A rich bar on stderr that counts a document when it is written, ends at N/N and names the file
    being read. Drawn only when asked to (no refresh thread: ingest forks its readers)."""

    def progress(items: Iterable[Any], total: int, names: list[str] | None = None) -> Iterator[Any]:
        if total == 0:
            yield from items
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        terminal = sys.stderr.isatty()  # asked for on a pipe or a log: the frames without colours
        console = Console(
            stderr=True,
            force_terminal=forced or None,
            color_system="auto" if terminal else None,
            highlight=False,
        )
        columns = (TextColumn("documents:"), TaskProgressColumn(), BarColumn(), MofNCompleteColumn())
        current = TextColumn("{task.fields[current]}", markup=False)
        with Progress(
            *columns,
            TimeElapsedColumn(),
            current,
            console=console,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        ) as bar:
            task = bar.add_task("documents", total=total, current=_shown(names[0]) if names else "")
            bar.refresh()
            for position, item in enumerate(items):
                yield item
                following = names[position + 1] if names and position + 1 < len(names) else ""
                bar.update(task, advance=1, current=_shown(following))
                bar.refresh()

    return progress


def _ingest_json(outcomes: list[Outcome], db: Path | None, pruned: list[str]) -> dict[str, Any]:
    return {
        "warehouse": str(db or _default_db()),
        "removed": pruned,
        "cpu_seconds": _cpu_seconds(),
        "documents": [
            {
                "path": str(o.path),
                "status": o.status,
                "facts": o.facts,
                "pages": o.pages,
                "error": o.error,
                "seconds": round(o.seconds, 3),
            }
            for o in outcomes
        ],
    }


def _cpu_seconds() -> dict[str, float] | None:
    """Processor time of this run so far: this process (start-up, scan, writing) and the processes
    that read the documents (with their page and OCR processes); None where it is not measured."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    own, readers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {
        "writer": round(own.ru_utime + own.ru_stime, 3),
        "readers": round(readers.ru_utime + readers.ru_stime, 3),
    }


def _print_summary(outcomes: list[Outcome], pruned: list[str] | None, details: bool) -> None:
    """A table with a row per document (status, facts, seconds, what went wrong), then the totals
    one a line (``label  count``: scripts read these)."""
    if outcomes:
        from rich import box
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("status")
        table.add_column("facts", justify="right")
        if details:
            table.add_column("pages", justify="right")
        table.add_column("seconds", justify="right")
        table.add_column("document", overflow="fold")
        notes = any(o.error for o in outcomes)
        if notes:
            table.add_column("note", overflow="fold")
        for o in outcomes:
            row = [o.status, str(o.facts)] + ([str(o.pages or "")] if details else [])
            row += [f"{o.seconds:.2f}", _shown(o.path if details else Path(o.path).name)]
            row += [_shown(o.error or "")] if notes else []
            table.add_row(*(Text(cell) for cell in row))
        # wide enough for whole paths when stdout is a file or a pipe; a terminal's own width otherwise
        console = Console(
            highlight=False,
            emoji=False,
            markup=False,
            width=None if sys.stdout.isatty() else 250,
            soft_wrap=False,
        )
        console.print(table)
        print()
    counts = {
        status: sum(o.status == status for o in outcomes) for status in ("loaded", "unchanged", "alias")
    }
    lines = [("documents", len(outcomes)), ("loaded", counts["loaded"]), ("unchanged", counts["unchanged"])]
    if counts["alias"]:
        lines.append(("aliases", counts["alias"]))  # the same content as a document loaded once
    lines += [("failed", sum(o.status == "failed" for o in outcomes))]
    lines += [("facts", sum(o.facts for o in outcomes if o.status == "loaded"))]
    if pruned is not None:
        lines.append(("removed", len(pruned)))
    for label, count in lines:
        print(f"{label:<12}{count:>8}")


def _shown(text: object) -> str:
    """``text`` on one line of output: control characters (a newline in a file name) escaped."""
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )


def _prune(warehouse: Any, paths: list[Path]) -> list[str]:
    """Remove the documents whose recorded file is gone, among those under the named folders (or
    named themselves): a file deleted from data/raw/ takes its facts with it."""
    roots = [Path(os.path.realpath(path)) for path in paths]

    def named(recorded: Path) -> bool:
        return any(recorded == root or recorded.is_relative_to(root) for root in roots)

    gone = [
        name
        for name, path, _status in warehouse.documents()
        if path and not os.path.exists(path) and named(Path(os.path.realpath(path)))
    ]
    removed: list[str] = warehouse.remove(gone) if gone else []
    return removed


@cli.command(
    "remove",
    short_help="remove documents and all their rows from the warehouse",
    epilog=exit_codes(
        (0, "removed"), (1, "a name was not in the warehouse (the others are removed)"), NO_WAREHOUSE, BUSY
    ),
)
@click.argument("documents", nargs=-1, required=True, metavar="DOC...")
@db_option
@wait_option
def _remove_command(documents: tuple[str, ...], db: Path | None, wait: float) -> int:
    """Remove documents (by file name, or a path naming its file) and all their rows from the warehouse."""
    from raporty.load.warehouse import Warehouse

    path = Path(db or _default_db())
    if not path.exists():  # removing from nothing must not create a warehouse
        print(f"raporty remove: no warehouse at {_shown(path)}", file=sys.stderr)
        return 2
    names = [Path(document).name for document in documents]
    with Warehouse(db, wait_seconds=wait, on_wait=on_wait) as warehouse:
        removed = warehouse.remove(names)
    for name in removed:
        print(f"removed: {_shown(name)}")
    unknown = [name for name in names if name not in removed]
    for name in unknown:
        print(f"raporty remove: {_shown(name)}: not in the warehouse", file=sys.stderr)
    return 1 if unknown else 0


def _default_db() -> Path:
    from raporty.settings import settings

    return Path(settings.db)


@cli.command(
    "sql",
    short_help="run SQL on the warehouse, read-only (a query, or a prompt without one)",
    epilog=exit_codes((0, "ok"), (1, "a query failed (or tried to write)"), NO_WAREHOUSE, BUSY),
)
@click.argument("query", nargs=-1)
@db_option
@click.option("--csv", is_flag=True, help="print CSV instead of a table")
def _sql_command(query: tuple[str, ...], db: Path | None, csv: bool) -> int:
    """Run SQL on the warehouse, read-only: QUERY (e.g. "SELECT * FROM v_programme_summary"), or
    statements read from standard input (an interactive prompt on a terminal)."""
    import duckdb

    from raporty.load.warehouse import open_for_reading

    with open_for_reading(db) as con:  # read-only: nothing typed here can change the warehouse
        if query:
            return _run_sql(con, " ".join(query), csv, duckdb)
        interactive = sys.stdin.isatty()
        if interactive:
            print(
                f"raporty sql: {db or _default_db()} (read-only). End a query with ';', quit with .quit or Ctrl-D."
            )
        buffer: list[str] = []
        status = 0
        while True:
            line: str | None
            try:
                line = (
                    input("raporty> " if not buffer else "     ...> ")
                    if interactive
                    else sys.stdin.readline()
                )
            except EOFError:
                line = None
            if line is None or (not interactive and line == ""):
                if buffer and " ".join(buffer).strip():
                    status = _run_sql(con, "\n".join(buffer), csv, duckdb) or status
                break
            if not buffer and line.strip() in (".quit", ".exit", "\\q"):
                break
            buffer.append(line.rstrip("\n"))
            if line.rstrip().endswith(";"):
                status = _run_sql(con, "\n".join(buffer), csv, duckdb) or status
                buffer.clear()
        return status


def _run_sql(con: Any, query: str, csv: bool, duckdb: Any) -> int:
    try:
        for statement in con.extract_statements(query):
            _print_result(con.sql(statement.query), csv)
    except duckdb.Error as exc:
        print(f"raporty sql: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    return 0


def _print_result(relation: Any, csv: bool) -> None:
    if relation is not None:
        if csv:
            import csv as csv_module

            writer = csv_module.writer(sys.stdout, lineterminator="\n")
            writer.writerow(relation.columns)
            for row in relation.fetchall():
                writer.writerow(["" if value is None else value for value in row])
        else:
            relation.show(max_rows=10_000, max_width=10_000)


def _read_input(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    from raporty.extract.text.export import decode_text

    return decode_text(Path(source).read_bytes())


@cli.command(
    "repair-text",
    short_help="print text with OCR damage repaired",
    epilog=exit_codes((0, "printed"), (1, "the file cannot be read")),
)
@click.argument("file")
def _repair_text_command(file: str) -> int:
    """Print FILE's text (- for standard input) with OCR damage repaired."""
    from raporty.polish.repair import repair_text

    sys.stdout.write(repair_text(_read_input(file)))
    return 0


@cli.command(
    "split-measures",
    short_help="print the typed measures in a cell's text as JSON",
    epilog=exit_codes((0, "printed")),
)
@click.argument("text", nargs=-1, required=True)
@click.option("--context", help="indicator name or column header giving bare numbers their measure")
def _split_measures_command(text: tuple[str, ...], context: str | None) -> int:
    """Print the typed measures in a cell's TEXT as JSON, e.g. '12 spotkań, 240 uczestników'."""
    from raporty.normalize.measures import split_measures

    measures = split_measures(" ".join(text), context=context)
    print(
        json.dumps(
            [
                {"value": m.value, "measure": m.measure, "value_type": m.value_type, "qualifier": m.qualifier}
                for m in measures
            ],
            ensure_ascii=False,
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default sys.argv[1:]); returns the exit code."""
    try:
        code = cli.main(args=argv, prog_name="raporty", standalone_mode=False)
    except click.exceptions.ClickException as exc:  # a usage error: exit 2, its message, no traceback
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:  # Ctrl-C while the arguments were read
        print("raporty: interrupted", file=sys.stderr)
        return 130
    return int(code or 0)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so flushing it at exit does not raise the broken pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run() -> None:
    """The `raporty` command: :func:`main`, then exit with its code. What the command leaves is
    frozen first, so the interpreter's last collection skips it (half of a 50-100 ms exit after an
    ingest); nothing of it needs a finaliser (the warehouse is closed, the spool folder removed)."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
