from pathlib import Path

from raporty.extract import extract_file
from raporty.models import ColumnKind

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "mops_krakow_2021_annex.txt"


def _rows(doc):
    for table in doc.tables:
        for row in table.rows:
            yield table, row


def test_text_export_tables_sections_and_roles():
    doc = extract_file(FIXTURE)
    assert doc.programme.startswith("Program Wspierania Rodziny dla Gminy Miejskiej Kraków")
    assert (doc.year_from, doc.year_to) == (2021, 2021)
    first = doc.tables[0]
    assert [c.kind for c in first.columns] == [
        ColumnKind.ACTIVITY,
        ColumnKind.UNIT,
        ColumnKind.PLANNED,
        ColumnKind.ACTUAL,
        ColumnKind.BUDGET,
    ]
    assert {c.year for c in first.columns if c.year} == {2021}
    assert doc.sections[first.section].code == "I.1"
    assert first.rows[0].text(0) == "Prowadzenie poradnictwa rodzinnego i terapii"
    assert first.rows[0].text(4) == "1 839 660,39 zł"


def test_continuation_line_is_merged_into_the_activity_above():
    doc = extract_file(FIXTURE)
    row = next(
        r for _, r in _rows(doc) if r.text(0).startswith("Prowadzenie i rozwijanie kanałów komunikacji")
    )
    assert "i Zdrowia, Miejski Ośrodek Pomocy Społecznej" in row.text(1)
    assert "4 000 innych materiałów informacyjnych" in row.text(2)


def test_rows_before_the_header_become_section_notes_not_activities():
    doc = extract_file(FIXTURE)
    activities = {r.text(0) for _, r in _rows(doc)}
    assert not any(a.startswith("Działania powiązane z") for a in activities)
    notes = [n for s in doc.sections for n in s.notes]
    assert any(n.startswith("Działania powiązane z") for n in notes)


def test_italic_note_is_a_section_note_not_a_value():
    doc = extract_file(FIXTURE)
    table, row = next(
        (t, r) for t, r in _rows(doc) if r.text(0).startswith("Organizowanie usług wzmacniających")
    )
    assert row.text(2) == ""  # the planned cell held only the italic note
    assert any("zadanie włączone w 2020 roku" in n for n in doc.sections[table.section].notes)


def test_cell_per_line_export_gives_the_same_rows_as_the_word_document():
    fixtures = FIXTURE.parents[1]
    text = extract_file(fixtures / "text" / "pcpr_strategy_monitoring_2023.txt")
    word = extract_file(fixtures / "docx" / "pcpr_strategy_monitoring_2023.docx")

    def cells(doc):
        return [[" ".join(c.text.split()) for c in r.cells] for t in doc.tables for r in t.rows]

    assert len(cells(text)) == 80
    assert cells(text) == cells(word)
    assert text.sections[text.tables[0].section].code == "Cel operacyjny 1"


def _text_doc(tmp_path: Path, text: str):
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    return extract_file(path)


def test_page_furniture_inside_a_table_is_skipped_and_the_row_continues(tmp_path: Path) -> None:
    text = (
        "Działanie\tJednostka\tRealizacja w 2O23 roku\n"
        "Prowadzenie klubu dla osób\tMOPS\t3O0 spotkań\n"
        "\nStrona 4 z 9\n\f\n"
        "starszych i samotnych\t\t\n"
        "Organizacja warsztatów\tPCPR\t1l0 porad\n"
        "\n– 5 –\n\n"
        "Wsparcie rodzin zastępczych\tPCPR\t7 rodzin\n"
    )
    doc = _text_doc(tmp_path, text)
    assert len(doc.tables) == 1 and not doc.unparsed
    table = doc.tables[0]
    assert table.columns[2].year == 2023  # "2O23": a letter read for a digit
    assert [r.text(0) for r in table.rows] == [
        "Prowadzenie klubu dla osób\nstarszych i samotnych",
        "Organizacja warsztatów",
        "Wsparcie rodzin zastępczych",
    ]
    assert [r.text(2) for r in table.rows] == ["300 spotkań", "110 porad", "7 rodzin"]


