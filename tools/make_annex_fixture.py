"""Rebuild the STRADOM indicator annex (seed 003) as a landscape Word table and a PDF fixture.

The seed is ``pdftotext`` output of the original annex ("Załącznik Nr 4 do Sprawozdania z
działalności MOPS w Krakowie za rok 2024"): its columns came out scrambled — the number rows of a
page first, the indicator names of the page later, in no fixed order. The rows below were put back
together by hand from the seed for the first part of the first domain table ("Dziedzina -
Aktywna polityka na rzecz rodzin", "Kierunek działań 1."), which runs over two pages.

How each row's name was tied to its numbers:

* arithmetic: the indicator value is the numerator row divided by the denominator row
  (rows 1, 2, 7, 9, 17 and their "liczba …" sub-rows; e.g. 5 853 / 6 569 = 89 %);
* seed 000 (the 2021 annex of the same city) gives the 2021 value of rows 13 (44 Kluby
  Rodziców) and 15 (41 laureates of the "Miejsce Przyjazne Rodzinom z Dziećmi" plebiscite);
* position and meaning: rows 3–6, 8, 10, 18–21 (the order of the names in the seed, the trend
  direction and the kind of value — refugees 0 before 2022, a percentage of addicted residents
  that should fall, …). The placement of the two "x" of row 8 in the 2021 and 2022 columns is a
  reading of the seed line "8  wzrost x x" (they follow the trend cell), not a certainty;
* districts "Dzielnica I"–"Dzielnica XVIII" (row 8's breakdown): 18 percentage rows in page order.

Rows 11, 12, 14 and 16 are left out: their names could not be tied to their numbers (the
seed's name order does not follow the row order there), and nothing is invented.
A row with one value before the trend has it as the baseline (rows whose target is "keep the
baseline" are set out that way in the seed: "35 35 utrzymanie wartości bazowej").

The fixture adds one thing the seed does not show: a footer "Strona N z M" on every page, so that
the PDF backend's page-furniture handling is exercised by a table that runs across a page break.

A twin without ruling lines (``…_unruled.pdf``, same content, no table borders) exercises the
PDF backend's unruled-table path.

Run: ``.venv/bin/python tools/make_annex_fixture.py`` → tests/fixtures/docx/stradom_indicators_2024.docx
and tests/fixtures/pdf/stradom_indicators_2024.pdf (LibreOffice, repeated header row on every page).
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixtures_docx import (  # noqa: E402
    fill_cell,
    mark_header_row,
    set_base_font,
    set_column_widths,
    set_fixed_core_properties,
    set_page_layout,
    text_width,
    write_reproducible_zip,
)
from fixtures_pdf import docx_to_pdf  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
NAME = "stradom_indicators_2024"
TITLE = [
    "Załącznik Nr 4",
    "do Sprawozdania z działalności Miejskiego Ośrodka Pomocy Społecznej w Krakowie za rok 2024",
]
DOMAIN = "Dziedzina - Aktywna polityka na rzecz rodzin"
HEADER = [
    "",
    DOMAIN,
    "wartość bazowa",
    "zakładana wartość docelowa",
    "trend",
    "rok 2021\nwartość wskaźnika",
    "rok 2022\nwartość wskaźnika",
    "rok 2023\nwartość wskaźnika",
    "rok 2024\nwartość wskaźnika",
]
KEEP = "utrzymanie wartości bazowej"
STRADOM = "(system STRADOM UMK)"


@dataclass
class IndicatorRow:
    """One table row: an indicator (lp given) or a sub-row (numerator, denominator, district)."""

    lp: str
    name: str
    baseline: str = ""
    target: str = ""
    trend: str = ""
    years: tuple[str, str, str, str] = ("", "", "", "")


@dataclass
class SectionRow:
    title: str


def _districts(values: list[tuple[str, str, str, str, str]]) -> list[IndicatorRow]:
    numerals = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII".split()
    return [
        IndicatorRow("", f"Dzielnica {n}", v[0], "", "", v[1:]) for n, v in zip(numerals, values, strict=True)
    ]


FAMILIES_3PLUS = "liczba rodzin mających 3 i więcej dzieci"
ROWS: list[IndicatorRow | SectionRow] = [
    SectionRow(
        "Kierunek działań 1. Zapewnienie warunków dla możliwie pełnego funkcjonowania środowiska "
        "rodzinnego w społeczności lokalnej"
    ),
    IndicatorRow(
        "1",
        "Populacja rodzin w Krakowie korzystających z Programu Krakowska Karta Rodzinna 3+, "
        f"wskaźnik W19_W {STRADOM}.",
        "80%",
        "",
        KEEP,
        ("89%", "91%", "62%", "64%"),
    ),
    IndicatorRow(
        "",
        "liczba rodzin korzystających z Programu Krakowska Karta Rodzinna 3+ w Gminie Miejskiej Kraków",
        "5 120",
        "",
        "",
        ("5 853", "5 956", "6 138", "6 272"),
    ),
    IndicatorRow("", FAMILIES_3PLUS, "6 569", "", "", ("6 569", "6 569", "9 837", "9 837")),
    IndicatorRow(
        "2",
        f"Zakres usług dostępnych w ramach Krakowskiej Karty Rodzinnej 3+, wskaźnik W8_W {STRADOM}.",
        "100%",
        "",
        KEEP,
        ("100%", "100%", "100%", "100%"),
    ),
    IndicatorRow("", "liczba obszarów realizacji programu", "7", "", "", ("7", "7", "7", "7")),
    IndicatorRow("", "liczba obszarów zaplanowanych do realizacji", "7", "", "", ("7", "7", "7", "7")),
    IndicatorRow(
        "3",
        "Liczba rodzin objętych wsparciem w formie specjalistycznych usług, w tym opiekuńczych dla "
        "rodzin z dziećmi z niepełnosprawnościami.",
        "58",
        "120",
        "wzrost",
        ("132", "124", "142", "111"),
    ),
    IndicatorRow(
        "4",
        "Stosunek liczby rodzin objętych terapią rodzinną w odniesieniu do liczby rodzin objętych "
        "pomocą z powodu trudności opiekuńczo–wychowawczych.",
        "15%",
        "",
        "wzrost",
        ("22%", "22%", "23%", "35%"),
    ),
    IndicatorRow("5", "Liczba uchodźców objętych pracą socjalną", "0", "", "", ("0", "533", "468", "408")),
    IndicatorRow(
        "6",
        "Liczba uchodźców objętych poradnictwem specjalistycznym",
        "0",
        "",
        "",
        ("0", "2 226", "b.d.", "b.d."),
    ),
    IndicatorRow(
        "7",
        "Populacja dzieci w Krakowie korzystających z placówek wsparcia dziennego, "
        f"wskaźnik W17_W {STRADOM}.",
        "2%",
        "",
        "wzrost",
        ("2%", "2,1%", "1,7%", "1,6%"),
    ),
    IndicatorRow(
        "",
        "liczba dzieci do 18 roku życia, korzystających z placówek wsparcia dziennego przez okres "
        "minimum 6 m-cy w danym roku",
        "2 805",
        "",
        "",
        ("2 205", "2 743", "2 388", "2 260"),
    ),
    IndicatorRow(
        "",
        "liczba dzieci do 18 roku życia mieszkających na terenie Gminy Miejskiej Kraków",
        "134 390",
        "",
        "",
        ("137 909", "130 088", "137 617", "138 626"),
    ),
    IndicatorRow(
        "8",
        "Liczba miejsc w placówkach wsparcia dziennego w stosunku do liczby uczniów "
        "(w układzie terytorialnym).",
        "",
        "",
        "wzrost",
        ("x", "x", "", ""),
    ),
    *_districts(
        [
            ("9,54%", "8,65%", "8,17%", "9,28%", "9,38%"),
            ("6,92%", "6,71%", "6,28%", "6,65%", "6,96%"),
            ("2,87%", "2,91%", "2,80%", "3,55%", "3,29%"),
            ("2,26%", "2,18%", "1,95%", "1,98%", "1,90%"),
            ("0,87%", "0,85%", "0,78%", "0,79%", "0,76%"),
            ("2,48%", "2,44%", "2,29%", "2,31%", "2,27%"),
            ("1,53%", "1,55%", "1,50%", "1,56%", "1,54%"),
            ("0,90%", "0,91%", "0,86%", "0,88%", "0,84%"),
            ("0,00%", "0,00%", "0,00%", "0,00%", "0,00%"),
            ("1,21%", "1,06%", "0,97%", "0,96%", "0,92%"),
            ("4,31%", "4,24%", "4,14%", "4,30%", "4,21%"),
            ("1,83%", "4,95%", "4,78%", "4,82%", "4,65%"),
            ("1,88%", "1,85%", "1,70%", "2,15%", "1,28%"),
            ("0,00%", "0,00%", "0,00%", "0,70%", "0,61%"),
            ("0,61%", "0,61%", "0,60%", "0,96%", "0,86%"),
            ("1,88%", "1,92%", "1,85%", "2,59%", "2,61%"),
            ("4,97%", "4,91%", "4,83%", "0,00%", "0,00%"),
            ("6,77%", "5,21%", "5,03%", "4,90%", "4,36%"),
        ]
    ),
    IndicatorRow(
        "9",
        f"Udział rodzin mających 3 i więcej dzieci w liczbie rodzin ogółem, wskaźnik W7_W {STRADOM}.",
        "3,10%",
        "",
        "wzrost",
        ("3,10%", "3,37%", "4,77%", "4,77%"),
    ),
    IndicatorRow(
        "",
        "liczba rodzin w Gminie Miejskiej Kraków",
        "208 644",
        "",
        "",
        ("208 644", "195 000", "206 225", "206 225"),
    ),
    IndicatorRow("", FAMILIES_3PLUS, "6 569", "", "", ("6 569", "6 569", "9 837", "9 837")),
    IndicatorRow(
        "10",
        f"Przyrost naturalny w Krakowie, wskaźnik W6 _W {STRADOM}.",
        "1,3",
        "",
        "wzrost",
        ("-0,92", "-0,93", "-0,6", "-0,43"),
    ),
    IndicatorRow(
        "13",
        "Liczba funkcjonujących na terenie Krakowa Klubów Rodziców.",
        "43",
        "52",
        "wzrost",
        ("44", "46", "46", "47"),
    ),
    IndicatorRow(
        "15",
        "Liczba podmiotów nagrodzonych w plebiscycie „Miejsce Przyjazne Rodzinom z Dziećmi”.",
        "5",
        "10",
        "wzrost",
        ("41", "46", "51", "60"),
    ),
    IndicatorRow(
        "17",
        "Poziom umieszczania dzieci w pieczy zastępczej wśród rodzin, w których realizowana była/jest "
        f"usługa asystenta rodziny - wskaźnik W39_W {STRADOM}",
        "10,5%",
        "5%",
        "spadek",
        ("5,70%", "5,29%", "5,85%", "5,73%"),
    ),
    IndicatorRow(
        "",
        "liczba rodzin objętych pomocą w formie usługi asystenta rodziny, z których dzieci umieszczono "
        "w pieczy zastępczej",
        "62",
        "",
        "",
        ("34", "34", "38", "41"),
    ),
    IndicatorRow(
        "",
        "liczba rodzin, w których była realizowana usługa asystenta rodziny",
        "585",
        "",
        "",
        ("6", "642", "650", "716"),
    ),
    IndicatorRow(
        "18",
        "Liczba osób, mieszkańców Krakowa uzależnionych od alkoholu i innych substancji psychoaktywnych "
        f"oraz współuzależnionych, wskaźnik W56_Z {STRADOM}.",
        "1,46%",
        "",
        "spadek",
        ("1,5%", "0,5%", "0,5%", "0,2%"),
    ),
    IndicatorRow(
        "19",
        "Odsetek osób objętych terapią uzależnień od alkoholu i innych substancji psychoaktywnych oraz "
        f"współuzależnionych, wskaźnik W61_Z {STRADOM}.",
        "18%",
        "",
        "wzrost",
        ("21,6%", "67,4%", "72,4%", "66,1%"),
    ),
    IndicatorRow(
        "20",
        f"Odsetek dzieci i młodzieży objętych szkoleniami z zakresu profilaktyki uzależnień, wskaźnik W60_Z {STRADOM}.",
        "3%",
        "",
        "wzrost",
        ("12,6%", "11,3%", "14,5%", "11,3%"),
    ),
    IndicatorRow(
        "21",
        f"Odsetek dzieci i młodzieży, która nie miała kontaktu z alkoholem, wskaźnik W55_Z {STRADOM}",
        "56%",
        "",
        "wzrost",
        ("47,6%", "60,4%", "66,0%", "59,0%"),
    ),
]

#: relative column widths: lp, indicator name (widest), baseline, target, trend, four years
_WIDTH_SHARES = [0.04, 0.36, 0.08, 0.09, 0.11, 0.08, 0.08, 0.08, 0.08]


def cells_of(row: IndicatorRow) -> list[str]:
    return [row.lp, row.name, row.baseline, row.target, row.trend, *row.years]


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) to ``paragraph``."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def add_page_number_footer(document) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Strona ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" z ")
    _field(paragraph, "NUMPAGES")


def build_docx(target: Path, ruled: bool = True) -> None:
    document = docx.Document()
    set_base_font(document, size_pt=9)
    set_page_layout(document, landscape=True, margin_cm=1.5)
    set_fixed_core_properties(document, NAME)
    add_page_number_footer(document)
    for text in TITLE:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(10)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid" if ruled else document.styles["Normal Table"]
    mark_header_row(table.rows[0])
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        fill_cell(cell, text.split("\n"), bold=True)
    for row in ROWS:
        cells = table.add_row().cells
        if isinstance(row, SectionRow):
            merged = cells[0].merge(cells[-1])
            fill_cell(merged, [row.title], bold=True)
            continue
        for cell, text in zip(cells, cells_of(row), strict=True):
            fill_cell(cell, [text])
    set_column_widths(table, [int(text_width(document) * share) for share in _WIDTH_SHARES])
    scratch = target.with_suffix(".tmp.docx")
    document.save(str(scratch))
    write_reproducible_zip(scratch, target)
    scratch.unlink()


def main() -> int:
    docx_path = REPO_ROOT / "tests" / "fixtures" / "docx" / f"{NAME}.docx"
    pdf_path = REPO_ROOT / "tests" / "fixtures" / "pdf" / f"{NAME}.pdf"
    docx_path.parent.mkdir(parents=True, exist_ok=True)
    build_docx(docx_path)
    docx_to_pdf(docx_path, pdf_path)
    with tempfile.TemporaryDirectory() as scratch:
        unruled = Path(scratch) / f"{NAME}_unruled.docx"
        build_docx(unruled, ruled=False)
        docx_to_pdf(unruled, pdf_path.with_name(f"{NAME}_unruled.pdf"))
    print(f"wrote {docx_path.relative_to(REPO_ROOT)}, {pdf_path.relative_to(REPO_ROOT)} and its unruled twin")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
