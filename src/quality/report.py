"""`raporty report`: a data-quality summary of the warehouse, in the terminal and as an HTML page.

It answers "how much can I trust what was loaded?": facts per document, failed documents and
why, value cells that gave no fact, status-only facts, low-confidence (OCR) facts, activities
planned but never reported, and how activities were linked across reports. The HTML page adds
charts (matplotlib PNGs embedded as base64): plan vs actual by section and facts per document.
Everything comes from the v_data_quality_* views and the analyst views (schema version 2).
"""

from __future__ import annotations

import base64
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import duckdb
import pandas as pd

from raporty.cli_options import (
    BUSY,
    CONTEXT_SETTINGS,
    NO_WAREHOUSE,
    db_option,
    exit_codes,
    on_wait,
    wait_option,
)

DEFAULT_HTML = "data/warehouse/report.html"
#: Rows of examples shown per list in the terminal (the HTML page shows up to HTML_ROWS).
TERMINAL_ROWS = 10
HTML_ROWS = 500
_TEXT_WIDTH = 70

_PLAN_OUTCOME_SQL = """
WITH planned_sections AS (
    SELECT DISTINCT f.document_id, coalesce(a.activity_key, a.activity_id) AS activity_key,
           coalesce(split_part(s.path_code, ' / ', 1), '(no section)') AS top_section
    FROM fact_measure f
    JOIN dim_activity a USING (activity_id)
    LEFT JOIN dim_section s USING (section_id)
    JOIN dim_document d ON d.document_id = f.document_id
    WHERE f.kind = 'planned' AND NOT coalesce(d.superseded, false)
)
SELECT
    regexp_replace(p.top_section, '\\..*$', '') AS section,
    CASE
        WHEN v.actual IS NULL AND v.actual_status IS NOT NULL THEN 'state only (' || v.actual_status || ')'
        WHEN v.actual IS NULL AND EXISTS (
            SELECT 1 FROM v_activity_timeseries t
            WHERE t.activity_key = v.activity_key AND t.year = v.year AND t.kind = 'actual')
            THEN 'actual in another measure'
        WHEN v.actual IS NULL THEN 'no actual'
        WHEN v.realisation >= 1 THEN 'plan met (>= 100%)'
        ELSE 'below plan'
    END AS outcome,
    count(*) AS pairs
FROM v_plan_vs_actual v
JOIN dim_document d ON d.file_name = v.planned_document
JOIN planned_sections p ON p.document_id = d.document_id AND p.activity_key = v.activity_key
WHERE v.planned IS NOT NULL
GROUP BY ALL
ORDER BY section, outcome
"""


@dataclass
class QualityReport:
    """The report's content as DataFrames (one per part) plus headline figures."""

    totals: dict[str, int]
    documents: pd.DataFrame
    failed: pd.DataFrame
    empty_cells: pd.DataFrame
    status_only: pd.DataFrame
    status_counts: pd.DataFrame
    low_confidence: pd.DataFrame
    plan_without_actual: pd.DataFrame
    linked: pd.DataFrame
    plan_outcomes: pd.DataFrame
    facts_by_kind: pd.DataFrame
    warnings: pd.DataFrame
    charts: dict[str, str] = field(default_factory=dict)  # title → base64 PNG


