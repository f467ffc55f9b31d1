"""Checks on generated fixtures: which Word table rows a PDF breaks across pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
import pdfplumber

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SplitRow:
    """A table row that starts on ``page`` (1-based) and continues on ``page + 1``."""

    page: int
    cells: tuple[str, ...]  # the Word row's cell texts


def compact(text: str) -> str:
    """Text without any whitespace (line wrapping differs between Word and PDF)."""
    return _SPACE.sub("", text or "")


def docx_rows(path: Path) -> list[tuple[str, ...]]:
    """Cell texts of every table row of a DOCX (merged cells repeated as python-docx gives)."""
    document = docx.Document(str(path))
    rows: list[tuple[str, ...]] = []
    for table in document.tables:
        for row in table.rows:
            rows.append(tuple(cell.text for cell in row.cells))
    return rows


def find_split_rows(pdf_path: Path, docx_path: Path) -> list[SplitRow]:
    """Rows whose text is cut between the last table row of page N and the first body row
    (after the repeated header) of page N+1."""
    rows = [(row, [compact(cell) for cell in row]) for row in docx_rows(docx_path)]
    found: list[SplitRow] = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        pages = pdf.pages
        for index in range(len(pages) - 1):
            bottom = _edge_row(pages[index], last=True)
            top = _edge_row(pages[index + 1], last=False)
            if not bottom or not top:
                continue
            for original, cells in rows:
                if _is_split(cells, bottom, top):
                    found.append(SplitRow(index + 1, original))
                    break
    return found


def _edge_row(page, last: bool) -> list[str] | None:
    tables = page.find_tables()
    if not tables:
        return None
    table = tables[-1] if last else tables[0]
    rows = table.extract()
    if not last and len(rows) >= 2:
        row = rows[1]  # rows[0] is the repeated header row
    elif last and rows:
        row = rows[-1]
    else:
        return None
    return [compact(cell) for cell in row]


def _is_split(cells: list[str], bottom: list[str], top: list[str]) -> bool:
    if len(cells) != len(bottom) or len(cells) != len(top):
        return False
    cut = False
    for whole, head, tail in zip(cells, bottom, top, strict=True):
        if not whole.startswith(head) or not whole.endswith(tail):
            return False
        if head and tail and len(head) + len(tail) <= len(whole) + 2 and head != whole:
            cut = True
    return cut
