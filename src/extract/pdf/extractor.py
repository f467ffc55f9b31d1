"""PDF backend (text layer) with pdfplumber; pages without a text layer go to OCR.

Every page gives its tables (:mod:`raporty.extract.pdf.tables`) and the text around them
(:mod:`raporty.extract.pdf.layout`), fed to the :class:`TableAssembler` in reading order (top to
bottom). Page furniture is dropped first, so a table that runs onto the next page is seen as
continuing straight on; the assembler is told that a page break came between the two parts so
that a row split by the break is merged back. Cells carry their 1-based page number.

Bad input fails with one line: a PDF that needs a user password, a damaged or truncated file,
or image-only pages when no OCR is available.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.page import Page

from raporty.extract.base import ExtractionError, Extractor, sha256_of
from raporty.extract.grid.whitespace import Layout
from raporty.extract.limits import check_page_size
from raporty.extract.page_pool import map_pages, page_processes, page_ranges
from raporty.extract.pdf.layout import (
    TextBlock,
    TextLine,
    blocks,
    body_font_size,
    furniture_keys,
    is_furniture,
    page_lines,
)
from raporty.extract.pdf.tables import PageTable, find_page_tables
from raporty.extract.tables import RawCell, TableAssembler
from raporty.models import Document, InputFormat

MAX_PAGES = 2000
MIN_TEXT_CHARS = 10  # a page with fewer text-layer characters than this (and an image) needs OCR

for _name in ("pdfminer", "pdfplumber"):  # pdfminer logs every recoverable syntax problem
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass
class PageContent:
    number: int
    tables: list[PageTable] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)
    needs_ocr: bool = False


def _needs_ocr(page: Page) -> bool:
    text_chars = sum(1 for c in page.chars if c["text"].strip())
    return text_chars < MIN_TEXT_CHARS and bool(page.images)


def _read_page(page: Page, number: int, previous: Layout | None = None) -> PageContent:
    if _needs_ocr(page):
        return PageContent(number=number, needs_ocr=True)
    tables = find_page_tables(page, number, previous)
    return PageContent(number=number, tables=tables, lines=page_lines(page, [t.bbox for t in tables]))


def _root_cause(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer errors (PdfminerException(original)); unwrap to the original."""
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _failure(exc: BaseException, where: str = "") -> ExtractionError:
    cause = _root_cause(exc)
    if isinstance(cause, ExtractionError):  # a limit met inside pdfminer (raporty.extract.limits)
        return cause
    if isinstance(cause, PDFPasswordIncorrect):
        return ExtractionError("PDF is password-protected")
    reason = str(cause).strip() or type(cause).__name__
    return ExtractionError(f"damaged or truncated PDF{where} ({type(cause).__name__}: {reason})")


def _open(data: bytes) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(BytesIO(data), password="")  # "" opens files with only an owner password
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise _failure(exc) from None


def _ocr_function() -> Callable[[bytes, list[int]], dict] | None:
    try:
        from raporty.extract.scan import extractor as scan
    except ModuleNotFoundError:
        return None
    except ImportError as exc:  # installed, but not loadable: under the memory limit, "failed to map segment"
        cause = exc.__context__ or exc
        raise ExtractionError(f"cannot load the OCR modules ({' '.join(str(cause).split())[:200]})") from None
    return getattr(scan, "ocr_pdf_pages", None)


#: Fewer pages than this per process are read in this process: forking and opening the PDF again
#: cost more than such a slice saves.
MIN_PAGES_PER_PROCESS = 4
_shared_data: bytes = b""  # the PDF being read, for the forked page readers


