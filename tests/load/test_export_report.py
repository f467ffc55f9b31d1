"""`raporty export --parquet` and `raporty report` on the session warehouse (seed 000 and 002 fixtures)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from raporty.cli import main
from raporty.quality.report import build_report, make_charts, render_html, render_text


@pytest.fixture(scope="module")
def facts_count(warehouse_file: Path) -> int:
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        return con.execute("SELECT count(*) FROM v_facts").fetchall()[0][0]


def test_export_parquet_partitions_facts_and_writes_dims(
    warehouse_file: Path, tmp_path: Path, facts_count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "parquet"
    assert main(["export", "--parquet", str(out), "--db", str(warehouse_file)]) == 0
    assert re.search(rf"v_facts\s+{facts_count}", capsys.readouterr().out)

    partitions = sorted(p.relative_to(out / "facts").as_posix() for p in (out / "facts").glob("*/*"))
    assert "programme_part=brak/year_part=2023" in partitions  # the county report names no programme
    assert (
        "programme_part=program-wspierania-rodziny-dla-gminy-miejskiej-krakow-na-lata-2019-2021/year_part=2021"
        in partitions
    )
    assert not [p for p in partitions if "%" in p or "HIVE_DEFAULT" in p]  # readable names, no NULL partition

    back = duckdb.sql(
        f"SELECT programme, year, count(*) FROM read_parquet('{out}/facts/**/*.parquet', hive_partitioning = true) "
        "GROUP BY ALL ORDER BY year"
    ).fetchall()
    assert sum(row[2] for row in back) == facts_count
    assert back[0][0].startswith("Program Wspierania Rodziny dla Gminy Miejskiej Kraków")  # decoded again
    assert (None, 2023) in [row[:2] for row in back]

    frame = pd.read_parquet(out / "facts")  # plain: no "Cannot yet unify dictionaries with nulls"
    assert len(frame) == facts_count
    counselling = frame[
        (frame.activity == "Prowadzenie poradnictwa rodzinnego i terapii") & (frame.kind == "budget")
    ]
    assert sorted(zip(counselling.year.tolist(), counselling.value.tolist(), strict=True)) == [
        (2021, 1839660.39),
        (2025, 6540600.0),
    ]
    assert list(counselling.units.iloc[0])  # list column survives

    activities = pd.read_parquet(out / "dims" / "dim_activity.parquet")
    assert {"activity_key", "link_confidence"} <= set(activities.columns)
    assert (out / "views" / "v_plan_vs_actual.parquet").exists()
    assert "pandas" in (out / "README.txt").read_text(encoding="utf-8")


def test_export_refuses_to_overwrite_without_being_told(
    warehouse_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# notes\n", encoding="utf-8")
    assert main(["export", "--parquet", str(readme), "--db", str(warehouse_file)]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == "# notes\n"

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("x", encoding="utf-8")
    for extra in ([], ["--overwrite"]):  # not empty; with --overwrite: not an earlier export
        assert main(["export", "--parquet", str(mine), "--db", str(warehouse_file), *extra]) == 2
        assert (mine / "keep.txt").exists() and sorted(p.name for p in mine.iterdir()) == ["keep.txt"]
    assert "not empty" in capsys.readouterr().err

    out = tmp_path / "out"
    assert main(["export", "--parquet", str(out), "--db", str(warehouse_file)]) == 0
    (out / "facts" / "stale.parquet").write_bytes(b"old")
    assert main(["export", "--parquet", str(out), "--db", str(warehouse_file)]) == 2
    assert main(["export", "--parquet", str(out), "--db", str(warehouse_file), "--overwrite"]) == 0
    assert not (out / "facts" / "stale.parquet").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "mine", "out"]  # no temporary left


def test_report_text_and_html(
    warehouse_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html_path = tmp_path / "report.html"
    assert main(["report", "--db", str(warehouse_file), "--html", str(html_path)]) == 0
    text = capsys.readouterr().out
    assert re.search(r"failed\s+1\n", text)
    assert "notatka.txt" in text and "no tables found" in text
    assert re.search(r"not_held\s+\d+", text)
    page = html_path.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 2
    assert "Plan a wykonanie według sekcji" in page and "zadanie włączone w 2021 roku" in page
    assert '<html lang="pl">' in page and "wygenerowano 20" in page and str(warehouse_file) in page
    assert "<th>Dokument</th>" in page and "<th>document</th>" not in page  # human headers
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page, flags=re.S)
    assert not [c for c in cells if c.strip() in ("NA", "&lt;NA&gt;", "None", "nan", "NaN", "NaT")]
    assert "\\n" not in page


def test_report_figures(warehouse_file: Path) -> None:
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        report = build_report(con)
        facts = con.execute("SELECT count(*) FROM v_facts").fetchall()[0][0]
    assert report.totals["facts"] == facts
    assert report.totals["documents"] == 4 and report.totals["failed"] == 1
    outcomes = dict(
        report.plan_outcomes.groupby("outcome")["pairs"].sum().items()
    )  # seed 000: most planned figures have an actual in the same measure
    assert outcomes["plan met (>= 100%)"] + outcomes["below plan"] > 100
    assert "state only (not_held)" in outcomes
    report.charts = make_charts(report)
    assert set(report.charts) == {"Plan vs actual by section", "Facts per document by kind"}
    assert "Failed documents (1)" in render_text(report)
    assert '<h2 id="bledy">Pliki z błędem (1)</h2>' in render_html(report)


def test_report_fail_on_for_ci(
    warehouse_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = str(tmp_path / "r.html")
    assert main(["report", "--db", str(warehouse_file), "--html", html, "--fail-on", "failed"]) == 1
    assert "--fail-on failed: 1 documents that failed to load" in capsys.readouterr().err
    assert (
        main(["report", "--db", str(warehouse_file), "--html", html, "--json", "--fail-on", "low-confidence"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["fail_on"] == {"low-confidence": 0} and out["totals"]["failed"] == 1
    assert main(["report", "--db", str(warehouse_file), "--fail-on", "everything"]) == 2
    assert "unknown check 'everything': choose from failed, warnings" in capsys.readouterr().err


def test_cell_text_leaves_missing_values_blank() -> None:
    from raporty.quality.report import cell_text

    assert [cell_text(v) for v in (None, pd.NA, float("nan"), pd.NaT)] == ["", "", "", ""]
    assert cell_text(["MOPS", None, "UMK"]) == "MOPS, UMK"
    assert cell_text(True) == "tak" and cell_text(12.0) == "12" and cell_text(1839660.39) == "1 839 660,39"
    assert cell_text("a\\nb\nc") == "a b c"
    assert cell_text("not_held", "status") == "nie odbyło się" and cell_text("budget", "kind") == "budżet"


def test_export_csv_and_xlsx_for_excel(warehouse_file: Path, tmp_path: Path, facts_count: int) -> None:
    csv_dir, workbook = tmp_path / "csv", tmp_path / "raporty.xlsx"
    assert main(["export", "--db", str(warehouse_file), "--csv", str(csv_dir), "--xlsx", str(workbook)]) == 0
    raw = (csv_dir / "v_facts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    facts = pd.read_csv(csv_dir / "v_facts.csv", sep=";", encoding="utf-8-sig", decimal=",")
    assert len(facts) == facts_count
    budget = facts[
        (facts.activity == "Prowadzenie poradnictwa rodzinnego i terapii") & (facts.kind == "budget")
    ]
    assert 1839660.39 in budget.value.tolist()
    assert "Miejski Ośrodek Pomocy Społecznej" in " ".join(facts.units.dropna())  # lists as text
    sheets = pd.read_excel(workbook, sheet_name=None)
    assert len(sheets["facts"]) == facts_count and {"programme_summary", "plan_vs_actual"} <= set(sheets)
    assert main(["export", "--db", str(warehouse_file), "--xlsx", str(workbook)]) == 2  # exists
    assert main(["export", "--db", str(warehouse_file), "--csv", str(csv_dir)]) == 2  # not empty
    assert (
        main(
            [
                "export",
                "--db",
                str(warehouse_file),
                "--csv",
                str(csv_dir),
                "--xlsx",
                str(workbook),
                "--overwrite",
            ]
        )
        == 0
    )
