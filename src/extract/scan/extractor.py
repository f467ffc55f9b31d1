"""Scanned reports: page images (PNG, TIFF incl. multi-page, JPEG) and image-only PDF pages.

Each page is turned upright and read by tesseract (:mod:`raporty.extract.scan.tesseract`); tables are
rebuilt from the word boxes (:mod:`raporty.extract.scan.page_table`) into RawCell grids, which go
through the same :class:`~raporty.extract.tables.TableAssembler` as every other backend. Cells
keep the lowest tesseract confidence of their number words, so facts read from doubtful digits
can be flagged. Pages are OCR'd in parallel (``settings.page_jobs`` processes, tesseract itself on one
thread each) with a progress bar on stderr.

The PDF backend calls :func:`ocr_pdf_pages` for pages without a text layer; each
:class:`OcrPage` holds its tables (``grids``), the text outside them (``lines``) and both
interleaved in reading order (``blocks``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError
from rapidfuzz import fuzz
from tqdm import tqdm

from raporty.extract.base import ExtractionError, Extractor, sha256_of
from raporty.extract.columns import is_header_row
from raporty.extract.page_pool import map_pages
from raporty.extract.scan.page_table import PageLayout, erase_rules, find_rules, page_layout
from raporty.extract.scan.prepare import prepare
from raporty.extract.scan.tesseract import (
    OcrWord,
    check_image_size,
    read_words,
    require_tesseract,
    upright,
)
from raporty.extract.tables import RawCell, TableAssembler
from raporty.models import Document, InputFormat
from raporty.settings import settings

RENDER_DPI = 200
MAX_PAGES = 500


@dataclass
class OcrPage:
    """One OCR'd page: tables and the text outside them, both in reading order."""

    page: int
    grids: list[list[list[RawCell]]] = field(default_factory=list)  # tables, top to bottom
    lines: list[str] = field(default_factory=list)  # paragraphs outside tables, top to bottom
    warnings: list[str] = field(default_factory=list)
    #: tables and paragraphs interleaved top to bottom: ("table", grid) or ("text", paragraph)
    blocks: list[tuple[str, object]] = field(default_factory=list)
    rotation: int = 0
    words: int = 0


def _page_from_layout(
    page: int, layout: PageLayout, warnings: list[str], rotation: int, words: int
) -> OcrPage:
    result = OcrPage(page=page, warnings=list(warnings), rotation=rotation, words=words)
    for item in layout.items:
        if item.grid is not None:
            result.grids.append(item.grid)
            result.blocks.append(("table", item.grid))
        elif item.text:
            result.lines.append(item.text)
            result.blocks.append(("text", item.text))
    if rotation:
        result.warnings.append(f"page {page}: turned {rotation}° to read it upright")
    return result


def ocr_page_image(image: Image.Image, page: int, dpi: float | None = None) -> OcrPage:
    """OCR one page image into an :class:`OcrPage` (no words on a blank page): turned upright and
    levelled, enlarged when scanned below 200 dpi, denoised and binarised when noisy
    (:mod:`raporty.extract.scan.prepare`), its ruling lines found and erased, then read."""
    turned, rotation, notes = upright(image)
    warnings = [f"page {page}: {note}" for note in notes]
    turned, _ = prepare(turned, dpi)
    rules = find_rules(turned)
    clean = erase_rules(turned, rules)
    words = read_words(clean)

    def reread(boxes: list[tuple[int, int, int, int]]) -> list[list[OcrWord]]:
        return read_boxes(clean, boxes)

    layout = page_layout(words, rules, turned.height, page, reread)
    return _page_from_layout(page, layout, warnings, rotation, len(words))


def read_boxes(image: Image.Image, boxes: list[tuple[int, int, int, int]]) -> list[list[OcrWord]]:
    """Words inside each box, read with one tesseract call: the crops are stacked on a white sheet
    with a wide gap between them and read as one block of text (``--psm 6``)."""
    gap = 40
    crops = [image.crop(box) for box in boxes]
    width = max(c.width for c in crops) + 2 * gap
    height = sum(c.height for c in crops) + gap * (len(crops) + 1)
    sheet = Image.new("L", (width, height), 255)
    spans: list[tuple[int, int]] = []
    y = gap
    for crop in crops:
        sheet.paste(crop, (gap, y))
        spans.append((y, y + crop.height))
        y += crop.height + gap
    found: list[list[OcrWord]] = [[] for _ in boxes]
    for word in read_words(sheet, psm=6):
        for i, (top, bottom) in enumerate(spans):
            if top <= word.center_y < bottom:
                found[i].append(word)
                break
    return found


