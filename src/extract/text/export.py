"""Plain-text exports: a line with tabs is a table row, other non-empty lines are headings or paragraphs.

Consecutive tab lines form one table; a blank line ends it. A block that follows without a
header of its own and with the same columns continues the table before it (the assembler decides).
"<i>…</i>" markup, which some exporters keep for italic runs, marks a cell or line as italic.
Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, and the legacy Polish code pages
(Windows-1250, ISO-8859-2, DOS 852 …) detected with charset-normalizer; the encoding is recorded
on the document (dim_document.encoding).
"""

from __future__ import annotations

import re
from pathlib import Path

from raporty.extract.base import ExtractionError, Extractor, sha256_of
from raporty.extract.limits import count_cells
from raporty.extract.tables import RawCell, TableAssembler, header_repair_for
from raporty.extract.text.cell_per_line import extract_cell_per_line, is_cell_per_line
from raporty.models import Document, InputFormat
from raporty.polish.digit_lookalikes import restore_digits

_ITALIC = re.compile(r"</?i>", re.I)
_TAG = re.compile(r"</?(?:i|b|u|em|strong)>", re.I)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
MAX_LINE_CELLS = 200


#: Legacy encodings of Polish text exports that charset-normalizer is asked to choose between.
LEGACY_ENCODINGS = ("cp1250", "iso8859_2", "cp852", "mac_latin2")
_POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_USUAL = frozenset("„”“‘’«»–—…§°€•·×")
#: Our names for the encodings recorded on the document (Python's codec name → the usual label).
_LABELS = {
    "utf_8": "utf-8",
    "utf_16": "utf-16",
    "cp1250": "cp1250",
    "iso8859_2": "iso-8859-2",
    "cp852": "cp852",
    "mac_latin2": "mac-latin2",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
}


def decode_text(data: bytes) -> str:
    """Decode a text export; raise UnicodeDecodeError when it is not text in a known encoding."""
    return decode_text_detected(data)[0]


def _polish_score(text: str) -> int:
    """Polish letters read, minus three for each character no Polish text has (what a wrong code
    page gives: '¶' and '±' for ISO-8859-2 'ś' and 'ą' read as cp1250, control characters for cp1250 read as
    ISO-8859-2)."""
    score = 0
    for ch in text:
        if ch.isascii() or ch in _USUAL:
            continue
        score += 1 if ch in _POLISH else -3
    return score


#: Letters UTF-8 Polish shows when read as a single-byte code page ("SpoÅ‚ecznej", "WartoÅ›Ä‡").
_UTF8_MOJIBAKE = re.compile("[ÃÄÅ][\u0080-\u00bf\u0152-\u2122]")
#: Characters of cp1250 Polish read as cp1252 ("Spo³ecznej", "Oœrodek", "wartoœæ", "¿ywnoœci"),
#: before a letter (a cubic metre "m³" is no sign).
_CP1250_AS_CP1252 = re.compile("[³œ¹¿Ÿ¥£¯Œ](?=[^\\W\\d_])")


def repair_misdecoding(text: str) -> str:
    """Polish text decoded with a wrong code page once and saved again (mojibake), read back: UTF-8
    read as cp1252 (ftfy), cp1250 read as cp1252 (each line re-read when that gives more Polish
    letters and fewer foreign characters). Clean text is returned as it is."""
    if _UTF8_MOJIBAKE.search(text):
        import ftfy

        text = ftfy.fix_encoding(text)
    if not _CP1250_AS_CP1252.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _CP1250_AS_CP1252.search(line):
            continue
        try:
            reread = line.encode("cp1252").decode("cp1250")
        except UnicodeError:
            continue
        if _polish_score(reread) > _polish_score(line):
            lines[i] = reread
    return "\n".join(lines)


def decode_text_detected(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a text export: UTF-8 or UTF-16 (BOM), UTF-8, else the legacy encoding
    charset-normalizer finds (cp1250, ISO-8859-2, cp852 …) whose reading has the most Polish letters
    and the fewest characters foreign to Polish text. Raises UnicodeDecodeError for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise UnicodeDecodeError("utf-8", data[:1], 0, 1, "binary data (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8"), "utf-8"  # a sample cut inside a character
        first_error = exc
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes

        candidates = [
            match.encoding for match in from_bytes(data[:262144], cp_isolation=list(LEGACY_ENCODINGS))
        ]
    except Exception:  # noqa: BLE001 - no detector: the legacy encodings in their usual order
        pass
    best: tuple[int, str, str] | None = None
    for encoding in [*candidates, *(e for e in LEGACY_ENCODINGS if e not in candidates)]:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _polish_score(text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or (best[0] <= 0 and not best[1].isascii()):
        raise first_error  # no reading of it looks like Polish text
    return best[1], _LABELS.get(best[2], best[2])


#: A line of page furniture in a text export of a paged document: a page number ("7", "– 7 –",
#: "[7]", "(7)", "Strona 7 z 24", "str. 7", "7 / 24") or a form feed.
_PAGE_MARK = re.compile(
    r"^\s*(?:\f\s*)*(?:(?:strona|str\.)\s*)?(?:[-–—]|(?P<open>[\[(]))?\s*\d{1,4}\s*(?:[-–—]|(?(open)[\])]))?"
    r"\s*(?:(?:z|/)\s*\d{1,4})?\s*$|^\s*\f\s*$",
    re.IGNORECASE,
)


def is_page_mark(line: str) -> bool:
    return bool(_PAGE_MARK.match(line))


def _clean(text: str) -> tuple[str, bool]:
    italic = bool(_ITALIC.search(text))
    return " ".join(_TAG.sub("", _BOOKMARK.sub("", text)).split()), italic


class TextExtractor(Extractor):
    format = InputFormat.TEXT

    def extract(self, path: Path, data: bytes) -> Document:
        try:
            text, encoding = decode_text_detected(data)
        except UnicodeDecodeError as exc:
            raise ExtractionError(f"not a text export in a known encoding ({exc.reason})") from None
        doc = Document(file_name=path.name, sha256=sha256_of(data), format=self.format, encoding=encoding)
        text = restore_digits(repair_misdecoding(text))
        assembler = TableAssembler(doc, header_repair=header_repair_for(doc, text))
        if is_cell_per_line(text):
            extract_cell_per_line(text, assembler)
            return doc
        block: list[list[RawCell]] = []
        # state[0]: the last thing read was a table block; state[1]: page furniture came after it
        state = [False, False]

        def flush() -> None:
            if block:
                assembler.table(list(block), after_page_break=state[1])
                block.clear()
                state[:] = [True, False]

        for number, line in enumerate(text.splitlines(), start=1):
            if "\t" not in line and is_page_mark(line):
                flush()
                state[1] = state[0]  # a table goes on over the page break
                continue
            if "\t" not in line and not line.strip():
                flush()
                continue
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
                count_cells(len(row), len(line))  # limits checked while reading
                continue
            flush()
            state[:] = [False, False]
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
