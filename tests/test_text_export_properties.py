"""Property tests: the text-export parser never fails with anything but ExtractionError.

Whatever bytes or text arrive (binary junk, damaged encodings, stray tabs and markup, report-like
lines with random cells), :class:`TextExtractor` and :func:`extract_bytes` either return a Document
or raise :class:`ExtractionError` with a one-line message.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raporty.extract import extract_bytes
from raporty.extract.base import ExtractionError
from raporty.extract.text.export import TextExtractor, decode_text
from raporty.models import Document
from raporty.normalize.document import normalise_document

PATH = Path("property.txt")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADER_WORDS = [
    "Planowane działania",
    "Komórka odpowiedzialna",
    "Wskaźniki rezultatów zaplanowanych działań w 2021 roku",
    "Zakres realizacji zadania w 2021 roku",
    "Wysokość środków",
    "Stan wskaźnika 2023",
    "Wartość bazowa",
    "Lp.",
    "2025",
]
CELL_WORDS = [
    "12 spotkań",
    "1 839,5 zł",
    "b.d.",
    "x",
    "w tym:",
    "62%",
    "<i>",
    "</i>",
    "I.1",
    "Cel 1",
    "1e300",
    "ąę",
    "\u00a0",
    "\r",
    "–",
    "2021-2023",
    "[bookmark: a]",
    "0,00 zł",
    "",
]

cells = st.one_of(st.sampled_from(HEADER_WORDS + CELL_WORDS), st.text(max_size=30))
rows = st.lists(cells, min_size=1, max_size=8).map("\t".join)
lines = st.one_of(
    rows, st.text(max_size=60), st.sampled_from(["", "I Cel pierwszy", "1.2 Zadanie", "\t\t\t"])
)
headers = st.lists(st.sampled_from(HEADER_WORDS[:7]), min_size=2, max_size=6, unique=True).map("\t".join)
tables = st.tuples(headers, st.lists(rows, min_size=1, max_size=8)).map(lambda t: "\n".join([t[0], *t[1]]))
report_like = st.lists(st.one_of(lines, tables), max_size=25).map("\n".join)


def _check(run) -> Document | None:
    try:
        document = run()
    except ExtractionError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return None
    assert isinstance(document, Document)
    return document


@SETTINGS
@given(st.binary(max_size=4096))
def test_text_extractor_on_arbitrary_bytes(data: bytes) -> None:
    _check(lambda: TextExtractor().extract(PATH, data))


@SETTINGS
@given(st.binary(max_size=4096))
def test_extract_bytes_on_arbitrary_bytes(data: bytes) -> None:
    _check(lambda: extract_bytes(PATH, data))


@SETTINGS
@given(report_like, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1250"]))
def test_report_like_text_in_every_encoding(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", errors="replace")
    document = _check(lambda: extract_bytes(PATH, data))
    if document is not None:
        assert document.tables, "extract_bytes returns only documents with tables"
        for table in document.tables:
            assert all(0 <= cell.col < len(table.columns) for row in table.rows for cell in row.cells)
        facts = normalise_document(document).facts  # the normaliser copes with whatever was extracted
        assert all(fact.value is None or abs(fact.value) < float("inf") for fact in facts)


@SETTINGS
@given(report_like)
def test_decoding_round_trips_utf8_and_utf16(text: str) -> None:
    assert decode_text(text.encode("utf-16")) == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    if "\x00" not in text[:4096]:
        assert decode_text(text.encode("utf-8")) == text
