"""The `raporty` command line. Heavy modules are imported inside the commands so `--help` is fast."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from raporty.settings import DB_HELP


def _cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from raporty.ingest import ingest, safe_text
    from raporty.load.warehouse import Warehouse, WarehouseBusy, WarehouseError

    missing = [path for path in args.paths if not path.exists()]
    if missing:  # a typo is an argument error, not a failed document
        for path in missing:
            print(f"raporty ingest: no such file or folder: {_shown(path)}", file=sys.stderr)
        return 2

    def progress(items, total, names=None):
        """The bar counts a document when it is written, ends at N/N and names the file being read."""
        bar = tqdm(
            total=total, desc="documents", unit="doc", disable=args.quiet or total == 0, file=sys.stderr
        )
        try:
            if names:
                bar.set_postfix_str(_shown(names[0]), refresh=False)
            for position, item in enumerate(items):
                yield item
                bar.update(1)
                if names and position + 1 < len(names):
                    bar.set_postfix_str(_shown(names[position + 1]), refresh=False)
        except GeneratorExit:  # the batch stopped early (Ctrl-C): the bar stays as last drawn
            bar.disable = True
            raise
        finally:
            bar.close()

    try:
        warehouse = Warehouse(args.db, wait_seconds=args.wait, on_wait=lambda m: print(m, file=sys.stderr))
    except WarehouseBusy as exc:
        print(f"raporty: {exc}", file=sys.stderr)
        return 3
    except WarehouseError as exc:
        print(f"raporty: {exc}", file=sys.stderr)
        return 2
    with warehouse:
        outcomes = ingest(
            args.paths,
            warehouse,
            jobs=args.jobs,
            debug=args.debug,
            progress=progress,
            timeout=args.timeout,
            memory=args.memory,
        )
        pruned = _prune(warehouse, args.paths) if args.prune else []
    for name in pruned:
        print(f"removed: {_shown(name)} (its file is gone)", file=sys.stderr)
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        print(f"error: {safe_text(o.path)}: {safe_text(o.error)}", file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                {
                    "warehouse": str(args.db) if args.db else None,
                    "removed": pruned,
                    "documents": [
                        {
                            "path": str(o.path),
                            "status": o.status,
                            "facts": o.facts,
                            "error": o.error,
                            "seconds": round(o.seconds, 3),
                        }
                        for o in outcomes
                    ],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    elif not args.quiet:
        loaded = [o for o in outcomes if o.status == "loaded"]
        unchanged = [o for o in outcomes if o.status == "unchanged"]
        print(f"{'documents':<12}{len(outcomes):>8}")
        print(f"{'loaded':<12}{len(loaded):>8}")
        print(f"{'unchanged':<12}{len(unchanged):>8}")
        if aliases := [o for o in outcomes if o.status == "alias"]:
            print(f"{'aliases':<12}{len(aliases):>8}")  # the same content as a document loaded once
        print(f"{'failed':<12}{len(failed):>8}")
        print(f"{'facts':<12}{sum(o.facts for o in loaded):>8}")
        if args.prune:
            print(f"{'removed':<12}{len(pruned):>8}")
        if args.details:
            print(f"\n{'status':<10}{'facts':>7}{'seconds':>9}  document")
            for o in outcomes:
                print(f"{o.status:<10}{o.facts:>7}{o.seconds:>9.2f}  {_shown(o.path)}")
        print(f"warehouse: {args.db}")
    if not outcomes:
        print("raporty: no files found", file=sys.stderr)
        return 2
    return 1 if failed else 0


def _shown(text: object) -> str:
    """``text`` on one line of output: control characters (a newline in a file name) escaped."""
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )


def _prune(warehouse, paths: list[Path]) -> list[str]:
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
    return warehouse.remove(gone) if gone else []


def _cmd_remove(args: argparse.Namespace) -> int:
    from raporty.load.warehouse import Warehouse

    db = Path(args.db or _default_db())
    if not db.exists():  # removing from nothing must not create a warehouse
        print(f"raporty remove: no warehouse at {_shown(db)}", file=sys.stderr)
        return 2
    names = [Path(document).name for document in args.documents]  # a path names its file
    with Warehouse(args.db, wait_seconds=args.wait) as warehouse:
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


def _cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from raporty.load.warehouse import open_for_reading

    with open_for_reading(args.db) as con:  # read-only: nothing typed here can change the warehouse
        if args.query:
            return _run_sql(con, " ".join(args.query), args.csv, duckdb)
        interactive = sys.stdin.isatty()
        if interactive:
            print(
                f"raporty sql: {args.db or _default_db()} (read-only). End a query with ';', quit with .quit or Ctrl-D."
            )
        buffer: list[str] = []
        status = 0
        while True:
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
                    status = _run_sql(con, "\n".join(buffer), args.csv, duckdb) or status
                break
            if not buffer and line.strip() in (".quit", ".exit", "\\q"):
                break
            buffer.append(line.rstrip("\n"))
            if line.rstrip().endswith(";"):
                status = _run_sql(con, "\n".join(buffer), args.csv, duckdb) or status
                buffer.clear()
        return status


def _run_sql(con, query: str, csv: bool, duckdb) -> int:  # noqa: ANN001
    try:
        for statement in con.extract_statements(query):
            _print_result(con.sql(statement.query), csv)
    except duckdb.Error as exc:
        print(f"raporty sql: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    return 0


def _print_result(relation, csv: bool) -> None:  # noqa: ANN001 - a duckdb relation or None
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


def _cmd_repair_text(args: argparse.Namespace) -> int:
    from raporty.polish.repair import repair_text

    sys.stdout.write(repair_text(_read_input(args.file)))
    return 0


def _cmd_split_measures(args: argparse.Namespace) -> int:
    from raporty.normalize.measures import split_measures

    text = " ".join(args.text)
    measures = split_measures(text, context=args.context)
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


def _memory_size(text: str) -> int:
    """'2G', '512M', '1.5GiB' or a number of bytes."""
    units = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
    cleaned = text.strip().upper().removesuffix("IB").removesuffix("B")
    unit = cleaned[-1:] if cleaned[-1:] in units else ""
    try:
        return int(float(cleaned[: len(cleaned) - len(unit)]) * units[unit])
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a memory size: {text!r} (e.g. 2G, 512M)") from None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("raporty")
    except PackageNotFoundError:
        return "unknown"


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="raporty", description="ETL from Polish municipal social-policy reports into a DuckDB warehouse."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for failed documents")
    parser.add_argument("--version", action="version", version=f"raporty {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "ingest",
        help="extract, normalise and load reports into the warehouse",
        epilog="exit codes: 0 every document loaded or unchanged, 1 a document failed, 2 no files, a path "
        "that does not exist or a warehouse that cannot be opened, 3 warehouse busy, 130 interrupted",
    )
    p.add_argument("paths", nargs="+", type=Path, help="report files or folders")
    p.add_argument("--db", type=Path, default=None, help=DB_HELP)
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes for extraction (default 1)")
    p.add_argument(
        "--wait", type=float, default=30.0, help="seconds to wait for a busy warehouse (default 30)"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time limit per document (default 120, $RAPORTY_DOCUMENT_TIMEOUT_SECONDS; 0: none)",
    )
    p.add_argument(
        "--memory",
        type=_memory_size,
        default=None,
        metavar="SIZE",
        help="memory limit per document, e.g. 2G or 512M (default 2G; 0: none)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    p.add_argument(
        "--prune",
        action="store_true",
        help="also remove documents loaded from the named folders whose files are gone",
    )
    p.add_argument(
        "--json", action="store_true", help="print the run's results as JSON instead of the summary"
    )
    p.add_argument("--details", action="store_true", help="a line per document after the summary")
    p.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks for failed documents"
    )
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser(
        "remove",
        help="remove documents (by file name) and all their rows from the warehouse",
        epilog="exit codes: 0 removed, 1 a name was not in the warehouse, 2 no warehouse, 3 busy",
    )
    p.add_argument("documents", nargs="+", metavar="DOC", help="file name (or path) of a loaded document")
    p.add_argument("--db", type=Path, default=None, help=DB_HELP)
    p.add_argument(
        "--wait", type=float, default=30.0, help="seconds to wait for a busy warehouse (default 30)"
    )
    p.set_defaults(func=_cmd_remove)

    p = sub.add_parser(
        "sql",
        help="run SQL on the warehouse, read-only (a query, or an interactive prompt without one)",
        epilog="exit codes: 0 ok, 1 a query failed, 2 no warehouse, 3 busy",
    )
    p.add_argument("query", nargs="*", help='e.g. "SELECT * FROM v_programme_summary"')
    p.add_argument("--db", type=Path, default=None, help=DB_HELP)
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    p.set_defaults(func=_cmd_sql)

    p = sub.add_parser("repair-text", help="print text with OCR damage repaired")
    p.add_argument("file", help="a text file, or - for standard input")
    p.set_defaults(func=_cmd_repair_text)

    p = sub.add_parser("split-measures", help="print the typed measures in a cell's text as JSON")
    p.add_argument("text", nargs="+", help="cell text, e.g. '12 spotkań, 240 uczestników'")
    p.add_argument("--context", help="indicator name or column header giving bare numbers their measure")
    p.set_defaults(func=_cmd_split_measures)

    _register_optional(sub, argv)
    return parser


#: Commands that live in their own modules: imported only when run, so `raporty --help` stays fast.
OPTIONAL_COMMANDS = {
    "verify": ("raporty.quality.verify", "check extraction against hand-verified expected facts"),
    "export": ("raporty.load.export", "export the warehouse to Parquet (partitioned by programme and year)"),
    "report": ("raporty.quality.report", "data-quality summary of the warehouse (terminal and HTML)"),
}


def _register_optional(sub, argv: list[str] | None) -> None:
    from importlib import import_module

    requested = next((a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")), None)
    for name, (module_name, help_text) in OPTIONAL_COMMANDS.items():
        if name == requested:
            import_module(module_name).register(sub)
        else:
            sub.add_parser(name, help=help_text, add_help=False)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `raporty report | head`: the reader left; nothing more to say
        _silence_stdout()
        return 0
    except Exception as exc:
        from raporty.load.warehouse import WarehouseBusy, WarehouseError

        if isinstance(exc, OSError) and not getattr(args, "debug", False):
            # an expected error (a file that exists, a folder not writable, a full disk): one line
            where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
            print(f"raporty: {exc.strerror or exc}{where}", file=sys.stderr)
            return 1
        if not isinstance(exc, WarehouseError):
            raise
        print(f"raporty: {exc}", file=sys.stderr)  # missing, busy or unreadable warehouse: one line
        return 3 if isinstance(exc, WarehouseBusy) else 2
    except KeyboardInterrupt as exc:
        terminated = getattr(exc, "signum", None) == 15  # raporty.ingest.Terminated: SIGTERM
        print("raporty: terminated" if terminated else "raporty: interrupted", file=sys.stderr)
        return 143 if terminated else 130


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so flushing it at exit does not raise the broken pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