def build_report(con: duckdb.DuckDBPyConnection) -> QualityReport:
    """Read every part of the report from the warehouse (schema version 2 or later)."""

    def frame(sql: str) -> pd.DataFrame:
        return con.execute(sql).df()

    documents = frame(
        "SELECT document, format, status, facts, status_only_facts, ocr_facts, low_confidence_facts, activities, "
        "value_cells, value_cells_without_facts, unplaced_text, warnings, rendition_of, encoding "
        "FROM v_data_quality_documents ORDER BY status DESC, document"
    )
    counted = documents[documents["rendition_of"].isna()]  # one rendition per report
    totals = {
        "documents": len(documents),
        "reports": int(
            con.execute(
                "SELECT count(DISTINCT coalesce(report_id, document_id)) FROM dim_document WHERE status = 'loaded'"
            ).fetchall()[0][0]
        ),
        "loaded": int((documents["status"] == "loaded").sum()),
        "failed": int((documents["status"] == "failed").sum()),
        "facts": int(counted["facts"].sum()),
        "status-only facts": int(counted["status_only_facts"].sum()),
        "facts read by OCR": int(counted["ocr_facts"].sum()),
        "low-confidence facts": int(counted["low_confidence_facts"].sum()),
        "value cells": int(counted["value_cells"].sum()),
        "value cells without facts": int(counted["value_cells_without_facts"].sum()),
    }
    plan_without_actual = frame(
        "SELECT activity, year, planned_facts, documents FROM v_data_quality_plan_without_actual "
        "ORDER BY documents, activity"
    )
    totals["planned, no actual"] = len(plan_without_actual)
    linked = frame(
        """
        SELECT k.series, a.name AS activity, a.link_confidence,
               (SELECT string_agg(DISTINCT d.file_name, ', ') FROM fact_measure f JOIN dim_document d USING (document_id)
                 WHERE f.activity_id = a.activity_id AND NOT coalesce(d.superseded, false)) AS documents
        FROM dim_activity a JOIN v_activity_series k ON k.activity_key = a.activity_key
        WHERE a.activity_key <> a.activity_id
          AND EXISTS (SELECT 1 FROM fact_measure f JOIN dim_document d USING (document_id)
                      WHERE f.activity_id = a.activity_id AND NOT coalesce(d.superseded, false))
        ORDER BY a.link_confidence, k.series
        """
    )
    totals["activities linked to an earlier name"] = len(linked)
    return QualityReport(
        totals=totals,
        documents=documents,
        failed=frame(
            "SELECT document, format, error FROM v_data_quality_documents WHERE status = 'failed' ORDER BY document"
        ),
        empty_cells=frame(
            "SELECT document, page, row_index AS row, column_kind AS kind, year, text FROM v_data_quality_cells "
            "ORDER BY document, table_index, row_index, col_index"
        ),
        status_only=frame(
            "SELECT document, activity, kind, year, status, raw_text FROM v_data_quality_facts "
            "WHERE issue = 'status_only' ORDER BY document, \"row\""
        ),
        status_counts=frame(
            "SELECT coalesce(status, '(none)') AS status, count(*) AS facts FROM v_data_quality_facts "
            "WHERE issue = 'status_only' GROUP BY ALL ORDER BY facts DESC, status"
        ),
        low_confidence=frame(
            "SELECT document, page, activity, kind, value, measure, round(confidence, 1) AS confidence, raw_text "
            "FROM v_data_quality_facts WHERE issue = 'low_confidence' ORDER BY confidence, document"
        ),
        plan_without_actual=plan_without_actual,
        linked=linked,
        plan_outcomes=frame(_PLAN_OUTCOME_SQL),
        facts_by_kind=frame(
            "SELECT document, kind, count(*) AS facts FROM v_facts GROUP BY ALL ORDER BY document, kind"
        ),
        warnings=frame(
            "SELECT file_name AS document, unnest(warnings) AS warning FROM dim_document "
            "WHERE len(warnings) > 0 AND NOT coalesce(superseded, false) ORDER BY file_name"
        ),
    )


# terminal -----------------------------------------------------------------------------------------


def _shorten(value: object, width: int = _TEXT_WIDTH) -> object:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text if len(text) <= width else text[: width - 1] + "…"
    return value


def _table(df: pd.DataFrame, limit: int | None = TERMINAL_ROWS) -> str:
    if df.empty:
        return "  (none)"
    shown = df if limit is None else df.head(limit)
    shown = shown.astype(object).where(shown.notna(), "")
    text = shown.apply(lambda column: column.map(_shorten)).to_string(index=False)
    more = "" if limit is None or len(df) <= limit else f"\n  … {len(df) - limit} more (see the HTML report)"
    return "\n".join("  " + line for line in text.splitlines()) + more


