"""Plain-text dumps of indicator tables whose columns were scrambled by the converter.

``pdftotext`` (without ``-layout``) writes a wide indicator table column block by column block: the
rows of numbers of a page first ("3 58 120 wzrost 132 124 142 111"), the indicator names of the
page later, in an order that does not follow the rows. Which name belongs to which numbers cannot
be read from such text, so no fact can be given without guessing. This module recognises that
layout, so that the text backend can refuse it with a reason (and point to the PDF) instead of
reporting a generic "no tables found", and lists the number rows it saw.

Recognition uses only the vocabulary of indicator-table headers (baseline, target, trend, year
columns) and the shape of the lines, never the words of a particular report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from raporty.polish.fold import fold

_NUMBER = r"[-–]?\d{1,3}(?:[ \u00a0]\d{3})*(?:[.,]\d+)?%?|[-–]?\d+(?:[.,]\d+)?%?"
_STATE = r"b\.\s?d\.|x|wzrost|spadek|utrzymanie"
_NUMBER_ROW = re.compile(rf"^\s*(?:(?:{_NUMBER}|{_STATE})\s*)+$", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
_HEADER_STEMS = ("wartosc bazow", "docelow", "trend", "wartosc wskaznik", "wartosc")
_YEAR_COLUMN = re.compile(r"\brok\s+(?:19|20)\d{2}\b")
MIN_NUMBER_ROWS = 10
MIN_SHARE = 0.15  # share of non-empty lines that are bare rows of numbers


@dataclass
class ScrambledTable:
    """What was seen in a scrambled dump: its number rows (line number, text) and name lines."""

    number_rows: list[tuple[int, str]]
    text_lines: int

    @property
    def reason(self) -> str:
        return (
            "text export of an indicator table with scrambled columns (pdftotext without -layout): "
            f"{len(self.number_rows)} rows of numbers stand apart from the indicator names, so values "
            "cannot be tied to indicators; ingest the PDF (or a DOCX/tab-separated export) instead"
        )


def _is_number_row(line: str) -> bool:
    return bool(_NUMBER_ROW.match(line)) and bool(_HAS_DIGIT.search(line))


def detect_scrambled_indicator_table(text: str) -> ScrambledTable | None:
    """The scrambled layout described above, or None when ``text`` does not look like it.

    Conditions: no tab-separated rows; an indicator-table header vocabulary (baseline or target
    column and year columns, or a trend column); and many lines that are nothing but numbers,
    "b.d.", "x" and trend words — rows that lost their indicator names.
    """
    if "\t" in text:
        return None
    folded = fold(text)
    header_hits = sum(1 for stem in _HEADER_STEMS if stem in folded)
    if header_hits < 3 or not _YEAR_COLUMN.search(folded):
        return None
    lines = [line for line in text.splitlines() if line.strip()]
    rows = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if _is_number_row(line)
    ]
    if len(rows) < MIN_NUMBER_ROWS or len(rows) < MIN_SHARE * len(lines):
        return None
    return ScrambledTable(number_rows=rows, text_lines=len(lines) - len(rows))
