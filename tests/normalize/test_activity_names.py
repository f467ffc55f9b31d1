"""Activity names as analysts read them: no list bullets or OCR-mangled quotes in front."""

import pytest

from raporty.normalize.document import activity_name


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
