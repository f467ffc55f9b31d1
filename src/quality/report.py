"""`raporty report`: a data-quality summary of the warehouse, in the terminal and as an HTML page.

It answers "how much can I trust what was loaded?": facts per document, failed documents and
why, value cells that gave no fact, status-only facts, low-confidence (OCR) facts, activities
planned but never reported, and how activities were linked across reports. The HTML page adds
charts (matplotlib PNGs embedded as base64): plan vs actual by section and facts per document.
Everything comes from the v_data_quality_* views and the analyst views (schema version 2).
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from raporty.settings import DB_HELP

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
    WHERE f.kind = 'planned'
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
        "value_cells, value_cells_without_facts, unplaced_text, warnings FROM v_data_quality_documents "
        "ORDER BY status DESC, document"
    )
    totals = {
        "documents": len(documents),
        "loaded": int((documents["status"] == "loaded").sum()),
        "failed": int((documents["status"] == "failed").sum()),
        "facts": int(documents["facts"].sum()),
        "status-only facts": int(documents["status_only_facts"].sum()),
        "facts read by OCR": int(documents["ocr_facts"].sum()),
        "low-confidence facts": int(documents["low_confidence_facts"].sum()),
        "value cells": int(documents["value_cells"].sum()),
        "value cells without facts": int(documents["value_cells_without_facts"].sum()),
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
                 WHERE f.activity_id = a.activity_id) AS documents
        FROM dim_activity a JOIN v_activity_series k ON k.activity_key = a.activity_key
        WHERE a.activity_key <> a.activity_id
          AND EXISTS (SELECT 1 FROM fact_measure f WHERE f.activity_id = a.activity_id)
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
            "WHERE len(warnings) > 0 ORDER BY file_name"
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


def _png(fig) -> str:  # noqa: ANN001 - a matplotlib Figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


_OUTCOME_COLOURS = {
    "plan met": "#2e7d32",
    "below plan": "#f9a825",
    "no actual": "#c62828",
    "actual in another measure": "#1565c0",
    "state only": "#9e9e9e",
}


def make_charts(report: QualityReport) -> dict[str, str]:
    """Charts as base64 PNGs; empty when matplotlib is missing or there is nothing to draw."""
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        return {}
    charts: dict[str, str] = {}
    if not report.plan_outcomes.empty:
        table = report.plan_outcomes.pivot_table(
            index="section", columns="outcome", values="pairs", fill_value=0
        )
        colours = [_OUTCOME_COLOURS.get(name.split(" (")[0], "#999999") for name in table.columns]
        charts["Plan vs actual by section"] = _stacked_bars(
            table, "planned figures (activity × measure × year)", "section", colours
        )
    if not report.facts_by_kind.empty:
        table = report.facts_by_kind.pivot_table(
            index="document", columns="kind", values="facts", fill_value=0
        )
        charts["Facts per document by kind"] = _stacked_bars(table, "facts", "")
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


def _html_table(df: pd.DataFrame) -> str:
    if df.empty:
        return "<p><em>none</em></p>"
    shown = df.head(HTML_ROWS)
    note = f"<p>first {HTML_ROWS} of {len(df)}</p>" if len(df) > HTML_ROWS else ""
    return shown.to_html(index=False, na_rep="", escape=True, border=0, classes="t") + note


def render_html(report: QualityReport) -> str:
    head = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>raporty — data quality</title>"
        "<style>body{font-family:sans-serif;margin:2em;max-width:80em}table.t{border-collapse:collapse;"
        "font-size:90%}table.t td,table.t th{border:1px solid #ccc;padding:2px 6px;text-align:left;"
        "vertical-align:top}h2{margin-top:1.5em}</style></head><body><h1>Data-quality report</h1>"
    )
    totals = pd.DataFrame({"figure": list(report.totals), "value": list(report.totals.values())})
    body = [head, _html_table(totals)]
    for title, png in report.charts.items():
        body.append(
            f"<h2>{html.escape(title)}</h2><img alt='{html.escape(title)}' src='data:image/png;base64,{png}'>"
        )
    for title, df in [
        ("Facts per document", report.documents),
        ("Failed documents", report.failed),
        ("Extraction warnings", report.warnings),
        ("Status-only facts by status", report.status_counts),
        ("Status-only facts", report.status_only),
        ("Value cells that gave no fact", report.empty_cells),
        ("Low-confidence facts (OCR confidence < 60)", report.low_confidence),
        ("Activities with a plan but no actual", report.plan_without_actual),
        ("Activities linked to an earlier name (lowest confidence first)", report.linked),
        ("Plan vs actual by section", report.plan_outcomes),
    ]:
        body.append(f"<h2>{html.escape(title)} ({len(df)})</h2>{_html_table(df)}")
    body.append("</body></html>")
    return "\n".join(body)


# command ------------------------------------------------------------------------------------------


def _cmd_report(args: argparse.Namespace) -> int:
    from raporty.load.warehouse import open_for_reading

    with open_for_reading(args.db) as con:  # a missing or busy warehouse: one line from cli.main
        report = build_report(con)
    sys.stdout.write(render_text(report))
    if args.html is not None:
        report.charts = make_charts(report)
        out = Path(args.html)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_html(report), encoding="utf-8")
        print(f"\nHTML report: {out}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("report", help="data-quality summary of the warehouse (terminal and HTML)")
    p.add_argument("--db", type=Path, default=None, help=DB_HELP)
    p.add_argument(
        "--html", type=Path, default=Path(DEFAULT_HTML), help=f"HTML file to write (default {DEFAULT_HTML})"
    )
    p.set_defaults(func=_cmd_report)