# -- worker entry points (module level, so they pickle) ---------------------------------------------


def _render_pdf_page(pdf: Path, page: int, directory: Path, dpi: float = RENDER_DPI) -> Image.Image:
    prefix = directory / f"p{page}"
    try:
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(round(dpi)),
                "-gray",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                str(pdf),
                str(prefix),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    except FileNotFoundError:
        raise ExtractionError(
            "pdftoppm (poppler-utils) is needed to OCR PDF pages: apt-get install poppler-utils"
        ) from None
    except subprocess.CalledProcessError as exc:
        raise ExtractionError(
            f"pdftoppm could not render page {page}: {exc.stderr.decode('utf-8', 'replace').strip()[:200]}"
        ) from None
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"pdftoppm took too long on page {page}") from None
    produced = sorted(directory.glob(f"p{page}-*.png"))
    if not produced:
        raise ExtractionError(f"pdftoppm produced no image for page {page}")
    with Image.open(produced[0]) as image:
        image.load()
        return image.copy()


def _ocr_pdf_page(args: tuple[str, int, float | None]) -> OcrPage:
    """Render one PDF page at the resolution of its scan (when it is below 200 dpi, so that the page is
    enlarged once, with Lanczos, rather than by the renderer) or at 200 dpi, and OCR it."""
    pdf, page, ppi = args
    low = ppi is not None and ppi < settings.ocr_min_dpi
    dpi = max(72.0, ppi) if low and ppi else float(RENDER_DPI)
    with tempfile.TemporaryDirectory(prefix="raporty-ocr-") as scratch:
        image = _render_pdf_page(Path(pdf), page, Path(scratch), dpi)
    return ocr_page_image(image, page, dpi if low else None)


def scan_resolutions(data: bytes, pages: list[int]) -> dict[int, float]:
    """Resolution (pixels per inch) of the largest image on each of the given PDF pages."""
    import pdfplumber

    found: dict[int, float] = {}
    try:
        with pdfplumber.open(BytesIO(data), password="") as pdf:
            for number in pages:
                images = pdf.pages[number - 1].images if 0 < number <= len(pdf.pages) else []
                best = max(
                    images,
                    key=lambda i: float(i["x1"] - i["x0"]) * float(i["bottom"] - i["top"]),
                    default=None,
                )
                if best is not None and best.get("srcsize") and float(best["x1"] - best["x0"]) > 0:
                    ppi = float(best["srcsize"][0]) / (float(best["x1"] - best["x0"]) / 72.0)
                    found[number] = float(round(ppi))  # 199.99999 from the page box's rounding is 200
    except Exception:  # the resolution is a hint: a page it cannot be read for renders at 200 dpi
        return found
    return found


def _run_pages(worker: Callable[[Any], OcrPage], jobs: Sequence[Any], label: str) -> list[OcrPage]:
    """Run ``worker`` over page jobs, in parallel when there is more than one page, with a progress bar."""
    progress = tqdm(
        total=len(jobs),
        desc=label,
        unit="page",
        file=sys.stderr,
        leave=False,
        disable=len(jobs) < 2 or not sys.stderr.isatty(),
    )
    results: list[OcrPage] = []
    try:
        for result in map_pages(worker, jobs):
            results.append(result)
            progress.update(1)
    finally:
        progress.close()
    return results


def harmonise_headers(pages: list[OcrPage], threshold: float = 90.0) -> None:
    """Give a table header repeated on later pages the text it was read with first.

    OCR reads the same header slightly differently on each page ("Komórka/" and "Komórkal"); the
    assembler continues a table across pages only when the repeated header is the same, so a header
    row whose cells all match an earlier header of the same width (rapidfuzz ratio) takes its text."""
    seen: list[list[str]] = []
    for page in pages:
        for grid in page.grids:
            for row in grid[:3]:
                texts = [c.text for c in row]
                if not is_header_row(texts):
                    continue
                match = next(
                    (
                        h
                        for h in seen
                        if len(h) == len(texts)
                        and h != texts
                        and all(fuzz.ratio(a, b) >= threshold for a, b in zip(h, texts, strict=True))
                    ),
                    None,
                )
                if match is None:
                    if texts not in seen:
                        seen.append(texts)
                    continue
                for cell, text in zip(row, match, strict=True):
                    cell.text = text