def read_pages(data: bytes) -> tuple[int, list[PageContent]]:
    """Page count and the content of every page (raises ExtractionError on unreadable input).
    The pages of a long PDF are read in slices by parallel processes (:mod:`raporty.extract.page_pool`)."""
    global _shared_data
    with _opened(data) as pdf:
        count = len(pdf.pages)
        if count > MAX_PAGES:
            raise ExtractionError(f"PDF has {count} pages, more than the {MAX_PAGES} page limit")
        processes = page_processes(count // MIN_PAGES_PER_PROCESS)
        if processes == 1:
            return count, _read_slice(pdf, range(count))
    _shared_data = data
    try:
        slices = map_pages(_read_shared_slice, page_ranges(count, processes))
        return count, [content for contents in slices for content in contents]
    finally:
        _shared_data = b""


def _read_shared_slice(pages: range) -> list[PageContent]:
    with _opened(_shared_data) as pdf:
        return _read_slice(pdf, pages)


@contextmanager
def _opened(data: bytes) -> Iterator[pdfplumber.PDF]:
    """The open PDF; whatever pdfminer raises while it is read becomes one ExtractionError line."""
    pdf = _open(data)
    try:
        yield pdf
    except ExtractionError:
        raise
    except Exception as exc:
        raise _failure(exc) from None
    finally:
        pdf.close()


def _read_slice(pdf: pdfplumber.PDF, pages: range) -> list[PageContent]:
    contents = []
    for index in pages:
        page, number = pdf.pages[index], index + 1
        check_page_size(number, float(page.width), float(page.height))  # before any layout or rendering
        try:
            contents.append(_read_page(page, number))
        except ExtractionError:
            raise
        except Exception as exc:
            raise _failure(exc, f" on page {number}") from None
        finally:
            page.flush_cache()
    return contents


class PdfExtractor(Extractor):
    format = InputFormat.PDF

    def extract(self, path: Path, data: bytes) -> Document:
        page_count, contents = read_pages(data)
        doc = Document(file_name=path.name, sha256=sha256_of(data), format=self.format, pages=page_count)
        ocr_pages = {c.number: c for c in contents if c.needs_ocr}
        ocr_results = self._ocr(data, sorted(ocr_pages)) if ocr_pages else {}
        if ocr_pages and len(ocr_pages) == page_count and not ocr_results:
            raise ExtractionError("PDF has no text layer and OCR found nothing")

        text_pages = [c.lines for c in contents if not c.needs_ocr]
        keys = furniture_keys(text_pages)
        body_size = body_font_size(text_pages)
        assembler = TableAssembler(doc)
        last_was_table = False
        for content in contents:
            if content.needs_ocr:
                last_was_table = self._feed_ocr_page(
                    assembler, ocr_results.get(content.number), content.number, last_was_table
                )
                continue
            lines = [line for line in content.lines if not is_furniture(line, keys)]
            events: list[tuple[float, TextBlock | PageTable]] = [(b.top, b) for b in blocks(lines, body_size)]
            events += [(t.bbox[1], t) for t in content.tables]
            events.sort(key=lambda e: e[0])
            for position, (_, event) in enumerate(events):
                if isinstance(event, PageTable):
                    assembler.table(
                        event.grid, page=content.number, after_page_break=position == 0 and last_was_table
                    )
                    last_was_table = True
                    continue
                last_was_table = False
                if event.heading:
                    assembler.heading(event.text)
                else:
                    assembler.paragraph(event.text, italic=event.italic)
        return doc

    @staticmethod
    def _ocr(data: bytes, pages: list[int]) -> dict:
        ocr = _ocr_function()
        listed = ", ".join(str(p) for p in pages[:10]) + ("…" if len(pages) > 10 else "")
        if ocr is None:
            raise ExtractionError(
                f"PDF pages {listed} have no text layer: OCR needed (install tesseract-ocr-pol)"
            )
        return ocr(data, pages)

    @staticmethod
    def _feed_ocr_page(
        assembler: TableAssembler, page: object | None, number: int, last_was_table: bool
    ) -> bool:
        """Tables and paragraphs of an OCR'd page in reading order; returns whether a table came last."""
        if page is None:
            return False
        assembler.doc.warnings.extend(getattr(page, "warnings", []))
        blocks_ = list(getattr(page, "blocks", []))
        if not blocks_:  # an OCR result without interleaved blocks: text first, then tables
            blocks_ = [("text", line) for line in getattr(page, "lines", [])]
            blocks_ += [("table", grid) for grid in getattr(page, "grids", [])]
        for position, (kind, content) in enumerate(blocks_):
            if kind == "table":
                for row in content:
                    for cell in row:
                        if isinstance(cell, RawCell) and cell.page is None:
                            cell.page = number
                assembler.table(content, page=number, after_page_break=position == 0 and last_was_table)
                last_was_table = True
            elif str(content).strip():
                assembler.paragraph(str(content))
                last_was_table = False
        return last_was_table
