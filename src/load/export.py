"""`raporty export --parquet DIR`: the warehouse as Parquet for DuckDB, pandas, Spark and friends.

Layout written below DIR (DIR/facts and DIR/dims are replaced, nothing else is touched)::

    facts/programme=<name>/year=<year>/data_0.parquet   v_facts, Hive-partitioned
    dims/<table>.parquet                                 dimension and bridge tables
    views/<view>.parquet                                 analyst views (plan vs actual, budgets, …)
    README.txt                                           how to read it back

Partition values are URL-encoded by DuckDB (spaces, "/", Polish letters); a missing programme or
year is the Hive default partition ``__HIVE_DEFAULT_PARTITION__``, which readers turn into NULL.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import duckdb

from raporty.settings import DB_HELP

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

facts/  v_facts (one row per measure), Hive-partitioned by programme and year.
dims/   dimension tables; views/  analyst views.

DuckDB:  SELECT * FROM read_parquet('facts/**/*.parquet', hive_partitioning = true);
pandas:  import pandas as pd, pyarrow.dataset as ds
         pd.read_parquet('facts', partitioning=ds.HivePartitioning.discover(infer_dictionary=False))
         (plain pd.read_parquet('facts') fails on NULL partitions: pyarrow cannot unify
         dictionaries with nulls)
Spark:   spark.read.parquet('facts')
"""


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _existing(con: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> list[str]:
    present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [name for name in names if name in present]


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path | str) -> dict[str, int]:
    """Write facts, dims and views below ``out_dir``; return row counts by exported name."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for sub in ("facts", "dims", "views"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    (out / "dims").mkdir()
    (out / "views").mkdir()
    facts = out / "facts"
    counts["v_facts"] = int(con.execute("SELECT count(*) FROM v_facts").fetchall()[0][0])
    if counts["v_facts"]:
        con.execute(
            f"COPY (SELECT * FROM v_facts) TO {_quote(facts)} (FORMAT parquet, PARTITION_BY (programme, year))"
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
    with open_for_reading(args.db) as con:  # a missing or busy warehouse: one line from cli.main
        counts = export_parquet(con, args.parquet)
    for name, rows in counts.items():
        print(f"{name:<24}{rows:>10}")
    print(f"parquet: {args.parquet}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export", help="export the warehouse (v_facts partitioned, dims, views) as Parquet"
    )
    p.add_argument("--parquet", type=Path, metavar="DIR", help="folder to write Parquet files to")
    p.add_argument("--db", type=Path, default=None, help=DB_HELP)
    p.set_defaults(func=_cmd_export)