def render_text(report: QualityReport) -> str:
    width = max(len(name) for name in report.totals)
    parts = ["Data-quality report", ""]
    parts += [f"  {name:<{width}}  {value:>8}" for name, value in report.totals.items()]
    sections = [
        ("Facts per document", report.documents, None),
        ("Failed documents", report.failed, None),
        ("Extraction warnings", report.warnings, TERMINAL_ROWS),
        ("Status-only facts by status", report.status_counts, None),
        ("Value cells that gave no fact", report.empty_cells, TERMINAL_ROWS),
        ("Low-confidence facts (OCR confidence < 60)", report.low_confidence, TERMINAL_ROWS),
        ("Activities with a plan but no actual", report.plan_without_actual, TERMINAL_ROWS),
        ("Plan vs actual by section", report.plan_outcomes, None),
    ]
    for title, df, limit in sections:
        parts += ["", f"{title} ({len(df)})", _table(df, limit)]
    return "\n".join(parts) + "\n"


# HTML ---------------------------------------------------------------------------------------------

#: Polish labels: column headers, totals, chart titles, values of the coded columns.
HEADERS_PL = {
    "document": "Dokument",
    "format": "Format",
    "status": "Stan",
    "facts": "Fakty",
    "status_only_facts": "Fakty bez liczby",
    "ocr_facts": "Fakty z OCR",
    "low_confidence_facts": "Niepewne (OCR)",
    "activities": "Działania",
    "value_cells": "Komórki z wartościami",
    "value_cells_without_facts": "Komórki bez faktu",
    "unplaced_text": "Tekst poza tabelami",
    "warnings": "Ostrzeżenia",
    "rendition_of": "Liczona wersja",
    "encoding": "Kodowanie",
    "error": "Przyczyna",
    "page": "Strona",
    "row": "Wiersz",
    "kind": "Rodzaj",
    "year": "Rok",
    "text": "Tekst komórki",
    "activity": "Działanie",
    "raw_text": "Tekst źródłowy",
    "value": "Wartość",
    "measure": "Miara",
    "confidence": "Pewność OCR",
    "planned_facts": "Fakty planowane",
    "documents": "Dokumenty",
    "series": "Seria (nazwa wiodąca)",
    "link_confidence": "Pewność powiązania",
    "section": "Sekcja",
    "outcome": "Wynik",
    "pairs": "Liczba",
    "warning": "Ostrzeżenie",
    "figure": "Wskaźnik",
    "count": "Wartość",
}
TOTALS_PL = {
    "documents": "Pliki",
    "reports": "Raporty (jedna wersja liczona na raport)",
    "loaded": "Wczytane pliki",
    "failed": "Pliki z błędem",
    "facts": "Fakty",
    "status-only facts": "Fakty bez liczby (tylko stan)",
    "facts read by OCR": "Fakty odczytane przez OCR",
    "low-confidence facts": "Fakty o niskiej pewności OCR",
    "value cells": "Komórki z wartościami",
    "value cells without facts": "Komórki z wartościami bez faktu",
    "planned, no actual": "Zaplanowane bez wykonania",
    "activities linked to an earlier name": "Działania powiązane z wcześniejszą nazwą",
}
VALUES_PL = {
    "kind": {
        "planned": "plan",
        "actual": "wykonanie",
        "budget": "budżet",
        "baseline": "wartość bazowa",
        "target": "wartość docelowa",
    },
    "status": {
        "loaded": "wczytany",
        "failed": "błąd",
        "not_held": "nie odbyło się",
        "achieved": "osiągnięty",
        "not_achieved": "nieosiągnięty",
        "partially_achieved": "częściowo osiągnięty",
        "in_progress": "w realizacji",
        "continued": "kontynuowany",
        "postponed": "przełożony",
        "no_data": "brak danych",
        "not_applicable": "nie dotyczy",
        "(none)": "(brak)",
    },
}
_OUTCOMES_PL = {
    "plan met (>= 100%)": "plan wykonany (≥ 100%)",
    "below plan": "poniżej planu",
    "no actual": "brak wykonania",
    "actual in another measure": "wykonanie w innej mierze",
}
CHART_TITLES_PL = {
    "Plan vs actual by section": "Plan a wykonanie według sekcji",
    "Facts per document by kind": "Fakty w dokumentach według rodzaju",
}