def test_a_wrapped_line_of_name_and_cells_joins_the_row_a_numerator_row_does_not(tmp_path: Path) -> None:
    text = (
        "Działanie\tRealizacja w 2023 roku\tRealizacja w 2024 roku\n"
        "Prowadzenie klubu dla osób\tGOPS: 4 spotkania,\t12 porad\n"
        "starszych i samotnych\tMOPS: 9 spotkań\tudzielonych w siedzibie\n"
        "liczba rodzin objętych pomocą\t34\t36\n"
    )
    rows = _text_doc(tmp_path, text).tables[0].rows
    assert [r.text(0) for r in rows] == [
        "Prowadzenie klubu dla osób\nstarszych i samotnych",
        "liczba rodzin objętych pomocą",
    ]
    assert rows[0].text(1) == "GOPS: 4 spotkania,\nMOPS: 9 spotkań"


def test_headers_of_an_ocr_text_export_are_read_repaired(tmp_path):
    # diacritics lost and "d" read as "cl": "Wartosc clocelowa" is "Wartość docelowa" (a target)
    text = (
        "Sprawozdanie z realizacji programu wspierania rodziny\n\nCel 1. Wsparcie rodzin z dziecmi\n\n"
        "Lp.\tNazwa dzialania\tWartosc clocelowa 2026\tWykonanie w 2024 roku\tRealizator\n"
        "1.\tProwadzenie swietlicy srodowiskowej dla dzieci\t40 dzieci\t36 dzieci\tOsrodek Pomocy Spolecznej\n"
        "2.\tPoradnictwo rodzinne dla rodzicow\t120 porad\t98 porad\tPowiatowe Centrum Pomocy Rodzinie\n"
    )
    path = tmp_path / "ocr_export.txt"
    path.write_text(text, encoding="utf-8")
    table = extract_file(path).tables[0]
    assert [(c.kind, c.year) for c in table.columns[2:4]] == [
        (ColumnKind.TARGET, 2026),
        (ColumnKind.ACTUAL, 2024),
    ]


def test_page_marks_of_a_text_export_are_furniture():
    from raporty.extract.text.export import is_page_mark

    assert all(
        is_page_mark(t) for t in ("7", "– 7 –", "[7]", "(7)", "Strona 7 z 24", "str. 7", "7 / 24", "\f")
    )
    assert not any(is_page_mark(t) for t in ("12 osób", "7]", "Cel 7", "7 szkoleń"))


def _rows_of(tmp_path, body: str) -> list[list[str]]:
    head = "Sprawozdanie z realizacji programu\n\nCel 1. Wsparcie rodzin\n\n"
    head += "Planowane działania\tWartość bazowa\tWartość do osiągnięcia w 2026 r.\tRealizacja w 2023 roku\tRealizator\n"
    path = tmp_path / "rows.txt"
    path.write_text(head + body, encoding="utf-8")
    table = extract_file(path).tables[0]
    return [[row.text(i) for i in range(len(table.columns))] for row in table.rows]


def test_a_line_going_on_with_a_list_left_open_is_the_rest_of_the_row(tmp_path):
    rows = _rows_of(
        tmp_path,
        "Klub seniora\t23 spotkania\t79%\t12 spotkań\tMOPS\n"
        "Kampania na rzecz przeciwdziałania przemocy\t2 umowy,\t6 umów\t43 umowy\tMOPS\n"
        "skierowana do osób starszych\t39 spotkań\t\t325 spotkań\t\n",
    )
    assert rows[1] == [
        "Kampania na rzecz przeciwdziałania przemocy\nskierowana do osób starszych",
        "2 umowy,\n39 spotkań", "6 umów", "43 umowy\n325 spotkań", "MOPS",
    ]  # fmt: skip
    assert len(rows) == 2


