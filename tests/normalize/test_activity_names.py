"""Activity names as analysts read them: no list bullets or OCR-mangled quotes in front."""

import pytest

from raporty.normalize.document import activity_name, split_column_rule


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("»,Lato w mieście” – zajęcia dla dzieci", "„Lato w mieście” – zajęcia dla dzieci"),
        (",,Bezpieczny senior” - spotkania", "„Bezpieczny senior” - spotkania"),
        ("- Prowadzenie grup wsparcia", "Prowadzenie grup wsparcia"),
        ("•  Organizacja\n warsztatów", "Organizacja warsztatów"),
        ("„Rodzina razem” – festyn", "„Rodzina razem” – festyn"),
        ("Prowadzenie punktu konsultacyjnego", "Prowadzenie punktu konsultacyjnego"),
        ("1. Prowadzenie świetlicy", "1. Prowadzenie świetlicy"),  # a number is part of the name
    ],
)
def test_activity_name(cell: str, name: str) -> None:
    assert activity_name(cell) == name


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("~Razem w gminie” - punkt wsparcia", "„Razem w gminie” - punkt wsparcia"),
        ("Organizacja festynu ,,Dzień Sąsiada” w parku", "Organizacja festynu „Dzień Sąsiada” w parku"),
        ("Prowadzenie usługi ,Opieka w domu”", "Prowadzenie usługi „Opieka w domu”"),
        ("| Organizacja spotkań", "Organizacja spotkań"),
        ("Spotkania, warsztaty i konsultacje", "Spotkania, warsztaty i konsultacje"),  # commas stay
        ("#Bezpieczni w sieci - kampania", "#Bezpieczni w sieci - kampania"),  # a hashtag is a name
    ],
)
def test_ocr_quotes_inside_and_stray_marks_in_front(cell: str, name: str) -> None:
    assert activity_name(cell) == name


def test_text_past_a_column_rule_belongs_to_the_next_column() -> None:
    own, moved = split_column_rule("Wsparcie seniorów na rzecz | Urzędu\nmiasta w ramach programu")
    assert (own, moved) == ("Wsparcie seniorów na rzecz\nmiasta w ramach programu", "Urzędu")
    assert split_column_rule("Spotkania dla rodzin") == ("Spotkania dla rodzin", "")
