"""`raporty export --parquet DIR | --csv DIR | --xlsx FILE`: the warehouse as Parquet for DuckDB,
pandas, Spark and friends; CSV and XLSX of the facts and summaries for Excel users.

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

import secrets
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import click
import duckdb

from raporty.cli_options import BUSY, CONTEXT_SETTINGS, db_option, exit_codes, on_wait, wait_option

#: What an export folder holds; --overwrite replaces a folder holding these and nothing else.
EXPORT_ENTRIES = frozenset({"facts", "dims", "views", "README.txt"})

#: Partition value for a missing programme or year.
NONE_PARTITION = "brak"

#: Longest programme slug in a folder name: a file name may have 255 bytes, and programme names
#: of 300 characters occur (a slug is ASCII, one byte a character).
MAX_SLUG = 100

_FULL_SLUG_SQL = (
    "coalesce(nullif(trim(regexp_replace(strip_accents(replace(replace(lower(programme), 'ł', 'l'), 'Ł', 'l')), "
    "'[^a-z0-9]+', '-', 'g'), '-'), ''), '" + NONE_PARTITION + "')"
)
#: The programme's partition folder: its slug, or for a long name the first words of it and the
#: first 8 hex digits of the name's MD5, so that two long names alike in their first 90 letters stay apart.
_SLUG_SQL = (
    f"CASE WHEN length({_FULL_SLUG_SQL}) <= {MAX_SLUG} THEN {_FULL_SLUG_SQL} "
    f"ELSE rtrim(left({_FULL_SLUG_SQL}, {MAX_SLUG - 9}), '-') || '-' || left(md5(programme), 8) END"
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


def export_parquet(
    con: duckdb.DuckDBPyConnection, out_dir: Path | str, overwrite: bool = False
) -> dict[str, int]:
    """Write facts, dims and views as ``out_dir``; return row counts by exported name.

    Raises :class:`ExportError` for a target that is a file, or a non-empty folder without
    ``overwrite`` (or one that holds more than an earlier export)."""
    out = Path(out_dir)
    _check_target(out, overwrite)
    return _swap_in(out, lambda work: _write(con, work))


def _new_folder(out: Path, kind: str) -> Path:
    """A new hidden folder beside ``out`` (mode as the umask says, as ``out`` would have; a name
    under 255 bytes whatever ``out``'s)."""
    while True:
        folder = out.parent / f".{out.name[:40]}.{kind}-{secrets.token_hex(4)}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue


def _swap_in(out: Path, write: Callable[[Path], dict[str, int]]) -> dict[str, int]:
    """Write a whole export into a temporary folder beside ``out``, then put it in ``out``'s place:
    a failed export (a full disk, a query error, Ctrl-C) leaves the previous one as it was."""
    out.parent.mkdir(parents=True, exist_ok=True)
    work = _new_folder(out, "export")
    try:
        counts = write(work)
        if out.is_dir():
            old = _new_folder(out, "old")
            out.rename(old / "previous")
            try:
                work.rename(out)
            except BaseException:
                (old / "previous").rename(out)
                raise
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


#: What the CSV and XLSX exports hold, for Excel users: the facts and the analyst summaries.
TABULAR = (
    "v_facts",
    "v_programme_summary",
    "v_plan_vs_actual",
    "v_budget_by_unit",
    "v_data_quality_documents",
)


def _flat(con: duckdb.DuckDBPyConnection, name: str) -> duckdb.DuckDBPyRelation:
    """The view with list columns (units, warnings) joined into text, as Excel shows it."""
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [name],
    ).fetchall()
    select = ", ".join(
        f"array_to_string({_ident(c)}, ', ') AS {_ident(c)}" if t.endswith("[]") else _ident(c)
        for c, t in columns
    )
    return con.sql(f"SELECT {select} FROM {name}")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def export_csv(
    con: duckdb.DuckDBPyConnection, out_dir: Path | str, overwrite: bool = False
) -> dict[str, int]:
    """One CSV per view in TABULAR below ``out_dir``: UTF-8 with a BOM, ';' between fields and a
    decimal comma, which Excel with Polish settings opens as columns of numbers with Polish letters
    intact."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder")
    if out.is_dir():
        entries = [entry.name for entry in out.iterdir()]
        if entries and not overwrite:
            raise ExportError(f"{out} is not empty (add --overwrite to replace an earlier export)")
        if [e for e in entries if not e.endswith(".csv")]:
            raise ExportError(f"{out} holds more than CSV files of an earlier export: not overwritten")
    return _swap_in(out, lambda work: _write_csv(con, work))


def _write_csv(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    import csv

    counts = {}
    for name in _existing(con, TABULAR):
        relation = _flat(con, name)
        with (out / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file, delimiter=";")
            writer.writerow(relation.columns)
            rows = relation.fetchall()
            writer.writerows([[_excel_cell(v) for v in row] for row in rows])
        counts[name] = len(rows)
    return counts


def _excel_cell(value: object) -> object:
    """Blank for NULL; a decimal comma for a fraction (Polish Excel reads '1839660.39' as text)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",").removesuffix(",0")
    return value


