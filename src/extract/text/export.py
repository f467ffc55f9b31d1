"""Plain-text exports: a line with tabs is a table row, other non-empty lines are headings or paragraphs.

Consecutive tab lines form one table; a blank line ends it. A block that follows without a
header of its own and with the same columns continues the table before it (the assembler decides).
"<i>…</i>" markup, which some exporters keep for italic runs, marks a cell or line as italic.
Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1250 for older Polish exports.
"""

from __future__ import annotations

import re
from pathlib import Path

from raporty.extract.base import ExtractionError, Extractor, sha256_of
from raporty.extract.tables import RawCell, TableAssembler
from raporty.extract.text.cell_per_line import extract_cell_per_line, is_cell_per_line
from raporty.models import Document, InputFormat

_ITALIC = re.compile(r"</?i>", re.I)
_TAG = re.compile(r"</?(?:i|b|u|em|strong)>", re.I)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
MAX_LINE_CELLS = 200


def decode_text(data: bytes) -> str:
    """Decode a text export; raise UnicodeDecodeError when it is not text in a known encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UnicodeDecodeError("utf-8", data[:1], 0, 1, "binary data (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1250")  # raises on bytes undefined in cp1250
        if sum(ch in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ" for ch in text) == 0 and not text.isascii():
            raise
        return text


def _clean(text: str) -> tuple[str, bool]:
    italic = bool(_ITALIC.search(text))
    return " ".join(_TAG.sub("", _BOOKMARK.sub("", text)).split()), italic


class TextExtractor(Extractor):
    format = InputFormat.TEXT

    def extract(self, path: Path, data: bytes) -> Document:
        try:
            text = decode_text(data)
        except UnicodeDecodeError as exc:
            raise ExtractionError(f"not a text export in a known encoding ({exc.reason})") from None
        doc = Document(file_name=path.name, sha256=sha256_of(data), format=self.format)
        assembler = TableAssembler(doc)
        if is_cell_per_line(text):
            extract_cell_per_line(text, assembler)
            return doc
        block: list[list[RawCell]] = []

        def flush() -> None:
            if block:
                assembler.table(list(block))
                block.clear()

        for number, line in enumerate(text.splitlines(), start=1):
            if "\t" in line:
                cells = line.rstrip("\r\n").split("\t")
                if len(cells) > MAX_LINE_CELLS:
                    doc.warnings.append(
                        f"line {number}: {len(cells)} cells, only the first {MAX_LINE_CELLS} are kept"
                    )
                    cells = cells[:MAX_LINE_CELLS]
                row = []
                for cell in cells:
                    cleaned, italic = _clean(cell)
                    row.append(RawCell(cleaned, paragraph=number, italic=italic))
                block.append(row)
                continue
            flush()
            cleaned, italic = _clean(line)
            if cleaned:
                assembler.paragraph(cleaned, italic=italic)
        flush()
        if not doc.tables:
            _try_ocr_layout(text, doc)
        return doc


def _try_ocr_layout(text: str, doc: Document) -> None:
    """Text without tab tables may be OCR output of a presentation or scan (columns laid out by spaces).

    A pdftotext dump whose table columns were scrambled (number rows cut off from their names) is
    refused with the reason rather than guessed at: nothing in it ties a number to its indicator.
    """
    from raporty.extract.text.layout import extract_layout
    from raporty.extract.text.scrambled_annex import detect_scrambled_indicator_table

    if (scrambled := detect_scrambled_indicator_table(text)) is not None:
        raise ExtractionError(scrambled.reason)
    extract_layout(text, doc)
