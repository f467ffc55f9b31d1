"""`raporty export --parquet DIR`: the warehouse as Parquet for DuckDB, pandas, Spark and friends.

Layout of DIR (written into a temporary folder beside it, then swapped in, so a failed export
leaves the previous one whole)::

    facts/programme_part=<slug>/year_part=<year>/data_0.parquet   v_facts, Hive-partitioned
    dims/<table>.parquet                                           dimension and bridge tables
    views/<view>.parquet                                           analyst views (plan vs actual, budgets, …)
    README.txt                                                     how to read it back

Partition folders have readable names: the programme as a lowercase ASCII slug
("program-wspierania-rodziny-dla-gminy-miejskiej-krakow-na-lata-2019-2021"), the year as a number,
and "brak" (none) where the programme or the year is missing, so no partition is NULL (pyarrow
cannot read NULL dictionary partitions: "Cannot yet unify dictionaries with nulls"). The files
keep the real ``programme`` and ``year`` columns.

A DIR that exists and is not empty is refused unless ``--overwrite`` is given, and even then only
when it holds an earlier export (README.txt, facts/, dims/, views/) and nothing else.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import duckdb

from raporty.settings import DB_HELP

#: What an export folder holds; --overwrite replaces a folder holding these and nothing else.
EXPORT_ENTRIES = frozenset({"facts", "dims", "views", "README.txt"})

#: Partition value for a missing programme or year.
NONE_PARTITION = "brak"

_SLUG_SQL = (
    "coalesce(nullif(trim(regexp_replace(strip_accents(replace(replace(lower(programme), 'ł', 'l'), 'Ł', 'l')), "
    "'[^a-z0-9]+', '-', 'g'), '-'), ''), '" + NONE_PARTITION + "')"
)


class ExportError(Exception):
    """The export folder cannot be used (a file, a non-empty folder without --overwrite…); one line."""


#: Tables exported as they are (all small).
DIM_TABLES = (
    "dim_programme",
    "dim_document",
    "dim_section",
    "dim_activity",
    "dim_unit",
    "unit_alias",
    "bridge_activity_unit",
    "dim_measure",
    "dim_year",
)

#: Analyst views exported when the warehouse has them (schema version 2 and later).
VIEWS = ("v_activity_timeseries", "v_plan_vs_actual", "v_budget_by_unit", "v_programme_summary")

README = """Parquet export of the raporty warehouse.

facts/  v_facts (one row per measure, one rendition per report), Hive-partitioned by
        programme_part (the programme as a slug, "brak" when none) and year_part ("brak" when none);
        the files keep the programme and year columns themselves.
dims/   dimension tables; views/  analyst views.

DuckDB:  SELECT * FROM read_parquet('facts/**/*.parquet', hive_partitioning = true);
pandas:  pd.read_parquet('facts')
Spark:   spark.read.parquet('facts')
"""


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _existing(con: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> list[str]:
    present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [name for name in names if name in present]


def _check_target(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder")
    if out.is_dir():
        entries = {entry.name for entry in out.iterdir()}
        if entries and not overwrite:
            raise ExportError(f"{out} is not empty (add --overwrite to replace an earlier export)")
        if entries - EXPORT_ENTRIES:
            extra = ", ".join(sorted(entries - EXPORT_ENTRIES)[:3])
            raise ExportError(f"{out} holds more than an earlier export ({extra}): not overwritten")


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path | str, overwrite: bool = False) -> dict[str, int]:
    """Write facts, dims and views as ``out_dir``; return row counts by exported name.

    Raises :class:`ExportError` for a target that is a file, or a non-empty folder without
    ``overwrite`` (or one that holds more than an earlier export)."""
    out = Path(out_dir)
    _check_target(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.export-", dir=out.parent))
    try:
        counts = _write(con, work)
        if out.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            out.rename(old / out.name)
            work.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return counts


def _write(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    (out / "dims").mkdir()
    (out / "views").mkdir()
    facts = out / "facts"
    counts["v_facts"] = int(con.execute("SELECT count(*) FROM v_facts").fetchall()[0][0])
    if counts["v_facts"]:
        con.execute(
            f"COPY (SELECT *, {_SLUG_SQL} AS programme_part, coalesce(year::VARCHAR, '{NONE_PARTITION}') AS year_part "
            f"FROM v_facts) TO {_quote(facts)} (FORMAT parquet, PARTITION_BY (programme_part, year_part))"
        )
    else:
        facts.mkdir()
    for name in _existing(con, DIM_TABLES):
        con.execute(
            f"COPY (SELECT * FROM {name}) TO {_quote(out / 'dims' / (name + '.parquet'))} (FORMAT parquet)"
        )
        counts[name] = int(con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])
    for name in _existing(con, VIEWS):
        con.execute(
            f"COPY (SELECT * FROM {name}) TO {_quote(out / 'views' / (name + '.parquet'))} (FORMAT parquet)"
        )
        counts[name] = int(con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])
    (out / "README.txt").write_text(README, encoding="utf-8")
    return counts


def _cmd_export(args: argparse.Namespace) -> int:
    from raporty.load.warehouse import open_for_reading

    if args.parquet is None:
        print("raporty export: say where to write, e.g. --parquet out/parquet", file=sys.stderr)
        return 2
    try:
        _check_target(args.parquet, args.overwrite)  # before opening the warehouse
        with open_for_reading(args.db) as con:  # a missing or busy warehouse: one line from cli.main
            counts = export_parquet(con, args.parquet, overwrite=args.overwrite)
    except (ExportError, OSError) as exc:
        reason = exc if isinstance(exc, ExportError) else (exc.strerror or exc)
        print(f"raporty export: {reason}", file=sys.stderr)
        return 2
    for name, rows in counts.items():
        print(f"{name:<24}{rows:>10}")
    print(f"parquet: {args.parquet}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export", help="export the warehouse (v_facts partitioned, dims, views) as Parquet",
        epilog="exit codes: 0 written, 2 DIR unusable (a file, not empty without --overwrite) or no warehouse",
    )
    p.add_argument("--parquet", type=Path, metavar="DIR", help="folder to write Parquet files to")
    p.add_argument("--overwrite", action="store_true", help="replace an earlier export in DIR")
    p.add_argument("--db", type=Path, default=None, help=DB_HELP)
    p.set_defaults(func=_cmd_export)