def export_xlsx(con: duckdb.DuckDBPyConnection, path: Path | str, overwrite: bool = False) -> dict[str, int]:
    """One workbook, a sheet per view in TABULAR (written to a temporary file, then renamed)."""
    out = Path(path)
    if out.exists() and (out.is_dir() or not overwrite):
        raise ExportError(
            f"{out} exists (add --overwrite to replace it)" if not out.is_dir() else f"{out} is a folder"
        )
    import pandas as pd

    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    counts = {}
    try:
        with pd.ExcelWriter(partial, engine="openpyxl") as writer:
            for name in _existing(con, TABULAR):
                frame = _flat(con, name).df()
                frame.to_excel(writer, sheet_name=name.removeprefix("v_")[:31], index=False)
                counts[name] = len(frame)
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return counts


@click.command(
    "export",
    context_settings=CONTEXT_SETTINGS,
    epilog=exit_codes(
        (0, "written"),
        (2, "no target named, a target unusable (a file, not empty without --overwrite), or no warehouse"),
        BUSY,
    ),
)
@click.option(
    "--parquet", type=click.Path(path_type=Path), metavar="DIR", help="folder to write Parquet files to"
)
@click.option(
    "--csv",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="folder for CSV files of v_facts and the summaries (UTF-8 with BOM, ';', for Excel)",
)
@click.option(
    "--xlsx",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Excel workbook of v_facts and the summaries",
)
@click.option("--overwrite", is_flag=True, help="replace an earlier export")
@db_option
@wait_option
def command(
    parquet: Path | None, csv: Path | None, xlsx: Path | None, overwrite: bool, db: Path | None, wait: float
) -> int:
    """Export the warehouse: v_facts partitioned by programme and year, the dimensions and the views as
    Parquet; v_facts and the summaries as CSV or an Excel workbook."""
    from raporty.load.warehouse import open_for_reading

    if parquet is None and csv is None and xlsx is None:
        print(
            "raporty export: say where to write, e.g. --parquet out/parquet, --csv out/csv or --xlsx out.xlsx",
            file=sys.stderr,
        )
        return 2
    written: list[tuple[str, Path, dict[str, int]]] = []
    try:
        if parquet is not None:
            _check_target(parquet, overwrite)  # before opening the warehouse
        with open_for_reading(db, wait_seconds=wait, on_wait=on_wait) as con:  # missing, busy: one line
            if parquet is not None:
                written.append(("parquet", parquet, export_parquet(con, parquet, overwrite=overwrite)))
            if csv is not None:
                written.append(("csv", csv, export_csv(con, csv, overwrite=overwrite)))
            if xlsx is not None:
                written.append(("xlsx", xlsx, export_xlsx(con, xlsx, overwrite=overwrite)))
    except (ExportError, OSError, duckdb.Error) as exc:  # a full disk, a name too long: one line
        if isinstance(exc, ExportError):  # a refusal before anything was written
            print(f"raporty export: {exc}", file=sys.stderr)
            return 2
        if isinstance(exc, OSError):
            reason = f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
        else:
            reason = " ".join(str(exc).split()).removeprefix("IO Error: ")
        print(f"raporty export: {reason} (the previous export, if any, is left as it was)", file=sys.stderr)
        return 2
    for kind, target, counts in written:
        for name, rows in counts.items():
            print(f"{name:<24}{rows:>10}")
        print(f"{kind}: {target}")
    return 0