def _outcome_pl(outcome: str) -> str:
    if outcome.startswith("state only ("):
        states = outcome.removeprefix("state only (").removesuffix(")").split(", ")
        return "tylko stan: " + ", ".join(VALUES_PL["status"].get(state, state) for state in states)
    return _OUTCOMES_PL.get(outcome, outcome)


def _png(fig) -> str:  # noqa: ANN001 - a matplotlib Figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


_OUTCOME_COLOURS = {
    "plan met": "#2e7d32",
    "below plan": "#f9a825",
    "no actual": "#c62828",
    "actual in another measure": "#1565c0",
}
#: States of "state only" outcomes, each its own colour (not one grey for all of them).
_STATE_COLOURS = ["#6a1b9a", "#8d6e63", "#00838f", "#9e9e9e", "#ad1457", "#558b2f", "#4527a0", "#ef6c00"]
_KIND_COLOURS = {
    "planned": "#1565c0",
    "actual": "#2e7d32",
    "budget": "#f9a825",
    "baseline": "#8d6e63",
    "target": "#6a1b9a",
}


def _outcome_colours(outcomes: list[str]) -> list[str]:
    colours, states = [], iter(_STATE_COLOURS * 4)
    for name in outcomes:
        colours.append(_OUTCOME_COLOURS.get(name.split(" (")[0]) or next(states))
    return colours


def make_charts(report: QualityReport) -> dict[str, str]:
    """Charts as base64 PNGs, with Polish labels; empty when matplotlib is missing or there is
    nothing to draw. Keys are the English titles (CHART_TITLES_PL gives the Polish ones)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["text.parse_math"] = False  # a '$' in a document name is text, not mathtext
    except ImportError:
        return {}
    charts: dict[str, str] = {}
    if not report.plan_outcomes.empty:
        table = report.plan_outcomes.pivot_table(
            index="section", columns="outcome", values="pairs", fill_value=0
        )
        colours = _outcome_colours(list(table.columns))
        table.columns = [_outcome_pl(name) for name in table.columns]
        charts["Plan vs actual by section"] = _stacked_bars(
            table, "zaplanowane wartości (działanie × miara × rok)", "sekcja", colours
        )
    if not report.facts_by_kind.empty:
        table = report.facts_by_kind.pivot_table(
            index="document", columns="kind", values="facts", fill_value=0
        )
        colours = [_KIND_COLOURS.get(kind, "#424242") for kind in table.columns]
        table.columns = [VALUES_PL["kind"].get(kind, kind) for kind in table.columns]
        charts["Facts per document by kind"] = _stacked_bars(table, "fakty", "", colours)
    return charts


def _stacked_bars(table: pd.DataFrame, xlabel: str, ylabel: str, colours: list[str] | None = None) -> str:
    """A horizontal stacked bar chart of a pivot table, as an embeddable PNG."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 0.4 * len(table) + 1.8))
    table.plot.barh(stacked=True, ax=ax, color=colours)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.invert_yaxis()
    ax.legend(fontsize="small", loc="lower right")
    png = _png(fig)
    plt.close(fig)
    return png


