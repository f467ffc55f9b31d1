"""DOCX backend: python-docx, body order (headings, paragraphs and tables interleaved).

Cells are read from the XML so that vertical merges (w:vMerge) and horizontal spans (w:gridSpan)
are seen as they are: a spanned cell repeats its text in every grid column it covers, a
vertically continued cell is marked ``merged_from_above`` so the assembler attaches it to the row
above. Several paragraphs in a cell are kept, one per line.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from raporty.extract.base import ExtractionError, Extractor, sha256_of
from raporty.extract.tables import RawCell, TableAssembler
from raporty.models import Document, InputFormat

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # refuse zip bombs before unpacking
MAX_RATIO = 200


def _check_container(data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
            packed = sum(info.compress_size for info in zf.infolist()) or 1
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise ExtractionError("not a Word document (no word/document.xml)")
            if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
                raise ExtractionError(f"refused: unpacks to {total // 1024 // 1024} MiB (zip bomb limit)")
            for name in names:
                if name.endswith(".xml") and b"<!DOCTYPE" in zf.read(name)[:2048]:
                    raise ExtractionError(f"refused: {name} declares a DOCTYPE (external entities are not allowed)")
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"damaged DOCX container ({exc})") from None


def _heading_level(paragraph: Paragraph) -> int | None:
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError):
        return None
    lowered = name.lower()
    if lowered.startswith(("heading", "nagłówek", "naglowek")):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    if lowered == "title":
        return 1
    return None


def _is_italic(paragraphs: list[Paragraph]) -> bool:
    runs = [r for p in paragraphs for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.italic or (r.style is not None and r.style.font.italic) for r in runs)


def _cell_grid(table: DocxTable, block: int) -> list[list[RawCell]]:
    grid: list[list[RawCell]] = []
    for tr in table._tbl.tr_lst:
        row: list[RawCell] = []
        for tc in tr.tc_lst:
            paragraphs = [Paragraph(p, table) for p in tc.iter(qn("w:p"))]
            text = "\n".join(p.text.strip() for p in paragraphs if p.text.strip())
            merged = tc.vMerge == "continue"
            cell = RawCell(text="" if merged else text, paragraph=block, merged_from_above=merged,
                           italic=_is_italic(paragraphs))
            row.extend([cell] * max(1, tc.grid_span))
        grid.append(row)
    return grid


class DocxExtractor(Extractor):
    format = InputFormat.DOCX

    def extract(self, path: Path, data: bytes) -> Document:
        _check_container(data)
        try:
            word = open_docx(BytesIO(data))
        except Exception as exc:  # python-docx raises many kinds on damaged parts
            raise ExtractionError(f"cannot open DOCX ({type(exc).__name__}: {exc})") from None
        doc = Document(file_name=path.name, sha256=sha256_of(data), format=self.format)
        assembler = TableAssembler(doc)
        for block, element in enumerate(word.element.body.iterchildren()):
            if element.tag == qn("w:p"):
                paragraph = Paragraph(element, word)
                text = paragraph.text.strip()
                if not text:
                    continue
                level = _heading_level(paragraph)
                if level is not None:
                    assembler.heading(text, level)
                else:
                    assembler.paragraph(text, italic=_is_italic([paragraph]))
            elif element.tag == qn("w:tbl"):
                assembler.table(_cell_grid(DocxTable(element, word), block))
        return doc
