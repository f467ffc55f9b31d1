import pytest

from raporty.extract.sections import SectionTracker, section_code
from raporty.models import Document, InputFormat


def test_section_codes_by_numbering_pattern():
    assert section_code("I Zapewnienie specjalistycznej pomocy")[:2] == ("I", 1)
    assert section_code("I.2 Zadanie komplementarne: Wzmacnianie sieci")[:2] == ("I.2", 2)
    assert section_code("Cel strategiczny 1: Wzmacnianie systemu")[:2] == ("Cel strategiczny 1", 1)
    assert section_code("Cel operacyjny 2: Wsparcie osób")[:2] == ("Cel operacyjny 2", 2)
    assert section_code("1) Pomoc dla rodziców")[:2] == ("1)", -1)
    # a sentence starting with the conjunction "I" is not a roman section
    assert section_code("I systemie pieczy zastępczej")[0] is None


def test_hierarchy_parents_and_path_codes():
    doc = Document(file_name="x.txt", sha256="0", format=InputFormat.TEXT)
    tracker = SectionTracker(doc)
    for line in [
        "I Cel pierwszy",
        "I.1 Zadanie podstawowe",
        "I.2 Zadanie komplementarne",
        "1) Pomoc",
        "2) Wsparcie",
        "II Cel drugi",
    ]:
        tracker.paragraph(line)
    codes = [(s.code, s.level, s.parent) for s in doc.sections]
    assert codes == [
        ("I", 1, None),
        ("I.1", 2, 0),
        ("I.2", 2, 0),
        ("1)", 3, 2),
        ("2)", 3, 2),
        ("II", 1, None),
    ]
    assert doc.section_path_code(4) == "I.2 / 2)"


def test_programme_title_and_years_from_opening_paragraphs():
    doc = Document(file_name="x.txt", sha256="0", format=InputFormat.TEXT)
    tracker = SectionTracker(doc)
    tracker.paragraph("Załącznik nr 3 do sprawozdania z działalności Ośrodka za rok 2021")
    tracker.paragraph("Sprawozdanie z realizacji Programu Wspierania Rodziny dla Gminy na lata 2019-2021")
    assert doc.programme == "Program Wspierania Rodziny dla Gminy na lata 2019-2021"
    assert (doc.year_from, doc.year_to) == (2021, 2021)


@pytest.mark.parametrize(
    ("heading", "code", "title"),
    [
        ("l.3 Wsparcie seniorów", "1.3", "Wsparcie seniorów"),  # l read for 1
        ("2,4 Pomoc sąsiedzka", "2.4", "Pomoc sąsiedzka"),  # a comma read for the dot
        ("I1. Profilaktyka uzależnień", "II", "Profilaktyka uzależnień"),  # 1 read for I
        ("lII.2 Rodziny zastępcze", "III.2", "Rodziny zastępcze"),
        ("Cel l Aktywni mieszkańcy", "Cel 1", "Aktywni mieszkańcy"),
        ("Cel operacyjny l: Opieka nad seniorem", "Cel operacyjny 1", "Opieka nad seniorem"),
        ("lO.1 Mieszkania chronione", "10.1", "Mieszkania chronione"),  # O read for 0
    ],
)
def test_codes_damaged_by_ocr_are_read_as_written(heading: str, code: str, title: str) -> None:
    assert section_code(heading)[0] == code
    assert section_code(heading)[2] == title


@pytest.mark.parametrize("text", ["1,5 mln zł na wsparcie", "Ala ma kota", "Liczba 12 osób", "Ola. Wstęp"])
def test_numbers_and_words_are_not_taken_for_damaged_codes(text: str) -> None:
    assert section_code(text)[0] is None