def cell_text(value: object, column: str = "") -> str:
    """A value as a reader wants it: missing values blank (never NA, None, nan), lists joined,
    yes/no in Polish, whole numbers without '.0', line breaks (real or a literal \n) as spaces,
    coded values (kind, status) in Polish."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    tolist = getattr(value, "tolist", None)  # numpy scalars and arrays
    if tolist is not None and not isinstance(value, (int, float)):
        return cell_text(tolist(), column)
    if isinstance(value, (list, tuple)):
        return ", ".join(text for text in (cell_text(item) for item in value) if text)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}".replace(",", " ")
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = " ".join(str(value).replace("\\n", " ").split())
    if column == "outcome":
        return _outcome_pl(text)
    return VALUES_PL.get(column, {}).get(text, text)


@dataclass
class _Part:
    anchor: str
    title: str
    count: int
    headers: list[str]
    rows: list[list[str]]
    more: int = 0
    note: str = ""


def _part(anchor: str, title: str, df: pd.DataFrame, note: str = "") -> _Part:
    shown = df.head(HTML_ROWS)
    return _Part(
        anchor=anchor,
        title=title,
        count=len(df),
        headers=[HEADERS_PL.get(column, column.replace("_", " ")) for column in df.columns],
        rows=[
            [cell_text(value, column) for column, value in zip(df.columns, row, strict=True)]
            for row in shown.itertuples(index=False, name=None)
        ],
        more=max(len(df) - HTML_ROWS, 0),
        note=note,
    )


TEMPLATE = """<!DOCTYPE html>
<html lang="pl">
<head>
<meta charset="utf-8">
<title>Raport jakości danych — raporty</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 78em; color: #222; padding: 0 1em }
h1 { margin-bottom: .2em } h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: .2em }
.meta { color: #555; margin-top: 0 } .note { color: #555; font-size: 90% }
table { border-collapse: collapse; font-size: 88% } td, th { border: 1px solid #ccc; padding: 3px 7px;
  text-align: left; vertical-align: top } th { background: #f3f3f3 } td.n { text-align: right; white-space: nowrap }
nav ol { columns: 2; font-size: 95% } img { max-width: 100% }
</style>
</head>
<body>
<h1>Raport jakości danych</h1>
<p class="meta">Hurtownia: <code>{{ warehouse }}</code> · wygenerowano {{ generated }}</p>
<table>
{% for label, value in totals %}<tr><th>{{ label }}</th><td class="n">{{ value }}</td></tr>
{% endfor %}</table>
<nav><h2>Spis treści</h2><ol>
{% for title, anchor in charts_toc %}<li><a href="#{{ anchor }}">{{ title }}</a></li>
{% endfor %}{% for part in parts %}<li><a href="#{{ part.anchor }}">{{ part.title }}</a> ({{ part.count }})</li>
{% endfor %}</ol></nav>
{% for title, anchor, png in charts %}
<h2 id="{{ anchor }}">{{ title }}</h2>
<img alt="{{ title }}" src="data:image/png;base64,{{ png }}">
{% endfor %}
{% for part in parts %}
<h2 id="{{ part.anchor }}">{{ part.title }} ({{ part.count }})</h2>
{% if part.note %}<p class="note">{{ part.note }}</p>{% endif %}
{% if part.rows %}<table>
<tr>{% for header in part.headers %}<th>{{ header }}</th>{% endfor %}</tr>
{% for row in part.rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% if part.more %}<p class="note">… i {{ part.more }} więcej (pierwsze {{ part.rows|length }} z {{ part.count }})</p>{% endif %}
{% else %}<p><em>brak</em></p>{% endif %}
{% endfor %}
</body>
</html>
"""


def render_html(report: QualityReport, warehouse: str = "", generated: str | None = None) -> str:
    """The report as one HTML page in Polish (a jinja2 template; values escaped)."""
    from datetime import datetime

    import jinja2

    generated = generated or datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    parts = [
        _part(
            "dokumenty",
            "Fakty w dokumentach",
            report.documents,
            "Każdy wczytany plik. Gdy ten sam raport wczytano w kilku formatach, liczona jest jedna wersja "
            "(DOCX > PDF tekstowy > eksport tekstowy > skan); kolumna „Liczona wersja” wskazuje ją przy pozostałych.",
        ),
        _part("bledy", "Pliki z błędem", report.failed),
        _part("ostrzezenia", "Ostrzeżenia ekstrakcji", report.warnings),
        _part("stany", "Fakty bez liczby według stanu", report.status_counts),
        _part("bez-liczby", "Fakty bez liczby", report.status_only),
        _part("komorki", "Komórki z wartościami, z których nie odczytano faktu", report.empty_cells),
        _part("ocr", "Fakty o niskiej pewności OCR (poniżej 60)", report.low_confidence),
        _part("bez-wykonania", "Działania z planem, bez wykonania", report.plan_without_actual),
        _part(
            "powiazania", "Działania powiązane z wcześniejszą nazwą (najmniej pewne najpierw)", report.linked
        ),
        _part("plan-wykonanie", "Plan a wykonanie według sekcji: liczby", report.plan_outcomes),
    ]
    charts = [
        (CHART_TITLES_PL.get(title, title), f"wykres-{i}", png)
        for i, (title, png) in enumerate(report.charts.items(), start=1)
    ]
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(TEMPLATE).render(
        warehouse=warehouse,
        generated=generated,
        totals=[(TOTALS_PL.get(name, name), cell_text(value)) for name, value in report.totals.items()],
        charts=charts,
        charts_toc=[(title, anchor) for title, anchor, _ in charts],
        parts=parts,
    )


# command ------------------------------------------------------------------------------------------

#: What `report --fail-on` can check: name → (totals key, what it means).
FAIL_ON = {
    "failed": ("failed", "documents that failed to load"),
    "warnings": (None, "extraction warnings"),
    "empty-cells": ("value cells without facts", "value cells that gave no fact"),
    "low-confidence": ("low-confidence facts", "facts read by OCR with confidence below 60"),
    "plan-without-actual": ("planned, no actual", "activities planned but never reported"),
    "status-only": ("status-only facts", "facts with a state and no number"),
}


def _findings(report: QualityReport, checks: list[str]) -> dict[str, int]:
    found = {}
    for check in checks:
        key = FAIL_ON[check][0]
        found[check] = len(report.warnings) if key is None else int(report.totals[key])
    return found


class FailOn(click.ParamType):
    """A comma-separated list of the checks of FAIL_ON."""

    name = "CHECK[,CHECK…]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> list[str]:
        if isinstance(value, list):
            return value
        checks = [c.strip() for c in str(value).split(",") if c.strip()]
        unknown = [c for c in checks if c not in FAIL_ON]
        if unknown or not checks:
            self.fail(
                f"unknown check {', '.join(unknown) or value!r}: choose from {', '.join(FAIL_ON)}", param, ctx
            )
        return checks


@click.command(
    "report",
    context_settings=CONTEXT_SETTINGS,
    epilog=exit_codes((0, "ok"), (1, "a --fail-on check found something"), NO_WAREHOUSE, BUSY)
    + "\n\n\b\n--fail-on checks:\n"
    + "\n".join(f"  {name:<20}{meaning}" for name, (_, meaning) in FAIL_ON.items()),
)
@db_option
@click.option(
    "--html",
    type=click.Path(path_type=Path),
    default=Path(DEFAULT_HTML),
    show_default=True,
    help="HTML file to write",
)
@click.option(
    "--fail-on",
    type=FailOn(),
    default=None,
    help="exit 1 when any of these finds something (for CI), e.g. failed,low-confidence",
)
@click.option("--json", "as_json", is_flag=True, help="print the totals (and --fail-on results) as JSON")
@wait_option
def command(db: Path | None, html: Path, fail_on: list[str] | None, as_json: bool, wait: float) -> int:
    """Data-quality summary of the warehouse: on the terminal (or as JSON), and as an HTML report."""
    import json

    from raporty.load.warehouse import open_for_reading
    from raporty.settings import settings

    shown_db = db or settings.db
    with open_for_reading(db, wait_seconds=wait, on_wait=on_wait) as con:  # missing, busy: one line
        report = build_report(con)
    findings = _findings(report, fail_on or [])
    failing = {check: n for check, n in findings.items() if n}
    if as_json:
        print(
            json.dumps(
                {
                    "warehouse": str(shown_db),
                    "html": str(html),
                    "totals": report.totals,
                    "fail_on": findings,
                    "failed": bool(failing),
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        sys.stdout.write(render_text(report))
    report.charts = make_charts(report)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(render_html(report, warehouse=str(shown_db)), encoding="utf-8")
    if not as_json:
        print(f"\nHTML report: {html}")
    for check, count in failing.items():
        print(f"raporty report: --fail-on {check}: {count} {FAIL_ON[check][1]}", file=sys.stderr)
    return 1 if failing else 0