def ocr_pdf_pages(data: bytes, pages: list[int]) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF (rendered by pdftoppm at 200 dpi, grey) in parallel."""
    require_tesseract()
    if not pages:
        return {}
    with tempfile.TemporaryDirectory(prefix="raporty-pdf-") as scratch:
        pdf = Path(scratch) / "input.pdf"
        pdf.write_bytes(data)
        ppi = scan_resolutions(data, pages)
        results = _run_pages(_ocr_pdf_page, [(str(pdf), p, ppi.get(p)) for p in pages], "OCR")
    harmonise_headers(results)
    return {r.page: r for r in results}


# -- image files ----------------------------------------------------------------------------------
def to_grey(image: Image.Image) -> Image.Image:
    """An 8-bit grey copy of a page image: transparency laid on white, 16-bit and float scans
    stretched to their own range (a plain conversion would clip them to white)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        pixels = np.asarray(image, dtype=np.float64)
        low, high = float(pixels.min()), float(pixels.max())
        scaled = (pixels - low) * (255.0 / (high - low)) if high > low else np.full(pixels.shape, 255.0)
        return Image.fromarray(scaled.astype(np.uint8))
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        sheet = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(sheet, rgba).convert("L")
    return image.convert("L")


def _opened_image(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own size check follows
            return Image.open(BytesIO(data))
    except Image.DecompressionBombError:
        raise ExtractionError(
            f"image is far over the {settings.max_page_pixels // 1_000_000} MP limit for OCR"
        ) from None
    except (UnidentifiedImageError, OSError) as exc:
        raise ExtractionError(f"cannot read the image ({exc})") from None


def count_frames(data: bytes) -> int:
    """Pages of an image file, each size-checked; only the frame headers are read, not the pixels."""
    with _opened_image(data) as image:
        count = 0
        try:
            for count, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if count > MAX_PAGES:
                    raise ExtractionError(f"image has more than {MAX_PAGES} pages")
                check_image_size(frame)
        except OSError as exc:
            raise ExtractionError(f"damaged image page {count + 1} ({exc})") from None
        return count


def read_frame(data: bytes, page: int) -> tuple[Image.Image, float | None]:
    """(page ``page`` of an image file in grey, the resolution it states)."""
    with _opened_image(data) as image:
        try:
            image.seek(page - 1)
            return to_grey(image), _dpi(image)
        except (OSError, EOFError) as exc:
            raise ExtractionError(f"damaged image page {page} ({exc})") from None


def _dpi(image: Image.Image) -> float | None:
    """The horizontal resolution an image file states (None when it states none)."""
    dpi = image.info.get("dpi")
    try:
        return float(dpi[0]) if dpi and float(dpi[0]) > 1 else None
    except (TypeError, ValueError, IndexError):
        return None


_shared_image: bytes = b""  # the image file being read, for the forked page workers


def _ocr_frame(page: int) -> OcrPage:
    """Decode page ``page`` of the shared image file and OCR it: in the page worker, so that decoding
    and grey conversion run in parallel too."""
    image, dpi = read_frame(_shared_image, page)
    return ocr_page_image(image, page, dpi)


def fill_document(assembler: TableAssembler, pages: list[OcrPage]) -> None:
    """Feed OCR'd pages to an assembler in reading order; page warnings go to the document."""
    last_was_table = False
    for page in pages:
        assembler.doc.warnings.extend(page.warnings)
        for position, (kind, content) in enumerate(page.blocks):
            if kind == "table":
                # a table opening the page right after one that closed the last page may finish its row
                assembler.table(content, page=page.page, after_page_break=position == 0 and last_was_table)  # type: ignore[arg-type]
                last_was_table = True
            else:
                assembler.paragraph(str(content))
                last_was_table = False


class ImageExtractor(Extractor):
    format = InputFormat.IMAGE

    def extract(self, path: Path, data: bytes) -> Document:
        global _shared_image
        require_tesseract()
        _shared_image = data
        try:
            pages = _run_pages(_ocr_frame, list(range(1, count_frames(data) + 1)), "OCR")
        finally:
            _shared_image = b""
        harmonise_headers(pages)
        doc = Document(file_name=path.name, sha256=sha256_of(data), format=self.format, pages=len(pages))
        fill_document(TableAssembler(doc), pages)
        if all(p.words == 0 for p in pages):
            doc.warnings.append("no text found on any page (blank scan?)")
        return doc
