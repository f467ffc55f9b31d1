"""The `raporty` command line. Heavy modules are imported inside the commands so `--help` is fast."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from raporty.settings import DB_HELP


def _cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from raporty.ingest import ingest
    from raporty.load.warehouse import Warehouse, WarehouseBusy, WarehouseError

    def progress(items, total):
        return tqdm(items, total=total, desc="documents", unit="doc", disable=args.quiet or total == 0,
                    file=sys.stderr)

    try:
        warehouse = Warehouse(args.db, wait_seconds=args.wait, on_wait=lambda m: print(m, file=sys.stderr))
    except WarehouseBusy as exc:
        print(f"raporty: {exc}", file=sys.stderr)
        return 3
    except WarehouseError as exc:
        print(f"raporty: {exc}", file=sys.stderr)
        return 2
    with warehouse:
        outcomes = ingest(args.paths, warehouse, jobs=args.jobs, debug=args.debug, progress=progress)
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        print(f"error: {o.path}: {o.error}", file=sys.stderr)
    if not args.quiet:
        loaded = [o for o in outcomes if o.status == "loaded"]
        unchanged = [o for o in outcomes if o.status == "unchanged"]
        print(f"{'documents':<12}{len(outcomes):>8}")
        print(f"{'loaded':<12}{len(loaded):>8}")
        print(f"{'unchanged':<12}{len(unchanged):>8}")
        print(f"{'failed':<12}{len(failed):>8}")
        print(f"{'facts':<12}{sum(o.facts for o in loaded):>8}")
        print(f"warehouse: {args.db}")
    if not outcomes:
        print("raporty: no files found", file=sys.stderr)
        return 2
    return 1 if failed else 0


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
    print(json.dumps(
        [{"value": m.value, "measure": m.measure, "value_type": m.value_type, "qualifier": m.qualifier}
         for m in measures],
        ensure_ascii=False,
    ))
    return 0


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="raporty", description="ETL from Polish municipal social-policy reports into a DuckDB warehouse."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for failed documents")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="extract, normalise and load reports into the warehouse")
    p.add_argument("paths", nargs="+", type=Path, help="report files or folders")
    p.add_argument("--db", type=Path, default=None, help=DB_HELP)
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes for extraction (default 1)")
    p.add_argument("--wait", type=float, default=30.0, help="seconds to wait for a busy warehouse (default 30)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks for failed documents")
    p.set_defaults(func=_cmd_ingest)

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
    except Exception as exc:
        from raporty.load.warehouse import WarehouseBusy, WarehouseError

        if not isinstance(exc, WarehouseError):
            raise
        print(f"raporty: {exc}", file=sys.stderr)  # missing, busy or unreadable warehouse: one line
        return 3 if isinstance(exc, WarehouseBusy) else 2
    except KeyboardInterrupt:
        print("raporty: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
