"""Analyst and data-quality views, checked on figures read by hand from the fixture reports.

Seed 000 (MOPS Kraków 2021 annex), row "Bezpłatne wsparcie psychologiczne rodzin z dziećmi do lat 3":
planned "400 rodzin objętych wsparciem", actual "830 rodzin objętych wsparciem" → realisation 2.075.
Row "Prowadzenie poradnictwa rodzinnego i terapii": planned 10 600 usług, actual 12 271 usług,
budget 1 839 660,39 zł. Row "Chustowe spotkania w ARTzonie…": actual "Z uwagi na stan epidemii
wydarzenie nie zostało zorganizowane" → not_held.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

ANNEX = "mops_krakow_2021_annex.txt"
MONITORING = "pcpr_strategy_monitoring_2023.docx"
PROGRAMME = "program_wspierania_rodziny_2025_2027.txt"
COUNSELLING = "Prowadzenie poradnictwa rodzinnego i terapii"


@pytest.fixture(scope="module")
def con(warehouse_file: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(warehouse_file), read_only=True)
    yield connection
    connection.close()


def test_plan_vs_actual_realisation(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT measure, value_type, year, planned, actual, realisation, planned_document, actual_document "
        "FROM v_plan_vs_actual WHERE activity = 'Bezpłatne wsparcie psychologiczne rodzin z dziećmi do lat 3'"
    ).fetchall()
    assert rows == [("rodzina", "count", 2021, 400.0, 830.0, pytest.approx(2.075), ANNEX, ANNEX)]
    counselling = con.execute(
        "SELECT planned, actual, round(realisation, 4) FROM v_plan_vs_actual WHERE activity = ? AND measure = 'usługa'",
        [COUNSELLING],
    ).fetchall()
    assert counselling == [(10600.0, 12271.0, round(12271 / 10600, 4))]


def test_plan_vs_actual_carries_the_state_of_an_event_not_held(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT DISTINCT actual, realisation, actual_status FROM v_plan_vs_actual "
        "WHERE activity LIKE 'Chustowe spotkania w ARTzonie%'"
    ).fetchall()
    assert rows == [(None, None, "not_held")]


def test_activity_timeseries(con: duckdb.DuckDBPyConnection) -> None:
    """The same name in the 2021 annex and the 2025–2027 programme: one activity, one series."""
    rows = con.execute(
        "SELECT kind, year, year_end, value, measure, document FROM v_activity_timeseries "
        "WHERE activity = ? ORDER BY year, kind",
        [COUNSELLING],
    ).fetchall()
    assert rows == [
        ("actual", 2021, None, 12271.0, "usługa", ANNEX),
        ("budget", 2021, None, 1839660.39, "zł", ANNEX),
        ("planned", 2021, None, 10600.0, "usługa", ANNEX),
        ("budget", 2025, 2027, 6540600.0, "zł", PROGRAMME),
        ("target", 2025, None, 9910.0, "usługa", PROGRAMME),
        ("target", 2026, None, 9910.0, "usługa", PROGRAMME),
        ("target", 2027, None, 9910.0, "usługa", PROGRAMME),
    ]
    keys = con.execute(
        "SELECT DISTINCT activity_key, series FROM v_activity_timeseries WHERE activity = ?", [COUNSELLING]
    )
    assert keys.fetchall()[0][1] == COUNSELLING
    assert (
        con.execute("SELECT count(*) FROM v_activity_timeseries").fetchall()
        == con.execute("SELECT count(*) FROM v_facts").fetchall()
    )


def test_one_activity_across_programmes(con: duckdb.DuckDBPyConnection) -> None:
    """Seed 001 (2025–2027 programme, OCR) words "Organizacja spotkań z psychologiem" of the 2021
    annex as "Organizowanie spotkań z psychologiem": 10 meetings planned and held in 2021, 18 a
    year targeted for 2025–2027 — one series."""
    rows = con.execute(
        """
        SELECT kind, year, value, measure FROM v_activity_timeseries
        WHERE activity_key = (SELECT activity_key FROM v_activity_timeseries
                              WHERE activity = 'Organizacja spotkań z psychologiem' LIMIT 1)
          AND value IS NOT NULL
        ORDER BY year, kind
        """
    ).fetchall()
    assert rows == [
        ("actual", 2021, 10.0, "spotkanie"),
        ("planned", 2021, 10.0, "spotkanie"),
        ("target", 2025, 18.0, "spotkanie"),
        ("target", 2026, 18.0, "spotkanie"),
        ("target", 2027, 18.0, "spotkanie"),
    ]
    confidence = con.execute(
        "SELECT link_confidence FROM dim_activity WHERE name = 'Organizowanie spotkań z psychologiem'"
    ).fetchall()
    assert 0.8 <= confidence[0][0] < 1.0
    shared = con.execute(
        "SELECT count(*) FROM (SELECT activity_key FROM v_activity_timeseries "
        "GROUP BY activity_key HAVING count(DISTINCT document) = 2 AND bool_or(year = 2021) AND bool_or(year = 2025))"
    ).fetchall()[0][0]
    assert shared >= 20  # of the 27 hand-labelled same-activity pairs


def test_budget_by_unit_lists_a_shared_budget_once_per_unit(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT unit, value, unit_count, shared, unit_share FROM v_budget_by_unit WHERE activity = ? AND year = 2021",
        [COUNSELLING],
    ).fetchall()
    assert len(rows) >= 2  # the row names MOPS, a department and NGOs
    assert {row[1] for row in rows} == {1839660.39}
    assert all(row[2] == len(rows) and row[3] for row in rows)
    assert sum(row[4] for row in rows) == pytest.approx(1839660.39)
    assert len({row[0] for row in rows}) == len(rows)


def test_programme_summary_matches_the_facts(con: duckdb.DuckDBPyConnection) -> None:
    programme, facts, budget = con.execute(
        "SELECT any_value(programme), count(*), sum(value) FILTER (WHERE kind = 'budget' AND value_type = 'money') "
        "FROM v_facts WHERE document = ? AND year = 2021",
        [ANNEX],
    ).fetchall()[0]
    assert programme.startswith("Program Wspierania Rodziny")
    summary = con.execute(
        "SELECT documents, facts, budget_total, budget_multi_year, planned_facts > 0, actual_facts > 0 "
        "FROM v_programme_summary WHERE programme = ? AND year = 2021",
        [programme],
    ).fetchall()
    assert summary == [(1, facts, pytest.approx(budget), 0.0, True, True)]
    # every zloty is attributed to some unit (or to "no unit") exactly once
    shares = con.execute(
        "SELECT sum(unit_share) FROM v_budget_by_unit WHERE programme = ? AND year = 2021 AND NOT superseded",
        [programme],
    ).fetchall()[0][0]
    assert shares == pytest.approx(summary[0][2])


def test_data_quality_views(con: duckdb.DuckDBPyConnection) -> None:
    documents = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT document, status, error, facts, status_only_facts FROM v_data_quality_documents"
        ).fetchall()
    }
    assert documents["notatka.txt"][0] == "failed" and documents["notatka.txt"][1]
    annex = documents[ANNEX]
    facts_in_view = con.execute("SELECT count(*) FROM v_facts WHERE document = ?", [ANNEX]).fetchall()[0][0]
    assert annex[:3] == ("loaded", None, facts_in_view)
    status_only = con.execute(
        "SELECT count(*) FROM v_data_quality_facts WHERE document = ? AND issue = 'status_only'", [ANNEX]
    ).fetchall()[0][0]
    assert annex[3] == status_only > 5
    # A planned cell that only says when the task joined the programme gives no fact.
    empty = con.execute(
        "SELECT column_kind, year FROM v_data_quality_cells WHERE document = ? "
        "AND text = 'zadanie włączone w 2021 roku do Programu Wspierania Rodziny'",
        [ANNEX],
    ).fetchall()
    assert empty and set(empty) == {("planned", 2021)}


def test_plan_without_actual(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT activity, year FROM v_data_quality_plan_without_actual").fetchall()
    assert rows
    planned_only = {activity for activity, _ in rows}
    assert COUNSELLING not in planned_only
    for activity, year in rows:
        actual = con.execute(
            "SELECT count(*) FROM v_activity_timeseries WHERE series = ? AND kind = 'actual' AND year = ?",
            [activity, year],
        ).fetchall()[0][0]
        assert actual == 0