def test_a_name_going_on_after_a_bracketed_page_number_stays_in_its_row(tmp_path):
    rows = _rows_of(
        tmp_path,
        "Klub seniora\t23 spotkania\t79%\t12 spotkań\tMOPS\n"
        "Asystent rodziny w rodzinach\t82 godziny\t5 rodzin\t64 rodziny\tPCPR\n\n[15]\n\f\n"
        "przeżywających trudności\t\t\t\t\n",
    )
    assert rows[-1][0] == "Asystent rodziny w rodzinach\nprzeżywających trudności"


def test_text_saved_again_after_a_wrong_code_page_is_read_back(tmp_path):
    from raporty.extract.text.export import repair_misdecoding

    clean = "Ośrodek Pomocy Społecznej: wartość docelowa, 12 świadczeń, „Klub”, 120 m³ drewna – żywność"
    assert repair_misdecoding(clean) == clean
    import ftfy.bad_codecs  # noqa: F401 - registers the code page as Windows applications read it

    utf8_as_cp1252 = clean.encode("utf-8").decode("sloppy-windows-1252")  # "OÅ›rodek"
    assert repair_misdecoding(utf8_as_cp1252) == clean
    cp1250_as_cp1252 = "Oœrodek Pomocy Spo³ecznej: wartoœæ docelowa, 12 œwiadczeñ, ¿ywnoœæ"
    assert (
        repair_misdecoding(cp1250_as_cp1252)
        == "Ośrodek Pomocy Społecznej: wartość docelowa, 12 świadczeń, żywność"
    )
    path = tmp_path / "mojibake.txt"
    path.write_text(
        "Sprawozdanie z realizacji programu\n\nCel 1. Wsparcie rodzin\n\n"
        "Lp.\tDzia³anie\tRealizator\tWartoœæ docelowa 2026\n"
        "1.\tProwadzenie œwietlicy\tOœrodek Pomocy Spo³ecznej\t40 dzieci\n",
        encoding="utf-8",
    )
    table = extract_file(path).tables[0]
    assert table.columns[3].kind is ColumnKind.TARGET
    assert table.rows[0].text(2) == "Ośrodek Pomocy Społecznej"


def test_a_year_over_bare_kind_words_in_a_two_line_text_header(tmp_path):
    # the group names the year on the first line, its columns' kinds are bare words on the second
    path = tmp_path / "year_group.txt"
    path.write_text(
        "Sprawozdanie z realizacji programu\n\nCel 1. Wsparcie rodzin\n\n"
        "Lp.\tDziałanie\tW roku 2024\t\t\tRealizator\n"
        "\t\tzałożenia\trealizacja\tśrodki finansowe\t\n"
        "1.\tProwadzenie świetlicy\t40 dzieci\t36 dzieci\t1 200 zł\tMOPS\n"
        "2.\tPoradnictwo rodzinne\t120 porad\t98 porad\t3 400 zł\tPCPR\n",
        encoding="utf-8",
    )
    table = extract_file(path).tables[0]
    assert [(c.kind, c.year) for c in table.columns[2:5]] == [
        (ColumnKind.PLANNED, 2024), (ColumnKind.ACTUAL, 2024), (ColumnKind.BUDGET, 2024)
    ]  # fmt: skip
    assert len(table.rows) == 2


def test_a_name_tail_with_one_number_is_the_rest_of_the_row_a_breakdown_is_not(tmp_path):
    rows = _rows_of(
        tmp_path,
        "Telefon zaufania dla młodzieży\t39 godzin\t4 360 broszur\t750 broszur\tMOPS\n"
        "w oparciu o diagnozę potrzeb\t\t\t10 314 posiłków\t\n"
        "Klub seniora\t23 spotkania\t79%\t12 spotkań\tMOPS\n"
        "w tym spotkania on-line\t\t\t4\t\n",
    )
    assert rows[0][0] == "Telefon zaufania dla młodzieży\nw oparciu o diagnozę potrzeb"
    assert rows[0][3] == "750 broszur\n10 314 posiłków"
    assert [r[0] for r in rows[1:]] == ["Klub seniora", "w tym spotkania on-line"]
