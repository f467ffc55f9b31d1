"""One report counted once: data/raw/ ships the MOPS 2021 annex as DOCX, text PDF and text export.

v_facts and every summary view count one rendition (DOCX > text PDF > text export > scan); the
others stay in v_facts_all. "w tym" breakdown rows are flagged (is_part) and left out of sums.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from raporty.ingest import ingest, open_warehouse

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
ANNEX = "mops_krakow_2021_annex"
PROGRAMME_2021 = "Program Wspierania Rodziny dla Gminy Miejskiej Kraków na lata 2019-2021"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/raw/ as shipped, ingested into a fresh warehouse."""
    folder = tmp_path_factory.mktemp("shipped")
    raw = Path(shutil.copytree(RAW, folder / "raw"))
    db = folder / "raporty.duckdb"
    with open_warehouse(db) as warehouse:
        outcomes = ingest([raw], warehouse)
    assert {o.status for o in outcomes} == {"loaded"}, [(o.path.name, o.error) for o in outcomes]
    return db


@pytest.fixture
def con(shipped: Path):
    connection = duckdb.connect(str(shipped), read_only=True)
    yield connection
    connection.close()


def _one(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    return con.execute(sql, list(params)).fetchall()[0][0]


def test_the_three_renditions_are_one_report_and_the_docx_is_counted(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT file_name, rendition_rank, superseded, report_id = min(report_id) OVER () FROM dim_document "
        "WHERE file_name LIKE ? ORDER BY rendition_rank",
        [ANNEX + ".%"],
    ).fetchall()
    assert rows == [
        (f"{ANNEX}.docx", 1, False, True),
        (f"{ANNEX}.pdf", 2, True, True),
        (f"{ANNEX}.txt", 3, True, True),
    ]
    assert _one(con, "SELECT count(DISTINCT report_id) FROM dim_document") == 3  # + the two other reports
    assert {r[0] for r in con.execute("SELECT DISTINCT document FROM v_facts").fetchall()} == {
        f"{ANNEX}.docx",
        "pcpr_strategy_monitoring_2023.docx",
        "program_wspierania_rodziny_2025_2027.txt",
    }
    assert _one(con, "SELECT count(DISTINCT document) FROM v_facts_all") == 5
    quality = con.execute(
        "SELECT document, superseded, rendition_of FROM v_data_quality_documents WHERE document LIKE ? ORDER BY 1",
        [ANNEX + ".%"],
    ).fetchall()
    assert quality == [
        (f"{ANNEX}.docx", False, None),
        (f"{ANNEX}.pdf", True, f"{ANNEX}.docx"),
        (f"{ANNEX}.txt", True, f"{ANNEX}.docx"),
    ]


def test_every_view_gives_one_renditions_budget(con: duckdb.DuckDBPyConnection) -> None:
    one_rendition = _one(
        con,
        "SELECT sum(value) FROM v_facts_all WHERE document = ? AND kind = 'budget' AND value_type = 'money' "
        "AND NOT is_part",
        f"{ANNEX}.pdf",
    )
    assert one_rendition == pytest.approx(34_078_257.21)
    v_facts = _one(
        con,
        "SELECT sum(value) FROM v_facts WHERE programme = ? AND year = 2021 AND kind = 'budget' "
        "AND value_type = 'money' AND NOT is_part",
        PROGRAMME_2021,
    )
    summary = con.execute(
        "SELECT budget_total, documents, renditions FROM v_programme_summary WHERE programme = ? AND year = 2021",
        [PROGRAMME_2021],
    ).fetchall()
    by_unit = _one(
        con,
        "SELECT sum(unit_share) FROM v_budget_by_unit WHERE programme = ? AND year = 2021",
        PROGRAMME_2021,
    )
    # the README's "budgets per responsible unit" query, on the 2021 programme
    readme = _one(
        con,
        "SELECT sum(budget_zl) FROM (SELECT unnest(units) AS unit, sum(value) / len(units) AS budget_zl "
        "FROM v_facts WHERE kind = 'budget' AND value_type = 'money' AND NOT is_part AND programme = ? "
        "GROUP BY unit, units)",
        PROGRAMME_2021,
    )
    assert v_facts == pytest.approx(one_rendition)
    assert summary == [(pytest.approx(one_rendition), 1, 3)]
    assert by_unit == pytest.approx(one_rendition)
    assert readme == pytest.approx(one_rendition)


def test_plan_vs_actual_counts_one_rendition(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT planned, actual, planned_document FROM v_plan_vs_actual "
        "WHERE activity = 'Prowadzenie poradnictwa rodzinnego i terapii' AND measure = 'usługa' AND year = 2021"
    ).fetchall()
    assert rows == [(10600.0, 12271.0, f"{ANNEX}.docx")]
    planned = _one(
        con,
        "SELECT sum(value) FROM v_facts WHERE activity = 'Prowadzenie poradnictwa rodzinnego i terapii' "
        "AND kind = 'planned' AND year = 2021 AND NOT is_part",
    )
    assert planned == 10600.0


def test_breakdown_rows_are_flagged(con: duckdb.DuckDBPyConnection) -> None:
    """ "5.531 porad PCPR: 441 porad SPPPPK: 4915porad GOPS: 175 porad": one total, three parts."""
    rows = con.execute(
        "SELECT value, is_part FROM v_facts WHERE measure = 'porada' AND raw_text LIKE 'Wzrost 5.531 porad%' "
        "ORDER BY value DESC"
    ).fetchall()
    assert rows == [(5531.0, False), (4915.0, True), (441.0, True), (175.0, True)]
    assert sum(value for value, part in rows if part) == sum(value for value, part in rows if not part)


def test_removing_the_counted_rendition_promotes_the_next(shipped: Path, tmp_path: Path) -> None:
    db = Path(shutil.copy(shipped, tmp_path / "copy.duckdb"))
    with open_warehouse(db) as warehouse:
        assert warehouse.remove([f"{ANNEX}.docx", "not-there.pdf"]) == [f"{ANNEX}.docx"]
        con = warehouse.con
        assert (
            _one(
                con,
                "SELECT count(*) FROM fact_measure WHERE document_id NOT IN "
                "(SELECT document_id FROM dim_document)",
            )
            == 0
        )
        assert con.execute(
            "SELECT DISTINCT document FROM v_facts WHERE document LIKE ?", [ANNEX + ".%"]
        ).fetchall() == [(f"{ANNEX}.pdf",)]
        assert _one(
            con,
            "SELECT budget_total FROM v_programme_summary WHERE year = 2021 AND programme = ?",
            PROGRAMME_2021,
        ) == pytest.approx(34_078_257.21)
        assert (
            _one(
                con,
                "SELECT status FROM ingest_log WHERE file_name = ? ORDER BY run_at DESC LIMIT 1",
                f"{ANNEX}.docx",
            )
            == "removed"
        )


def test_the_quality_report_lists_one_rendition_per_report(con: duckdb.DuckDBPyConnection) -> None:
    from raporty.quality.report import build_report, render_html

    report = build_report(con)
    assert report.totals["facts"] == _one(con, "SELECT count(*) FROM v_facts")
    assert report.totals["documents"] == 5 and report.totals["reports"] == 3
    for part in (report.status_only, report.empty_cells, report.facts_by_kind):
        assert not part.empty
        assert not [d for d in part["document"] if d in (f"{ANNEX}.pdf", f"{ANNEX}.txt")]
    page = render_html(report, warehouse="w.duckdb", generated="2026-01-01 10:00")
    # the other renditions appear once, in the list of files, and nowhere else
    assert page.count(f"<td>{ANNEX}.pdf</td>") == page.count(f"<td>{ANNEX}.txt</td>") == 1


def test_reports_from_one_template_with_other_figures_stay_apart(tmp_path: Path) -> None:
    """The same activities with other numbers (next year's report on the same template, a synthetic
    corpus) are two reports; the same report with one figure corrected is one (the later counts)."""
    import re

    text = (RAW / f"{ANNEX}.txt").read_text(encoding="utf-8")
    other = re.sub(r"(?<!\d)(\d{1,3})(?!\d)", lambda m: str(int(m.group(1)) + 1), text)
    corrected = text.replace("12 271", "12 272", 1)
    assert other != text and corrected != text
    folder = tmp_path / "raw"
    folder.mkdir()
    for name, content in (
        ("a_original.txt", text),
        ("b_other_figures.txt", other),
        ("c_corrected.txt", corrected),
    ):
        (folder / name).write_text(content, encoding="utf-8")
    with open_warehouse(tmp_path / "w.duckdb") as warehouse:
        assert {o.status for o in ingest([folder], warehouse)} == {"loaded"}
        rows = warehouse.con.execute(
            "SELECT file_name, report_id, superseded FROM dim_document ORDER BY file_name"
        ).fetchall()
    assert rows == [
        ("a_original.txt", 1, True),
        ("b_other_figures.txt", 2, False),
        ("c_corrected.txt", 1, False),
    ]


def test_readme_and_example_budget_queries_give_one_renditions_total(con: duckdb.DuckDBPyConnection) -> None:
    """The README's "budgets per responsible unit" and examples/queries.sql no. 3, as written."""
    import re

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    query = re.search(r"-- budgets per responsible unit[^\n]*\n(.*?;)", readme, flags=re.S).group(1)
    examples = (root / "examples" / "queries.sql").read_text(encoding="utf-8")
    query_3 = re.search(r"^-- 3\. .*?\n(SELECT.*?;)", examples, flags=re.S | re.M).group(1)
    per_report = _one(
        con,
        "SELECT sum(value) FROM v_facts_all WHERE NOT superseded AND kind = 'budget' AND value_type = 'money' "
        "AND NOT is_part",
    )
    assert per_report == pytest.approx(34_078_257.21 + 58_647_920.0)
    assert sum(row[1] for row in con.execute(query).fetchall()) == pytest.approx(per_report)
    assert sum(row[3] for row in con.execute(query_3).fetchall()) == pytest.approx(per_report)
