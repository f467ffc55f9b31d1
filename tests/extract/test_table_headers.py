"""Headers as real reports write them: stacked over sub-headers, repeated on the next page with
OCR noise. Tables are invented; the assembler is fed raw grids as a backend would."""

from __future__ import annotations

from raporty.extract.tables import RawCell, TableAssembler
from raporty.models import ColumnKind, Document, InputFormat


def _grid(*rows: tuple[str, ...]) -> list[list[RawCell]]:
    return [[RawCell(text) for text in row] for row in rows]


def _document() -> Document:
    return Document(file_name="invented.pdf", sha256="0" * 64, format=InputFormat.PDF)


def test_group_header_over_sub_headers_gives_each_column_its_kind_and_year() -> None:
    doc = _document()
    TableAssembler(doc).table(
        _grid(
            ("Działanie", "Wskaźniki", "", "Koszt w 2023 r."),
            ("", "plan 2023", "wykonanie 2023", ""),
            ("Prowadzenie grup wsparcia", "10 spotkań", "12 spotkań", "1 500 zł"),
        )
    )
    (table,) = doc.tables
    assert [(c.kind, c.year) for c in table.columns] == [
        (ColumnKind.ACTIVITY, None),
        (ColumnKind.PLANNED, 2023),
        (ColumnKind.ACTUAL, 2023),
        (ColumnKind.BUDGET, 2023),
    ]
    assert [r.text(0) for r in table.rows] == ["Prowadzenie grup wsparcia"]


def test_a_header_repeated_with_ocr_noise_continues_the_table() -> None:
    doc = _document()
    assembler = TableAssembler(doc)
    header = ("Planowane działania", "Komórka/ jednostka odpowiedzialna", "Realizacja w 2023 roku")
    assembler.table(_grid(header, ("Organizacja festynu rodzinnego", "Dom Kultury", "1 festyn")), page=1)
    noisy = ("Planowane dziatania", "Komórkal jednostka odpowiedzialna", "Realizacja w 2023 roku")
    assembler.table(
        _grid(noisy, ("z udziałem mieszkańców", "", ""), ("Prowadzenie świetlicy", "MOPS", "40 dzieci")),
        page=2,
        after_page_break=True,
    )
    (table,) = doc.tables
    assert [r.text(0) for r in table.rows] == [
        "Organizacja festynu rodzinnego\nz udziałem mieszkańców",
        "Prowadzenie świetlicy",
    ]
