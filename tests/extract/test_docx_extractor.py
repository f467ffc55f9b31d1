from pathlib import Path

from raporty.extract import extract_file
from raporty.models import ColumnKind

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "docx"
ANNEX = FIXTURES / "mops_krakow_2021_annex.docx"
MONITORING = FIXTURES / "pcpr_strategy_monitoring_2023.docx"


def _labels(doc, col=0):
    return [" ".join(r.text(col).split()) for t in doc.tables for r in t.rows]


def test_docx_body_order_headings_and_activity_count():
    doc = extract_file(ANNEX)
    assert [s.code for s in doc.sections[:4]] == ["I", "I.1", "I.2", "1)"]
    assert len(_labels(doc)) == 185  # every activity row once: continuation rows and repeated headers merged
    assert len(set(_labels(doc))) >= 180


def test_docx_and_text_export_of_one_report_give_the_same_rows():
    text = extract_file(FIXTURES.parent / "text" / "mops_krakow_2021_annex.txt")
    assert _labels(extract_file(ANNEX)) == _labels(text)


def test_vertically_merged_and_label_only_continuations_join_the_row_above():
    doc = extract_file(ANNEX)
    rows = [r for t in doc.tables for r in t.rows]
    channels = next(r for r in rows if r.text(0).startswith("Prowadzenie i rozwijanie kanałów komunikacji"))
    assert channels.text(1).endswith("i Zdrowia, Miejski Ośrodek Pomocy Społecznej")
    assert not any(r.text(0).startswith("folklorystycznych") for r in rows)
    assert any(r.text(0).endswith("plastycznych, językowych") for r in rows)


def test_indicator_table_rows_sections_and_roles():
    doc = extract_file(MONITORING)
    tables = doc.tables
    assert sum(len(t.rows) for t in tables) == 80
    first = tables[0]
    kinds = [c.kind for c in first.columns]
    assert ColumnKind.INDICATOR in kinds and ColumnKind.STATUS in kinds
    actual = first.columns[kinds.index(ColumnKind.ACTUAL)]
    assert actual.year == 2023
    assert doc.sections[first.section].code == "Cel operacyjny 1"
    assert doc.sections[doc.sections[first.section].parent].code == "Cel strategiczny 1"
    # the merged "Kierunki działań" cell spans the goal's indicator rows
    activity_col = kinds.index(ColumnKind.ACTIVITY)
    assert len({r.text(activity_col) for r in first.rows}) == 1
