"""Word files as people get them (made-up reports, written with python-docx): a caption naming the
money scale, a table split at a page with its row broken in two, a file OCR software saved."""

from __future__ import annotations

from pathlib import Path

import docx

from raporty.extract import extract_file
from raporty.extract.columns import is_header_row, looks_like_data
from raporty.extract.tables import caption_scale
from raporty.models import ColumnKind
from raporty.normalize.document import document_facts
from raporty.polish.damage import has_ocr_traces

HEADER = ["Działanie", "Wykonanie 2023", "Nakład 2023"]


def _table(document: docx.document.Document, rows: list[list[str]], caption: str | None = None) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    if caption is not None:
        cells = table.add_row().cells
        cells[0].merge(cells[-1]).text = caption  # one cell spanning every column
    for texts in rows:
        for cell, text in zip(table.add_row().cells, texts, strict=True):
            cell.text = text


def _facts(path: Path) -> list[tuple]:
    return [
        (f.activity, f.kind, f.value, f.measure, f.value_type) for f in document_facts(extract_file(path))
    ]


def test_a_caption_spanning_the_table_names_the_scale_of_its_money_columns(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Cel 1. Wsparcie rodzin", level=1)
    _table(document, [HEADER, ["Prowadzenie klubu dla seniorów", "14 spotkań", "125,5"]], "(kwoty w tys. zł)")
    path = tmp_path / "caption.docx"
    document.save(str(path))
    table = extract_file(path).tables[0]
    assert [c.kind for c in table.columns] == [ColumnKind.ACTIVITY, ColumnKind.ACTUAL, ColumnKind.BUDGET]
    assert table.columns[2].header == "Nakład 2023 (w tys. zł)"
    assert _facts(path) == [
        ("Prowadzenie klubu dla seniorów", "actual", 14.0, "spotkanie", "count"),
        ("Prowadzenie klubu dla seniorów", "budget", 125_500.0, "zł", "money"),
    ]


def test_a_caption_paragraph_before_the_table_names_the_scale(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Tabela 4. Wydatki na działania w mln zł")
    _table(document, [HEADER, ["Remont świetlicy osiedlowej", "1 świetlica", "2,4"]])
    path = tmp_path / "paragraph.docx"
    document.save(str(path))
    assert ("Remont świetlicy osiedlowej", "budget", 2_400_000.0, "zł", "money") in _facts(path)


def test_caption_wording() -> None:
    assert caption_scale("Tabela 2. Realizacja zadań (kwoty w tys. zł)") == "w tys. zł"
    assert caption_scale("Dane finansowe w tysiącach złotych") == "w tys. zł"
    assert caption_scale("wartości w mln PLN") == "w mln zł"
    assert caption_scale("Tabela 2. Realizacja zadań w 2023 r.") is None
    assert not is_header_row(["(kwoty w tys. zł)"] * 3)  # a caption, though "kwoty" names money
    assert is_header_row(HEADER)


def test_a_row_the_page_cut_continues_in_the_next_table(tmp_path: Path) -> None:
    document = docx.Document()
    _table(document, [HEADER, ["Organizacja warsztatów", "12 warsztatów", "4 000"],
                      ["Prowadzenie grupy wsparcia", "8 spotkań", "1 500"]])  # fmt: skip
    document.add_paragraph("")
    document.add_paragraph("– 7 –")  # a page number between the two parts
    _table(document, [["dla rodziców dzieci z niepełnosprawnością", "", ""],
                      ["Wydanie informatora", "500 egzemplarzy", "2 100"]])  # fmt: skip
    path = tmp_path / "split.docx"
    document.save(str(path))
    rows = [r.text(0) for t in extract_file(path).tables for r in t.rows]
    assert rows == [
        "Organizacja warsztatów",
        "Prowadzenie grupy wsparcia\ndla rodziców dzieci z niepełnosprawnością",
        "Wydanie informatora",
    ]


def test_a_table_after_text_does_not_continue_the_row_above(tmp_path: Path) -> None:
    document = docx.Document()
    _table(document, [HEADER, ["Prowadzenie grupy wsparcia", "8 spotkań", "1 500"]])
    document.add_paragraph("Działania realizowano we współpracy z organizacjami pozarządowymi.")
    _table(document, [["dla rodziców dzieci z niepełnosprawnością", "", ""]])
    path = tmp_path / "apart.docx"
    document.save(str(path))
    rows = [r.text(0) for t in extract_file(path).tables for r in t.rows]
    assert rows == ["Prowadzenie grupy wsparcia"]


def test_a_word_file_ocr_software_saved_is_repaired(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Cel 1. Wsparcie os6b starszych w Krakéwie", level=1)
    _table(document, [["Działanie", "Wykonanie 2023", "Naktad 2023"],
                      ["Prowadzenie klubu dla senior6w", "14 os6b", "3 200"],
                      ["Organizacja warsztat6w", "dwa warsztaty", "900"],
                      ["Dowóz posiłk6w", "1 2S0 posiłk6w", "3l 5O0,OO"]])  # fmt: skip
    path = tmp_path / "ocr.docx"
    document.save(str(path))
    table = extract_file(path).tables[0]
    assert table.columns[2].kind is ColumnKind.BUDGET  # "Naktad" read as "Nakład", not a year's result
    facts = _facts(path)
    assert ("Prowadzenie klubu dla seniorów", "actual", 14.0, "osoba", "count") in facts
    assert ("Organizacja warsztatów", "budget", 900.0, "zł", "money") in facts
    assert ("Dowóz posiłków", "actual", 1250.0, "posiłek", "count") in facts  # letters read for digits
    assert ("Dowóz posiłków", "budget", 31500.0, "zł", "money") in facts


def test_a_word_file_ocr_software_saved_without_glyph_traces_is_repaired(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Cel 2. Aktywizacja spoteczna mieszkańców", level=1)
    _table(document, [["Zadanie", "Wartosć planowana 2022", "Wartosć osiągnięta 2022", "Naktad 2022"],
                      ["Prowadzenie swietlicy", "Dwadziescia dwa spotkania", "19 spotkań", "4 100"],
                      ["Organizacja pikników", "3 pikniki", "trzy pikniki", "1 200"]])  # fmt: skip
    path = tmp_path / "ocr_no_glyphs.docx"
    document.save(str(path))
    assert [c.kind for c in extract_file(path).tables[0].columns][1:] == [
        ColumnKind.PLANNED, ColumnKind.ACTUAL, ColumnKind.BUDGET
    ]  # fmt: skip
    facts = _facts(path)
    assert ("Prowadzenie świetlicy", "planned", 22.0, "spotkanie", "count") in facts
    assert ("Prowadzenie świetlicy", "budget", 4100.0, "zł", "money") in facts


def test_ocr_traces_and_digits_in_words() -> None:
    assert has_ocr_traces("12 os6b, Zesp6ł Interdyscyplinarny, 4 warsztat6w")
    assert not has_ocr_traces("W3, MRPiPS-03, 2022 r., 12 osób, art. 17 ust. 1")
    assert not looks_like_data("Kom6rka/jednostka odpowiedzialna")  # a misread letter, no quantity
    assert looks_like_data("12 osób")
    # a number and what follows it: money, a percent sign, a word; years and bare numbers are not data
    for text, data in [
        ("2 561 423, 94 zł", True),
        ("778.703,58zł", True),
        ("35 %", True),
        ("plan 2023", False),
        ("2023 r. - 2025", False),
        ("12", False),
        ("A12 szt", True),  # two digits after a letter: a number, not a misread letter
        ("x1 osób", False),
        ("1 2 3 4", False),
    ]:
        assert looks_like_data(text) is data, text


SIDE_BY_SIDE = [
    ["Wskaźnik", "2022", "2023", "", "Wskaźnik", "2022", "2023"],
    ["Liczba rodzin objętych wsparciem", "120", "135", "", "Liczba porad prawnych", "40", "52"],
    ["Liczba dzieci w świetlicach", "64", "70", "", "Liczba szkoleń dla kadr", "3", "5"],
    ["Liczba wolontariuszy", "18", "22", "", "", "", ""],
]


def _side_by_side_facts(path: Path) -> set[tuple]:
    doc = extract_file(path)
    # the right half repeats the left one's header: one table in two halves (its rows after the left's)
    assert [len(t.columns) for t in doc.tables] == [3]
    return {(f.activity, f.year, f.value, f.measure) for f in document_facts(doc)}


EXPECTED_SIDE_BY_SIDE = {
    ("Liczba rodzin objętych wsparciem", 2022, 120.0, "rodzina"),
    ("Liczba rodzin objętych wsparciem", 2023, 135.0, "rodzina"),
    ("Liczba dzieci w świetlicach", 2023, 70.0, "dziecko"),
    ("Liczba wolontariuszy", 2022, 18.0, "wolontariusz"),
    ("Liczba porad prawnych", 2022, 40.0, "porada"),
    ("Liczba szkoleń dla kadr", 2023, 5.0, "szkolenie"),
}


def test_two_tables_side_by_side_in_one_word_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Cel 2. Wskaźniki", level=1)
    _table(document, SIDE_BY_SIDE, "Tabela 5. Wskaźniki realizacji programu")
    path = tmp_path / "side.docx"
    document.save(str(path))
    facts = _side_by_side_facts(path)
    assert EXPECTED_SIDE_BY_SIDE <= facts and len(facts) == 10


def test_two_tables_side_by_side_in_a_text_export(tmp_path: Path) -> None:
    path = tmp_path / "side.txt"
    lines = ["Cel 2. Wskaźniki", "", *("\t".join(row) for row in SIDE_BY_SIDE), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    facts = _side_by_side_facts(path)
    assert EXPECTED_SIDE_BY_SIDE <= facts and len(facts) == 10


def test_an_empty_column_without_a_table_on_its_right_splits_nothing(tmp_path: Path) -> None:
    document = docx.Document()
    _table(document, [["Działanie", "", "Wykonanie 2023"], ["Prowadzenie klubu", "", "14 spotkań"]])
    path = tmp_path / "gap.docx"
    document.save(str(path))
    assert len(extract_file(path).tables) == 1


def test_side_by_side_tables_with_their_own_headers_stay_two_tables(tmp_path: Path) -> None:
    rows = [
        ["Wskaźnik", "Wartość bazowa", "Wykonanie 2023", "", "Działanie", "Wykonawca", "Realizacja w 2023 r."],
        ["Liczba rodzin objętych wsparciem", "100", "135", "", "Prowadzenie klubu seniora", "MOPS", "24 spotkania"],
    ]  # fmt: skip
    path = tmp_path / "two.txt"
    path.write_text(
        "\n".join(["Cel 3. Aktywizacja", "", *("\t".join(r) for r in rows), ""]), encoding="utf-8"
    )
    doc = extract_file(path)
    assert [[c.kind for c in t.columns] for t in doc.tables] == [
        [ColumnKind.INDICATOR, ColumnKind.BASELINE, ColumnKind.ACTUAL],
        [ColumnKind.ACTIVITY, ColumnKind.UNIT, ColumnKind.ACTUAL],
    ]
    facts = {(f.activity, f.kind, f.value, f.measure) for f in document_facts(doc)}
    assert ("Prowadzenie klubu seniora", "actual", 24.0, "spotkanie") in facts
    assert ("Liczba rodzin objętych wsparciem", "actual", 135.0, "rodzina") in facts


def test_side_by_side_tables_without_a_spacer_split_at_the_second_label(tmp_path: Path) -> None:
    rows = [
        ["Lp.", "Wskaźnik", "Wykonanie 2023", "Lp.", "Działanie", "Wykonawca", "Realizacja w 2023 r."],
        ["1.", "Liczba rodzin objętych wsparciem", "135", "1.", "Prowadzenie klubu seniora", "MOPS", "24 spotkania"],
        ["2.", "Liczba dzieci w świetlicach", "70", "", "", "", ""],
    ]  # fmt: skip
    path = tmp_path / "adjacent.docx"
    document = docx.Document()
    _table(document, rows)
    document.save(str(path))
    doc = extract_file(path)
    assert [[c.kind for c in t.columns] for t in doc.tables] == [
        [ColumnKind.ROW_NUMBER, ColumnKind.INDICATOR, ColumnKind.ACTUAL],
        [ColumnKind.ROW_NUMBER, ColumnKind.ACTIVITY, ColumnKind.UNIT, ColumnKind.ACTUAL],
    ]
    facts = {(f.activity, f.value, f.measure) for f in document_facts(doc)}
    assert facts == {
        ("Liczba rodzin objętych wsparciem", 135.0, "rodzina"),
        ("Liczba dzieci w świetlicach", 70.0, "dziecko"),
        ("Prowadzenie klubu seniora", 24.0, "spotkanie"),
    }


def test_an_activity_column_beside_its_indicators_is_one_table(tmp_path: Path) -> None:
    rows = [
        ["Kierunek działań", "Wskaźnik", "Wykonanie 2023"],
        ["Wsparcie rodzin", "Liczba rodzin objętych wsparciem", "135"],
    ]
    path = tmp_path / "one.docx"
    document = docx.Document()
    _table(document, rows)
    document.save(str(path))
    assert len(extract_file(path).tables) == 1


def _rows_of_text_export(tmp_path: Path, rows: list[list[str]]) -> list[list[str]]:
    path = tmp_path / "export.txt"
    path.write_text("\n".join(["Cel 4. Integracja", "", *("\t".join(r) for r in rows), ""]), encoding="utf-8")
    return [[r.text(i) for i in range(len(rows[0]))] for t in extract_file(path).tables for r in t.rows]


def test_a_line_without_its_row_number_continues_the_numbered_row(tmp_path: Path) -> None:
    rows = _rows_of_text_export(tmp_path, [
        ["Lp.", "Działanie", "Wykonanie 2023"],
        ["1.", "Prowadzenie klubu seniora", "PUP: 12 spotkań"],
        ["", "w dzielnicach miasta", "MOPS: 8 spotkań"],
        ["2.", "Wydanie informatora", "500 egzemplarzy"],
    ])  # fmt: skip
    assert rows == [
        ["1.", "Prowadzenie klubu seniora\nw dzielnicach miasta", "PUP: 12 spotkań\nMOPS: 8 spotkań"],
        ["2.", "Wydanie informatora", "500 egzemplarzy"],
    ]


def test_a_list_left_open_by_a_comma_goes_on_in_the_line_below(tmp_path: Path) -> None:
    rows = _rows_of_text_export(tmp_path, [
        ["Działanie", "Wykonanie 2023", "Jednostka realizująca"],
        ["Prowadzenie klubu seniora", "47 spotkań,", "MOPS"],
        ["dla mieszkańców dzielnic", "4 wycieczki", ""],
    ])  # fmt: skip
    assert rows == [
        ["Prowadzenie klubu seniora\ndla mieszkańców dzielnic", "47 spotkań,\n4 wycieczki", "MOPS"]
    ]


def test_a_lower_case_numerator_row_stays_a_row_of_its_own(tmp_path: Path) -> None:
    rows = _rows_of_text_export(tmp_path, [
        ["Wskaźnik", "2022", "2023"],
        ["Odsetek rodzin objętych wsparciem", "45%", "48%"],
        ["liczba rodzin objętych wsparciem", "62", "70"],
    ])  # fmt: skip
    assert [r[0] for r in rows] == ["Odsetek rodzin objętych wsparciem", "liczba rodzin objętych wsparciem"]
